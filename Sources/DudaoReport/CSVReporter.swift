import Foundation
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// `--format csv`: the findings as a table that opens in Excel (UTF-8 with
/// BOM, headers in the report language), one row per finding.
public struct CSVReporter: Sendable {
  public init() {}

  public func render(_ model: ReportModel) -> String {
    let zh = model.language == .zh
    let header = zh
      ? ["键", "学校代码", "学校名称", "规则", "规则名称", "对象类型", "对象", "严重程度", "状态", "实际", "要求", "说明", "整改期限", "逾期", "责任人", "整改措施", "缺少数据", "依据"]
      : ["key", "school_id", "school_name", "rule", "title", "subject_kind", "subject", "severity", "status", "observed", "requirement", "message", "deadline", "overdue", "responsible", "measures", "missing", "source"]
    var out = "\u{FEFF}" + header.map(Self.cell).joined(separator: ",") + "\r\n"
    for f in model.run.findings {
      let source = f.rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? ""
      let row = [
        f.key, f.school.id, f.school.name, f.rule.id, model.t(f.rule.title), f.subject.kind, f.subject.id,
        f.rule.severity.rawValue, f.status.rawValue, f.observed?.displayText ?? "", f.requirement.map(model.t) ?? "",
        f.message.map(model.t) ?? f.detail.map(model.t) ?? "", f.deadline?.date.description ?? "",
        f.deadline.map { $0.overdue ? "yes" : "no" } ?? "", f.responsible.map(model.t) ?? "", f.measures.map(model.t) ?? "",
        f.missing.joined(separator: ";"), source,
      ]
      out += row.map(Self.cell).joined(separator: ",") + "\r\n"
    }
    return out
  }

  /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so Excel does not run it as a formula.
  static func cell(_ s: String) -> String {
    var v = s
    if let c = v.first, "=+-@".contains(c), Double(v) == nil { v = "'" + v }
    if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return v
  }
}
