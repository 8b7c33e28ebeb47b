import DudaoDiagnostics
import GRDB

/// The state of a finding in the ledger.
public enum FindingState: String, Sendable, CaseIterable {
  case open, closed, waived
}

/// One finding followed across inspections, by its report key.
public struct LedgerFinding: Sendable, Hashable {
  public var key: String
  public var schoolID: String
  public var schoolName: String
  public var ruleID: String
  public var subjectKind: String
  public var subjectID: String
  public var severity: String
  public var state: FindingState
  /// Open, and the latest inspection found it passing: awaiting 销号 with evidence.
  public var passingAwaitingClose: Bool
  public var firstSeen: String
  public var lastSeen: String
  public var deadline: String?
  public var responsible: String?
  public var message: String?
  /// How many times it failed again after being closed (反弹), or was reopened by hand.
  public var reopenCount: Int
  public var closedOn: String?
  public var closedBy: String?
  public var evidence: String?
  public var waivedUntil: String?

  init(row: Row) {
    key = row["key"]
    schoolID = row["school_id"]
    schoolName = row["school_name"]
    ruleID = row["rule_id"]
    subjectKind = row["subject_kind"]
    subjectID = row["subject_id"]
    severity = row["severity"]
    state = FindingState(rawValue: row["status"] ?? "") ?? .open
    passingAwaitingClose = row["passing_awaiting_close"] ?? false
    firstSeen = row["first_seen"]
    lastSeen = row["last_seen"]
    deadline = row["deadline"]
    responsible = row["responsible"]
    message = row["message"]
    reopenCount = row["reopen_count"] ?? 0
    closedOn = row["closed_on"]
    closedBy = row["closed_by"]
    evidence = row["evidence"]
    waivedUntil = row["waived_until"]
  }
}

extension LedgerFinding {
  /// The state on `asOf`: a waiver that ended before it leaves the finding live (open) again.
  public func state(on asOf: Day) -> FindingState {
    if state == .waived, let until = waivedUntil.flatMap({ Day(iso: $0) }), until < asOf { return .open }
    return state
  }

  /// Days past the deadline on `asOf` for a live finding, nil when not overdue.
  public func daysOverdue(on asOf: Day) -> Int? {
    guard state(on: asOf) == .open, let d = deadline.flatMap({ Day(iso: $0) }), d < asOf else { return nil }
    return d.days(to: asOf)
  }
}
