import DudaoDiagnostics
import DudaoExpr
import Foundation
import Testing

@testable import DudaoEngine

/// The lean read of CSV tables with errors (`leanCSV`): chunks instead of
/// whole files, child rows on disk instead of in memory, the same errors.
@Suite struct CSVLeanReadTests {
  /// Rows come back in the order added, across the 1 MB flushes, after a
  /// truncation both inside the buffer and back into the written file.
  @Test func childLogKeepsRowsAcrossFlushes() throws {
    let log = try #require(CSVChildLog())
    func row(_ k: Int) -> CSVChildRow {
      CSVChildRow(
        schoolID: "S\(k % 997)", listField: k % 3 == 0 ? "classes" : "staff",
        value: k % 5 == 0 ? .map(MapValue([])) : .map(MapValue([(key: .string("id"), value: .string("工号-\(k)"))])),
        location: SourceLocation(file: k % 2 == 0 ? "a.csv" : "目录/b.csv", line: k + 2, column: 1),
        joinLocation: SourceLocation(file: k % 2 == 0 ? "a.csv" : "目录/b.csv", line: k + 2, column: 3 + k % 4),
        joinHeader: k % 3 == 0 ? "school_id" : "学校代码")
    }
    func text(_ r: CSVChildRow) -> String {
      var id = "-"
      if case .map(let m) = r.value, case .string(let s)? = m[.string("id")] { id = s }
      return "\(r.schoolID) \(r.listField) \(r.joinHeader) \(id) \(r.location) \(r.joinLocation)"
    }
    var expected: [String] = []
    for k in 0..<30_000 {
      log.append(row(k))
      expected.append(text(row(k)))
    }
    let mark = log.mark
    for k in 30_000..<60_000 { log.append(row(k)) }  // past at least one more flush
    log.truncate(to: mark)
    for k in 60_000..<60_100 {
      log.append(row(k))
      expected.append(text(row(k)))
    }
    let inBuffer = log.mark
    for k in 60_100..<60_110 { log.append(row(k)) }
    log.truncate(to: inBuffer)
    #expect(log.count == expected.count)
    var got: [String] = []
    let ok = log.forEach { r in
      got.append("\(r.schoolID) \(r.listField) \(r.joinHeader) \(r.id ?? "-") \(r.location) \(r.joinLocation)")
    }
    #expect(ok)
    #expect(!log.failed)
    #expect(got == expected)
  }

  /// Duplicate element ids far apart in shuffled tables, more unknown
  /// schools than get suggestions, a bad cell, a YAML school with its own
  /// staff: the lean read gives exactly the whole read's errors, with any
  /// chunk size (GB18030 found after the first chunks too).
  @Test(arguments: [false, true])
  func sameErrorsAsTheWholeRead(_ gb: Bool) throws {
    var files = CSVStreamTests.tables(40, order: .shuffled, gb: gb)
    var more = ["学校代码,工号,岗位类别,任教学科,是否专职,周课时"]
    let d = CSVStreamTests.district(40)
    let someone = try #require(d.staff.first { !$0.isEmpty }?.first)
    more.append(someone)  // the same staff member again: a duplicate id
    for k in 0..<25 { more.append("Q\(k),Q\(k)-T1,teacher,math,true,10") }
    let first = try #require(someone.split(separator: ",").first)
    more.append("\(first),\(first)-T99,teacher,math,true,很多")
    files["staff_more.csv"] = gb ? CSVStreamTests.gb18030(more.joined(separator: "\n") + "\n") : Data((more.joined(separator: "\n") + "\n").utf8)
    files["z-school.yaml"] = Data(
      """
      school:
        id: Y1
        name: 外校
        staff: [ { id: Y1-T1, role: teacher } ]

      """.utf8)
    files["staff_y.csv"] = Data("学校代码,工号,岗位类别\nY1,Y1-T1,teacher\nY1,Y1-T2,teacher\n".utf8)
    let dir = try CSVStreamTests.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let dictionary = try CSVStreamTests.pack.get().dictionary
    func errors(lean: Bool, chunk: Int) -> [Diagnostic] {
      var loader = DatasetLoader(dictionary: dictionary)
      loader.leanCSV = lean
      loader.csvChunkBytes = chunk
      do {
        _ = try loader.load(paths: [dir])
        return []
      } catch {
        return error.diagnostics
      }
    }
    let whole = errors(lean: false, chunk: 1 << 20)
    #expect(whole.count >= 28, "\(whole.map(\.code))")
    #expect(whole.contains { $0.code == "data.duplicate-id" && $0.message.zh.contains("Y1-T1") }, "\(whole.map { "\($0.code) \($0.message.zh)" })")
    for chunk in [1, 7, 1 << 20] {
      #expect(errors(lean: true, chunk: chunk) == whole, "chunk \(chunk)")
    }
  }

