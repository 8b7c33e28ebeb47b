import Foundation
import DudaoDiagnostics
import DudaoRules
import Testing

/// `dudao lint` problems: each reported with its code and file:line:column.
@Suite struct LintTests {
  func diagnostics(rules: String, extra: [String: String] = [:]) throws -> [Diagnostic] {
    let pack = try TempPack.with(rules: rules, extra: extra)
    do {
      let loaded = try pack.load()
      return loaded.warnings + RuleAnalyzer().analyze(loaded).diagnostics
    } catch {
      return error.diagnostics
    }
  }

  func located(_ ds: [Diagnostic], _ code: String) -> String? {
    ds.first { $0.code == code }.map { d in
      d.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-"
    }
  }

  @Test func unknownKeyWithSuggestion() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: "true"
          severty: major
      """)
    #expect(located(ds, "rules.unknown-key") == "r.yaml:6:5")
    #expect(ds.first { $0.code == "rules.unknown-key" }?.message.en.contains("did you mean 'severity'") == true)
  }

  @Test func missingSources() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
          check: "true"
          severity: major
      """)
    #expect(located(ds, "rules.missing-sources") == "r.yaml:2:9")
  }

  @Test func badSeverityAndRectify() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: "true"
          severity: huge
          rectify: { within: 3 weeks }
      """)
    #expect(located(ds, "rules.bad-severity") == "r.yaml:6:15")
    #expect(located(ds, "rules.bad-rectify") == "r.yaml:7:24")
  }

  @Test func duplicateIDs() throws {
    let rule = """
        - id: A.B
          title: t
      \(TempPack.source)
          check: "true"
          severity: major
      """
    let ds = try diagnostics(rules: "rules:\n" + rule + "\n" + rule)
    #expect(located(ds, "rules.duplicate-id") == "r.yaml:7:9")
    #expect(ds.first { $0.code == "rules.duplicate-id" }?.notes.first?.location?.line == 2)
  }

  @Test func typeErrorInCheckPointsIntoTheExpression() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: school.schedule.daily_pe_minute >= 60
          severity: major
      """)
    #expect(located(ds, "expr.unknown-field") != nil)
    let loc = ds.first { $0.code == "expr.unknown-field" }?.location
    #expect(loc?.line == 5)
    #expect((loc?.column ?? 0) >= 12)
  }

  @Test func typeErrorInBlockScalarUsesTheRightLine() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: |
            school.students >= 0 &&
              school.nonexistent > 1
          severity: major
      """)
    let loc = ds.first { $0.code == "expr.unknown-field" }?.location
    #expect(loc?.line == 7)
  }

  @Test func checkMustBeBool() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: school.students + 1
          severity: major
      """)
    #expect(located(ds, "rules.check-not-bool") == "r.yaml:5:12")
  }

  @Test func messageTemplateIsTypeChecked() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: "true"
          message: "学生 {{school.studnets}} 人"
          severity: major
      """)
    #expect(ds.contains { $0.code == "expr.unknown-field" && $0.location?.line == 6 })
  }

  @Test func personalDataInMessageIsRejected() throws {
    let ds = try diagnostics(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          for_each: { s: school.staff }
          check: s.weekly_periods <= 20
          message: "{{s.name}} 课时过多"
          severity: major
      """)
    #expect(located(ds, "rules.personal-data") != nil)
  }

  @Test func unknownOverrideAndParam() throws {
    let base = try TempPack.with(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          params: { n: 1 }
          check: params.n > 0
          severity: major
      """, extra: [
        "overlay/pack.yaml": """
          name: overlay
          extends: ..
          overrides:
            A.C: { enabled: false, reason: x }
            A.B: { params: { m: 2 } }
          """
      ])
    do {
      _ = try PackLoader().load(base.path("overlay"))
      Issue.record("expected errors")
    } catch {
      #expect(error.diagnostics.map(\.code).sorted() == ["rules.unknown-override", "rules.unknown-param"])
      #expect(error.diagnostics.first { $0.code == "rules.unknown-override" }?.location?.line == 4)
    }
  }

  @Test func overlayChangesAreRecorded() throws {
    let base = try TempPack.with(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          params: { n: 1 }
          check: params.n > 0
          severity: major
      """, extra: [
        "overlay/pack.yaml": """
          name: overlay
          extends: ..
          overrides:
            A.B: { params: { n: 5 }, rectify: { within: 10 workdays } }
          """
      ])
    let pack = try PackLoader().load(base.path("overlay"))
    let rule = try #require(pack.rule("A.B"))
    #expect(rule.param("n") == .int(5))
    #expect(rule.changes.count == 2)
    #expect(rule.changes[0].description.en == "parameter n: 1 → 5")
    #expect(pack.layers.map(\.name) == ["test-pack", "overlay"])
    #expect(pack.digest.hasPrefix("sha256:"))
  }

  @Test func extendsCycleIsAnError() throws {
    let p = try TempPack(files: [
      "a/pack.yaml": "name: a\nextends: ../b\n",
      "b/pack.yaml": "name: b\nextends: ../a\n",
    ])
    #expect(throws: DiagnosticList.self) { try PackLoader().load(p.path("a")) }
    do { _ = try PackLoader().load(p.path("a")) } catch {
      #expect(error.diagnostics.contains { $0.code == "rules.extends-cycle" })
    }
  }
}

