import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoTestSupport
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
    let change = try #require(impact.changes.first { $0.rule.id == "PE.DAILY_ACTIVITY" && $0.school.id == "3502130103" })
    #expect(change.kind == .statusChanged)
    #expect(change.old?.status == .pass)
    #expect(change.new?.status == .fail)
    #expect(change.isNewFailure)
    #expect(change.new?.deadline != nil)
  }

  @Test func localTeacherLoadTurnsNotApplicableIntoFindings() throws {
    let impact = try Self.impact()
    let load = impact.changes.filter { $0.rule.id == "LOAD.WEEKLY_PERIODS" }
    #expect(!load.isEmpty)
    // Unset in the standard pack: one not-applicable finding per school; per teacher in the overlay.
    #expect(load.contains { $0.kind == .appeared && $0.new?.status == .fail })
    #expect(load.contains { $0.kind == .disappeared && $0.old?.status == .notApplicable })
    let summary = try #require(impact.byRule.first { $0.id == "LOAD.WEEKLY_PERIODS" })
    #expect(summary.newFailures == load.filter(\.isNewFailure).count)
  }

  @Test func bigBreakTermChangesDeadlinesOnly() throws {
    let impact = try Self.impact()
    for c in impact.changes where c.rule.id == "PE.BIG_BREAK" {
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
    #expect(hidden.map { "\($0.school.id) \($0.subject.id)" } == ["3502130201 8-1", "3502130201 8-2"])
    #expect(hidden.allSatisfy { $0.kind == .disappeared && $0.rule.id == "EXAM.NO_REGIONAL_EXAMS" })
    #expect(impact.changes.allSatisfy { $0.rule.id == "EXAM.NO_REGIONAL_EXAMS" })
  }

  @Test func tighterDistrictRaisesPELessons() throws {
    let impact = Impact(old: try ImpactTests.run("rules"), new: try ImpactTests.run("examples/overlays/tighter-district"))
    let pe = impact.changes.filter { $0.rule.id == "PE.WEEKLY_LESSONS" }
    #expect(!pe.isEmpty)
    #expect(pe.allSatisfy { $0.kind == .statusChanged && $0.old?.status == .pass && $0.new?.status == .fail })
    // Grades 1-2 need 5 and grades 3-6 need 4; junior (3) and senior (2) are unchanged.
    #expect(!pe.contains { ["7", "8", "9", "10", "11", "12"].contains(String($0.subject.id.split(separator: "-").first ?? "")) })
  }
}

/// `dudao impact` streamed (`Impact.streamed`): the same text and JSON as
/// rendering the whole runs' impact, on every example overlay, on CSV
/// tables, and on generated data where every finding appears or disappears
/// (two unrelated packs, district-wide findings of three districts).
@Suite struct StreamedImpactTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var old: String
    var new: String
    var data: String?
    var threads: Int
    var testDescription: String { "\(old) → \(new) on \(data ?? "generated") threads=\(threads)" }
  }

  @Test(arguments: [
    Case(old: "rules", new: "examples/overlays/xiangan", data: "examples/district", threads: 2),
    Case(old: "rules", new: "examples/overlays/changge-2020", data: "examples/district", threads: 1),
    Case(old: "examples/overlays/tighter-district", new: "rules", data: "examples/district-csv", threads: 2),
    Case(old: "rules", new: "examples/overlays/ningxia-2023", data: "examples/district", threads: 2),
    Case(old: "rules", new: "rules", data: "examples/district", threads: 2),
    Case(old: "rules", new: "Benchmarks/pack", data: nil, threads: 2),
    Case(old: "Benchmarks/pack", new: "examples/overlays/xiangan", data: nil, threads: 1),
  ])
  func sameAsTheWholeImpact(_ c: Case) throws {
    let root = ImpactTests.root
    let asOf = try #require(Day(iso: "2026-11-23"))
    var temp: String?
    if c.data == nil { temp = try StreamingTests.temp(StreamingTests.district(120)) }
    defer { if let temp { try? FileManager.default.removeItem(atPath: temp) } }
    let paths = [c.data.map { root + "/" + $0 } ?? temp ?? ""]
    let packs = try [c.old, c.new].map { try PackLoader().load(root + "/" + $0) }
    let runs = try packs.map { try Engine(pack: $0).evaluate(try DatasetLoader(dictionary: $0.dictionary).load(paths: paths), asOf: asOf) }
    let whole = Impact(old: runs[0], new: runs[1])
    if c.old != c.new { #expect(!whole.changes.isEmpty) }
    if c.data == nil { #expect(whole.changes.contains { $0.school.id.isEmpty }) }

    func streamed(_ format: Impact.Format) throws -> (String, Impact) {
      let checks = try packs.map { StreamingCheck(engine: try Engine(pack: $0), loader: DatasetLoader(dictionary: $0.dictionary), asOf: asOf, keep: nil, threads: c.threads) }
      let out = TestScratch.folder + "dudao-impact-\(UUID().uuidString)"
      defer { try? FileManager.default.removeItem(atPath: out) }
      let impact = try Impact.streamed(old: checks[0], new: checks[1], paths: paths, format: format, output: out)
      return (String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self), impact)
    }
    for language in [Language.zh, .en] {
      let (text, impact) = try streamed(ImpactReporter.textFormat(language: language))
      let sameText = text == ImpactReporter.text(whole, language: language)
      #expect(sameText, "text, \(language)")
      #expect(impact.totals == whole.totals && impact.schools == whole.schools)
    }
    let (json, _) = try streamed(ImpactReporter.jsonFormat)
    let sameJSON = json == ImpactReporter.json(whole)
    #expect(sameJSON)
    #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
  }
}