  /// What a load of `dir` gives: its errors, or its schools (id, name,
  /// district, place) and warnings when there are none.
  static func outcome(_ dir: String, lean: Bool, chunk: Int = 1 << 20) throws -> [String] {
    var loader = DatasetLoader(dictionary: try CSVStreamTests.pack.get().dictionary)
    loader.leanCSV = lean
    loader.csvChunkBytes = chunk
    func text(_ d: Diagnostic) -> String {
      "\(d.severity) \(d.code) \(d.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \(d.message.zh) | \(d.message.en)"
    }
    do {
      let dataset = try loader.load(paths: [dir])
      return dataset.schools.map { "\($0.id) \($0.name) \($0.district ?? "-") \($0.location)" } + dataset.warnings.map(text)
    } catch {
      return error.diagnostics.map(text)
    }
  }

  /// Bad tables beside generated good ones (UTF-8, GB18030 with CRLF):
  /// every kind of cell that does not type (in every column type), ragged
  /// rows, empty, null and duplicate ids, unknown schools, quoted rows, null
  /// words, bad school rows, several errors at once, in the first and last
  /// rows. The lean read (plain rows taken from their bytes) gives exactly
  /// the diagnostics of `load`, in any chunk size; and without errors, the
  /// same schools and warnings.
  @Test(arguments: [
    ("class cells", "classes_bad.csv", "school_id,id,grade,students,homework_minutes,sleep_hours\nS0000,b1,0,30,,\nS0000,b2,13,30,,\nS0000,b3,3.5,30,,\nS0000,b4,+3,30,,\nS0000,b5,3,-1,,\nS0000,b6,3,99999999999999999999,,\nS0000,b7,3,-,,\nS0000,b8,3,30,601,\nS0000,b9,3,30,,abc\nS0000,b10,3,30,,25\nS0000,b11,3,30,,NaN\nS0000,b12,3,30,,8.5\nS0000,b13,3,30,,1e1\nS0000,b14,3, 4 ,,\nS0000,b15,3,0x10,,\nS0000,b16,３,30,,\n"),
    ("staff cells", "staff_bad.csv", "school_id,id,role,subjects,full_time,weekly_periods,name\nS0000,t1,Teacher,math,true,10,甲\nS0000,t2,教师,math,true,10,乙\nS0000,t3,teacher,math；pe,maybe,10,丙\nS0000,t4,teacher,数学,是,10,丁\nS0000,t5,teacher,math,否,61,戊\nS0000,t6,teacher,math,TRUE,10,己\nS0000,t7,teacher,;;,Yes,10,庚\nS0000,t8,head,math,1,-0,辛\nS0000,t9,other,math,有,10,null\n"),
    ("null words", "staff_null.csv", "school_id,id,role,subjects,full_time,weekly_periods\nS0000,null,teacher,math,true,10\nS0000,null,teacher,math,true,10\nS0000,~,teacher,math,~,~\nS0000,NULL,Null,NULL,null,Null\nS0000,nULL,teacher,math,true,10\nnull,z1,teacher,math,true,10\n~,z2,teacher,math,true,10\n"),
    ("school rows", "schools_bad.csv", "id,name,level,district,students,schedule.daily_pe_minutes,schedule.morning_start,monitoring.rectification_report_on,facilities.sports_area_m2\nB1,乙一,primary,区1,100,60,08:00,2026-11-01,12.5\nB2,乙二,college,区1,100,60,08:00,,\nB3,乙三,junior,区1,100,2000,08:00,,\n,无号,junior,区1,100,60,,,\nnull,空号,junior,区1,,,,,\n~,空号,junior,~,,,,,\nB4,null,junior,null,,,,,\nB5,乙五,junior,区1,100,60,25:00,,\nB6,乙六,junior,区1,100,60,8:00,2026-13-01,\nB7,乙七,junior,区1,100,60,,2026/11/01,-1\nB8,乙八,junior,区1,100,60,,,abc\nB1,乙一又,junior,区1,,,,,\nS0000,又一校,junior,区1,,,,,\n"),
    ("school rows good", "schools_good.csv", "学校代码,校名,办学类型,区县,在校生数\nG1,\"甲,一\",primary,区1,100\nG2,甲二,junior,null,~\nG3,null,junior,,\nG4,甲四,nine_year,区 2 ,  7  \n"),
    ("ragged", "classes_ragged.csv", "school_id,id,grade\nS0000,r1,3,4\nS0000,r2\nS0000,r3,3,,\nS0000,r4,3, ,\t,\nS0000\nS0000,r6,3,,x\n,,,\nS0000,r7,\n"),
    ("empty and unknown schools", "classes_join.csv", "school_id,id,grade\n,e1,3\nS000O,e2,3\nQ1,e3,3\n  ,e4,3\nS0000 ,e5,3\n\tS0000,e6,3\n"),
    ("join column not first", "classes_late.csv", "id,grade,学校代码,年级备注\n班一“甲”,3,S0000,x\n班二𠀀,4,外校,y\n,5,,z\n班三,x,S0000,w\n"),
    ("duplicates across tables", "teachers.csv", "学校代码,工号,岗位类别\nS0000,S0000-T0,teacher\nS0000,dup,teacher\nS0001,dup,teacher\nS0000,dup,admin\nS0000,S0000-C0,teacher\n"),
    ("quoted rows", "classes_quoted.csv", "school_id,id,grade\n\"S0000\",q1,3\nS0000,\"q1\",3\nS0000,q2,\"abc\"\n\"S0000\",\"q3\",\"4\"\nS0000,q4,3\n\"S000O\",q5,3\nS0000,\"q6\n多行\",3\nS0000,q4,3\n"),
    ("first and last rows", "classes_ends.csv", "school_id,id,grade\nS0000,f1,abc\nS0000,f2,3\nS0001,f3,3\nS0001,f3,many\nS0001,f4,99\n"),
    ("rectification items", "rectification_items.csv", "school_id,id,issue,deadline,closed\nS0000,R1,问题,2026-12-01,false\nS0000,R2,问题,2026-02-30,false\nS0000,R3,问题,2026/12/01,否\nS0000,R4,问题,,maybe\nS0000,R1,问题,,\n"),
    ("observations", "observations.csv", "school_id,date,item,value,note\nS0000,2026-11-20,classes[S0000-C0].students,57,\nS0000,2026-11-40,PE.BIG_BREAK,20,\nS0000,,PE.BIG_BREAK,,备注\n"),
    ("unknown columns", "classes_extra.csv", "school_id,id,颜色,grade\nS0000,u1,abc,3\nS0000,u2,\"红,绿\",x\nS0000,u3,,3\n"),
  ] as [(String, String, String)])
  func leanDiagnosticsEqualLoad(_ name: String, _ file: String, _ text: String) throws {
    for (gb, crlf) in [(false, false), (true, true)] {
      var files = CSVStreamTests.tables(12, order: .shuffled, gb: gb, crlf: crlf)
      let body = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
      files[file] = gb ? CSVStreamTests.gb18030(body) : Data(body.utf8)
      let dir = try CSVStreamTests.folder(files)
      defer { try? FileManager.default.removeItem(atPath: dir) }
      let whole = try Self.outcome(dir, lean: false)
      #expect(!whole.isEmpty)
      #expect(whole.contains { $0.hasPrefix("error") } == !name.hasSuffix("good"), "\(name): \(whole)")
      for chunk in [1 << 20, 7] {
        let lean = try Self.outcome(dir, lean: true, chunk: chunk)
        #expect(lean == whole, "\(name), GB18030 \(gb), chunk \(chunk)")
      }
    }
  }

