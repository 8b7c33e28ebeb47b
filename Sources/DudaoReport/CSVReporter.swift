import Foundation
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// `--format csv`: the findings as a table that opens in Excel (UTF-8 with
/// BOM, headers in the report language), one row per finding.
public struct CSVReporter: Sendable {
  public init() {}

  public func render(_ model: ReportModel) -> String {
    var out = Self.header(language: model.language)
    for f in model.run.findings { out += Self.row(f, language: model.language) }
    return String(decoding: out, as: UTF8.self)
  }

  /// The BOM and the header line; streaming checks write it first.
  public static func header(language: Language) -> [UInt8] {
    let header = language == .zh
      ? ["键", "学校代码", "学校名称", "规则", "规则名称", "对象类型", "对象", "严重程度", "状态", "实际", "要求", "说明", "整改期限", "逾期", "责任人", "整改措施", "缺少数据", "依据"]
      : ["key", "school_id", "school_name", "rule", "title", "subject_kind", "subject", "severity", "status", "observed", "requirement", "message", "deadline", "overdue", "responsible", "measures", "missing", "source"]
    return Array(("\u{FEFF}" + header.map(cell).joined(separator: ",") + "\r\n").utf8)
  }

  /// One finding's line (with its CRLF).
  public static func row(_ f: Finding, language: Language) -> [UInt8] {
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    let source = f.rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? ""
    let row = [
      f.key, f.school.id, f.school.name, f.rule.id, t(f.rule.title), f.subject.kind, f.subject.id,
      f.rule.severity.rawValue, f.status.rawValue, f.observed?.displayText ?? "", f.requirement.map(t) ?? "",
      f.message.map(t) ?? f.detail.map(t) ?? "", f.deadline?.date.description ?? "",
      f.deadline.map { $0.overdue ? "yes" : "no" } ?? "", f.responsible.map(t) ?? "", f.measures.map(t) ?? "",
      f.missing.joined(separator: ";"), source,
    ]
    var out: [UInt8] = []
    out.reserveCapacity(320)
    for (i, c) in row.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      appendCell(c, to: &out)
    }
    out.append(0x0D)
    out.append(0x0A)
    return out
  }

  /// `cell(s)` appended as UTF-8, without building intermediate strings.
  static func appendCell(_ s: String, to out: inout [UInt8]) {
    let u = s.utf8
    guard let c = u.first else { return }
    let formula = (c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@")) && Double(s) == nil
    let quote = u.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    if quote { out.append(UInt8(ascii: "\"")) }
    if formula { out.append(UInt8(ascii: "'")) }
    if quote {
      for b in u {
        if b == UInt8(ascii: "\"") { out.append(b) }
        out.append(b)
      }
      out.append(UInt8(ascii: "\""))
    } else {
      out += u
    }
  }

  /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so Excel does not run it as a formula.
  static func cell(_ s: String) -> String {
    var v = s
    if let c = v.utf8.first, c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@"), Double(v) == nil { v = "'" + v }
    if v.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
      return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return v
  }
}
