import DudaoDiagnostics
import DudaoEngine

/// The ledger's waivers in a check (`dudao check --ledger DB`), applied to
/// each finding as it is made (`FindingTap.adjust`).
extension Waiver {
  /// One finding under `waivers` (newest first, as `Ledger.waivers()` gives
  /// them): a failing or unknown finding covered by a waiver active on
  /// `asOf` becomes `waived`, with the reason, approver and end date as its
  /// detail; the newest covering waiver wins. A finding covered only by
  /// waivers that have ended is live again: the id of the newest such
  /// waiver is returned, to be counted (`expiredWarnings`).
  public static func apply(_ waivers: [Waiver], to f: inout Finding, asOf: Day) -> Int64? {
    guard f.status == .fail || f.status == .unknown, !waivers.isEmpty else { return nil }
    var ended: Waiver?
    for w in waivers where w.covers(key: f.key, ruleID: f.rule.id, schoolID: f.school.id) {
      guard w.isActive(on: asOf) else {
        if ended == nil { ended = w }
        continue
      }
      f.status = .waived
      f.detail = LocalizedText(
        zh: "已豁免至 \(w.until)：\(w.reason)（批准：\(w.approvedBy)）",
        en: "waived until \(w.until): \(w.reason) (approved by \(w.approvedBy))")
      return nil
    }
    return ended?.id
  }

  /// One warning per ended waiver (by id) with the findings it no longer covers.
  public static func expiredWarnings(_ waivers: [Waiver], _ expired: [Int64: Int]) -> [Diagnostic] {
    expired.keys.sorted().compactMap { id in
      guard let w = waivers.first(where: { $0.id == id }), let n = expired[id] else { return nil }
      return .waiverExpired(w, findings: n)
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
