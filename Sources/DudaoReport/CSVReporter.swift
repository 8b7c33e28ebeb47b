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

  /// A row renderer for many findings of `pack`'s rules as of `asOf`.
  public static func rows(for pack: RulePack, language: Language, asOf: Day) -> @Sendable (Finding) -> [UInt8] {
    var cache: [String: RuleCells] = [:]
    for rule in pack.enabledRules { cache[rule.id] = RuleCells(rule, language: language) }
    var day: [UInt8] = []
    appendCell(asOf.description, to: &day)
    // By `Status.countIndex`: no hashing per row.
    var statuses = [[UInt8]](repeating: [], count: Status.allCases.count)
    for s in Status.allCases { appendCell(s.label.text(in: language), to: &statuses[s.countIndex]) }
    return { [cache, day, statuses] f in
      row(f, language: language, asOf: asOf, day: day, status: statuses[f.status.countIndex], cells: cache[f.rule.id] ?? RuleCells(f.rule, language: language))
    }
  }

  /// The rendered cells of a rule: id, severity, title, source.
  struct RuleCells: Sendable {
    var id: [UInt8] = []
    var severity: [UInt8] = []
    var title: [UInt8] = []
    var source: [UInt8] = []

    init(_ rule: Rule, language: Language) {
      appendCell(rule.id, to: &id)
      appendCell(rule.severity.rawValue, to: &severity)
      appendCell(rule.title.text(in: language), to: &title)
      appendCell(rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? "", to: &source)
    }
  }

  static func row(_ f: Finding, language: Language, asOf: Day, day: [UInt8], status: [UInt8], cells: RuleCells) -> [UInt8] {
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    var out: [UInt8] = []
    out.reserveCapacity(400)
    func cell(_ s: String) {
      appendCell(s, to: &out)
      out.append(UInt8(ascii: ","))
    }
    func bytes(_ b: [UInt8]) {
      out += b
      out.append(UInt8(ascii: ","))
    }
    // The ledger's columns (FindingTable.columns).
    cell(f.school.name)
    cell(f.school.id)
    bytes(cells.id)
    appendSubject(f.subject, to: &out)
    out.append(UInt8(ascii: ","))
    bytes(cells.severity)
    bytes(status)
    bytes(day)
    bytes(day)
    if let d = f.deadline?.date { appendDay(d, to: &out) }
    out.append(UInt8(ascii: ","))
    cell(f.deadline.flatMap { $0.date < asOf ? String($0.date.days(to: asOf)) : nil } ?? "")
    cell(f.responsible.map(t) ?? "")
    cell("")
    cell("")
    cell(f.key)
    // Report-only columns (extraColumns).
    bytes(cells.title)
    cell(f.observed?.displayText ?? "")
    cell(f.requirement.map(t) ?? "")
    cell(f.message.map(t) ?? f.detail.map(t) ?? "")
    cell(f.measures.map(t) ?? "")
    bytes(cells.source)
    cell(f.missing.joined(separator: ";"))
    appendCell(f.onSite.map { t($0.summary) }.joined(separator: "；"), to: &out)
    out.append(0x0D)
    out.append(0x0A)
    return out
  }

  /// `FindingTable.field(FindingTable.subject(kind:id:))`, without building the string.
  static func appendSubject(_ subject: Subject, to out: inout [UInt8]) {
    let plain = { (s: String) in !s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D } }
    guard let c = subject.kind.utf8.first, c != UInt8(ascii: "="), c != UInt8(ascii: "+"), c != UInt8(ascii: "-"), c != UInt8(ascii: "@"),
      plain(subject.kind), plain(subject.id)
    else { return appendCell(FindingTable.subject(kind: subject.kind, id: subject.id), to: &out) }
    append(subject.kind, to: &out)
    out.append(UInt8(ascii: ":"))
    append(subject.id, to: &out)
  }

  /// `d.description` (YYYY-MM-DD) as bytes; other years as `description` writes them.
  static func appendDay(_ d: Day, to out: inout [UInt8]) {
    guard (1...9999).contains(d.year) else { return append(d.description, to: &out) }
    func digits(_ v: Int, _ n: Int) {
      var p = 1
      for _ in 1..<n { p *= 10 }
      var v = v
      while p > 0 {
        out.append(UInt8(ascii: "0") + UInt8(v / p))
        v %= p
        p /= 10
      }
    }
    digits(d.year, 4)
    out.append(UInt8(ascii: "-"))
    digits(d.month, 2)
    out.append(UInt8(ascii: "-"))
    digits(d.day, 2)
  }

  /// A string's UTF-8 bytes, from its contiguous storage when it has one.
  @inline(__always)
  static func append(_ s: String, to out: inout [UInt8]) {
    var s = s
    s.withUTF8 { out.append(contentsOf: $0) }
  }

  /// `FindingTable.field(s)` appended as UTF-8, without building intermediate strings.
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
      append(s, to: &out)
    }
  }
}
