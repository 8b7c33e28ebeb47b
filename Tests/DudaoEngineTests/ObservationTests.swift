import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// On-site observations replace reported values; findings say so, with the date.
@Suite struct ObservationTests {
  static let pack = Result { try PackLoader().load(RuleExampleTests.root + "/rules") }
  static let asOf = Day(iso: "2026-11-23")!

  /// A junior school reporting a 30-minute big break and classes of 45 and 48.
  static func school(observations: String) -> String {
    """
    school:
      id: "S1"
      name: 测试中学
      level: junior
      district: 测试区
      students: 900
      schedule: { daily_pe_minutes: 70, big_break_minutes: 30 }
      classes:
        - { id: "7-1", grade: 7, students: 45 }
        - { id: "7-2", grade: 7, students: 48 }
      observations:
    \(observations)
    """
  }

  /// Files in a fresh folder, checked with the standard pack.
  static func run(_ files: [String: String]) throws -> Result<Run, DiagnosticList> {
    let pack = try Self.pack.get()
    let dir = TestScratch.folder + "dudao-obs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    let engine = try Engine(pack: pack)
    return Result { () throws(DiagnosticList) in
      engine.evaluate(try DatasetLoader(dictionary: pack.dictionary).load(paths: files.keys.sorted().map { dir + "/" + $0 }), asOf: asOf)
    }
  }

  static func finding(_ run: Run, _ rule: String, subject: String = "S1") throws -> Finding {
    try #require(run.findings.first { $0.rule.id == rule && $0.subject.id == subject })
  }