/// Overlays may tighten a national floor or ceiling, never loosen it unless they say why.
@Suite struct LooseningTests {
  static let rules = """
    rules:
      - id: A.FLOOR
        title: t
    \(TempPack.source)
        params: { min: 60 }
        check: school.schedule.daily_pe_minutes >= params.min
        severity: major
      - id: A.CEILING
        title: t
    \(TempPack.source)
        params: { max: 45 }
        check: school.classes.all(c, !(c.students > params.max))
        severity: major
      - id: A.LOCAL
        title: t
    \(TempPack.source)
        params: { max: null }
        check: school.students <= params.max
        severity: minor
    """

  func overlay(_ overrides: String) throws -> TempPack {
    try TempPack.with(rules: Self.rules, extra: ["overlay/pack.yaml": "name: overlay\nextends: ..\noverrides:\n" + overrides])
  }

  @Test func tighteningIsAllowed() throws {
    let p = try overlay("  A.FLOOR: { params: { min: 70 } }\n  A.CEILING: { params: { max: 40 } }\n  A.LOCAL: { params: { max: 3000 } }\n")
    let pack = try PackLoader().load(p.path("overlay"))
    #expect(pack.rule("A.FLOOR")?.param("min") == .int(70))
    #expect(pack.warnings.isEmpty)
  }

  @Test func looseningWithoutReasonIsAnError() throws {
    let p = try overlay("  A.FLOOR: { params: { min: 50 } }\n  A.CEILING:\n    params: { max: 50 }\n")
    do {
      _ = try PackLoader().load(p.path("overlay"))
      Issue.record("expected rules.loosened-standard")
    } catch {
      let ds = error.diagnostics.filter { $0.code == "rules.loosened-standard" }
      #expect(ds.count == 2)
      #expect(ds.map { $0.location?.line } == [4, 6])
      #expect(ds.first?.location?.file.hasSuffix("overlay/pack.yaml") == true)
      #expect(ds.first?.message.zh.contains("下限 min 从 60 降到 50") == true)
      #expect(ds.last?.message.en.contains("the ceiling max from 45 up to 50") == true)
    }
  }

  @Test func looseningWithReasonIsRecordedForExplain() throws {
    let p = try overlay("  A.FLOOR:\n    params: { min: 50 }\n    loosen: 冬季严寒地区户外活动时间按省定标准（示例）\n")
    let pack = try PackLoader().load(p.path("overlay"))
    let rule = try #require(pack.rule("A.FLOOR"))
    #expect(rule.param("min") == .int(50))
    #expect(rule.changes.map(\.description.zh).contains("放宽：下限 min 从 60 降到 50（理由：冬季严寒地区户外活动时间按省定标准（示例））"))
    #expect(rule.changes.allSatisfy { $0.location.file.hasSuffix("overlay/pack.yaml") })
  }

  @Test func anEarlierStartTimeLoosensATimeFloor() throws {
    let p = try TempPack.with(rules: """
      rules:
        - id: A.START
          title: t
      \(TempPack.source)
          params: { earliest: "08:20" }
          check: time(school.schedule.morning_start) >= time(params.earliest)
          severity: major
      """, extra: ["overlay/pack.yaml": "name: overlay\nextends: ..\noverrides:\n  A.START: { params: { earliest: \"07:50\" } }\n"])
    do {
      _ = try PackLoader().load(p.path("overlay"))
      Issue.record("expected rules.loosened-standard")
    } catch {
      #expect(error.diagnostics.map(\.code).contains("rules.loosened-standard"))
    }
  }

  @Test func loosenWithoutLooseningWarns() throws {
    let p = try overlay("  A.FLOOR:\n    params: { min: 80 }\n    loosen: 不需要\n")
    let pack = try PackLoader().load(p.path("overlay"))
    #expect(pack.warnings.map(\.code) == ["rules.loosen-unused"])
    #expect(pack.warnings.first?.location?.line == 6)
  }
}
