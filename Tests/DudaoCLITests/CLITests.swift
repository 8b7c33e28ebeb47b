import DudaoTestSupport
import Foundation
import Testing

/// Runs the built `dudao` binary as a user would and checks exit status and output.
struct CLI {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  static var binary: String {
    for dir in [".build/debug", ".build/release"] {
      let p = root + "/" + dir + "/dudao"
      if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return root + "/.build/debug/dudao"
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ args: [String], env: [String: String] = [:]) throws -> Result {
    let r = try CommandRun.run(binary, args, in: root, environment: env)
    return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
  }

  /// A fresh temporary file with `text`.
  static func file(_ text: String, ext: String = "yaml") throws -> String {
    let path = TestScratch.folder + "dudao-cli-\(UUID().uuidString).\(ext)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
}

struct EvalCase: Sendable, CustomTestStringConvertible {
  var source: String
  var expected: String
  var bindings: String? = nil
  var testDescription: String { source }
}

@Suite struct EvalCommandTests {
  @Test(arguments: [
    EvalCase(source: "1 + 2", expected: "3"),
    EvalCase(source: "4.0 / 2.0", expected: "2.0"),
    EvalCase(source: "1.0 / 0.0", expected: "Infinity"),
    EvalCase(source: "-1.0 / 0.0", expected: "-Infinity"),
    EvalCase(source: "0.0 / 0.0", expected: "NaN"),
    EvalCase(source: "7 / 0", expected: "error: division by zero"),
    EvalCase(source: "false && 1 / 0 > 0", expected: "false"),
    EvalCase(source: "'a' + 'b'", expected: "\"ab\""),
    EvalCase(source: "[1, 2.5, 'x', null, true]", expected: "[1,2.5,\"x\",null,true]"),
    EvalCase(source: "school.students <= 2000", expected: "false", bindings: "{\"school\": {\"students\": 2100}}"),
    EvalCase(source: "ratio(3, 4)", expected: "0.75"),
    EvalCase(source: "date('2026-10-01') - date('2026-09-01')", expected: "30"),
  ])
  func evaluates(_ c: EvalCase) throws {
    var args = ["eval"]
    if let b = c.bindings { args += ["--bindings-json", b] }
    args += ["--", c.source]
    let r = try CLI.run(args)
    #expect(r.stdout.trimmingCharacters(in: .newlines) == c.expected)
    #expect(r.status == (c.expected.hasPrefix("error:") ? 1 : 0))
  }

  @Test func syntaxErrorSaysWhichColumn() throws {
    let r = try CLI.run(["eval", "1 + (2"])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix("error: column "))
  }

  @Test func deepNestingIsAClearErrorNotACrash() throws {
    let r = try CLI.run(["eval", String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix("error: "))
  }

  @Test func bindingsFromFile() throws {
    let f = try CLI.file("school: { classes: [ { students: 40 }, { students: 50 } ] }")
    let r = try CLI.run(["eval", "sum(school.classes.map(c, c.students))", "--bindings", f])
    #expect(r.stdout == "90\n")
  }

  @Test func badBindingsFileExits2WithPosition() throws {
    let f = try CLI.file("a: [1, 2\n")
    let r = try CLI.run(["eval", "a", "--bindings", f])
    #expect(r.status == 2)
    #expect(r.stderr.contains(f + ":"))
  }
}

@Suite struct CheckCommandTests {
  @Test func exampleDistrictFailsWithExit1() throws {
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "examples/district"], env: ["NO_COLOR": "1"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("督导检查报告"))
    #expect(r.stdout.contains("合计："))
    #expect(!r.stdout.contains("\u{1B}["))
  }

