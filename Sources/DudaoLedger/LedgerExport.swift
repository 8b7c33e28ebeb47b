import DudaoDiagnostics
import DudaoEngine

/// Renders ledger findings for people and spreadsheets. Rows come in the
/// order given; dates are `YYYY-MM-DD`.
public struct LedgerExport: Sendable {
  public var asOf: Day
  public init(asOf: Day) { self.asOf = asOf }

  /// CSV that Excel opens as UTF-8: a BOM, Chinese headers, CRLF line ends.
  public func csv(_ findings: [LedgerFinding]) -> String {
    var out = "\u{FEFF}" + FindingTable.line(FindingTable.headers(.zh))
    for f in findings {
      let row = [
        f.schoolName, f.schoolID, f.ruleID, FindingTable.subject(kind: f.subjectKind, id: f.subjectID), f.severity, statusName(f),
        f.firstSeen, f.lastSeen, f.deadline ?? "", f.daysOverdue(on: asOf).map(String.init) ?? "", f.responsible ?? "",
        f.closedOn ?? "", f.evidence ?? "", f.key,
      ]
      out += FindingTable.line(row)
    }
    return out
  }

  /// A JSON array, one object per finding, keys in a fixed order.
  public func json(_ findings: [LedgerFinding]) -> String {
    var out = "[\n"
    for (i, f) in findings.enumerated() {
      let fields: [(String, String)] = [
        ("key", jsonString(f.key)), ("school", "{\"id\":\(jsonString(f.schoolID)),\"name\":\(jsonString(f.schoolName))}"),
        ("rule", jsonString(f.ruleID)),
        ("subject", "{\"kind\":\(jsonString(f.subjectKind)),\"id\":\(jsonString(f.subjectID))}"),
        ("severity", jsonString(f.severity)), ("status", jsonString(f.state(on: asOf).rawValue)),
        ("passing_awaiting_close", String(f.passingAwaitingClose)),
        ("first_seen", jsonString(f.firstSeen)), ("last_seen", jsonString(f.lastSeen)),
        ("deadline", f.deadline.map(jsonString) ?? "null"),
        ("days_overdue", f.daysOverdue(on: asOf).map(String.init) ?? "null"),
        ("responsible", f.responsible.map(jsonString) ?? "null"), ("reopen_count", String(f.reopenCount)),
        ("closed_on", f.closedOn.map(jsonString) ?? "null"), ("closed_by", f.closedBy.map(jsonString) ?? "null"),
        ("evidence", f.evidence.map(jsonString) ?? "null"), ("waived_until", f.waivedUntil.map(jsonString) ?? "null"),
      ]
      out += "  {" + fields.map { jsonString($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
      out += i + 1 < findings.count ? ",\n" : "\n"
    }
    return out + "]\n"
  }

  /// 未销号 / 逾期 / 已销号 / 已豁免, with 待销号 for passing findings.
  public func statusName(_ f: LedgerFinding) -> String {
    switch f.state(on: asOf) {
    case .closed: "已销号"
    case .waived: "已豁免"
    case .open:
      f.daysOverdue(on: asOf) != nil ? "逾期" : f.passingAwaitingClose ? "已合格待销号" : f.reopenCount > 0 ? "反弹" : "整改中"
    }
  }

  static func csvField(_ s: String) -> String { FindingTable.field(s) }
}
