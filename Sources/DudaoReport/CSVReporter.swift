import Foundation
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// `--format csv`: the findings as a table that opens in Excel (UTF-8 with
/// BOM, CRLF), one row per finding. The first columns are the ledger
/// export's (`FindingTable`), so a check and the ledger line up; for a single
/// check first and last seen are the as-of date and closed/evidence are
/// empty. Report-only columns (title, observed, requirement, …) follow.
///
/// Rows are rendered as bytes, the cells that depend only on the rule once
/// per rule (`rows(for:language:asOf:)`), so that a streaming check writes
/// millions of rows cheaply; `render` gives the same bytes for a whole run.
public struct CSVReporter: Sendable {
  public init() {}

  /// Columns after the ledger's.
  public static let extraColumns: [LocalizedText] = [
    .init(zh: "规则名称", en: "title"), .init(zh: "实际", en: "observed"), .init(zh: "要求", en: "requirement"),
    .init(zh: "说明", en: "message"), .init(zh: "整改措施", en: "measures"), .init(zh: "依据", en: "source"),
    .init(zh: "缺少数据", en: "missing"), .init(zh: "现场核查", en: "on_site"),
  ]

  public func render(_ model: ReportModel) -> String {
    var out = Self.header(language: model.language)
    let row = Self.rows(for: model.run.pack, language: model.language, asOf: model.run.asOf)
    for f in model.run.findings { out += row(f) }
    return String(decoding: out, as: UTF8.self)
  }

  /// The BOM and the header line; streaming checks write it first.
  public static func header(language: Language) -> [UInt8] {
    Array(("\u{FEFF}" + FindingTable.line(FindingTable.headers(language) + extraColumns.map { $0.text(in: language) })).utf8)
  }

  /// A row renderer for many findings of `pack`'s rules as of `asOf`
  /// (`CSVRows`, which streaming checks also use without building findings).
  public static func rows(for pack: RulePack, language: Language, asOf: Day) -> @Sendable (Finding) -> [UInt8] {
    let rows = CSVRows(pack: pack, language: language, asOf: asOf)
    return { rows.row($0) }
  }

  /// The stream format of `--format csv`.
  public static func streamFormat(pack: RulePack, asOf: Day, language: Language) -> StreamFormat {
    let rows = CSVRows(pack: pack, language: language, asOf: asOf)
    var format = StreamFormat(header: { _ in header(language: language) }, row: { rows.row($0) })
    format.csv = rows
    return format
  }
}
