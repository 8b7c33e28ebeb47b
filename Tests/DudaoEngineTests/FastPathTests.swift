import DudaoDiagnostics
import DudaoExpr
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

@testable import DudaoEngine

/// The fast path (`FastPlan`: schools in slots, compiled fast programs)
/// must write exactly what the general evaluator writes: every status,
/// observed value, requirement, message, deadline and warning.
@Suite struct FastPathTests {
  static let root = RuleExampleTests.root
  static let asOf = Day(iso: "2026-11-23")!

  /// Lines that exercise what the fast path hands back: missing fields,
  /// nulls, empty lists, escapes, unusual numbers, non-ASCII ids, on-site
  /// observations, out-of-range values, unknown keys.
  static let edge = [
    #"{"id":"E01","level":"primary","students":0,"classes":[],"staff":[]}"#,
    #"{"id":"E02","level":"junior","students":9223372036854775807,"classes":[{"id":"甲班","grade":7,"students":56}],"staff":[{"id":"T1","role":"teacher","subjects":[],"weekly_periods":21}]}"#,
    #"{"id":"E03","level":"nine_year","schedule":{},"teaching":{"screen_minutes":0,"total_minutes":0}}"#,
    #"{"id":"E04","level":"primary","teaching":{"screen_minutes":300,"total_minutes":null},"classes":[{"id":"C1"},{"id":"C2","grade":1,"students":45}]}"#,
    #"{"id":"E05","name":"a\"b","level":"junior","students":5}"#,
    #"{"id":"E06","level":"primary","staff":[{"id":"T1","role":"teacher","subjects":["mental_health","pe"],"weekly_periods":20},{"id":"T2","role":"teacher"}]}"#,
    #"{"id":"E08","classes":[{"grade":3,"students":50},{"grade":8,"students":51}],"staff":[{"role":"admin","subjects":["mental_health"]}]}"#,
    #"{"id":"E09","level":"primary","students":38,"staff":[{"id":"T1","role":"teacher"},{"id":"T2","role":"teacher"}],"classes":[{"id":"C1","grade":6,"students":20}]}"#,
    #"{"id":"E10","level":"primary","students":100,"observations":[{"item":"schedule.daily_pe_minutes","value":40,"date":"2026-11-20"}]}"#,
    #"{"id":"E11","level":"junior","students":600,"classes":[{"id":"C1","grade":7,"students":50}],"staff":[{"id":"T1","role":"teacher","weekly_periods":10}],"district":"区9"}"#,
  ]

  /// Lines with data errors: both paths must stop with the same diagnostics.
  static let bad = [
    #"{"id":"B1","name":"a\"b","level":"junior","students":-5}"#,
    #"{"id":"B2","level":"primary","staff":[{"id":"T1","role":"teacher"},{"id":"T1","role":"teacher"}]}"#,
    #"{"id":"B3","level":"unknown_level","students":100}"#,
  ]

  static func data(_ n: Int) -> String {
    StreamingTests.district(n) + edge.joined(separator: "\n") + "\n"
  }

  static func run(_ pack: RulePack, _ paths: [String], keep: Set<Status>?, fast: Bool, threads: Int = 2, json: Bool = false, language: Language = .zh) throws -> (bytes: String, exit: Int32, warnings: [String], intoSlots: Int) {
    var check = StreamingCheck(engine: try Engine(pack: pack), loader: DatasetLoader(dictionary: pack.dictionary), asOf: asOf, keep: keep, threads: threads)
    check.useFastPath = fast
    #expect(check.useFastPath == fast)
    let out = TestScratch.folder + "dudao-fast-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let summary: StreamingCheck.Summary
    if json {
      summary = try check.run(paths: paths, format: JSONReporter.streamFormat(pack: pack, asOf: asOf, language: .en), output: out)
    } else {
      // As `check --format csv` writes: the fast path renders rows without findings.
      summary = try check.run(paths: paths, format: CSVReporter.streamFormat(pack: pack, asOf: asOf, language: language), output: out)
    }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
    return (
      String(decoding: bytes, as: UTF8.self), summary.exitStatus(strict: true),
      summary.warnings.map { "\($0.code) \($0.location.map { "\($0)" } ?? "") \($0.message.zh)" }, summary.readIntoSlots
    )
  }

