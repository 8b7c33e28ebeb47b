import DudaoDiagnostics
import DudaoEngine
@testable import DudaoLedger
import DudaoRules
import Foundation
import Testing

/// `check --record` writes every finding of a run in the ledger's form
/// (`LedgerReport.Item(finding:language:).encoded`) and the ledger reads it
/// back in place (`EncodedItem`): what comes back must be the item, for
/// findings of every status, waived too, in both languages.
@Suite struct RecordedItemTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  @Test(arguments: [Language.zh, .en])
  func findingsRoundTrip(_ language: Language) throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [Self.root + "/examples/district"])
    let run = try Engine(pack: pack).evaluate(dataset, asOf: Day(iso: "2026-11-23")!)
    #expect(Set(run.findings.map(\.status)).isSuperset(of: [.pass, .fail, .unknown, .notApplicable]))
    var waived = try #require(run.findings.first { $0.status == .fail })
    waived.status = .waived
    let items = (run.findings + [waived]).map { LedgerReport.Item(finding: $0, language: language) }
    #expect(items.contains { $0.message != nil && $0.deadline != nil && $0.responsible != nil })
    var back: [LedgerReport.Item] = []
    try EncodedItem.each(in: items.flatMap(\.encoded)) { back.append($0.item) }
    #expect(back == items)
  }
}