  @Test func englishOutput() throws {
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "--lang", "en", "examples/district"])
    #expect(r.stdout.contains("Supervision check report"))
    #expect(r.stdout.contains("Total:"))
  }

  @Test func passingSchoolExits0() throws {
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "examples/district/xa01_fengming_primary.yaml"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
  }

  @Test func jsonIsByteIdenticalAcrossRuns() throws {
    let a = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", "examples/district"])
    let b = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", "examples/district"])
    #expect(a.stdout == b.stdout)
    #expect(a.stdout.hasPrefix("{\n  \"schema\": \"dudao.report/v1\""))
  }

  @Test func noPersonalNamesInAnyOutput() throws {
    let names = try Self.staffNames()
    #expect(!names.isEmpty)
    for format in ["text", "json", "csv"] {
      let r = try CLI.run(["check", "--rules", "examples/overlays/xiangan", "--as-of", "2026-11-23", "--verbose", "--format", format, "examples/district"])
      for n in names { #expect(!r.stdout.contains(n), "\(format) shows \(n)") }
    }
  }

  static func staffNames() throws -> [String] {
    var out: [String] = []
    let dir = CLI.root + "/examples/district"
    for f in try FileManager.default.contentsOfDirectory(atPath: dir) {
      let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
      for line in text.split(separator: "\n") {
        for marker in ["name: ", "\"name\": \""] {
          guard let r = line.range(of: marker) else { continue }
          let rest = line[r.upperBound...].prefix { $0 != "," && $0 != "}" && $0 != "\"" }
          let name = rest.trimmingCharacters(in: .whitespaces)
          // Personal names are short (2-3 characters); school names are longer.
          if name.count >= 2, name.count <= 4, name.unicodeScalars.allSatisfy({ $0.properties.isIdeographic }) { out.append(name) }
        }
      }
    }
    return out
  }

  @Test(arguments: [
    ("bad date", ["check", "--as-of", "2026-13-01", "examples/district"], "--as-of"),
    ("missing data", ["check", "no/such/folder"], "no/such/folder"),
    ("missing pack", ["check", "--rules", "no/such/pack", "examples/district"], "no/such/pack"),
    ("unknown format", ["check", "--format", "pdf", "examples/district"], "pdf"),
  ])
  func unusableInputExits2(_ name: String, _ args: [String], _ mention: String) throws {
    let r = try CLI.run(args)
    #expect(r.status == 2, "\(name): \(r.stderr)")
    #expect(r.stderr.contains(mention), "\(name): \(r.stderr)")
  }

  @Test func badDataFileIsReportedWithPosition() throws {
    let f = try CLI.file("school:\n  id: X1\n  level: primary\n  students: lots\n")
    let r = try CLI.run(["check", f])
    #expect(r.status == 2)
    #expect(r.stderr.contains("\(f):4:13"))
    #expect(r.stderr.contains("data.wrong-type"))
  }

  @Test func billionLaughsDataFailsFast() throws {
    var y = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...9 { y += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
    y += "school: { id: X, level: primary, note: *a9 }\n"
    let r = try CLI.run(["check", try CLI.file(y)])
    #expect(r.status == 2)
    #expect(r.stderr.contains("yaml.alias-limit"))
  }

  @Test func strictTurnsUnknownIntoExit1() throws {
    let f = try CLI.file("school: { id: X, level: primary }\n")
    #expect(try CLI.run(["check", "--as-of", "2026-11-23", f]).status == 0)
    #expect(try CLI.run(["check", "--as-of", "2026-11-23", "--strict", f]).status == 1)
  }
}

@Suite struct OtherCommandTests {
  @Test(arguments: ["check", "eval", "lint", "test", "explain", "rules"])
  func helpShowsAnExample(_ command: String) throws {
    let r = try CLI.run([command, "--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("dudao \(command)"))
    #expect(r.stdout.contains("Example") || r.stdout.contains("示例"))
  }

  @Test func standardPackLintsClean() throws {
    let r = try CLI.run(["lint", "rules"])
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func testCommandCountsExamples() throws {
    let r = try CLI.run(["test", "rules"])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.hasSuffix(" 0 failed\n"))
  }

  @Test func explainShowsOverlayChangesAndData() throws {
    let r = try CLI.run(["explain", "--rules", "examples/overlays/xiangan", "PE.DAILY_ACTIVITY", "--data", "examples/district", "--school", "3502130102", "--as-of", "2026-11-23", "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("xiangan-district"))
    #expect(r.stdout.contains("parameter min_minutes: 60 → 70"))
    #expect(r.stdout.contains("school.schedule.daily_pe_minutes = 45"))
    #expect(r.stdout.contains(": fail"))
  }

  @Test func rulesFilters() throws {
    let r = try CLI.run(["rules", "--severity", "critical", "--lang", "en"])
    #expect(r.status == 0)
    for line in r.stdout.split(separator: "\n").dropLast() { #expect(line.contains("critical")) }
  }
}