  /// The errors a streamed check of `paths` stops with (none when it
  /// runs), each as code, place and message.
  static func errors(_ pack: RulePack, _ paths: [String], keep: Set<Status>? = nil, fast: Bool) -> [String] {
    do {
      _ = try run(pack, paths, keep: keep, fast: fast)
      return []
    } catch {
      return ((error as? DiagnosticList)?.diagnostics ?? []).map(describe)
    }
  }

  /// A diagnostic as code, place and message (for comparing lists of them).
  static func describe(_ d: Diagnostic) -> String { "\(d.code) \(d.location.map { "\($0)" } ?? "") \(d.message.zh)" }

  static let packs = ["rules", "Benchmarks/pack", "examples/overlays/xiangan", "examples/overlays/ningxia-2023", "examples/overlays/tighter-district", "examples/overlays/changge-2020"]

  @Test(arguments: packs)
  func sameOutputAsGeneralEvaluator(_ packPath: String) throws {
    let pack = try PackLoader().load(Self.root + "/" + packPath)
    let file = TestScratch.folder + "dudao-fast-\(UUID().uuidString).jsonl"
    try Self.data(120).write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    // Every status for every pack; filtered output for the standard pack.
    let filters: [Set<Status>?] = packPath == "rules" ? [nil, [.fail], [.unknown, .error, .notApplicable]] : [nil]
    for keep in filters {
      let general = try Self.run(pack, [file], keep: keep, fast: false)
      let fast = try Self.run(pack, [file], keep: keep, fast: true)
      #expect(fast.bytes == general.bytes, "\(packPath) keep \(String(describing: keep))")
      #expect(fast.exit == general.exit)
      #expect(fast.warnings == general.warnings)
    }
    guard packPath == "rules" else { return }
    // Rows in English: the fast path renders only the row's language.
    let generalEN = try Self.run(pack, [file], keep: nil, fast: false, language: .en)
    let fastEN = try Self.run(pack, [file], keep: nil, fast: true, language: .en)
    #expect(fastEN.bytes == generalEN.bytes)
    let general = try Self.run(pack, [file], keep: nil, fast: false, json: true)
    let fast = try Self.run(pack, [file], keep: nil, fast: true, threads: 1, json: true)
    #expect(fast.bytes == general.bytes)
  }

  @Test func dataErrorsAreTheSame() throws {
    let pack = try PackLoader().load(Self.root + "/Benchmarks/pack")
    let file = TestScratch.folder + "dudao-fast-\(UUID().uuidString).jsonl"
    try (Self.data(20) + Self.bad.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    func diagnostics(_ fast: Bool) -> [String] { Self.errors(pack, [file], keep: [.fail], fast: fast) }
    let general = diagnostics(false)
    #expect(general.count == 3)
    #expect(diagnostics(true) == general)
  }

  /// Schools read whole (YAML files, CSV tables) take the fast path too.
  @Test(arguments: ["examples/district", "examples/district-csv"])
  func exampleDistrict(_ data: String) throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    let paths = [Self.root + "/" + data]
    let general = try Self.run(pack, paths, keep: nil, fast: false)
    let fast = try Self.run(pack, paths, keep: nil, fast: true)
    #expect(fast.bytes == general.bytes)
    #expect(fast.warnings == general.warnings)
  }