  struct OverrideCase: Sendable, CustomTestStringConvertible {
    var name: String
    var item: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    OverrideCase(name: "field path", item: "schedule.big_break_minutes"),
    OverrideCase(name: "field path with school.", item: "school.schedule.big_break_minutes"),
    OverrideCase(name: "rule id reading one field", item: "PE.BIG_BREAK"),
  ])
  func observedValueReplacesReportedOne(_ c: OverrideCase) throws {
    let run = try Self.run(["s.yaml": Self.school(observations: "    - { date: 2026-11-20, item: \(c.item), value: 20, note: 只做了早操 }")]).get()
    let f = try Self.finding(run, "PE.BIG_BREAK")
    #expect(f.status == .fail)
    #expect(f.observed == .int(20))
    let o = try #require(f.onSite.first)
    #expect(o.path == "school.schedule.big_break_minutes")
    #expect(o.date == Day(iso: "2026-11-20"))
    #expect(o.value == .int(20) && o.reported == .int(30) && o.note == "只做了早操")
    #expect(o.summary.zh == "现场核查（2026-11-20）：大课间体育活动时间 20（学校填报 30）")
    // A rule that does not read the field is not marked.
    #expect(try Self.finding(run, "PE.DAILY_ACTIVITY").onSite.isEmpty)
  }

  @Test func elementObservationMarksOnlyThatElement() throws {
    let run = try Self.run(["s.yaml": Self.school(observations: "    - { date: 2026-11-20, item: \"classes[7-2].students\", value: 57 }")]).get()
    let f = try Self.finding(run, "CLASS.OVERSIZE", subject: "7-2")
    #expect(f.status == .fail && f.observed == .int(57))
    #expect(f.onSite.map(\.path) == ["school.classes[7-2].students"])
    #expect(f.onSite.first?.summary.zh == "现场核查（2026-11-20）：班级 7-2 班额 57（学校填报 48）")
    #expect(try Self.finding(run, "CLASS.OVERSIZE", subject: "7-1").onSite.isEmpty)
  }

  @Test func latestObservationWins() throws {
    let run = try Self.run(["s.yaml": Self.school(observations: """
          - { date: 2026-11-21, item: schedule.big_break_minutes, value: 35 }
          - { date: 2026-11-20, item: schedule.big_break_minutes, value: 20 }
      """)]).get()
    let f = try Self.finding(run, "PE.BIG_BREAK")
    #expect(f.status == .pass && f.observed == .int(35) && f.onSite.first?.date == Day(iso: "2026-11-21"))
  }

  @Test func recordsAndEmptyValuesChangeNothing() throws {
    let run = try Self.run(["s.yaml": Self.school(observations: """
          - { date: 2026-11-20, item: 校园安全巡查, value: 未见隐患 }
          - { date: 2026-11-20, item: STAFF.PSYCH_TEACHER, value: false }
          - { date: 2026-11-20, item: schedule.big_break_minutes, value: "" }
      """)]).get()
    #expect(run.findings.allSatisfy { $0.onSite.isEmpty })
    #expect(try Self.finding(run, "PE.BIG_BREAK").observed == .int(30))
    #expect(!run.warnings.contains { $0.code.hasPrefix("observation.") })
  }

  struct WarnCase: Sendable, CustomTestStringConvertible {
    var name: String
    var observation: String
    var code: String
    var says: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    WarnCase(name: "value of the wrong type", observation: "{ date: 2026-11-20, item: schedule.big_break_minutes, value: 很长 }",
             code: "observation.wrong-type", says: "结果“很长”与该字段的类型不符，未采用；请按整数填写"),
    WarnCase(name: "unknown field", observation: "{ date: 2026-11-20, item: schedule.big_brake, value: 20 }",
             code: "observation.unknown-item", says: "“schedule.big_brake”不是数据字典中的字段"),
    WarnCase(name: "no such class", observation: "{ date: 2026-11-20, item: \"classes[9-9].students\", value: 20 }",
             code: "observation.no-element", says: "没有编号为 9-9 的 classes 项"),
    WarnCase(name: "no date", observation: "{ item: schedule.big_break_minutes, value: 20 }",
             code: "observation.no-date", says: "没有日期"),
  ])
  func badObservationIsAWarningNamingTheSchool(_ c: WarnCase) throws {
    let run = try Self.run(["s.yaml": Self.school(observations: "    - " + c.observation)]).get()
    let w = try #require(run.warnings.first { $0.code == c.code })
    #expect(w.message.zh.contains(c.says), "\(w.message.zh)")
    #expect(w.message.zh.contains("S1"))
    #expect(w.location?.file.hasSuffix("s.yaml") == true)
  }

  static let plain = """
    school: { id: "S1", name: 测试中学, level: junior, district: 测试区, students: 900, schedule: { daily_pe_minutes: 70, big_break_minutes: 30 } }
    """

  @Test func filledChecklistJoinsItsSchool() throws {
    let checklist = """
      checklist: { school_id: "S1", date: 2026-11-20 }
      observations:
        - { item: schedule.big_break_minutes, rule: PE.BIG_BREAK, reported: 30, value: 25, note: 时长不足 }
        - { item: schedule.daily_pe_minutes, rule: PE.DAILY_ACTIVITY, reported: 70, value: }
      """
    let run = try Self.run(["a.yaml": Self.plain, "b-checklist.yaml": checklist]).get()
    let f = try Self.finding(run, "PE.BIG_BREAK")
    #expect(f.status == .fail && f.observed == .int(25))
    #expect(f.onSite.first?.date == Day(iso: "2026-11-20") && f.onSite.first?.note == "时长不足")
    #expect(try Self.finding(run, "PE.DAILY_ACTIVITY").onSite.isEmpty)
    let json = JSONReporter().render(ReportModel(run, language: .zh))
    #expect(json.contains("\"path\": \"school.schedule.big_break_minutes\""))
    #expect(json.contains("\"date\": \"2026-11-20\""))
  }

  struct BadChecklist: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var code: String
    var at: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    BadChecklist(name: "no school id", yaml: "checklist: { date: 2026-11-20 }\nobservations: []\n", code: "checklist.no-school", at: "1:12"),
    BadChecklist(
      name: "value not a number", yaml: "checklist: { school_id: S1, date: 2026-11-20 }\nobservations:\n  - { item: schedule.big_break_minutes, value: 很长 }\n",
      code: "checklist.wrong-type", at: "3:48"),
    BadChecklist(
      name: "no date", yaml: "checklist: { school_id: S1 }\nobservations:\n  - { item: schedule.big_break_minutes, value: 20 }\n",
      code: "checklist.no-date", at: "3:48"),
    BadChecklist(
      name: "bad date", yaml: "checklist: { school_id: S1, date: 11月20日 }\nobservations: []\n", code: "data.wrong-type", at: "1:35"),
    BadChecklist(
      name: "unknown school", yaml: "checklist: { school_id: S9, date: 2026-11-20 }\nobservations:\n  - { item: schedule.big_break_minutes, value: 20 }\n",
      code: "csv.unknown-school", at: "1:25"),
    BadChecklist(name: "observations not a list", yaml: "checklist: { school_id: S1 }\nobservations: 20\n", code: "data.wrong-type", at: "2:15"),
  ])
  func badChecklistIsAnErrorWithPosition(_ c: BadChecklist) throws {
    let result = try Self.run(["a.yaml": Self.plain, "c.yaml": c.yaml])
    guard case .failure(let list) = result else {
      Issue.record("checklist accepted")
      return
    }
    let d = try #require(list.diagnostics.first)
    #expect(d.code == c.code)
    #expect(d.location.map { "\($0.line):\($0.column)" } == c.at)
    #expect(d.location?.file.hasSuffix("c.yaml") == true)
  }
}