  /// A table's plain rows, each taken from its bytes (`CSVLeanPlan.take`)
  /// or typed by `csvRow`: a row taken is one `csvRow` says nothing about,
  /// and it is logged (or its school kept) exactly as `csvRow` and the log
  /// would; every good row is taken.
  @Test(arguments: [
    (
      "classes.csv", "school_id,id,grade,students,sleep_hours",
      ["S1,c1,3,40,8.5", "S1,c2,12,0,", "S1,c3,1,,7", " S1 ,\tc4 ,3,40,", "S1,,3,,", "S1,null,3,,", "S1,c5,3,,,,", "S1,~,~,~,~", "S1,班一,3,40,8", "学校𠀀,c6,3,40,", "S1,c7,+3,,"],
      ["S1,c1,0,40,", "S1,c1,3,40,x", "S1,c1,3", ",c1,3,,", "S1,c1,3,,,x", "S1,c1,3.0,,", "S1,c1,3,-1,", "S1,c1,3,,25"]
    ),
    (
      "staff.csv", "id,学校代码,岗位类别,任教学科,是否专职,周课时",
      ["T1,S1,teacher,math;pe,true,10", "T2,S1,admin,,否,", "T3,S1,head,math；体育,是,0", "T4,学校“一”,other,a b,no,60", "T5,S1,teacher,math,1,-0"],
      ["T1,S1,Teacher,math,true,10", "T1,S1,teacher,math,maybe,10", "T1,S1,teacher,math,true,61", "T1,,teacher,math,true,10", "T1,S1,teacher,math,TRUE,1"]
    ),
    (
      "schools.csv", "name,id,level,district,students,schedule.daily_pe_minutes,schedule.morning_start",
      ["甲校,S1,primary,区1,100,60,", "null,S2,junior,~,,,", "乙校𠀀,S3,nine_year,,0,1440,", ",S4,,,,,"],
      ["甲校,,primary,区1,100,60,", "甲校,null,primary,,,,", "甲校,S1,college,,,,", "甲校,S1,primary,,-1,,", "甲校,S1,primary,,,1441,", "甲校,S1,primary,,,,08:00"]
    ),
  ] as [(String, String, [String], [String])])
  func plainRowsTakenAsCSVRowTypesThem(_ file: String, _ header: String, _ good: [String], _ bad: [String]) throws {
    let loader = { () throws -> DatasetLoader in
      var l = DatasetLoader(dictionary: try CSVStreamTests.pack.get().dictionary)
      l.leanCSV = true
      return l
    }
    let lean = try loader()
    var headerRecord = CSVRecord()
    var line = 1
    _ = try Array(header.utf8).withUnsafeBufferPointer { buf in
      try CSVReader.parse(buf, file: file, atEnd: true, line: &line) { r in
        headerRecord = r
        return false
      }
    }
    var diags: [Diagnostic] = []
    let layout = try #require(lean.csvLayout(file, header: headerRecord, &diags))
    #expect(diags.isEmpty)
    func rowText(_ r: CSVChildLog.Row) -> String {
      "\(r.schoolID) \(r.listField) \(r.joinHeader) \(r.id ?? "-") \(r.location) \(r.joinLocation)"
    }
    for (k, text) in (good + bad).enumerated() {
      let bytes = Array(text.utf8)
      let raw = CSVRawRow(chunk: CSVChunk(bytes), start: 0, end: bytes.count, line: k + 2)
      let fast = try #require(CSVChildLog()), general = try #require(CSVChildLog())
      let plan = try #require(CSVLeanPlan(layout, file: file, log: fast))
      var fastSchools: [SchoolRecord] = [], schools: [SchoolRecord] = [], children: [CSVChildRow] = [], rowDiags: [Diagnostic] = []
      var cells = [Value](repeating: .null, count: layout.columns.count)
      let taken = plan.take(raw, file: file, schools: &fastSchools, log: fast)
      lean.csvRow(raw.record(positions: true), layout, file: file, cells: &cells, schools: &schools, children: &children, &rowDiags)
      for c in children { general.append(c) }
      #expect(taken == (k < good.count), "\(file): \(text)")
      guard taken else {
        #expect(fastSchools.isEmpty && fast.count == 0, "\(text)")
        continue
      }
      #expect(rowDiags.isEmpty, "\(text): \(rowDiags.map(\.code))")
      #expect(fastSchools.map { "\($0.id) \($0.name) \($0.district ?? "-") \($0.location)" } == schools.map { "\($0.id) \($0.name) \($0.district ?? "-") \($0.location)" }, "\(text)")
      var got: [String] = [], expected: [String] = []
      #expect(fast.forEach { got.append(rowText($0)) })
      #expect(general.forEach { expected.append(rowText($0)) })
      #expect(got == expected, "\(text)")
    }
  }
}
