import DudaoDiagnostics
@testable import DudaoEngine
import DudaoExpr
import DudaoRules
import Testing

@Suite struct StatusTests {
  static let peRule = """
    rules:
      - id: PE.DAILY
        title: { zh: 每天体育活动, en: Daily PE }
    \(TempPack.source)
        applies: { levels: [primary, junior] }
        params: { min_minutes: 60 }
        check: school.schedule.daily_pe_minutes >= params.min_minutes
        message: { zh: "每天 {{school.schedule.daily_pe_minutes}} 分钟", en: "{{school.schedule.daily_pe_minutes}} minutes a day" }
        severity: major
        rectify: { responsible: 校长, measures: 落实 }
    """

  @Test func passAndFailWithObservedAndRequirement() throws {
    let pack = try TempPack.with(rules: Self.peRule)
    let run = try pack.run("""
      schools:
        - { id: A, level: primary, schedule: { daily_pe_minutes: 60 } }
        - { id: B, level: junior, schedule: { daily_pe_minutes: 45 } }
      """)
    #expect(run.findings.map(\.status) == [.pass, .fail])
    let fail = run.findings[1]
    #expect(fail.observed == .int(45))
    #expect(fail.requirement?.zh == "≥ 60")
    #expect(fail.message?.zh == "每天 45 分钟")
    #expect(fail.responsible?.zh == "校长")
    // This pack has no calendar: the statutory fallback (10-01..03 off, 10-04 a Sunday) gives 10-05, provisional.
    #expect(fail.deadline?.date.description == "2026-10-05")
    #expect(fail.deadline?.provisional == true)
    #expect(run.warnings.contains { $0.code == "calendar.provisional" })
    #expect(run.exitStatus(strict: false) == 1)
  }

  @Test func missingFieldIsUnknownWithPath() throws {
    let pack = try TempPack.with(rules: Self.peRule)
    let run = try pack.run("school: { id: A, level: primary }")
    #expect(run.findings.map(\.status) == [.unknown])
    #expect(run.findings[0].missing == ["school.schedule.daily_pe_minutes"])
    #expect(run.exitStatus(strict: false) == 0)
    #expect(run.exitStatus(strict: true) == 1)
  }

  @Test func missingLevelIsUnknown() throws {
    let pack = try TempPack.with(rules: Self.peRule)
    let run = try pack.run("school: { id: A, schedule: { daily_pe_minutes: 10 } }")
    #expect(run.findings[0].status == .unknown)
    #expect(run.findings[0].missing == ["school.level"])
  }

  @Test func otherLevelIsNotApplicable() throws {
    let pack = try TempPack.with(rules: Self.peRule)
    let run = try pack.run("school: { id: A, level: senior, schedule: { daily_pe_minutes: 10 } }")
    #expect(run.findings[0].status == .notApplicable)
  }

  @Test func whenGuardAndEffectiveDates() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: R.WHEN
          title: t
      \(TempPack.source)
          applies: { when: "!school.special" }
          effective: { from: 2026-01-01, until: 2026-12-31 }
          check: school.students <= 2000
          severity: minor
      """)
    #expect(try pack.run("school: { id: A, special: true, students: 3000 }").findings[0].status == .notApplicable)
    #expect(try pack.run("school: { id: A, special: false, students: 3000 }").findings[0].status == .fail)
    #expect(try pack.run("school: { id: A, special: false, students: 3000 }", asOf: "2025-12-31").findings[0].status == .notApplicable)
    #expect(try pack.run("school: { id: A, special: false, students: 3000 }", asOf: "2027-01-01").findings[0].status == .notApplicable)
    #expect(try pack.run("school: { id: A, students: 3000 }").findings[0].missing == ["school.special"])
  }

  @Test func runtimeErrorIsARuleDefect() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: R.DIV
          title: t
      \(TempPack.source)
          check: school.students / (school.students - school.students) > 1
          severity: minor
      """)
    let f = try pack.run("school: { id: A, students: 10 }").findings[0]
    #expect(f.status == .error)
    #expect(f.detail?.en.contains("rule defect") == true)
    #expect(f.detail?.en.contains("r.yaml:5:") == true)
  }

  @Test func unsetLocalParameterIsNotApplicable() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: LOAD.X
          title: t
      \(TempPack.source)
          params: { max_weekly_periods: null }
          for_each: { teacher: "school.staff.filter(s, s.role == 'teacher')" }
          check: teacher.weekly_periods <= params.max_weekly_periods
          severity: minor
      """)
    let f = try pack.run("school: { id: A, staff: [ { id: T1, role: teacher, weekly_periods: 30 } ] }").findings
    #expect(f.map(\.status) == [.notApplicable])
    #expect(f[0].detail?.en.contains("max_weekly_periods") == true)
  }

  @Test func forEachOverAFilteredListNamesTheElementInTheList() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: CLASS.SIZE
          title: t
      \(TempPack.source)
          for_each: { class: "school.classes.filter(c, c.grade >= 7).filter(c, has(c.id))" }
          check: "class.students <= 50"
          severity: major
      """)
    let run = try pack.run("school: { id: A, classes: [ { id: '7-2', grade: 7 } ] }")
    #expect(run.findings.map(\.missing) == [["school.classes[7-2].students"]])
    #expect(Engine.elementBase("school.classes.map(c, c)") == "school.classes")
    #expect(Engine.elementBase("[1, 2].filter(x, x > 1)") == "[1, 2].filter(x, x > 1)")
  }

  @Test func forEachGivesOneFindingPerElement() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: CLASS.SIZE
          title: t
      \(TempPack.source)
          for_each: { class: school.classes }
          check: "class.students <= (class.grade <= 6 ? 45 : 50)"
          severity: major
      """)
    let run = try pack.run("""
      school:
        id: A
        classes:
          - { id: "1-1", grade: 1, students: 46 }
          - { id: "7-1", grade: 7, students: 46 }
          - { id: "7-2", grade: 7 }
      """)
    #expect(run.findings.map(\.subject.id) == ["1-1", "7-1", "7-2"])
    #expect(run.findings.map(\.subject.kind) == ["class", "class", "class"])
    #expect(run.findings.map(\.status) == [.fail, .pass, .unknown])
    #expect(run.findings[2].missing == ["school.classes[7-2].students"])
    #expect(Set(run.findings.map(\.key)).count == 3)
  }

  @Test func districtScopeSeesAllSchools() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: DISTRICT.CV
          title: t
          scope: district
      \(TempPack.source)
          check: "cv(schools.map(s, double(s.students))) <= 0.5"
          severity: major
      """)
    let run = try pack.run("""
      schools:
        - { id: A, district: 翔安区, students: 100 }
        - { id: B, district: 翔安区, students: 1000 }
      """)
    #expect(run.findings.count == 1)
    #expect(run.findings[0].subject == Subject(kind: "district", id: "翔安区"))
    #expect(run.findings[0].status == .fail)
  }

  @Test func keysAreStableAcrossRuns() throws {
    let pack = try TempPack.with(rules: Self.peRule)
    let data = "school: { id: A, level: primary, schedule: { daily_pe_minutes: 45 } }"
    #expect(try pack.run(data).findings[0].key == pack.run(data).findings[0].key)
    #expect(Engine.key(school: "A", rule: "PE.DAILY", subject: Subject(kind: "school", id: "A")) == (try pack.run(data).findings[0].key))
  }
}
