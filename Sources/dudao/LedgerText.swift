import DudaoDiagnostics
import DudaoLedger

/// Plain-text rendering of ledger findings for the terminal.
struct LedgerText {
  var export: LedgerExport
  var language: Language

  func table(_ rows: [LedgerFinding]) -> String {
    if rows.isEmpty { return language == .zh ? "（无）\n" : "(none)\n" }
    var out = ""
    for f in rows {
      var line = "\(f.key)  \(f.schoolID) \(f.schoolName)  \(f.ruleID)  \(f.subjectKind):\(f.subjectID)  \(f.severity)  \(export.statusName(f))"
      if let d = f.deadline { line += language == .zh ? "  期限 \(d)" : "  deadline \(d)" }
      if let n = f.daysOverdue(on: export.asOf) { line += language == .zh ? "  逾期 \(n) 天" : "  \(n) days overdue" }
      out += line + "\n"
    }
    return out + (language == .zh ? "共 \(rows.count) 项\n" : "\(rows.count) finding(s)\n")
  }

  func detail(_ f: LedgerFinding, _ events: [LedgerEvent]) -> String {
    var out = """
      \(f.key)
        学校 school: \(f.schoolID) \(f.schoolName)
        规则 rule: \(f.ruleID) (\(f.severity))   对象 subject: \(f.subjectKind):\(f.subjectID)
        状态 status: \(export.statusName(f))   反弹 reopened: \(f.reopenCount)
        首次/最近发现 first/last seen: \(f.firstSeen) / \(f.lastSeen)   期限 deadline: \(f.deadline ?? "—")

      """
    if let r = f.responsible { out += "  责任方 responsible: \(r)\n" }
    if let c = f.closedOn { out += "  销号 closed: \(c) by \(f.closedBy ?? "—"): \(f.evidence ?? "")\n" }
    if let w = f.waivedUntil { out += "  豁免至 waived until: \(w)\n" }
    out += "  历史 history:\n"
    for e in events {
      out += "    #\(e.seq) \(e.day) \(e.kind.rawValue)\(e.inspection.map { " [\($0)]" } ?? "") \(e.payload == "{}" ? "" : e.payload)\n"
    }
    return out
  }
}
