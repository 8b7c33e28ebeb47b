import Foundation
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// `--format csv`: the findings as a table that opens in Excel (UTF-8 with
/// BOM, CRLF), one row per finding. The first columns are the ledger
/// export's (`FindingTable`), so a check and the ledger line up; for a single
/// check first and last seen are the as-of date and closed/evidence are
/// empty. Report-only columns (title, observed, requirement, …) follow.
public struct CSVReporter: Sendable {
  public init() {}

  /// Columns after the ledger's.
  public static let extraColumns: [LocalizedText] = [
    .init(zh: "规则名称", en: "title"), .init(zh: "实际", en: "observed"), .init(zh: "要求", en: "requirement"),
    .init(zh: "说明", en: "message"), .init(zh: "整改措施", en: "measures"), .init(zh: "依据", en: "source"),
    .init(zh: "缺少数据", en: "missing"), .init(zh: "现场核查", en: "on_site"),
  ]

  public func render(_ model: ReportModel) -> String {
    let lang = model.language
    let asOf = model.run.asOf.description
    var out = "\u{FEFF}" + FindingTable.line(FindingTable.headers(lang) + Self.extraColumns.map { $0.text(in: lang) })
    for f in model.run.findings {
      let source = f.rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? ""
      var overdue = ""
      if let d = f.deadline, d.date < model.run.asOf { overdue = String(d.date.days(to: model.run.asOf)) }
      let row = [
        f.school.name, f.school.id, f.rule.id, FindingTable.subject(kind: f.subject.kind, id: f.subject.id),
        f.rule.severity.rawValue, model.t(f.status.label), asOf, asOf, f.deadline?.date.description ?? "", overdue,
        f.responsible.map(model.t) ?? "", "", "", f.key,
        model.t(f.rule.title), f.observed?.displayText ?? "", f.requirement.map(model.t) ?? "",
        f.message.map(model.t) ?? f.detail.map(model.t) ?? "", f.measures.map(model.t) ?? "", source,
        f.missing.joined(separator: ";"), f.onSite.map { model.t($0.summary) }.joined(separator: "；"),
      ]
      out += FindingTable.line(row)
    }
    return out
  }
}
