import DudaoDiagnostics
import Foundation
import GRDB
import Testing
@testable import DudaoLedger

struct TamperCase: Sendable, CustomTestStringConvertible {
  var name: String
  var sql: String
  var expected: String
  var testDescription: String { name }
}

/// Changes made with SQL behind the tool's back: `verify` names the first event affected.
@Suite struct TamperTests {
  /// A ledger with five events (seq 1…5).
  func ledger() throws -> Ledger {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB), Item(key: keyC)]), recordedAt: "t")
    _ = try ledger.record(report(asOf: "2026-04-01", [Item(key: keyA)]), recordedAt: "t")
    try ledger.close(key: keyB, evidence: "e", by: "r", on: day("2026-04-02"))
    return ledger
  }

  @Test(arguments: [
    TamperCase(name: "edit payload", sql: "UPDATE events SET payload = '{}' WHERE seq = 2", expected: "event 2 was edited"),
    TamperCase(name: "edit day", sql: "UPDATE events SET day = '2026-01-01' WHERE seq = 4", expected: "event 4 was edited"),
    TamperCase(name: "edit kind", sql: "UPDATE events SET kind = 'bogus' WHERE seq = 5", expected: "event 5 was edited"),
    TamperCase(name: "delete middle", sql: "DELETE FROM events WHERE seq = 3", expected: "event 3 was deleted"),
    TamperCase(name: "delete first", sql: "DELETE FROM events WHERE seq = 1", expected: "event 1 was deleted"),
    TamperCase(name: "delete last", sql: "DELETE FROM events WHERE seq = 5", expected: "event 5 was deleted"),
    TamperCase(
      name: "reorder", sql: "UPDATE events SET seq = 100 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 100",
      expected: "the events before event 2 were deleted, inserted or reordered"),
    TamperCase(
      name: "insert at end",
      sql: "INSERT INTO events SELECT 6, key, inspection, kind, day, payload, hash, hash FROM events WHERE seq = 5",
      expected: "event 6 was edited"),
    TamperCase(
      name: "renumber after delete",
      sql: "DELETE FROM events WHERE seq = 2; UPDATE events SET seq = seq - 1 WHERE seq > 2",
      expected: "the events before event 2 were deleted, inserted or reordered"),
  ])
  func verifyNamesTheEvent(_ c: TamperCase) throws {
    let ledger = try ledger()
    #expect(try ledger.verify().count == 5)
    try ledger.queue.write { try $0.execute(sql: c.sql) }
    #expect { try ledger.verify() } throws: { error in
      let d = error as? Diagnostic
      return d?.code == "ledger.chain-broken" && d?.message.en == "ledger history check failed: " + c.expected
    }
  }

  @Test func attachmentEdited() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA)]), recordedAt: "t")
    try ledger.close(key: keyA, evidence: "e", by: "r", on: day("2026-03-02"), attachments: [Attachment(name: "a", data: Data("x".utf8))])
    try ledger.queue.write { try $0.execute(sql: "UPDATE attachments SET data = X'79'") }
    #expect { try ledger.verify() } throws: { ($0 as? Diagnostic)?.code == "ledger.attachment-altered" }
  }
}
