import DudaoDiagnostics
import GRDB

/// An approved exception (reason, approver, until date): one finding, or
/// every finding of a rule, optionally at one school.
public struct Waiver: Sendable, Hashable {
  public var id: Int64
  public var findingKey: String?
  public var ruleID: String?
  public var schoolID: String?
  public var reason: String
  public var approvedBy: String
  /// Last day covered (`YYYY-MM-DD`); the finding is live again the day after.
  public var until: String
  public var grantedOn: String

  init(row: Row) {
    id = row["id"]
    findingKey = row["finding_key"]
    ruleID = row["rule_id"]
    schoolID = row["school_id"]
    reason = row["reason"]
    approvedBy = row["approved_by"]
    until = row["until"]
    grantedOn = row["granted_on"]
  }

  /// Whether the waiver covers a finding (by key, or by rule and school).
  public func covers(key: String? = nil, ruleID: String, schoolID: String) -> Bool {
    if let findingKey { return findingKey == key }
    return self.ruleID == ruleID && (self.schoolID == nil || self.schoolID == schoolID)
  }

  /// Whether `day` is within the waiver.
  public func isActive(on day: Day) -> Bool {
    guard let u = Day(iso: until) else { return false }
    return day <= u
  }

  var payload: [String: String?] {
    ["waiver": String(id), "reason": reason, "approved_by": approvedBy, "until": until]
  }

  static func fetchRuleWaivers(_ db: Database, activeOn day: String) throws -> [Waiver] {
    try Row.fetchAll(db, sql: "SELECT * FROM waivers WHERE finding_key IS NULL AND until >= ? ORDER BY id", arguments: [day])
      .map(Waiver.init(row:))
  }
}
