import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import Foundation
import Testing

/// `dudao impact`: the standard pack against the example overlay on the
/// example district (the overlay raises PE.DAILY_ACTIVITY to 70 minutes and
/// sets LOAD.WEEKLY_PERIODS to 20).
@Suite struct ImpactTests {
  static let root = RuleExampleTests.root

  static func run(_ pack: String) throws -> Run {
    let loaded = try PackLoader().load(root + "/" + pack)
    let dataset = try DatasetLoader(dictionary: loaded.dictionary).load(paths: [root + "/examples/district"])
    return try Engine(pack: loaded).evaluate(dataset, asOf: try #require(Day(iso: "2026-11-23")))
  }

  static func impact() throws -> Impact { Impact(old: try run("rules"), new: try run("examples/overlays/xiangan")) }

  @Test func tighterDailyActivityFailsHaihui() throws {
    let impact = try Self.impact()
    let change = try #require(impact.changes.first { $0.finding?.rule.id == "PE.DAILY_ACTIVITY" && $0.finding?.school.id == "3502130103" })
    #expect(change.kind == .statusChanged)
    #expect(change.old?.status == .pass)
    #expect(change.new?.status == .fail)
    #expect(change.isNewFailure)
    #expect(change.new?.deadline != nil)
  }

  @Test func localTeacherLoadTurnsNotApplicableIntoFindings() throws {
    let impact = try Self.impact()
    let load = impact.changes.filter { $0.finding?.rule.id == "LOAD.WEEKLY_PERIODS" }
    #expect(!load.isEmpty)
    // Unset in the standard pack: one not-applicable finding per school; per teacher in the overlay.
    #expect(load.contains { $0.kind == .appeared && $0.new?.status == .fail })
    #expect(load.contains { $0.kind == .disappeared && $0.old?.status == .notApplicable })
    let summary = try #require(impact.byRule.first { $0.id == "LOAD.WEEKLY_PERIODS" })
    #expect(summary.newFailures == load.filter(\.isNewFailure).count)
  }

  @Test func bigBreakTermChangesDeadlinesOnly() throws {
    let impact = try Self.impact()
    for c in impact.changes where c.finding?.rule.id == "PE.BIG_BREAK" {
      #expect(c.kind == .deadlineChanged)
      #expect(c.old?.deadline?.basis != c.new?.deadline?.basis)
    }
  }

  @Test func samePackChangesNothing() throws {
    let run = try Self.run("rules")
    let impact = Impact(old: run, new: run)
    #expect(impact.changes.isEmpty)
    #expect(impact.byRule.isEmpty && impact.bySchool.isEmpty)
  }

  @Test func summariesAddUp() throws {
    let impact = try Self.impact()
    #expect(impact.byRule.map { $0.counts.values.reduce(0, +) }.reduce(0, +) == impact.changes.count)
    #expect(impact.bySchool.map { $0.counts.values.reduce(0, +) }.reduce(0, +) == impact.changes.count)
    #expect(impact.byRule.map(\.id) == impact.byRule.map(\.id).sorted())
  }
}

/// The seed-003 conflict: Changge's 2020 plan of 18 unified exams a year
/// (examples/overlays/changge-2020) against the national exam rule.
@Suite struct ConflictImpactTests {
  @Test func changgePlanHidesTheRegionalExamFindings() throws {
    let impact = Impact(old: try ImpactTests.run("rules"), new: try ImpactTests.run("examples/overlays/changge-2020"))
    let hidden = impact.changes.filter { $0.old?.status == .fail }
    #expect(hidden.map { "\($0.finding?.school.id ?? "") \($0.finding?.subject.id ?? "")" } == ["3502130201 8-1", "3502130201 8-2"])
    #expect(hidden.allSatisfy { $0.kind == .disappeared && $0.finding?.rule.id == "EXAM.NO_REGIONAL_EXAMS" })
    #expect(impact.changes.allSatisfy { $0.finding?.rule.id == "EXAM.NO_REGIONAL_EXAMS" })
  }

  @Test func tighterDistrictRaisesPELessons() throws {
    let impact = Impact(old: try ImpactTests.run("rules"), new: try ImpactTests.run("examples/overlays/tighter-district"))
    let pe = impact.changes.filter { $0.finding?.rule.id == "PE.WEEKLY_LESSONS" }
    #expect(!pe.isEmpty)
    #expect(pe.allSatisfy { $0.kind == .statusChanged && $0.old?.status == .pass && $0.new?.status == .fail })
    // Grades 1-2 need 5 and grades 3-6 need 4; junior (3) and senior (2) are unchanged.
    #expect(!pe.contains { ["7", "8", "9", "10", "11", "12"].contains(String($0.finding?.subject.id.split(separator: "-").first ?? "")) })
  }
}
