import DudaoDiagnostics
@testable import DudaoEngine
import DudaoExpr
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// Loading only some schools (`DatasetLoader.load(paths:onlySchools:)`,
/// `firstSchoolIDs`), as `explain --data` and `checklist` do: the kept
/// schools exactly as the whole load gives them, their child rows and
/// observations joined, the other schools dropped while reading without
/// their rows being reported.
@Suite struct SelectedLoadTests {
  static func loader() throws -> DatasetLoader { DatasetLoader(dictionary: try CSVStreamTests.pack.get().dictionary) }

  static func folder(_ files: [String: String]) throws -> String {
    try CSVStreamTests.folder(files.mapValues { Data($0.utf8) })
  }

  static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

  /// Three JSON Lines schools with classes (J2's id also written with an
  /// escape, J3 as a YAML flow line), comments and blank lines between.
  static let jsonLines = """
    # schools
    {"id":"J1","name":"一","district":"区0","level":"primary","students":300,"classes":[{"id":"1-1","grade":1,"students":40}]}

    {"id":"J\\u0032","name":"二","district":"区1","level":"primary","students":500,"classes":[{"id":"1-1","grade":1,"students":58}]}
    {id: J3, name: 三, district: 区2, level: junior, students: 900, classes: [{id: "7-1", grade: 7, students: 50}]}
    """

  static let yaml = """
    schools:
      - { id: Y1, name: 甲, district: 区0, level: primary, students: 120, classes: [ { id: "2-1", grade: 2, students: 30 } ] }
      - { id: Y2, name: 乙, district: 区1, level: junior, students: 220 }
    """

  /// A filled on-site checklist for `school`.
  static func checklist(_ school: String) -> String {
    """
    checklist: { school_id: "\(school)", date: 2026-11-20 }
    observations:
      - { item: schedule.daily_pe_minutes, value: 50, note: 现场 }
    """
  }

  /// The CSV tables of `CSVStreamTests`, JSON Lines, YAML and checklists
  /// (one for a kept school, one for a dropped one) in one folder.
  static func mixed(_ order: CSVStreamTests.Order) throws -> (dir: String, csvIDs: [String]) {
    var files = CSVStreamTests.tables(30, order: order)
    let ids = CSVStreamTests.district(30).schools.dropFirst().map { String($0.prefix { $0 != "," }) }
    files["j.jsonl"] = Data(jsonLines.utf8)
    files["y.yaml"] = Data(yaml.utf8)
    files["c1.yaml"] = Data(checklist(ids[7]).utf8)
    files["c2.yaml"] = Data(checklist(ids[8]).utf8)
    return (try CSVStreamTests.folder(files), ids)
  }

  @Test(arguments: CSVStreamTests.Order.allCases)
  func keepsExactlyTheAskedSchoolsWithTheirRows(order: CSVStreamTests.Order) throws {
    let (dir, csvIDs) = try Self.mixed(order)
    defer { Self.remove(dir) }
    let loader = try Self.loader()
    let whole = try loader.load(paths: [dir])
    for ids: Set<String> in [[csvIDs[7]], [csvIDs[7], "J2", "Y1"], ["J3", csvIDs[0], csvIDs[29]], ["Y2"]] {
      let selected = try loader.load(paths: [dir], onlySchools: ids)
      let expected = whole.schools.filter { ids.contains($0.id) }
      #expect(selected.schools.map(\.id) == expected.map(\.id))
      for (s, w) in zip(selected.schools, expected) {
        #expect(s.value == w.value, "\(s.id)")
        #expect(s.location == w.location, "\(s.id)")
      }
    }
    // The kept CSV school got its rows and its observation; J2 (an escaped id) its class.
    let one = try loader.load(paths: [dir], onlySchools: [csvIDs[7], "J2"])
    guard case .map(let m)? = one.schools.first(where: { $0.id == csvIDs[7] })?.value else {
      Issue.record("no school \(csvIDs[7])")
      return
    }
    #expect(m[.string("observations")] != nil)
    #expect(one.schools.contains { $0.id == "J2" })
  }

  @Test func rowsOfOtherSchoolsAreNotReported() throws {
    let dir = try Self.folder([
      "schools.csv": "id,name,level,district,students\nA,甲,primary,区0,300\nB,乙,primary,区0,abc\n",
      // B's class has a bad cell and a ragged row; ZZ is in no table.
      "classes.csv": "school_id,id,grade,students\nA,1-1,1,40\nB,1-1,1,many\nB,1-2\nZZ,1-1,1,30\nA,1-2,1,41\n",
      "zz.yaml": Self.checklist("ZZ"),
      "a.yaml": Self.checklist("A"),
      // A line of another school that does not even parse.
      "more.jsonl": "{\"id\":\"C\",\"students\":[1,}\n",
    ])
    defer { Self.remove(dir) }
    let loader = try Self.loader()
    #expect(throws: DiagnosticList.self) { try loader.load(paths: [dir]) }
    let selected = try loader.load(paths: [dir], onlySchools: ["A"])
    #expect(selected.schools.map(\.id) == ["A"])
    guard case .map(let m)? = selected.schools.first?.value, case .list(let classes)? = m[.string("classes")] else {
      Issue.record("A has no classes")
      return
    }
    #expect(classes.count == 2)
    #expect(m[.string("observations")] != nil)
    // B's own errors are reported when B is asked for, with their places.
    do {
      _ = try loader.load(paths: [dir], onlySchools: ["B"])
      Issue.record("B's errors were not reported")
    } catch {
      let places = error.diagnostics.map { "\($0.code)@\(($0.location?.file as NSString?)?.lastPathComponent ?? ""):\($0.location?.line ?? 0)" }
      #expect(places == ["data.wrong-type@classes.csv:3", "csv.ragged-row@classes.csv:4", "data.wrong-type@schools.csv:3"])
    }
  }

