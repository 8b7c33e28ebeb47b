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
