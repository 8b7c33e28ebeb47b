import DudaoDiagnostics
import DudaoYAML
import Testing

/// A valid document using most features: directives, anchors, aliases, merge
/// keys, tags, flow and block collections, quoted, literal and folded
/// scalars, explicit keys, empty values, CJK text.
private let yamlSample = """
  %YAML 1.1
  ---
  # 督导数据样例
  defaults: &d {level: primary, district: 翔安区}
  school:
    <<: *d
    id: "S001"
    name: '实验小学'
    tags: !!seq [a, b, "c\\u00e9"]
    count: !!int 12
    note: |
      第一行
      second line
    folded: >
      a
      b
    classes:
      - {id: c1, grade: 3, students: 45}
      - id: c2
        grade: 4
    ? simple
    : value
    empty:
    list: [*d, &x [1, 2], *x]
  ...

  """

private let jsonSample = """
  {
  \t"school": {"id": "S001", "name": "实验 \\ud83c\\udfeb", "url": "http:\\/\\/x\\/",
  \t\t"classes": [{"id": "c1", "grade": 3, "ok": true, "none": null, "ratio": -1.5e3}]}
  }

  """

private let insertions = [
  "[", "]", "{", "}", "*", "&", "!", "\t", "\"", "'", ":", ",", "- ", "|", ">", "\n", "\u{0}", "? ", "<<: ", "#",
  "%", "@", "\\", "\\u", "\u{FEFF}", "中", "\r", "*d", "&d ", "!!str ", "---\n",
].map { Array($0.utf8) }

/// Every mutation of `sample`: each truncation, byte flips, and insertions at every offset.
private func mutations(of sample: [UInt8]) -> [[UInt8]] {
  var result: [[UInt8]] = []
  for i in 0...sample.count { result.append(Array(sample[..<i])) }
  for i in sample.indices {
    for mask: UInt8 in [0x01, 0x20, 0x80, 0xFF] {
      var m = sample
      m[i] ^= mask
      result.append(m)
    }
    for insertion in insertions {
      var m = sample
      m.insert(contentsOf: insertion, at: i)
      result.append(m)
    }
  }
  return result
}

/// Checks that every mutation either loads or fails with a positioned diagnostic.
private func checkMutations(of sample: String, file: String, lines: Bool = false) {
  let original = Array(sample.utf8)
  let maxLine = original.count { $0 == UInt8(ascii: "\n") } + 4
  var loaded = 0
  var failed = 0
  var problems: [String] = []
  for input in mutations(of: original) {
    do {
      if lines {
        _ = try YAMLLoader.loadLines(bytes: input, file: file)
      } else {
        _ = try YAMLLoader.load(bytes: input, file: file)
      }
      loaded += 1
    } catch {
      failed += 1
      guard let l = error.location, l.file == file, (1...maxLine).contains(l.line), l.column >= 1,
        !error.message.zh.isEmpty, !error.message.en.isEmpty
      else {
        if problems.count < 5 { problems.append("\(error.code) at \(String(describing: error.location))") }
        continue
      }
    }
  }
  #expect(problems.isEmpty, "\(problems)")
  #expect(loaded > 0 && failed > 0)
}

@Test(.timeLimit(.minutes(2)))
func mutatedYAMLNeverCrashes() {
  checkMutations(of: yamlSample, file: "m.yaml")
}

@Test(.timeLimit(.minutes(2)))
func mutatedJSONNeverCrashes() {
  checkMutations(of: jsonSample, file: "m.json")
}

@Test(.timeLimit(.minutes(2)))
func mutatedJSONLinesNeverCrash() {
  checkMutations(of: jsonSample, file: "m.jsonl", lines: true)
}

@Test func samplesLoad() throws {
  let root = try YAMLLoader.load(string: yamlSample, file: "m.yaml")
  #expect(root["school"]?.string("district") == "翔安区")
  #expect(root["school"]?.string("simple") == "value")
  #expect(root.at(["school", "list", 2, 1])?.int == 2)
  let json = try YAMLLoader.load(string: jsonSample, file: "m.json")
  #expect(json.at(["school", "classes", 0])?.double("ratio") == -1500)
}
