import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoTestSupport
import DudaoYAML
import Foundation
import Testing

@testable import DudaoEngine

/// YAML and JSON school files typed straight from libyaml's events
/// (`DatasetLoader+PlainYAML.swift`) give exactly what the `Node` tree gives:
/// the same schools, values and locations for plain files, and for anything
/// else no plain result at all, so that the tree reports it.
@Suite struct PlainYAMLTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let dictionary = Result { try PackLoader().load(root + "/rules").dictionary }

  /// Everything a document gives that the check uses.
  struct Outcome: Equatable, CustomStringConvertible {
    struct School: Equatable {
      var id: String
      var name: String
      var district: String?
      var value: Value
      var location: DudaoDiagnostics.SourceLocation
      /// `value` with its maps' keys in order (`Value`'s `==` ignores their order; reports do not).
      var ordered: String

      init(_ r: SchoolRecord) {
        (id, name, district, value, location) = (r.id, r.name, r.district, r.value, r.location)
        ordered = Self.ordered(r.value)
      }

      static func ordered(_ v: Value) -> String {
        switch v {
        case .list(let items): "[" + items.map(ordered).joined(separator: ", ") + "]"
        case .map(let m): "{" + zip(m.keys, m.values).map { ordered($0) + ": " + ordered($1) }.joined(separator: ", ") + "}"
        default: "\(v.typeName) \(v)"
        }
      }
    }
    var failed: Diagnostic?
    var diags: [Diagnostic] = []
    var checklist: Int?
    var schools: [School?] = []
    var schoolDiags: [[Diagnostic]] = []

    init(_ r: DatasetLoader.DocumentResult) {
      diags = r.diags
      switch r.content {
      case .failed(let d): failed = d
      case .checklist(let rows): checklist = rows.count
      case .schools(let list):
        schools = list.map { $0.record.map(School.init) }
        schoolDiags = list.map(\.diags)
      }
    }

    var description: String {
      "failed: \(failed?.code ?? "-"), diags: \(diags.map(\.code)), schools: \(schools.map { $0?.id ?? "nil" }) \(schoolDiags.map { $0.map(\.code) })"
    }
  }

  /// A loader of the standard dictionary and a scratch file holding `text`.
  func file(_ text: String, name: String = "s.yaml", limits: YAMLLimits = .init()) throws -> (DatasetLoader, String) {
    let dir = TestScratch.folder + "dudao-plain-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return (DatasetLoader(dictionary: try Self.dictionary.get(), limits: limits), path)
  }

  /// Plain files: typed from the events, the same as through the tree.
  @Test(arguments: [
    "school: { id: A, name: 甲校, district: 区一, students: 120, level: primary }",
    // Block style, quoted and literal texts, comments, a Chinese label and aliases, value labels.
    """
    # a comment
    school:
      id: "3502130101"
      名称: '凤鸣 ''小学'''
      level: 小学
      district: 翔安区
      在校生数: 1180   # trailing comment
      rural: 否
      schedule:
        daily_pe_minutes: 80
        morning_start: "08:20"
      classes:
        - { id: "1-1", grade: 1, students: 45 }
        - id: "1-2"
          grade: 1
      staff:
        - id: T1
          name: |
            张三
          subjects: [math, 语文]
          full_time: true
          weekly_periods: 16
        - { id: T2, subjects: "music; art", weekly_periods: ~ }
    """,
    "schools: [ { id: A }, { id: B, students: 3 } ]",
    "schools: []",
    "school: { id: A, students: ~, classes: [] }\r\n",
    "\u{FEFF}school:\r\n  id: A\r\n  name: x\r\n",
    // On-site observations: `any` values that are scalars.
    "school: { id: A, observations: [ { date: 2026-11-20, item: PE.BIG_BREAK, value: 20, reported: '30' }, { item: x, value: 是 } ] }",
    "school: { id: A, students: 0x10, schedule: { daily_pe_minutes: 6e1 } }",
    "%YAML 1.1\n---\nschool: { id: A }\n...\n",
  ])
  func plainFilesTypeAsTheTreeDoes(_ text: String) throws {
    let (loader, path) = try file(text)
    let bytes = try YAMLLoader.read(file: path)
    let plain = try #require(loader.plainDocument(bytes, file: path), "not read plainly")
    let tree = loader.document(path, plain: false)
    #expect(Outcome(plain) == Outcome(tree))
    #expect(Outcome(loader.document(path)) == Outcome(tree))
    #expect(!Outcome(plain).schools.contains(nil))
  }

  /// JSON (tabs and a surrogate pair rewritten, columns shifted back).
  @Test func plainJSONTypesAsTheTreeDoes() throws {
    let json = "{\t\"school\": {\"name\": \"\\uD83D\\uDE00\", \"id\": \"A\",\n \"classes\": [ {\"id\": \"c\", \"grade\": 3} ] } }"
    let (loader, path) = try file(json, name: "s.json")
    let plain = try #require(loader.plainDocument(try YAMLLoader.read(file: path), file: path))
    #expect(Outcome(plain) == Outcome(loader.document(path, plain: false)))
  }

  /// The example district: every school read plainly, the same as through the tree.
  @Test func exampleDistrictIsPlain() throws {
    let loader = DatasetLoader(dictionary: try Self.dictionary.get())
    let dir = Self.root + "/examples/district"
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files.count >= 8)
    for name in files {
      let path = dir + "/" + name
      let plain = loader.plainDocument(try YAMLLoader.read(file: path), file: path)
      #expect(plain != nil, "\(name) not read plainly")
      #expect(Outcome(loader.document(path)) == Outcome(loader.document(path, plain: false)), "\(name)")
    }
  }

  /// Whatever the tree would report or do more is left to it: no plain
  /// result, and `document` gives what the tree gives.
  @Test(arguments: [
    // YAML: anchors, aliases, tags, merge keys, complex and duplicate keys, documents, syntax.
    "school: &s { id: A }",
    "school: { id: A, name: &n x, district: *n }",
    "school: { id: !!str A }",
    "school: !!map { id: A }",
    "school: { id: A, classes: !!seq [] }",
    "school: { <<: { id: A } }",
    "school: { [a]: 1, id: A }",
    "school: { id: A, id: B }",
    "school: { students: ~, id: A, students: 3 }",
    "school: { id: A }\n---\nschool: { id: B }\n",
    "school: { id: A }\n]\n",
    "school: { id: A",
    "school: { id: A }\nschool: { id: B }\n",
    "school: { id: \"A\u{1}\" }",
    "",
    "# only a comment\n",
    // Content: two spellings of a field, unknown fields, wrong values, ids.
    "school: { id: A, name: x, 名称: y }",
    "school: { id: A, studnets: 3 }",
    "school: { id: A, students: lots }",
    "school: { id: A, students: -5 }",
    "school: { id: A, level: college }",
    "school: { id: A, schedule: [1] }",
    "school: { id: A, classes: { id: c } }",
    "school: { id: A, classes: [ { id: c }, { id: c } ] }",
    "school: { id: A, classes: [ 1 ] }",
    "school: { id: A, observations: [ { item: x, value: [1, 2] } ] }",
    "school: { id: A, observations: [ { item: x, value: { a: 1 } } ] }",
    // The root: other keys, a checklist, no school, not a school.
    "school: { id: A }\nversion: 1\n",
    "version: 1\nschool: { id: A }\n",
    "checklist: { school_id: A, date: 2026-11-20 }\nobservations: []\n",
    "schol: { id: A }",
    "school: ~",
    "school: [ { id: A } ]",
    "school: { name: x }",
    "school: { id: '' }",
    "schools: { id: A }",
    "schools: [ 1 ]",
    "schools: [ { id: A }, { id: A, students: x } ]",
    "- school: { id: A }",
    "just text",
  ])
  func anythingElseIsTheTreesToReport(_ text: String) throws {
    let (loader, path) = try file(text)
    #expect(loader.plainDocument(try YAMLLoader.read(file: path), file: path) == nil)
    #expect(Outcome(loader.document(path)) == Outcome(loader.document(path, plain: false)))
  }

  /// Encoding errors and the limits (scalar size, depth, nodes, file size): the tree reports them.
  @Test func encodingAndLimitsAreTheTreesToReport() throws {
    var cases: [(bytes: [UInt8], limits: YAMLLimits)] = []
    cases.append((Array("school: { id: A, name: ".utf8) + [0xFF] + Array(" }".utf8), .init()))
    cases.append(([0xFF, 0xFE] + Array("school: { id: A }".utf8), .init()))
    var small = YAMLLimits()
    small.maxScalarBytes = 5
    cases.append((Array("school: { id: A, name: abcdefgh }".utf8), small))
    small = YAMLLimits()
    small.maxDepth = 2
    cases.append((Array("school: { id: A, schedule: { daily_pe_minutes: 3 } }".utf8), small))
    small = YAMLLimits()
    small.maxNodes = 6
    cases.append((Array("school: { id: A, name: x }".utf8), small))
    small = YAMLLimits()
    small.maxFileBytes = 8
    cases.append((Array("school: { id: A }".utf8), small))
    for (bytes, limits) in cases {
      let (loader, path) = try file("", limits: limits)
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      #expect(loader.plainDocument(bytes, file: path) == nil, "\(bytes.count) bytes")
      let general = Outcome(loader.document(path, plain: false))
      #expect(general.failed != nil)
      #expect(Outcome(loader.document(path)) == general)
    }
    // Just within the limits, the plain path reads it.
    var enough = YAMLLimits()
    enough.maxScalarBytes = 6  // `school`
    enough.maxDepth = 2
    enough.maxNodes = 7
    let (loader, path) = try file("school: { id: A, name: x }", limits: enough)
    #expect(loader.plainDocument(try YAMLLoader.read(file: path), file: path) != nil)
    #expect(Outcome(loader.document(path)) == Outcome(loader.document(path, plain: false)))
  }

  /// Objects of more than 64 fields (tracked apart from the first 64), and
  /// objects of the same fields sharing their keys: the same values.
  @Test func wideAndRepeatedObjectsTypeAsTheTreeDoes() throws {
    let names = (0..<70).map { "f\($0)" }
    let dictionary = """
      entities:
        school:
          fields:
            id: { type: string }
      \(names.map { "      \($0): { type: int }" }.joined(separator: "\n"))
            staff: { type: list, of: staff }
        staff:
          fields:
            id: { type: string }
            role: { type: string }
            weekly_periods: { type: int }
      """
    let pack = try TempPack(files: ["pack.yaml": TempPack.packYAML, "dictionary.yaml": dictionary])
    let loader = DatasetLoader(dictionary: try pack.load().dictionary)
    let wide = names.enumerated().map { "\($1): \($0)" }.joined(separator: ", ")
    let staff = "[ { id: T1, role: a, weekly_periods: 3 }, { id: T2, role: b, weekly_periods: 4 }, { role: c, id: T3 }, { id: T4, role: d, weekly_periods: ~ }, { id: T5, role: e, weekly_periods: 5 } ]"
    for text in ["school: { id: A, \(wide), staff: \(staff) }", "schools: [ { id: A, f69: 1, f1: 2 }, { id: B, f1: 2, f69: 1 }, { id: C, staff: \(staff) } ]"] {
      let path = pack.root + "-\(UUID().uuidString).yaml"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      let plain = try #require(loader.plainDocument(try YAMLLoader.read(file: path), file: path))
      #expect(Outcome(plain) == Outcome(loader.document(path, plain: false)))
    }
  }

  /// A key is first guessed to name the field the previous object's key in
  /// its place named; the guess must be the field `index(of:)` gives (here
  /// `c` is `b`'s alias before it is a field's name), and a list's objects
  /// may come in any order of keys.
  @Test func guessedFieldsAreChecked() throws {
    let dictionary = """
      entities:
        school:
          fields:
            id: { type: string }
            staff: { type: list, of: staff }
        staff:
          fields:
            id: { type: string }
            b: { type: int, aliases: [c] }
            c: { type: string, aliases: [cc] }
      """
    let pack = try TempPack(files: ["pack.yaml": TempPack.packYAML, "dictionary.yaml": dictionary])
    let loader = DatasetLoader(dictionary: try pack.load().dictionary)
    let text = "school: { id: A, staff: [ { id: T1, cc: x }, { id: T2, c: 2 }, { c: 3, id: T3 }, { id: T4, cc: y, b: ~ } ] }"
    let path = pack.root + "-\(UUID().uuidString).yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let plain = try #require(loader.plainDocument(try YAMLLoader.read(file: path), file: path))
    let outcome = Outcome(plain)
    #expect(outcome == Outcome(loader.document(path, plain: false)))
    #expect(outcome.schools.first??.ordered.contains("string string(\"b\"): int int(2)") == true, "\(outcome.schools.first??.ordered ?? "")")
  }

  /// `trimmed` looks at the bytes at both ends; the same as trimming `Character`s.
  @Test func trimmingByBytesIsTrimmingByCharacters() {
    func reference(_ text: String) -> Substring {
      var start = text.startIndex, end = text.endIndex
      while start < end, text[start].isWhitespace { start = text.index(after: start) }
      while end > start, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
      return text[start..<end]
    }
    let cases = [
      "", "1", "12", " 1", "1 ", "\u{3000}1", "1\u{3000}", "\u{0600}1", "1\u{301}", "e\u{301}", "\u{301}1", "\r\n", "a\r\n",
      "\n1", "1\t", "\u{85}x", "x\u{2028}", "x\u{A0}", "\u{1F1E8}\u{1F1F3}", "#\u{FE0F}\u{20E3}", "a b", "~",
    ]
    for text in cases {
      #expect(DatasetLoader.trimmed(text) == reference(text), "\(text.unicodeScalars.map { $0.value })")
      #expect(DatasetLoader.trimmed(text.dropFirst(0)) == reference(text), "\(text.unicodeScalars.map { $0.value })")
    }
  }

  /// A missing file is reported as before.
  @Test func unreadableFileIsReportedAsBefore() throws {
    let loader = DatasetLoader(dictionary: try Self.dictionary.get())
    let path = TestScratch.folder + "dudao-plain-missing-\(UUID().uuidString).yaml"
    let outcome = Outcome(loader.document(path))
    #expect(outcome.failed?.code == "yaml.io")
    #expect(outcome == Outcome(loader.document(path, plain: false)))
  }
}
