import DudaoDiagnostics
import GRDB

/// Which findings `list` shows.
public enum StatusFilter: String, Sendable, CaseIterable {
  case open, closed, overdue, waived, all
}

extension Ledger {
  /// Findings matching the filter, in school, rule, subject order. States are
  /// taken on `asOf`: a waiver that ended before it shows the finding open again.
  public func findings(
    status: StatusFilter = .open, school: String? = nil, rule: String? = nil, asOf: Day
  ) throws(Diagnostic) -> [LedgerFinding] {
    let rows = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM findings WHERE (? IS NULL OR school_id = ?) AND (? IS NULL OR rule_id = ?)
          ORDER BY school_id, rule_id, subject_id, subject_kind
          """,
        arguments: [school, school, rule, rule])
    }
    return rows.map(LedgerFinding.init(row:)).filter { f in
      switch status {
      case .all: true
      case .open: f.state(on: asOf) == .open
      case .closed: f.state == .closed
      case .waived: f.state(on: asOf) == .waived
      case .overdue: f.daysOverdue(on: asOf) != nil
      }
    }
  }

  /// Open findings past their deadline on `asOf`, most overdue first.
  public func overdue(asOf: Day) throws(Diagnostic) -> [LedgerFinding] {
    try findings(status: .overdue, asOf: asOf).sorted {
      ($0.daysOverdue(on: asOf) ?? 0, $1.key) > ($1.daysOverdue(on: asOf) ?? 0, $0.key)
    }
  }

  /// One finding by key (`ledger.unknown-key` when absent).
  public func finding(key: String) throws(Diagnostic) -> LedgerFinding {
    try read { db in try Self.finding(db, key) }
  }

  /// Every event of one finding, oldest first.
  public func history(key: String) throws(Diagnostic) -> [LedgerEvent] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM events WHERE key = ? ORDER BY seq", arguments: [key]).compactMap(LedgerEvent.init(row:))
    }
  }

  /// All waivers, newest first.
  public func waivers() throws(Diagnostic) -> [Waiver] {
    try read { db in try Row.fetchAll(db, sql: "SELECT * FROM waivers ORDER BY id DESC").map(Waiver.init(row:)) }
  }

  /// The stored bytes of an attachment by its SHA-256 (hex).
  public func attachment(hash: String) throws(Diagnostic) -> Attachment? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT name, data FROM attachments WHERE hash = ?", arguments: [hash]).map {
        Attachment(name: $0["name"], data: $0["data"])
      }
    }
  }
}

extension LedgerEvent {
  /// nil when the kind is not one the tool writes (the row was edited).
  init?(row: Row) {
    guard let kind = Kind(rawValue: row["kind"] ?? "") else { return nil }
    self.init(
      seq: row["seq"], key: row["key"], inspection: row["inspection"], kind: kind, day: row["day"],
      payload: row["payload"], prevHash: row["prev_hash"], hash: row["hash"])
  }
}
