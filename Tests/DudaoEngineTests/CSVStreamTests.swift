import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// CSV tables in the streaming check (`--format csv|json`), joined in
/// bounded memory: the same bytes, exit status and diagnostics (in the same
/// order) as reading the tables whole, for any row order, encoding, chunk
/// size, batch size and number of threads.
@Suite struct CSVStreamTests {
  static let root = RuleExampleTests.root
  static let pack = Result { try PackLoader().load(root + "/rules") }
  static let asOf = Day(iso: "2026-11-23")!
  /// Compiled once: the checks here are many (the suite runs beside time-limited ones).
  static let engine = Result { try Engine(pack: pack.get()) }

  struct Outcome: Equatable, CustomStringConvertible {
    var bytes: [UInt8]
    var exit: Int32
    var diagnostics: [Diagnostic]
    /// Schools streamed into slots (0 when the group was read whole); not compared.
    var intoSlots = 0
    static func == (a: Self, b: Self) -> Bool { a.bytes == b.bytes && a.exit == b.exit && a.diagnostics == b.diagnostics }
    var description: String {
      "exit \(exit), \(bytes.count) bytes, " + diagnostics.map { "\($0.code)@\($0.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \($0.message.zh)" }.joined(separator: "; ")
    }
  }

  /// A streaming check of `paths`; `batch: 0` reads the CSV group whole (as before).
  static func check(_ paths: [String], threads: Int, chunk: Int, batch: Int, json: Bool = false) throws -> Outcome {
    let pack = try pack.get()
    var loader = DatasetLoader(dictionary: pack.dictionary)
    loader.csvChunkBytes = chunk
    loader.csvBatchSchools = batch
    let check = StreamingCheck(engine: try engine.get(), loader: loader, asOf: asOf, keep: nil, threads: threads)
    let out = TestScratch.folder + "dudao-csvstream-out-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    do {
      let summary: StreamingCheck.Summary
      if json {
        summary = try check.run(paths: paths, format: JSONReporter.streamFormat(pack: pack, asOf: asOf, language: .en), output: out)
      } else {
        summary = try check.run(paths: paths, header: CSVReporter.header(language: .zh), row: CSVReporter.rows(for: pack, language: .zh, asOf: asOf), output: out)
      }
      return Outcome(
        bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), exit: summary.exitStatus(strict: true), diagnostics: summary.warnings,
        intoSlots: summary.readIntoSlots)
    } catch let e as DiagnosticList {
      return Outcome(bytes: [], exit: 2, diagnostics: e.diagnostics)
    }
  }

  /// A fresh folder holding `files`.
  static func folder(_ files: [String: Data]) throws -> String {
    let dir = TestScratch.folder + "dudao-csvstream-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, data) in files { try data.write(to: URL(fileURLWithPath: dir + "/" + name)) }
    return dir
  }

  static func gb18030(_ text: String) -> Data { text.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data() }

  /// A deterministic district as CSV tables: schools (Chinese names), and
  /// their classes and staff rows in school order.
  static func district(_ n: Int, seed: UInt64 = 11) -> (schools: [String], classes: [[String]], staff: [[String]]) {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(bound))
    }
    let levels = ["primary", "junior", "nine_year"]
    var schools = ["id,name,level,district,students,schedule.daily_pe_minutes,teaching.screen_minutes,teaching.total_minutes"]
    var classes: [[String]] = []
    var staff: [[String]] = []
    for i in 0..<n {
      let id = String(format: "S%04d", (i * 7919) % 10007)
      let students = next(10) == 0 ? "" : String(100 + next(2500))
      schools.append("\(id),\"学校\(i)，第\(i)校\",\(levels[next(3)]),区\(next(3)),\(students),\(next(4) == 0 ? 45 : 60),\(200 + next(200)),1000")
      var rows: [String] = []
      for c in 0..<next(6) { rows.append("\(id),\(id)-C\(c),\(1 + next(9)),\(30 + next(35))") }
      classes.append(rows)
      rows = []
      for t in 0..<next(5) {
        let subjects = next(4) == 0 ? "mental_health" : "math;pe"
        rows.append("\(id),\(id)-T\(t),\(next(5) == 0 ? "admin" : "teacher"),\(subjects),\(next(6) == 0 ? "否" : "true"),\(10 + next(15))")
      }
      staff.append(rows)
    }
    return (schools, classes, staff)
  }

  enum Order: String, Sendable, CaseIterable {
    /// Child rows grouped by school, in the schools' order (merge join).
    case clustered
    /// Child rows in reverse: every school's rows before the earlier schools'.
    case reversed
    /// Child rows shuffled (spilled by batch).
    case shuffled
  }

  static func tables(_ n: Int, order: Order, gb: Bool = false, crlf: Bool = false) -> [String: Data] {
    let d = district(n)
    var state: UInt64 = 5
    func arrange(_ groups: [[String]]) -> [String] {
      switch order {
      case .clustered: return groups.flatMap { $0 }
      case .reversed: return groups.reversed().flatMap { $0 }
      case .shuffled:
        var rows = groups.flatMap { $0 }
        for i in rows.indices.reversed() where i > 0 {
          state = state &* 6364136223846793005 &+ 1442695040888963407
          rows.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        return rows
      }
    }
    let eol = crlf ? "\r\n" : "\n"
    func encode(_ lines: [String]) -> Data {
      let text = lines.joined(separator: eol) + eol
      return gb ? gb18030(text) : Data(text.utf8)
    }
    return [
      "schools.csv": encode(d.schools),
      "classes.csv": encode(["school_id,id,grade,students"] + arrange(d.classes)),
      // Chinese headers: in GB18030, the first multibyte character is in the header.
      "staff.csv": encode(["学校代码,工号,岗位类别,任教学科,是否专职,周课时"] + arrange(d.staff)),
    ]
  }

  /// Streamed with small and large chunks and batches, on 1 and 3 threads:
  /// always what reading the tables whole gives.
  static func expectSame(
    _ paths: [String], json: Bool = false, _ comment: Comment? = nil, streamed: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Outcome {
    let expected = try check(paths, threads: 1, chunk: 1 << 20, batch: 0, json: json)
    for (threads, chunk, batch) in [(1, 1 << 20, 1024), (3, 5, 1), (2, 1, 2)] {
      let actual = try check(paths, threads: threads, chunk: chunk, batch: batch, json: json)
      #expect(actual == expected, "\(comment.map { "\($0): " } ?? "")threads \(threads), chunk \(chunk), batch \(batch)", sourceLocation: sourceLocation)
      // Streamed (every school into slots), not read whole after all.
      if let streamed { #expect(actual.intoSlots == streamed, "threads \(threads), chunk \(chunk), batch \(batch)", sourceLocation: sourceLocation) }
    }
    return expected
  }

  /// Child rows in school order are joined as they are read; out of order
  /// (found while joining), the join starts again with that table spilled;
  /// GB18030 found past the first chunk starts it again in that encoding.
  /// Every time the tables are streamed, never read whole.
  @Test(arguments: Order.allCases, [false, true])
  func sameAsWhole(_ order: Order, _ gb: Bool) throws {
    let dir = try Self.folder(Self.tables(20, order: order, gb: gb, crlf: gb))
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir], streamed: 20)
    #expect(expected.exit != 2, "\(expected)")
    #expect(expected.bytes.count > 100)
  }

  /// Staff in school order but classes not, the other way round, and a
  /// table that is UTF-8 for its first rows and GB18030 further on.
  @Test func oneTableOutOfOrder() throws {
    let clustered = Self.tables(30, order: .clustered), shuffled = Self.tables(30, order: .shuffled)
    for (name, other) in [("classes.csv", "staff.csv"), ("staff.csv", "classes.csv")] {
      var files = clustered
      files[name] = shuffled[name]
      let dir = try Self.folder(files)
      defer { try? FileManager.default.removeItem(atPath: dir) }
      _ = try Self.expectSame([dir], "\(name) shuffled, \(other) in order", streamed: 30)
    }
    for order in [Order.clustered, .shuffled] {
      var files = Self.tables(30, order: order)
      // A GB18030 row at the end of the (otherwise ASCII) classes table: with
      // chunks of 1 and 5 bytes, found only after the first chunks.
      let first = String(decoding: try #require(files["classes.csv"]), as: UTF8.self).split(separator: "\n")[1]
      let id = try #require(first.split(separator: ",").first)
      files["classes.csv"]?.append(Self.gb18030("\(id),甲班,3,40\n"))
      let dir = try Self.folder(files)
      defer { try? FileManager.default.removeItem(atPath: dir) }
      let expected = try Self.expectSame([dir], "GB18030 at the end, \(order)", streamed: 30)
      #expect(expected.exit != 2, "\(expected)")
    }
  }

  @Test func jsonReport() throws {
    let dir = try Self.folder(Self.tables(25, order: .shuffled))
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir], json: true)
    #expect(expected.exit != 2, "\(expected)")
  }

  /// The example district: a BOM, GB18030 staff, Chinese headers, on-site
  /// observations, and a rectification ledger table.
  @Test func exampleDistrict() throws {
    let expected = try Self.expectSame([Self.root + "/examples/district-csv"])
    #expect(expected.exit != 2, "\(expected)")
  }

  /// YAML schools (with classes of their own), CSV schools and rows for
  /// both, a filled checklist, and a JSON Lines file, in one check.
  @Test func mixedFolder() throws {
    var files = Self.tables(12, order: .shuffled)
    files["a-yaml.yaml"] = Data("""
      schools:
        - id: Y1
          name: 乙一校
          level: primary
          district: 区1
          students: 500
          classes:
            - { id: Y1-C0, grade: 1, students: 40 }
        - { id: Y2, name: 乙二校, level: junior, district: 区2, unknown_field: 3 }
      """.utf8)
    files["b-classes.csv"] = Data("school_id,id,grade,students\nY2,Y2-C9,8,50\nY1,Y1-C1,2,61\nS0000,S0000-C9,3,33\n".utf8)
    files["z-checklist.yaml"] = Data("""
      checklist:
        school_id: Y1
        date: 2026-11-20
      observations:
        - item: "classes[Y1-C0].students"
          value: 57
        - item: PE.BIG_BREAK
          value: 20
      """.utf8)
    files["m.jsonl"] = Data(#"{"id":"J1","name":"丙校","level":"primary","district":"区1"}"#.utf8 + [0x0A])
    files["teachers.csv"] = Data("school_id,id,role,weekly_periods,颜色\nY1,Y1-T1,teacher,30,红\n".utf8)
    let dir = try Self.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir])
    #expect(expected.exit != 2, "\(expected)")
    #expect(expected.diagnostics.contains { $0.code == "csv.unknown-header" })
  }

  /// Every kind of bad input: the same errors, in the same order.
  @Test(arguments: [
    ("unknown school", "classes.csv", "school_id,id,grade\nS0000,x1,3\nS000O,x2,3\nQ1,x3,3\n"),
    ("missing school id", "classes.csv", "school_id,id,grade\nS0000,x1,3\n,x2,3\n"),
    ("duplicate class id", "more_classes.csv", "school_id,id,grade\nS0000,S0000-C0,3\nS0000,x,3\nS0000,x,4\n"),
    ("ragged", "classes.csv", "school_id,id,grade\nS0000,x1,3,4\nS0000,x2\n"),
    ("unknown header", "classes.csv", "school_id,id,grade,colour\nS0000,x1,3,red\nS9,x1,3,red\n"),
    ("duplicate column", "classes.csv", "school_id,id,grade,年级\nS0000,x1,3,3\n"),
    ("bad cell", "classes.csv", "school_id,id,grade,students\nS0000,x1,3,many\nS0000,x2,30,40\n"),
    ("duplicate school", "schools2.csv", "id,name\nS0000,又一校\n"),
    ("no join column", "classes.csv", "id,grade\nx1,3\n"),
    ("unterminated quote", "classes.csv", "school_id,id,grade\nS0000,\"x1,3\n"),
    ("bad quote", "classes.csv", "school_id,id,grade\nS0000,\"x1\"y,3\n"),
    ("not any encoding", "classes.csv", "school_id,id,grade\nS0000,x1,\u{FFFD}\n"),
    ("unknown table", "colours.csv", "颜色,大小\n红,大\n"),
  ] as [(String, String, String)])
  func badInput(_ name: String, _ file: String, _ text: String) throws {
    var files = Self.tables(6, order: .clustered)
    var data = Data(text.utf8)
    if name == "not any encoding" { data = Data(Array("school_id,id,grade\nS0000,x1,".utf8) + [0xFF, 0xFF, 0x0A]) }
    files[file] = file == "classes.csv" ? data : data
    if file == "classes.csv" {
      // Keep the generated classes too, after the bad rows.
      let d = Self.district(6)
      files["classes_gen.csv"] = Data((["school_id,id,grade,students"] + d.classes.flatMap { $0 }).joined(separator: "\n").utf8 + [0x0A])
    }
    let dir = try Self.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir], Comment(rawValue: name))
    if name != "unknown header" { #expect(expected.exit == 2, "\(name): \(expected)") }
    // The whole-run diagnostics, exactly.
    if expected.exit == 2 {
      let dictionary = try Self.pack.get().dictionary
      let whole = Result { () throws(DiagnosticList) in try DatasetLoader(dictionary: dictionary).load(paths: [dir]) }
      if case .failure(let e) = whole { #expect(e.diagnostics == expected.diagnostics, "\(name)") } else { Issue.record("\(name): expected errors") }
    }
  }

  /// A child table with no school table, and child rows with no schools.
  @Test func childTableAlone() throws {
    let dir = try Self.folder(["classes.csv": Data("school_id,id,grade\nA,x1,3\nB,x2,4\n".utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir])
    #expect(expected.exit == 2)
  }

  /// Many schools with unknown ids: the suggestions of `attach` (first 20, each once).
  @Test func manyUnknownSchools() throws {
    var files = Self.tables(6, order: .clustered)
    files["zz_classes.csv"] = Data((["school_id,id"] + (0..<40).map { "S00\($0 % 25),k\($0)" }).joined(separator: "\n").utf8)
    let dir = try Self.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir])
    #expect(expected.exit == 2)
  }

  /// A multibyte character cut by every chunk boundary, in both encodings.
  @Test(arguments: [false, true])
  func charactersAcrossChunks(_ gb: Bool) throws {
    let text = "id,name,district\n" + (0..<30).map { "C\($0),\"校名\u{20000}𠀀“引号”\($0)\",区\($0 % 3)" }.joined(separator: "\n") + "\n"
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let data = gb ? Data(bom) + Self.gb18030(text) : Data(bom) + Data(text.utf8)
    let dir = try Self.folder(["schools.csv": data, "classes.csv": Data("school_id,id,grade\nC1,c,3\nC0,c,2\n".utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let expected = try Self.expectSame([dir])
    #expect(expected.exit != 2, "\(expected)")
  }
}
