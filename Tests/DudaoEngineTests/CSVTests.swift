import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// CSV tables: encodings, header styles, joins, and every bad input as a
/// diagnostic naming file, row and column.
@Suite struct CSVTests {
  static let root = RuleExampleTests.root
  /// The standard pack: its dictionary has the Chinese labels and aliases.
  static let pack = Result { try PackLoader().load(root + "/rules") }

  enum Encoding: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case utf8, utf8BOM, gb18030
    var testDescription: String { rawValue }

    func encode(_ text: String) -> Data {
      switch self {
      case .utf8: Data(text.utf8)
      case .utf8BOM: Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
      case .gb18030: text.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data()
      }
    }
  }

  /// A fresh folder holding `files` (UTF-8 unless given as bytes).
  static func folder(_ files: [String: String], bytes: [String: Data] = [:]) throws -> String {
    let dir = TestScratch.folder + "dudao-csv-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    for (name, data) in bytes { try data.write(to: URL(fileURLWithPath: dir + "/" + name)) }
    return dir
  }

  static func load(_ paths: [String]) throws -> Result<Dataset, DiagnosticList> {
    let dictionary = try pack.get().dictionary
    return Result { () throws(DiagnosticList) in try DatasetLoader(dictionary: dictionary).load(paths: paths) }
  }

  static func value(_ v: Value, _ path: String...) -> Value? {
    var cur = v
    for p in path {
      guard case .map(let m) = cur, let next = m[.string(p)] else { return nil }
      cur = next
    }
    return cur
  }

  // MARK: Encodings and header styles

  struct HeaderCase: Sendable, CustomTestStringConvertible {
    var name: String
    var header: String
    var path: [String]
    var testDescription: String { name }
  }

  @Test(
    arguments: Encoding.allCases,
    [
      HeaderCase(name: "field name", header: "students", path: ["students"]),
      HeaderCase(name: "dotted path", header: "schedule.daily_pe_minutes", path: ["schedule", "daily_pe_minutes"]),
      HeaderCase(name: "Chinese label", header: "在校生数", path: ["students"]),
      HeaderCase(name: "alias", header: "学生人数", path: ["students"]),
      HeaderCase(name: "nested label", header: "每天校内体育活动时间", path: ["schedule", "daily_pe_minutes"]),
    ])
  func readsEveryEncodingAndHeaderStyle(_ encoding: Encoding, _ c: HeaderCase) throws {
    let text = "学校代码,学校名称,\(c.header)\r\n3502,示范小学,120\r\n"
    let dir = try Self.folder([:], bytes: ["schools.csv": encoding.encode(text)])
    let ds = try Self.load([dir]).get()
    let school = try #require(ds.schools.first)
    #expect(school.id == "3502")
    #expect(school.name == "示范小学")
    let v = c.path.count > 1 ? Self.value(school.value, c.path[0], c.path[1]) : Self.value(school.value, c.path[0])
    #expect(v == .int(120))
    #expect(ds.warnings.isEmpty)
  }

  @Test(arguments: Encoding.allCases)
  func childTablesJoinBySchoolID(_ encoding: Encoding) throws {
    let staff = "学校代码,工号,姓名,岗位类别,任教学科,是否专职,周课时\n3502,T1,张三,专任教师,chinese；mental_health,否,16\n3502,T2,李四,teacher,math,是,\n"
    let dir = try Self.folder(
      ["schools.csv": "id,name,level\n3502,示范小学,小学\n", "classes.csv": "school_id,id,grade,students\n3502,1-1,1,40\n"],
      bytes: ["staff.csv": encoding.encode(staff)])
    let school = try #require(Self.load([dir]).get().schools.first)
    #expect(Self.value(school.value, "level") == .string("primary"))
    guard case .list(let classes)? = Self.value(school.value, "classes"), case .list(let members)? = Self.value(school.value, "staff") else {
      Issue.record("no classes or staff")
      return
    }
    #expect(classes.count == 1 && members.count == 2)
    #expect(Self.value(members[0], "subjects") == .list([.string("chinese"), .string("mental_health")]))
    #expect(Self.value(members[0], "role") == .string("teacher"))
    #expect(Self.value(members[0], "full_time") == .bool(false))
    #expect(Self.value(members[1], "weekly_periods") == nil, "an empty cell is missing")
    #expect(Self.value(members[0], "school_id") == nil, "the join column is not a field of the row")
  }

  /// A UTF-8 file with BOM converted to GB18030 as a whole keeps the BOM (84 31 95 33): it is not part of the first header.
  @Test func gb18030WithConvertedBOMReadsItsFirstHeader() throws {
    let text = "\u{FEFF}学校代码,学校名称,办学类型\n3502,示范小学,小学\n"
    let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
    #expect(gb.starts(with: [0x84, 0x31, 0x95, 0x33]))
    let dir = try Self.folder([:], bytes: ["schools.csv": gb])
    let school = try #require(Self.load([dir]).get().schools.first)
    #expect(school.id == "3502")
    #expect(Self.value(school.value, "level") == .string("primary"))
  }

  // MARK: RFC 4180

  @Test func quotedCellsDoubledQuotesAndLineBreaks() throws {
    let text = "id,name,district\r\n\"3502\",\"示范\"\"一\"\"小学, 东校区\",\"翔安\r\n区\"\r\n\r\n3503 , 二小 ,\r\n"
    let ds = try Self.load([try Self.folder(["schools.csv": text])]).get()
    #expect(ds.schools.map(\.id) == ["3502", "3503"])
    #expect(ds.schools[0].name == "示范\"一\"小学, 东校区")
    #expect(ds.schools[0].district == "翔安\r\n区")
    #expect(ds.schools[1].name == "二小")
    #expect(ds.schools[1].location.line == 5, "rows after a line break inside quotes keep their line numbers")
  }

  // MARK: Which table

  struct TableCase: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: String]
    var testDescription: String { name }
  }

  @Test(arguments: [
    TableCase(name: "English names", files: ["schools.csv": "id\nA\n", "classes.csv": "school_id,id\nA,c1\n", "staff.csv": "school_id,id\nA,t1\n"]),
    TableCase(name: "Chinese names", files: ["学校.csv": "id\nA\n", "班级.csv": "school_id,id\nA,c1\n", "教职工.csv": "school_id,id\nA,t1\n"]),
    TableCase(name: "by headers", files: ["1.csv": "学校代码,学校名称\nA,甲\n", "2.csv": "学校代码,班级编号,年级\nA,c1,1\n", "3.csv": "学校代码,工号,姓名,周课时\nA,t1,某,2\n"]),
  ])
  func tableKindFromNameOrHeaders(_ c: TableCase) throws {
    let school = try #require(Self.load([try Self.folder(c.files)]).get().schools.first)
    #expect(school.id == "A")
    guard case .list(let classes)? = Self.value(school.value, "classes"), case .list(let staff)? = Self.value(school.value, "staff") else {
      Issue.record("\(c.name): classes or staff missing")
      return
    }
    #expect(classes.count == 1 && staff.count == 1)
  }

  // MARK: Bad input

  struct BadCSV: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: String]
    var bytes: [String: [UInt8]] = [:]
    var code: String
    var at: String  // file:line:column
    var says: String = ""  // part of the Chinese message
    var testDescription: String { name }
  }

  static let schools = "id,name\nA,甲校\nB,乙校\n"

  @Test(arguments: [
    BadCSV(
      name: "wrong-typed cell", files: ["schools.csv": schools, "staff.csv": "学校代码,工号,周课时\nA,t1,16\nA,t2,很多\n"],
      code: "data.wrong-type", at: "staff.csv:3:6", says: "列“周课时” 应为整数，实际是“很多”"),
    BadCSV(
      name: "value outside an enum", files: ["schools.csv": "id,办学类型\nA,大学\n"],
      code: "data.bad-value", at: "schools.csv:2:3", says: "列“办学类型” 的值“大学”"),
    BadCSV(
      name: "out of range", files: ["schools.csv": schools, "classes.csv": "school_id,id,grade\nA,c1,13\n"],
      code: "data.out-of-range", at: "classes.csv:2:6", says: "列“grade”"),
    BadCSV(
      name: "school id matches no school", files: ["schools.csv": schools, "classes.csv": "school_id,id\nA,c1\nC,c2\n"],
      code: "csv.unknown-school", at: "classes.csv:3:1", says: "列“school_id”的学校代码 C"),
    BadCSV(
      name: "child table without school id", files: ["schools.csv": schools, "staff.csv": "工号,姓名\nt1,某\n"],
      code: "csv.no-school-id", at: "staff.csv:1:1", says: "没有学校代码列"),
    BadCSV(
      name: "empty school id", files: ["schools.csv": schools, "classes.csv": "school_id,id\n,c1\n"],
      code: "csv.no-school-id", at: "classes.csv:2:1", says: "列“school_id”为空"),
    BadCSV(
      name: "ragged row", files: ["schools.csv": "id,name\nA,甲校\nB,乙校,多余\n"],
      code: "csv.ragged-row", at: "schools.csv:3:6", says: "这一行有 3 列，表头有 2 列"),
    BadCSV(
      name: "short row", files: ["schools.csv": "id,name,district\nA,甲校\n"],
      code: "csv.ragged-row", at: "schools.csv:2:3", says: "这一行有 2 列"),
    BadCSV(
      name: "unterminated quote", files: ["schools.csv": "id,name\nA,甲校\nB,\"乙校\n"],
      code: "csv.unterminated-quote", at: "schools.csv:3:3", says: "引号"),
    BadCSV(
      name: "text after a closing quote", files: ["schools.csv": "id,name\nA,\"甲\"校\n"],
      code: "csv.bad-quote", at: "schools.csv:2:6", says: "两个"),
    BadCSV(
      name: "duplicate school id", files: ["schools.csv": "id,name\nA,甲校\nA,乙校\n"],
      code: "data.duplicate-school", at: "schools.csv:3:1", says: "学校代码 A 重复"),
    BadCSV(
      name: "duplicate class id", files: ["schools.csv": schools, "classes.csv": "school_id,id\nA,c1\nA,c1\n"],
      code: "data.duplicate-id", at: "classes.csv:3:1", says: "编号 c1 重复"),
    BadCSV(
      name: "duplicate column", files: ["schools.csv": "id,students,在校生数\nA,1,2\n"],
      code: "csv.duplicate-column", at: "schools.csv:1:13", says: "school.students"),
    BadCSV(
      name: "missing school id", files: ["schools.csv": "id,name\n,甲校\n"],
      code: "data.missing-id", at: "schools.csv:2:1", says: "缺少学校代码"),
    BadCSV(
      name: "unknown table", files: ["x.csv": "颜色,大小\n红,大\n"],
      code: "csv.unknown-table", at: "x.csv:1:1", says: "无法判断"),
    BadCSV(
      name: "neither UTF-8 nor GB18030", files: [:], bytes: ["schools.csv": Array("id,name\nA,甲\n".utf8) + [0x42, 0x2C, 0xFF, 0xFF, 0x0A]],
      code: "csv.encoding", at: "schools.csv:3:1", says: "第 3 行"),
  ])
  func badInputIsReportedWithFileRowAndHeader(_ c: BadCSV) throws {
    let dir = try Self.folder(c.files, bytes: c.bytes.mapValues { Data($0) })
    guard case .failure(let e) = try Self.load([dir]) else {
      Issue.record("\(c.name): expected a diagnostic")
      return
    }
    let d = try #require(e.diagnostics.first)
    #expect(d.code == c.code, "\(c.name): \(d.message.zh)")
    #expect(d.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } == c.at, "\(c.name): \(d.message.zh)")
    #expect(d.message.zh.contains(c.says), "\(c.name): \(d.message.zh)")
    #expect(!d.message.en.isEmpty)
  }

  @Test func unknownHeaderIsAWarningWithSuggestion() throws {
    let ds = try Self.load([try Self.folder(["schools.csv": "id,studnets,颜色\nA,1,红\n"])]).get()
    #expect(ds.warnings.map(\.code) == ["csv.unknown-header", "csv.unknown-header"])
    #expect(ds.warnings.first?.message.en.contains("did you mean 'students'") == true)
    #expect(ds.warnings.first?.location.map { "\($0.line):\($0.column)" } == "1:4")
    #expect(Self.value(try #require(ds.schools.first).value, "students") == nil, "an unknown column is not read")
  }

  /// A header row of thousands of unknown columns (as a fuzzer writes):
  /// every one is warned about, "did you mean" is worked out for the first
  /// 20 only (each costs an edit distance per known header).
  @Test func manyUnknownHeadersSuggestForTheFirstTwenty() throws {
    let headers = Array(repeating: "studnets", count: 3000)
    let ds = try Self.load([try Self.folder(["schools.csv": "id," + headers.joined(separator: ",") + "\nA" + String(repeating: ",1", count: 3000) + "\n"])]).get()
    #expect(ds.warnings.count == 3000)
    #expect(ds.warnings.allSatisfy { $0.code == "csv.unknown-header" })
    #expect(ds.warnings.prefix(20).allSatisfy { $0.message.en.contains("did you mean") })
    #expect(!ds.warnings.dropFirst(20).contains { $0.message.en.contains("did you mean") })
    #expect(ds.warnings.last?.location.map { "\($0.line)" } == "1")
  }

  /// "Did you mean" compares plain ASCII as bytes: the same choice as the
  /// distance by `Character` (the reference below), for ASCII, mixed case,
  /// Chinese, combining marks and CR LF.
  @Test func closestMatchesTheDistanceByCharacter() {
    func reference(_ word: String, _ candidates: [String]) -> String? {
      let a = Array(word.lowercased())
      var best: (String, Int)?
      for c in candidates {
        let b = Array(c.lowercased())
        guard abs(a.count - b.count) <= 2 else { continue }
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
          var cur = [i] + Array(repeating: 0, count: b.count)
          for j in stride(from: 1, through: b.count, by: 1) {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
          }
          prev = cur
        }
        if prev[b.count] <= 2, prev[b.count] < (best?.1 ?? Int.max) { best = (c, prev[b.count]) }
      }
      return best?.0
    }
    let words = ["", "a", "ID", "students", "Studnets", "studnet", "STUDENTS", "schedule.daily_pe_minutes", "schedule.daily_pe_minute", "学生数", "学生人数", "学 生", "e\u{301}", "é", "a\r\nb", "a\nb", "ab", "level", "levle", "lev", "grade", "grades", "grad"]
    for w in words {
      #expect(Diagnostic.closest(w, in: words) == reference(w, words), "\(w)")
      #expect(Diagnostic.closest(w, in: words.filter { $0 != w }) == reference(w, words.filter { $0 != w }), "\(w)")
    }
  }

  // MARK: Mixed folders

  @Test func yamlAndCSVSchoolsMakeOneDataset() throws {
    let dir = try Self.folder([
      "a.yaml": "school: { id: A, name: 甲校, classes: [ { id: c1, grade: 1, students: 40 } ] }",
      "schools.csv": "id,name\nB,乙校\n",
      "classes.csv": "school_id,id,grade\nA,c2,2\nB,c1,3\n",
    ])
    let ds = try Self.load([dir]).get()
    #expect(Set(ds.schools.map(\.id)) == ["A", "B"])
    let a = try #require(ds.schools.first { $0.id == "A" })
    guard case .list(let classes)? = Self.value(a.value, "classes") else {
      Issue.record("A has no classes")
      return
    }
    #expect(classes.compactMap { Self.value($0, "id") } == [.string("c1"), .string("c2")])
  }

  @Test func aSchoolInYAMLAndCSVIsADuplicate() throws {
    let dir = try Self.folder(["a.yaml": "school: { id: A }", "schools.csv": "id\nA\n"])
    guard case .failure(let e) = try Self.load([dir]) else {
      Issue.record("expected a duplicate school")
      return
    }
    #expect(e.diagnostics.map(\.code) == ["data.duplicate-school"])
  }

  // MARK: Same findings as YAML

  static func findings(_ paths: [String]) throws -> String {
    let pack = try Self.pack.get()
    let ds = try DatasetLoader(dictionary: pack.dictionary).load(paths: paths)
    let run = try Engine(pack: pack).evaluate(ds, asOf: #require(Day(iso: "2026-11-23")))
    let json = JSONReporter().render(ReportModel(run, language: .zh))
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let findings = try #require(object?["findings"])
    return String(decoding: try JSONSerialization.data(withJSONObject: findings, options: [.sortedKeys]), as: UTF8.self)
  }

  @Test func exampleDistrictInCSVGivesTheSameFindings() throws {
    let yaml = try Self.findings([Self.root + "/examples/district"])
    let csv = try Self.findings([Self.root + "/examples/district-csv"])
    #expect(yaml.count > 1000)
    #expect(csv == yaml)
  }

  @Test func staffNamesAreNeverPrinted() throws {
    let pack = try Self.pack.get()
    let dir = Self.root + "/examples/district-csv"
    let ds = try DatasetLoader(dictionary: pack.dictionary).load(paths: [dir])
    let run = try Engine(pack: pack).evaluate(ds, asOf: #require(Day(iso: "2026-11-23")))
    let model = ReportModel(run, language: .zh)
    let output = TextReporter(color: false, verbose: true).render(model) + JSONReporter().render(model)
    var names: [String] = []
    for s in ds.schools {
      guard case .list(let staff)? = Self.value(s.value, "staff") else { continue }
      for case .string(let n)? in staff.map({ Self.value($0, "name") }) { names.append(n) }
    }
    #expect(names.count > 20)
    #expect(names.filter { output.contains($0) }.isEmpty)
  }

  /// A generated district, written once as JSON Lines and once as CSV tables
  /// with dotted headers: both give the same findings.
  @Test func generatedDistrictMatchesJSONLines() throws {
    var jsonl = ""
    var schools = "id,name,level,district,students,schedule.daily_pe_minutes,schedule.big_break_minutes,teaching.screen_minutes,teaching.total_minutes\n"
    var classes = "school_id,id,grade,students\n"
    var staff = "school_id,id,role,subjects,full_time,weekly_periods\n"
    for i in 0..<60 {
      let id = "S\(1000 + i)", level = ["primary", "junior", "nine_year"][i % 3]
      let pe = i % 7 == 0 ? 45 : 60, brk = i % 5 == 0 ? 20 : 30, total = 1000 + 10 * i, screen = total * (20 + i % 15) / 100
      var cls: [String] = [], stf: [String] = []
      var students = 0
      for c in 0..<(8 + i % 5) {
        let size = 30 + (i * 7 + c * 13) % 35, grade = (level == "junior" ? 7 : 1) + c % 3
        students += size
        cls.append("{\"id\":\"\(id)-C\(c)\",\"grade\":\(grade),\"students\":\(size)}")
        classes += "\(id),\(id)-C\(c),\(grade),\(size)\n"
      }
      for t in 0..<(5 + i % 4) {
        let subject = t == 0 && i % 4 != 0 ? "mental_health" : ["chinese", "math", "pe"][t % 3]
        let periods = 10 + (i + t * 3) % 15
        stf.append("{\"id\":\"\(id)-T\(t)\",\"role\":\"teacher\",\"subjects\":[\"\(subject)\"],\"full_time\":true,\"weekly_periods\":\(periods)}")
        staff += "\(id),\(id)-T\(t),teacher,\(subject),true,\(periods)\n"
      }
      jsonl += "{\"id\":\"\(id)\",\"name\":\"学校\(i)\",\"level\":\"\(level)\",\"district\":\"区\(i % 3)\",\"students\":\(students),"
      jsonl += "\"schedule\":{\"daily_pe_minutes\":\(pe),\"big_break_minutes\":\(brk)},\"teaching\":{\"screen_minutes\":\(screen),\"total_minutes\":\(total)},"
      jsonl += "\"staff\":[\(stf.joined(separator: ","))],\"classes\":[\(cls.joined(separator: ","))]}\n"
      schools += "\(id),学校\(i),\(level),区\(i % 3),\(students),\(pe),\(brk),\(screen),\(total)\n"
    }
    let lines = try Self.folder(["d.jsonl": jsonl])
    let tables = try Self.folder(["schools.csv": schools, "classes.csv": classes, "staff.csv": staff])
    #expect(try Self.findings([tables]) == Self.findings([lines]))
  }
}