  @Test func duplicateKeptIDIsStillAnError() throws {
    let dir = try Self.folder([
      "a.jsonl": """
        {"id":"A","name":"甲","students":1}
        {"id":"B","name":"乙","students":2}
        {"id":"A","name":"甲二","students":3}
        {"id":"B","name":"乙二","students":4}
        """,
      "schools.csv": "id,name,students\nD,丁,5\nA,甲三,6\nD,丁二,7\n",
    ])
    defer { Self.remove(dir) }
    let loader = try Self.loader()
    do {
      _ = try loader.load(paths: [dir], onlySchools: ["A"])
      Issue.record("no duplicate reported")
    } catch {
      // Both later A's, each naming the first; B and D (not asked for) are not reported.
      let found = error.diagnostics.map { d in
        "\(d.code)@\((d.location?.file as NSString?)?.lastPathComponent ?? ""):\(d.location?.line ?? 0) first \(d.notes.first?.location?.line ?? 0)"
      }
      #expect(found == ["data.duplicate-school@a.jsonl:3 first 1", "data.duplicate-school@schools.csv:3 first 1"])
    }
  }

  @Test func unknownIDKeepsNothingAndSyntaxErrorsAreStillReported() throws {
    let dir = try Self.folder(["a.jsonl": #"{"id":"A","students":1}"#, "b.yaml": Self.yaml])
    defer { Self.remove(dir) }
    let loader = try Self.loader()
    #expect(try loader.load(paths: [dir], onlySchools: ["nope"]).schools.isEmpty)
    let broken = try Self.folder(["a.jsonl": #"{"id":"A","students":1}"#, "b.yaml": "schools: [ { id: Y1, name: [ }\n"])
    defer { Self.remove(broken) }
    #expect(throws: DiagnosticList.self) { try loader.load(paths: [broken], onlySchools: ["A"]) }
  }

  @Test(arguments: CSVStreamTests.Order.allCases)
  func firstSchoolIDsAreTheWholeLoadsFirst(order: CSVStreamTests.Order) throws {
    let (dir, _) = try Self.mixed(order)
    defer { Self.remove(dir) }
    let loader = try Self.loader()
    let whole = try loader.load(paths: [dir]).schools.map(\.id)
    for n in [1, 2, 20, 40] { #expect(try loader.firstSchoolIDs(paths: [dir], count: n) == Array(whole.prefix(n))) }
    // Reading stops after them: a later file's error is not met.
    let first = try Self.folder(["a.jsonl": #"{"id":"A","students":1}"#, "b.yaml": "schools: [ { id: Y1, name: [ }\n"])
    defer { Self.remove(first) }
    #expect(try loader.firstSchoolIDs(paths: [first], count: 1) == ["A"])
  }

  /// JSON Lines read in chunks: the same lines and numbers as split whole,
  /// for any chunk size; lines over the limit as before (comments and blank lines may be).
  @Test func linesInChunksAreTheLinesOfTheFile() throws {
    let text = "# c\r\n{\"a\":1}\r\n\n   \n{\"b\":22}\n  # a comment longer than the limit of twenty bytes\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n{\"c\":333}"
    let path = TestScratch.folder + "dudao-lines-\(UUID().uuidString).jsonl"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var loader = try Self.loader()
    loader.maxSchoolBytes = 20
    for chunk in [1, 2, 3, 5, 8, 13, 4 << 20] {
      var diags: [Diagnostic] = []
      var lines: [String] = []
      let ok = loader.forEachLine(path, chunkBytes: chunk, &diags) { line, number in
        lines.append("\(number):" + String(decoding: line, as: UTF8.self))
        return true
      }
      #expect(ok && diags.isEmpty, "chunk \(chunk)")
      #expect(lines == ["2:{\"a\":1}\r", "5:{\"b\":22}", "8:{\"c\":333}"], "chunk \(chunk)")
    }
    let long = path + ".long"
    try "{\"a\":1}\n# short\n{\"a\":\"a line over twenty bytes\"}\n{\"b\":2}\n".write(toFile: long, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: long) }
    for chunk in [1, 4, 4 << 20] {
      var diags: [Diagnostic] = []
      var count = 0
      let ok = loader.forEachLine(long, chunkBytes: chunk, &diags) { _, _ in
        count += 1
        return true
      }
      #expect(!ok && count == 1 && diags.map(\.code) == ["data.line-too-long"] && diags.first?.location?.line == 3, "chunk \(chunk)")
    }
  }
}
