import DudaoDiagnostics
import DudaoEngine
import DudaoLedger
import DudaoRules
import Foundation
import Testing

/// `check --record` encodes every finding of a run for the ledger straight
/// from the `Finding` (`LedgerReport.Item.encoded(_:language:)`): the bytes
/// must be those of the `Item` the ledger reads, for findings of every status.
@Suite struct RecordedItemTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  @Test(arguments: [Language.zh, .en])
  func encodedFromTheFindingIsTheItemEncoded(_ language: Language) throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [Self.root + "/examples/district"])
    let run = try Engine(pack: pack).evaluate(dataset, asOf: Day(iso: "2026-11-23")!)
    #expect(Set(run.findings.map(\.status)).isSuperset(of: [.pass, .fail, .unknown, .notApplicable]))
    for f in run.findings {
      #expect(LedgerReport.Item.encoded(f, language: language) == LedgerReport.Item(finding: f, language: language).encoded)
    }
    var waived = try #require(run.findings.first { $0.status == .fail })
    waived.status = .waived
    #expect(LedgerReport.Item.encoded(waived, language: language) == LedgerReport.Item(finding: waived, language: language).encoded)
  }
}
