import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules
import Foundation
import Testing

/// Every dataset problem is a diagnostic with its code and file:line:column.
@Suite struct DatasetTests {
  struct BadData: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var code: String
    var at: String  // line:column
    var testDescription: String { name }
  }

  static let pack = Result { try TempPack.with(rules: "rules: []") }

  func load(_ yaml: String, name: String = "d.yaml") throws -> Result<Dataset, DiagnosticList> {
    let p = try Self.pack.get()
    let loaded = try p.load()
    let dir = p.root + "-data-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try yaml.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    return Result { () throws(DiagnosticList) in try DatasetLoader(dictionary: loaded.dictionary).load(paths: [dir]) }
  }

  @Test(arguments: [
    BadData(name: "word for a number", yaml: "school: { id: A, students: lots }", code: "data.wrong-type", at: "1:28"),
    BadData(name: "value outside an enum", yaml: "school: { id: A, level: college }", code: "data.bad-value", at: "1:25"),
    BadData(name: "out of range", yaml: "school: { id: A, students: -5 }", code: "data.out-of-range", at: "1:28"),
    BadData(name: "no school key", yaml: "schol: { id: A }", code: "data.no-school", at: "1:1"),
    BadData(name: "missing id", yaml: "school: { level: primary }", code: "data.missing-id", at: "1:9"),
    BadData(name: "schools not a list", yaml: "schools: { id: A }", code: "data.wrong-type", at: "1:10"),
    BadData(name: "duplicate school", yaml: "schools: [ { id: A }, { id: A } ]", code: "data.duplicate-school", at: "1:23"),
    BadData(name: "duplicate class id", yaml: "school: { id: A, classes: [ { id: c1 }, { id: c1 } ] }", code: "data.duplicate-id", at: "1:41"),
    BadData(name: "list expected", yaml: "school: { id: A, classes: { id: c1 } }", code: "data.wrong-type", at: "1:27"),
    BadData(name: "bad bool", yaml: "school: { id: A, special: perhaps }", code: "data.wrong-type", at: "1:27"),
    BadData(name: "yaml syntax", yaml: "school: { id: A", code: "yaml.syntax", at: "1:16"),
  ])
  func badDataIsReportedWithPosition(_ c: BadData) throws {
    guard case .failure(let e) = try load(c.yaml) else {
      Issue.record("\(c.name): expected a diagnostic")
      return
    }
    let d = try #require(e.diagnostics.first)
    #expect(d.code == c.code, "\(c.name): \(d.message.en)")
    #expect(d.location.map { "\($0.line):\($0.column)" } == c.at, "\(c.name): \(d.message.en)")
  }

  @Test func unknownFieldIsAWarningWithSuggestion() throws {
    let ds = try load("school: { id: A, studnets: 3 }").get()
    let w = try #require(ds.warnings.first)
    #expect(w.code == "data.unknown-field")
    #expect(w.message.en.contains("did you mean school.students"))
  }

  @Test func chineseLabelsAndValueLabelsAreAccepted() throws {
    let p = try TempPack(files: [
      "pack.yaml": TempPack.packYAML,
      "dictionary.yaml": TempPack.dictionary
        .replacingOccurrences(of: "students: { type: int, min: 0 }\n      special", with: "students: { type: int, min: 0, label: { zh: 在校生数 }, aliases: [学生数] }\n      special")
        .replacingOccurrences(of: "values: [primary, junior, nine_year, senior, complete_secondary, twelve_year] }", with: "values: [primary, junior, nine_year, senior, complete_secondary, twelve_year], value_labels: { primary: 小学 } }"),
    ])
    let loaded = try p.load()
    let file = p.root + "-x.yaml"
    try "school: { id: A, level: 小学, 学生数: 120, special: 否 }".write(toFile: file, atomically: true, encoding: .utf8)
    let s = try #require(try DatasetLoader(dictionary: loaded.dictionary).load(paths: [file]).schools.first)
    guard case .map(let m) = s.value else { Issue.record("not a map"); return }
    #expect(m[.string("level")] == .string("primary"))
    #expect(m[.string("students")] == .int(120))
    #expect(m[.string("special")] == .bool(false))
  }

  @Test func nullMeansMissing() throws {
    let s = try #require(try load("school: { id: A, students: ~ }").get().schools.first)
    guard case .map(let m) = s.value else { Issue.record("not a map"); return }
    #expect(m[.string("students")] == nil)
  }

  @Test func jsonLinesKeepLineNumbers() throws {
    let r = try load("{\"id\": \"A\"}\n{\"id\": \"B\", \"students\": \"x\"}\n", name: "d.jsonl")
    guard case .failure(let e) = r else { Issue.record("expected an error"); return }
    #expect(e.diagnostics.first?.location?.line == 2)
  }
}
