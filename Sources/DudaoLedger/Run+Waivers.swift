import DudaoDiagnostics
import DudaoEngine

extension Run {
  /// Applies the ledger's waivers to this run (`dudao check --ledger DB`).
  ///
  /// A failing or unknown finding covered by a waiver whose `until` is on or
  /// after the run's date becomes `waived`, with the reason, approver and end
  /// date as its detail. A finding covered only by waivers that have ended is
  /// live again; each such waiver gives one warning (`ledger.waiver-expired`)
  /// with the number of findings it no longer covers. The newest covering
  /// waiver wins (`waivers` comes newest first, as `Ledger.waivers()` gives it).
  public mutating func apply(_ waivers: [Waiver]) {
    guard !waivers.isEmpty else { return }
    var expired: [Int64: (waiver: Waiver, count: Int)] = [:]
    for i in findings.indices where findings[i].status == .fail || findings[i].status == .unknown {
      let f = findings[i]
      let covering = waivers.filter { $0.covers(key: f.key, ruleID: f.rule.id, schoolID: f.school.id) }
      if let active = covering.first(where: { $0.isActive(on: asOf) }) {
        findings[i].status = .waived
        findings[i].detail = LocalizedText(
          zh: "已豁免至 \(active.until)：\(active.reason)（批准：\(active.approvedBy)）",
          en: "waived until \(active.until): \(active.reason) (approved by \(active.approvedBy))")
      } else if let ended = covering.first {
        expired[ended.id, default: (ended, 0)].count += 1
      }
    }
    for (_, e) in expired.sorted(by: { $0.key < $1.key }) {
      warnings.append(.waiverExpired(e.waiver, findings: e.count))
    }
  }
}

extension Diagnostic {
  static func waiverExpired(_ w: Waiver, findings: Int) -> Self {
    let target = w.findingKey.map { "问题 \($0)" } ?? "规则 \(w.ruleID ?? "")" + (w.schoolID.map { "、学校 \($0)" } ?? "")
    let targetEN = w.findingKey.map { "finding \($0)" } ?? "rule \(w.ruleID ?? "")" + (w.schoolID.map { ", school \($0)" } ?? "")
    return Diagnostic(
      code: "ledger.waiver-expired", severity: .warning, location: nil,
      message: .init(
        zh: "豁免 #\(w.id)（\(target)）已于 \(w.until) 到期，\(findings) 项问题恢复为需整改；如仍需豁免，请重新审批（dudao ledger waive）",
        en: "waiver #\(w.id) (\(targetEN)) ended on \(w.until); \(findings) finding(s) are live again; if still needed, approve a new waiver (dudao ledger waive)"))
  }
}