/// The YAML checklist reads back as an observations file, whatever the data holds.
@Suite struct ChecklistRendererTests {
  static let hostile = """
    school:
      id: "S\\"1: #x"
      name: "名称\\n# injected: true\\nschool: { id: evil }"
      level: junior
      students: 900
      schedule: { daily_pe_minutes: 70, big_break_minutes: 30 }
      classes: [ { id: "7-1[b]\\" #", grade: 7, students: 45 } ]
    """

  @Test func yamlChecklistOfAHostileSchoolReadsBack() throws {
    let pack = try ObservationTests.pack.get()
    let dir = TestScratch.folder + "dudao-cl-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Data(Self.hostile.utf8).write(to: URL(fileURLWithPath: dir + "/a.yaml"))
    let loader = DatasetLoader(dictionary: pack.dictionary)
    let school = try #require(try loader.load(paths: [dir + "/a.yaml"]).schools.first)
    let engine = try Engine(pack: pack)
    let checklist = engine.checklist(for: school, asOf: ObservationTests.asOf)
    #expect(checklist.items.contains { $0.item == "classes[7-1[b]\" #].students" && $0.reported == .int(45) })
    let yaml = ChecklistRenderer(checklist, dictionary: pack.dictionary, language: .zh).yaml()
    #expect(!yaml.contains("\n# injected") && !yaml.contains("\nschool:"))
    // Fill two items and check.
    var filled = yaml.replacingOccurrences(of: "  date:         #", with: "  date: 2026-11-20  #")
    for item in ["\"schedule.big_break_minutes\"", "\"classes[7-1[b]\\\" #].students\""] {
      let r = try #require(filled.range(of: "  - item: " + item))
      let v = try #require(filled.range(of: "    value:\n", range: r.upperBound..<filled.endIndex))
      filled.replaceSubrange(v, with: "    value: 60\n")
    }
    try Data(filled.utf8).write(to: URL(fileURLWithPath: dir + "/b.yaml"))
    let run = engine.evaluate(try loader.load(paths: [dir + "/a.yaml", dir + "/b.yaml"]), asOf: ObservationTests.asOf)
    let oversize = try #require(run.findings.first { $0.rule.id == "CLASS.OVERSIZE" })
    #expect(oversize.status == .fail && oversize.onSite.first?.path == "school.classes[7-1[b]\" #].students")
    #expect(run.findings.first { $0.rule.id == "PE.BIG_BREAK" }?.observed == .int(60))
  }
}
