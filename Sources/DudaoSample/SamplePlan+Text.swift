import Foundation
import DudaoDiagnostics

extension SamplePlan.Reason {
  func text(teamSize: Int) -> LocalizedText {
    switch self {
    case .conflicts:
      .init(zh: "回避后可派督学不足 \(teamSize) 人", en: "fewer than \(teamSize) inspectors without a conflict with this school")
    case .capacity:
      .init(zh: "可派督学已达每人检查学校数上限（--max-per-inspector）", en: "the inspectors it could get have reached --max-per-inspector")
    }
  }
}

extension SamplePlan {
  /// The plan for people: one line per drawn school in draw order, then the
  /// unstaffed schools with the reason.
  public func text(_ labels: SampleLabels, inputs: SampleInputs, language: Language) -> String {
    let zh = language == .zh
    let teamSize = inputs.teamSize
    var out = zh ? "双随机抽查方案\n" : "Random inspection plan (双随机)\n"
    out += (zh ? "随机种子：" : "seed: ") + seed + "\n"
    out += (zh ? "输入摘要：" : "inputs digest: ") + digest + "\n"
    out += zh ? "候选学校 \(inputs.schools.count) 所" : "\(inputs.schools.count) candidate school(s)"
    if labels.excluded > 0 { out += zh ? "（已排除近期检查过的 \(labels.excluded) 所）" : " (\(labels.excluded) inspected recently left out)" }
    if !inputs.strata.isEmpty { out += (zh ? "，按 " : ", strata: ") + inputs.strata.joined(separator: zh ? "、" : ", ") + (zh ? " 分层" : "") }
    if inputs.weight > 1 { out += zh ? "，有逾期问题的学校权重 \(inputs.weight)" : ", schools with overdue findings weighted \(inputs.weight)" }
    out += zh ? "；抽取 \(count) 所，每组督学 \(teamSize) 人" : "; \(count) drawn, \(teamSize) inspector(s) per team"
    if let k = inputs.maxPerInspector { out += zh ? "，每人最多 \(k) 所" : ", at most \(k) per inspector" }
    out += "\n\n"
    let reasons = Dictionary(unstaffed.map { ($0.school, $0.reason) }, uniquingKeysWith: { a, _ in a })
    for (i, v) in visits.enumerated() {
      var line = "\(i + 1). \(v.school)"
      if let name = labels.schoolNames[v.school], !name.isEmpty { line += " \(name)" }
      if !v.stratum.isEmpty { line += " [\(v.stratum)]" }
      if let reason = reasons[v.school] {
        line += zh ? " —— 未能配齐督学：" : " — no team: "
        line += reason.text(teamSize: teamSize).text(in: language)
      } else {
        line += (zh ? " —— 督学：" : " — inspectors: ") + v.team.map(labels.inspector).joined(separator: zh ? "、" : ", ")
      }
      out += line + "\n"
    }
    if !unstaffed.isEmpty {
      out += zh
        ? "\n\(unstaffed.count) 所学校未能配齐督学：请增加督学、调整回避名单或 --max-per-inspector 后，用同一种子重新抽取。\n"
        : "\n\(unstaffed.count) school(s) got no team: add inspectors, review conflicts or --max-per-inspector, and draw again with the same seed.\n"
    }
    return out
  }

  /// The plan as a table for Excel: UTF-8 with BOM, CRLF, Chinese headers;
  /// cells starting with `= + - @` get a leading `'` (no formula injection).
  public func csv(_ labels: SampleLabels, inputs: SampleInputs) -> String {
    let teamSize = inputs.teamSize
    var header = ["序号", "学校代码", "学校名称", "分层", "督学"]
    if labels.inspectorNames != nil { header.append("督学姓名") }
    header.append("状态")
    var rows = [header]
    let reasons = Dictionary(unstaffed.map { ($0.school, $0.reason) }, uniquingKeysWith: { a, _ in a })
    for (i, v) in visits.enumerated() {
      var row = [String(i + 1), v.school, labels.schoolNames[v.school] ?? "", v.stratum, v.team.joined(separator: ";")]
      if let names = labels.inspectorNames { row.append(v.team.map { names[$0] ?? "" }.joined(separator: ";")) }
      row.append(reasons[v.school].map { "未能配齐：" + $0.text(teamSize: teamSize).zh } ?? "已派组")
      rows.append(row)
    }
    return "\u{FEFF}" + rows.map { $0.map(Self.cell).joined(separator: ",") + "\r\n" }.joined()
  }
}

private extension SamplePlan {
  static func cell(_ s: String) -> String {
    var t = s
    if let c = t.first, "=+-@".contains(c) { t = "'" + t }
    guard t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return t }
    return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
