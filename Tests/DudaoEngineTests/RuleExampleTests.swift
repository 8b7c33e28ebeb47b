import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import Foundation
import Testing

/// Every example of every rule in the bundled packs is a test (as SwiftLint
/// runs each rule's triggering examples). A failure names the example's file:line.
@Suite struct RuleExampleTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  static func outcomes(_ pack: String) -> [ExampleRunner.Outcome] {
    guard let loaded = try? PackLoader().load(root + "/" + pack) else { return [] }
    return ExampleRunner(pack: loaded).run()
  }

  @Test(arguments: ["rules", "examples/overlays/xiangan"])
  func packLoadsAndCompiles(_ pack: String) throws {
    let loaded = try PackLoader().load(Self.root + "/" + pack)
    _ = try Engine(pack: loaded)
    #expect(!loaded.rules.isEmpty)
  }

  @Test(arguments: ["rules", "examples/overlays/xiangan"])
  func everyExamplePasses(_ pack: String) throws {
    let outcomes = Self.outcomes(pack)
    #expect(outcomes.count > 40)
    for o in outcomes where !o.passed {
      Issue.record("\(o.example.location): \(o.rule) \(o.example.expect.rawValue): \(o.problems.map(\.en).joined(separator: "; "))")
    }
  }

  @Test func everyRuleHasPassFailAndUnknownExamples() throws {
    let loaded = try PackLoader().load(Self.root + "/rules")
    for rule in loaded.rules {
      let kinds = Set(rule.examples.map(\.expect))
      for k in [RuleExample.Expect.pass, .fail, .unknown] where !kinds.contains(k) {
        Issue.record("\(rule.location): \(rule.id) has no \(k.rawValue) example")
      }
      #expect(!rule.sources.isEmpty, "\(rule.id) cites no source")
    }
  }

  @Test func theEightFixedRulesExist() throws {
    let loaded = try PackLoader().load(Self.root + "/rules")
    for id in ["PE.DAILY_ACTIVITY", "PE.BIG_BREAK", "SCREEN.TEACHING_SHARE", "CLASS.SIZE", "CLASS.OVERSIZE", "SCHOOL.SIZE", "STAFF.PSYCH_TEACHER", "LOAD.WEEKLY_PERIODS"] {
      let rule = try #require(loaded.rule(id), "missing \(id)")
      #expect(rule.enabled)
    }
    #expect(loaded.rule("LOAD.WEEKLY_PERIODS")?.unsetParams == ["max_weekly_periods"])
  }

  @Test func aBrokenExampleIsReportedWithItsLocation() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: A.B
          title: t
      \(TempPack.source)
          check: school.students <= 10
          severity: major
          examples:
            pass: [ { school: { students: 11 } } ]
      """)
    let outcomes = ExampleRunner(pack: try pack.load()).run()
    #expect(outcomes.count == 1)
    #expect(!outcomes[0].passed)
    #expect(outcomes[0].example.location.line == 8)
    #expect(outcomes[0].problems.first?.en == "expected pass, got fail")
  }
}
