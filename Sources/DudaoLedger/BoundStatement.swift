import GRDB
internal import GRDBSQLite

/// A prepared statement without results, run with its arguments bound
/// through SQLite's C API. Recording runs two or three statements per
/// finding (2.2 million findings for the whole country); GRDB's
/// `execute(arguments:)` boxed each argument as a `DatabaseValue` in a
/// `StatementArguments` array, about a tenth of a large recording's time.
///
/// Only inside a write transaction GRDB opened (`Ledger.write`): an error
/// is thrown as GRDB's `DatabaseError` and rolls the transaction back as
/// any other. The ledger registers no transaction observers, so skipping
/// GRDB's per-statement bookkeeping changes nothing else.
struct BoundStatement {
  enum Argument {
    case text(String)
    case integer(Int64)
    case null

    static func text(_ s: String?) -> Argument { s.map(Argument.text) ?? .null }
  }

  private let statement: Statement
  private let sql: String

  init(_ db: Database, sql: String) throws {
    statement = try db.makeStatement(sql: sql)
    self.sql = sql
  }

  /// Runs the statement once with `arguments`, one per `?`, in order.
  func run(_ db: Database, _ arguments: Argument...) throws {
    let s = statement.sqliteStatement
    // One argument per `?`: a missing one would keep the previous finding's value.
    guard arguments.count == Int(sqlite3_bind_parameter_count(s)) else {
      throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(arguments.count) arguments for this statement", sql: sql)
    }
    sqlite3_reset(s)
    for (i, argument) in arguments.enumerated() {
      let index = Int32(i + 1)
      let code: Int32
      switch argument {
      case .text(var text):
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        code = text.withUTF8 { p -> Int32 in
          guard let base = p.baseAddress else { return sqlite3_bind_text(s, index, "", 0, Self.transient) }
          return base.withMemoryRebound(to: CChar.self, capacity: p.count) {
            sqlite3_bind_text(s, index, $0, Int32(p.count), Self.transient)
          }
        }
      case .integer(let n): code = sqlite3_bind_int64(s, index, n)
      case .null: code = sqlite3_bind_null(s, index)
      }
      guard code == SQLITE_OK else { throw error(db, code) }
    }
    let code = sqlite3_step(s)
    sqlite3_reset(s)
    guard code == SQLITE_DONE else { throw error(db, code) }
  }

  private func error(_ db: Database, _ code: Int32) -> DatabaseError {
    let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
  }

  /// SQLite's `SQLITE_TRANSIENT` (a macro Swift does not import).
  private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
