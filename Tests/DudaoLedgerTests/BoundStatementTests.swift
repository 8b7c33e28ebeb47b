import DudaoDiagnostics
import GRDB
import Testing
@testable import DudaoLedger

/// `BoundStatement` binds through SQLite's C API what GRDB bound before:
/// texts (empty ones too, not NULL), integers and NULL; an error is GRDB's.
@Suite struct BoundStatementTests {
  @Test func bindsAsGRDBDid() throws {
    let queue = try DatabaseQueue(path: tempLedgerPath())
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (a TEXT UNIQUE, b, c, d)")
      let insert = try BoundStatement(db, sql: "INSERT INTO t (a, b, c, d) VALUES (?,?,?,?)")
      try insert.run(db, .text("学校\"0\""), .text(""), .integer(-42), .text(nil))
      try insert.run(db, .text("x"), .null, .integer(Int64.max), .text("尾 🏫"))
      let rows = try Row.fetchAll(db, sql: "SELECT a, typeof(b), b, typeof(c), c, typeof(d), d FROM t ORDER BY rowid")
      #expect(rows.map(\.description) == [
        #"[a:"学校\"0\"" typeof(b):"text" b:"" typeof(c):"integer" c:-42 typeof(d):"null" d:NULL]"#,
        #"[a:"x" typeof(b):"null" b:NULL typeof(c):"integer" c:9223372036854775807 typeof(d):"text" d:"尾 🏫"]"#,
      ])
      // A failing step throws GRDB's error with SQLite's message, and the statement can run again.
      #expect {
        try insert.run(db, .text("x"), .null, .null, .null)
      } throws: { error in
        guard let e = error as? DatabaseError else { return false }
        return e.resultCode == .SQLITE_CONSTRAINT && (e.message ?? "").contains("UNIQUE") && e.sql?.hasPrefix("INSERT") == true
      }
      try insert.run(db, .text("y"), .null, .null, .null)
      // Every `?` needs its argument.
      #expect(throws: DatabaseError.self) { try insert.run(db, .text("z")) }
      #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 3)
    }
  }

  /// A write that fails half-way leaves the ledger as it was (the
  /// transaction rolls back), with a storage diagnostic naming the file.
  @Test func failedRecordingChangesNothing() throws {
    let path = tempLedgerPath()
    let ledger = try Ledger(path: path)
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA)]), inspectionID: "i1", recordedAt: "t")
    // Break the events table behind the tool's back: the next event insert fails.
    try DatabaseQueue(path: path).write { db in
      try db.execute(sql: "CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'events are read-only'); END")
    }
    #expect {
      _ = try ledger.record(report(asOf: "2026-04-01", [Item(key: keyA), Item(key: keyB)]), inspectionID: "i2", recordedAt: "t")
    } throws: { error in
      guard let d = error as? DudaoDiagnostics.Diagnostic else { return false }
      return d.code == "ledger.storage" && d.message.en.contains("events are read-only")
    }
    let counts = try DatabaseQueue(path: path).read { db in
      try ["inspections", "findings", "events"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
    }
    #expect(counts == [1, 1, 1])
  }

  /// Recording enlarges SQLite's page cache for its transaction only.
  @Test func pageCacheIsSetBackAfterRecording() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    let before = try ledger.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA)]), inspectionID: "i1", recordedAt: "t")
    #expect(try ledger.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == before)
    #expect(before != -Ledger.recordingCacheKB)
  }
}
