import DudaoDiagnostics
import Foundation
import GRDB

/// The rectification ledger (整改台账): one SQLite file in WAL mode holding
/// inspections, the findings they raised, waivers, evidence attachments and
/// the hash-chained history of every change.
///
/// Every write is one `BEGIN IMMEDIATE` transaction: a crash leaves either the
/// whole change or none of it, and a second process writing the same file
/// waits (up to `busyTimeout`) instead of failing.
///
/// ```swift
/// let ledger = try Ledger(path: "dudao.db")
/// let summary = try ledger.record(LedgerReport(file: "report.json"), recordedAt: "2026-11-23T10:00:00Z")
/// ```
public final class Ledger: Sendable {
  /// The database file.
  public let path: String
  let queue: DatabaseQueue

  /// Opens (creating if needed) and migrates the ledger at `path`.
  public init(path: String, busyTimeout: TimeInterval = 60) throws(Diagnostic) {
    self.path = path
    var config = Configuration()
    config.journalMode = .wal
    config.busyMode = .timeout(busyTimeout)
    config.foreignKeysEnabled = true
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
      try Self.migrate(queue)
    } catch {
      throw .storage(Self.describe(error), file: path)
    }
  }

  /// GRDB's migrator decides what to apply before it takes the write lock, so
  /// two processes opening a new file at once may both try `v1`; the loser's
  /// transaction rolls back whole, and trying again finds the schema applied.
  private static func migrate(_ queue: DatabaseQueue) throws {
    var attempt = 0
    while true {
      do {
        return try Migrations.migrator.migrate(queue)
      } catch is DatabaseError where attempt < 5 {
        attempt += 1
        usleep(useconds_t(20_000 * attempt))
      }
    }
  }

  /// Runs `body` in one immediate transaction; database errors become diagnostics.
  func write<T>(_ body: (Database) throws -> T) throws(Diagnostic) -> T {
    do {
      return try queue.writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        guard let result else { throw Diagnostic.storage("transaction without result", file: path) }
        return result
      }
    } catch let d as Diagnostic {
      throw d
    } catch {
      throw .storage(Self.describe(error), file: path)
    }
  }

  /// Runs `body` on a consistent snapshot.
  func read<T>(_ body: (Database) throws -> T) throws(Diagnostic) -> T {
    do {
      return try queue.read { db in try body(db) }
    } catch let d as Diagnostic {
      throw d
    } catch {
      throw .storage(Self.describe(error), file: path)
    }
  }

  static func describe(_ error: any Error) -> String {
    if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
    return "\(error)"
  }
}

// MARK: - The hash chain, appended inside a write transaction

/// The chain's current end, loaded at the start of a write and saved at its end.
struct Chain {
  var count: Int64
  var head: String
  /// The event insert, prepared at the first append of a write.
  private var insert: BoundStatement?

  init(count: Int64, head: String) {
    self.count = count
    self.head = head
  }

  static func load(_ db: Database) throws -> Chain {
    guard let row = try Row.fetchOne(db, sql: "SELECT count, hash FROM chain_head WHERE id = 1") else {
      return Chain(count: 0, head: LedgerEvent.genesis)
    }
    return Chain(count: row["count"], head: row["hash"])
  }

  func save(_ db: Database) throws {
    try db.execute(sql: "UPDATE chain_head SET count = ?, hash = ? WHERE id = 1", arguments: [count, head])
  }

  /// Appends one event after the current head.
  mutating func append(
    _ db: Database, key: String, inspection: String?, kind: LedgerEvent.Kind, day: String, payload: [String: String?]
  ) throws {
    try append(db, key: key, inspection: inspection, kind: kind, day: day, body: canonicalJSON(payload))
  }

  /// Appends one event whose payload is already canonical JSON (`canonicalJSON`).
  mutating func append(
    _ db: Database, key: String, inspection: String?, kind: LedgerEvent.Kind, day: String, body: String
  ) throws {
    let seq = count + 1
    let hash = LedgerEvent.hash(
      seq: seq, key: key, inspection: inspection, kind: kind, day: day, payload: body, prevHash: head)
    let statement: BoundStatement
    if let insert {
      statement = insert
    } else {
      statement = try BoundStatement(
        db, sql: "INSERT INTO events (seq, key, inspection, kind, day, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")
      insert = statement
    }
    try statement.run(db, .integer(seq), .text(key), .text(inspection), .text(kind.rawValue), .text(day), .text(body), .text(head), .text(hash))
    count = seq
    head = hash
  }
}
