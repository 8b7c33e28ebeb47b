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
    row(f, language: language, cells: RuleCells(f.rule, language: language))
  }

  /// A row renderer for many findings of `pack`'s rules: the cells that
  /// depend only on the rule are rendered once. Same bytes as `row`.
  public static func rows(for pack: RulePack, language: Language) -> @Sendable (Finding) -> [UInt8] {
    var cache: [String: RuleCells] = [:]
    for rule in pack.enabledRules { cache[rule.id] = RuleCells(rule, language: language) }
    return { [cache] f in row(f, language: language, cells: cache[f.rule.id] ?? RuleCells(f.rule, language: language)) }
  }

  /// The rendered cells of a rule: id and title, severity, source.
  struct RuleCells: Sendable {
    var idTitle: [UInt8] = []
    var severity: [UInt8] = []
    var source: [UInt8] = []

    init(_ rule: Rule, language: Language) {
      appendCell(rule.id, to: &idTitle)
      idTitle.append(UInt8(ascii: ","))
      appendCell(rule.title.text(in: language), to: &idTitle)
      appendCell(rule.severity.rawValue, to: &severity)
      appendCell(rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? "", to: &source)
    }
  }

  static func row(_ f: Finding, language: Language, cells: RuleCells) -> [UInt8] {
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    var out: [UInt8] = []
    out.reserveCapacity(320)
    func cell(_ s: String) {
      appendCell(s, to: &out)
      out.append(UInt8(ascii: ","))
    }
    cell(f.key)
    cell(f.school.id)
    cell(f.school.name)
    out += cells.idTitle
    out.append(UInt8(ascii: ","))
    cell(f.subject.kind)
    cell(f.subject.id)
    out += cells.severity
    out.append(UInt8(ascii: ","))
    cell(f.status.rawValue)
    cell(f.observed?.displayText ?? "")
    cell(f.requirement.map(t) ?? "")
    cell(f.message.map(t) ?? f.detail.map(t) ?? "")
    cell(f.deadline?.date.description ?? "")
    cell(f.deadline.map { $0.overdue ? "yes" : "no" } ?? "")
    cell(f.responsible.map(t) ?? "")
    cell(f.measures.map(t) ?? "")
    cell(f.missing.joined(separator: ";"))
    out += cells.source
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