  /// Streamed CSV tables are typed straight into slots, rows joined there,
  /// where the cells allow it (no values, maps or lists built); a cell the
  /// quick typing leaves to YAML, or a school with on-site observations,
  /// takes the general path for that school. Same output either way.
  @Test func csvRowsIntoSlots() throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    var files = CSVStreamTests.tables(30, order: .shuffled)
    let edge = """
      E1,边一,primary,区1,~,60,null,1000
      E2,边二,junior,区2, 900 ,NULL,,
      E3,边三,primary,区1,0x10,60,100,1000
      E4,边四,nine_year,区3,1200,45,300,1000

      """
    files["schools.csv"] = (files["schools.csv"] ?? Data()) + Data(edge.utf8)
    files["staff-more.csv"] = Data(
      """
      school_id,id,role,subjects,weekly_periods,full_time
      E1,E1-T1,teacher,mental_health；pe,12,是
      E2,E2-T1,teacher,;,~,否
      E4,E4-T1,teacher, pe ; math ,0x10,true

      """.utf8)
    files["classes-more.csv"] = Data("school_id,id,grade,students\nE2,E2-C1,8,~\nE4,E4-C1,3,46\n".utf8)
    let dir = try CSVStreamTests.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let general = try Self.run(pack, [dir], keep: nil, fast: false)
    let fast = try Self.run(pack, [dir], keep: nil, fast: true)
    #expect(general.exit != 2, "\(general.warnings)")
    #expect(fast.bytes == general.bytes)
    #expect(fast.exit == general.exit)
    #expect(fast.warnings == general.warnings)
    #expect(general.intoSlots == 0)
    // All but E3 and E4 (a cell in hexadecimal, typed by YAML).
    #expect(fast.intoSlots == 32)
  }

  /// A key the dictionary lacks (an export's extra column) no longer sends
  /// the line to the YAML path: the fast reader skips its plain value and
  /// gives the general path's `data.unknown-field` warning — same path,
  /// suggestion, line and column (in characters) — and the same findings.
  /// Values that are not plain, duplicates and escapes still go the general way.
  @Test(arguments: ["Benchmarks/pack", "rules"])
  func unknownKeysAreSkippedWithTheSameWarnings(_ packPath: String) throws {
    let pack = try PackLoader().load(Self.root + "/" + packPath)
    // Complete schools (no rule of the benchmark pack hands them over) with unknown keys.
    func school(_ id: String, _ top: String = "", schedule: String = "", teaching: String = "", classes: String = "", staff: String = "") -> String {
      #"{"# + top + #""id":"\#(id)","name":"学校 — 甲","level":"primary","district":"区1","students":300,"#
        + #""schedule":{"daily_pe_minutes":50,\#(schedule)"big_break_minutes":30},"#
        + #""teaching":{"screen_minutes":100,\#(teaching)"total_minutes":1000},"#
        + #""classes":[{"id":"C1","grade":3,"students":40},{"id":"C2",\#(classes)"grade":8,"students":57}],"#
        + #""staff":[{"id":"T1","role":"teacher","subjects":["mental_health"],"weekly_periods":12},{"id":"T2",\#(staff)"role":"teacher","weekly_periods":25}]}"#
    }
    let taken = [
      school("U01", #""export_batch":"2026-11","#),
      school("U02", #""备注":null,"studnets":3,"#, classes: #""班主任":"王老师","#),
      school("U03", schedule: #""daily_pe_minute":60,"x":[1,-2.5e3,0,true,null,"a"],"#, staff: #""nick":[],"#),
      school("U04", #""z1":-0.0,"z2":1E+2,"z3":false,"z4":"中文 text","z5":[ ] , "z6" : 12 ,"#),
      "  " + school("U05", teaching: #""备注":"无","#),
    ]
    let general = [
      #"{"id":"G01","level":"primary","extra":{"a":1}}"#,
      #"{"id":"G02","level":"primary","extra":[[1]]}"#,
      #"{"id":"G03","level":"primary","ex\u0074ra":1}"#,
      #"{"id":"G04","level":"primary","extra":"a\nb"}"#,
      #"{"id":"G05","level":"primary","extra":01}"#,
      #"{"id":"G06","level":"primary","extra":1.}"#,
      #"{"id":"G07","level":"primary","extra":0x10}"#,
      #"{"id":"G08","level":"primary","extra":1,"students":5,"observations":[]}"#,
    ]
    let file = TestScratch.folder + "dudao-fast-\(UUID().uuidString).jsonl"
    try (Self.data(10) + (taken + general).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let slow = try Self.run(pack, [file], keep: nil, fast: false)
    let fast = try Self.run(pack, [file], keep: nil, fast: true)
    #expect(fast.bytes == slow.bytes)
    #expect(fast.exit == slow.exit)
    #expect(fast.warnings == slow.warnings)
    let unknown = fast.warnings.filter { $0.hasPrefix("data.unknown-field") }
    #expect(unknown.count == taken.count + 9 + general.count, "\(unknown)")
    // line:column of a key (column in characters, as libyaml counts).
    let first = Self.data(10).split(separator: "\n").count + 1
    func at(_ k: Int, _ key: String) -> String {
      let line = taken[k]
      let column = line.range(of: "\"\(key)\"").map { line.unicodeScalars[..<$0.lowerBound].count + 1 } ?? 0
      return ":\(first + k):\(column) "
    }
    #expect(unknown.contains { $0.contains(at(0, "export_batch")) && $0.contains("school.export_batch，") })
    #expect(unknown.contains { $0.contains(at(1, "班主任")) && $0.contains("school.classes[1].班主任，") })
    #expect(unknown.contains { $0.contains(at(2, "daily_pe_minute")) && $0.contains("是否应为 school.schedule.daily_pe_minutes？") })
    #expect(unknown.contains { $0.contains(at(2, "nick")) && $0.contains("school.staff[1].nick，") })
    #expect(unknown.contains { $0.contains(at(4, "备注")) && $0.contains("school.teaching.备注，") })
    // The fuzzing aid agrees (it checks these lines against the YAML path).
    let probe = FastReaderProbe(dictionary: pack.dictionary)
    for line in taken {
      let problem = Array(line.utf8).withUnsafeBufferPointer { probe.disagreement($0) }
      #expect(problem == nil, "\(line)")
    }
    // The five lines above went into slots like the lines without unknown keys.
    let plainFile = TestScratch.folder + "dudao-fast-\(UUID().uuidString).jsonl"
    try Self.data(10).write(toFile: plainFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: plainFile) }
    let plain = try Self.run(pack, [plainFile], keep: nil, fast: true)
    #expect(fast.intoSlots == plain.intoSlots + (packPath == "Benchmarks/pack" ? taken.count : 0))
  }

  /// Objects of a list whose keys come in other orders, spelled by their
  /// aliases, with an unknown key or a duplicate one in the middle, or with
  /// many keys: read by the fast path as the general path reads them.
  @Test func listObjectsWithKeysInAnyOrder() throws {
    let pack = try PackLoader().load(Self.root + "/Benchmarks/pack")
    let probe = FastReaderProbe(dictionary: pack.dictionary)
    let lines = [
      #"{"id":"G1","level":"primary","classes":[{"id":"C1","grade":1,"students":40},{"grade":2,"id":"C2","students":41},{"students":42,"年级":3,"id":"C3"}]}"#,
      #"{"id":"G2","level":"junior","staff":[{"id":"T1","role":"teacher","subjects":["math"],"weekly_periods":12},{"id":"T2","nick":"x","role":"teacher","weekly_periods":30},{"id":"T3","role":"head","weekly_periods":4}]}"#,
      #"{"id":"G3","level":"junior","classes":[{"id":"C1","grade":7,"students":50},{"id":"C2","grade":7,"grade":8,"students":51}]}"#,
      #"{"id":"G5","level":"primary","classes":[{"id":"C1","grade":3,"students":7},{"id":"C2","students":8,"grade":4},{"students":9,"id":"C3","grade":5}]}"#,
      #"{"id":"G4","level":"primary","classes":[{"id":"C1","grade":1,"students":40,"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"a9":9,"a10":10,"a11":11,"a12":12,"a13":13,"a14":14},{"a1":1,"id":"C2","grade":2,"students":46}]}"#,
    ]
    for line in lines {
      #expect(Array(line.utf8).withUnsafeBufferPointer { probe.disagreement($0) } == nil, "\(line)")
    }
    // Without the duplicate key (G3), a report; with it, its error.
    for (chosen, valid) in [(lines.filter { !$0.contains("G3") }, true), (lines, false)] {
      let file = TestScratch.folder + "dudao-fast-\(UUID().uuidString).jsonl"
      try (Self.data(5) + chosen.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: file) }
      func outcome(_ fast: Bool) -> String {
        do {
          let r = try Self.run(pack, [file], keep: nil, fast: fast)
          return "\(r.exit) \(r.warnings) \(r.bytes)"
        } catch {
          return "\(error)"
        }
      }
      let general = outcome(false)
      #expect(outcome(true) == general)
      #expect(general.contains("school:G4") == valid, "\(general.prefix(300))")
    }
  }

  /// `JSONCursor.stringBytes` skips eight plain bytes at a time: it must
  /// stop exactly where the byte-by-byte scan does, for every special byte
  /// (`"`, `\\`, controls, DEL, non-ASCII, the sequences YAML treats
  /// specially) at every position of strings of every length up to 24.
  @Test func stringScanAgreesWithBytewise() {
    func bytewise(_ b: [UInt8]) -> Int? {
      var i = 1
      while i < b.count {
        let c = b[i]
        if c == UInt8(ascii: "\"") { return i }
        if c == UInt8(ascii: "\\") || c < 0x20 || c == 0x7F { return nil }
        if c == 0xC2, i + 1 < b.count, b[i + 1] < 0xA0 { return nil }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return nil }
        if c == 0xEF, i + 2 < b.count, b[i + 1] == 0xBB || b[i + 1] == 0xBF, b[i + 2] >= 0xBE { return nil }
        i += 1
      }
      return nil
    }
    let specials: [[UInt8]] = [[0x22], [0x5C], [0x00], [0x1F], [0x7F], [0x20], [0x21], [0x5B], [0xC2, 0x85], [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xE4, 0xB8, 0xAD], [0xEF, 0xBB, 0xBF]]
    for length in 0...24 {
      for special in specials {
        for at in 0...length {
          var line: [UInt8] = [0x22] + Array(repeating: UInt8(ascii: "a"), count: length)
          line.insert(contentsOf: special, at: 1 + at)
          for tail in [[UInt8](), [0x22], [0x22, 0x2C, 0x22, 0x78, 0x22]] {
            let b = line + tail
            let expected = bytewise(b)
            let got = b.withUnsafeBufferPointer { p -> Int? in
              var c = JSONCursor(bytes: p)
              guard let s = c.stringBytes() else { return nil }
              #expect(c.position == 1 + s.count + 1)
              return 1 + s.count
            }
            #expect(got == expected, "\(b)")
          }
        }
      }
    }
  }

  /// The UTF-8 check that skips eight ASCII bytes at a time finds the same
  /// first bad byte as the longest valid prefix says, wherever the bad or
  /// multi-byte sequence sits relative to the eight-byte steps.
  @Test func utf8CheckFindsTheFirstBadByte() {
    func longestValidPrefix(_ b: [UInt8]) -> Int? {
      if String(validating: b, as: UTF8.self) != nil { return nil }
      var k = b.count
      while k > 0, String(validating: b[..<k], as: UTF8.self) == nil { k -= 1 }
      return k
    }
    let pieces: [[UInt8]] = [
      [0xE4, 0xB8, 0xAD], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xFF], [0xC0, 0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xC2],
    ]
    for length in 0...20 {
      for piece in pieces {
        for at in 0...length {
          for second in [nil, [0xE4, 0xB8, 0xAD], [0x80], [0xE4, 0xB8]] as [[UInt8]?] {
            var b = Array(repeating: UInt8(ascii: "a"), count: length)
            b.insert(contentsOf: piece, at: at)
            if let second { b += Array(repeating: UInt8(ascii: "b"), count: length % 9) + second }
            let got = b.withUnsafeBufferPointer { CSVReader.invalidUTF8($0) }
            #expect(got == longestValidPrefix(b), "\(b)")
          }
        }
      }
    }
  }

  /// The benchmark pack compiles entirely to fast programs (else the
  /// benchmark would measure the general evaluator).
  @Test func benchmarkPackIsAllFast() throws {
    let pack = try PackLoader().load(Self.root + "/Benchmarks/pack")
    let engine = try Engine(pack: pack)
    let plan = try #require(FastPlan(engine: engine, asOf: Self.asOf, planned: MergeState.plans(engine)))
    #expect(plan.rules.count == 9)
    #expect(plan.rules.allSatisfy { $0.fast != nil })
    #expect(plan.parts.count == 1)
    #expect(plan.parts.allSatisfy { $0 != nil })
  }

  /// Every district rule of the standard pack is planned (one small value
  /// per school and part, not the schools): the balance rules
  /// `schools.filter(s, P).map(t, E)` and `size(schools.filter(s, P))` too.
  @Test func districtRulesArePlanned() throws {
    let engine = try Engine(pack: PackLoader().load(Self.root + "/rules"))
    let plans = MergeState.plans(engine)
    #expect(plans.count >= 5)
    let unplanned = plans.filter { $0.plan == nil }.map { engine.rules[$0.rule].rule.id }
    #expect(unplanned.isEmpty, "\(unplanned)")
  }

  /// A line the fast reader takes gives the same school as the general reader.
  @Test func readerAgreesWithGeneralReader() throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    let reader = JSONRecordReader(dictionary: pack.dictionary)
    let layout = try #require(FastLayout(reader: reader))
    var taken = 0
    for line in Self.data(120).split(separator: "\n") {
      let bytes = Array(line.utf8)
      bytes.withUnsafeBufferPointer { b in
        guard let fast = layout.school(b) else { return }
        taken += 1
        let general = reader.school(b)
        #expect(general != nil, "\(line)")
        guard let general else { return }
        #expect(fast.id == general.id)
        #expect(fast.name == general.name)
        #expect(fast.district == general.district)
        #expect(fast.column == general.column)
        // The slots hold what converting the general value gives.
        let converted = layout.record(general.value)
        #expect(converted?.tags.count == fast.record.tags.count, "\(line)")
        #expect(converted?.bytes.count == fast.record.bytes.count)
      }
    }
    #expect(taken >= 120)
  }
}
