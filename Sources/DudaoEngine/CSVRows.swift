import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// The rows of `check --format csv` as bytes: the ledger's columns
/// (`FindingTable`), then the report's (title, observed, requirement,
/// message, measures, source, missing, on-site). The cells that depend only
/// on the rule are rendered once per rule, so that a streaming check writes
/// millions of rows cheaply; the fast path (`FastPlan`) writes rows from its
/// results directly, without building `Finding`s, through the same code.
public struct CSVRows: Sendable {
  /// The rendered cells of a rule: id, severity, title, source. (A class:
  /// taken for every row, and copying four arrays retains each of them.)
  final class RuleCells: Sendable {
    let id: [UInt8]
    let severity: [UInt8]
    let title: [UInt8]
    let source: [UInt8]

    init(_ rule: Rule, language: Language) {
      func cell(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        FindingTable.appendField(s, to: &out)
        return out
      }
      id = cell(rule.id)
      severity = cell(rule.severity.rawValue)
      title = cell(rule.title.text(in: language))
      source = cell(rule.sources.first.map { [$0.document, $0.number, $0.clause].compactMap { $0 }.joined(separator: " ") } ?? "")
    }
  }

  let language: Language
  let asOf: Day
  let rules: [String: RuleCells]
  /// The as-of date's cell (first and last seen).
  let day: [UInt8]
  /// Status cells by `Status.countIndex`.
  let statuses: [[UInt8]]

  public init(pack: RulePack, language: Language, asOf: Day) {
    self.language = language
    self.asOf = asOf
    var rules: [String: RuleCells] = [:]
    for rule in pack.enabledRules { rules[rule.id] = RuleCells(rule, language: language) }
    self.rules = rules
    var day: [UInt8] = []
    FindingTable.appendField(asOf.description, to: &day)
    self.day = day
    var statuses = [[UInt8]](repeating: [], count: Status.allCases.count)
    for s in Status.allCases { FindingTable.appendField(s.label.text(in: language), to: &statuses[s.countIndex]) }
    self.statuses = statuses
  }

  /// The row of one finding (CRLF-terminated).
  public func row(_ f: Finding) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(400)
    append(
      school: f.school, cells: rules[f.rule.id] ?? RuleCells(f.rule, language: language), subject: f.subject, status: f.status,
      deadline: f.deadline, responsible: f.responsible, key: .text(f.key), observed: f.observed, requirement: f.requirement,
      message: f.message ?? f.detail, measures: f.measures, missing: f.missing, onSite: f.onSite, to: &out)
    return out
  }

  /// A row's finding key: given, or computed into the row.
  enum Key {
    case text(String)
    case of(school: String, rule: String, subject: Subject)
  }

  /// Appends one row.
  func append(
    school: SchoolRef, cells: RuleCells, subject: Subject, status: Status, deadline: Deadline?, responsible: LocalizedText?,
    key: Key, observed: Value?, requirement: LocalizedText?, message: LocalizedText?, measures: LocalizedText?,
    missing: [String], onSite: [OnSiteObservation], to out: inout [UInt8]
  ) {
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    func cell(_ s: String) {
      FindingTable.appendField(s, to: &out)
      out.append(UInt8(ascii: ","))
    }
    func bytes(_ b: [UInt8]) {
      out += b
      out.append(UInt8(ascii: ","))
    }
    // The ledger's columns (FindingTable.columns).
    cell(school.name)
    cell(school.id)
    bytes(cells.id)
    FindingTable.appendSubject(subject, to: &out)
    out.append(UInt8(ascii: ","))
    bytes(cells.severity)
    bytes(statuses[status.countIndex])
    bytes(day)
    bytes(day)
    if let d = deadline?.date { FindingTable.appendDay(d, to: &out) }
    out.append(UInt8(ascii: ","))
    cell(deadline.flatMap { $0.date < asOf ? String($0.date.days(to: asOf)) : nil } ?? "")
    cell(t(responsible))
    cell("")
    cell("")
    switch key {
    case .text(let k): cell(k)
    case .of(let school, let rule, let subject):
      Engine.appendKey(school: school, rule: rule, subject: subject, to: &out)
      out.append(UInt8(ascii: ","))
    }
    // Report-only columns (CSVReporter.extraColumns).
    bytes(cells.title)
    cell(observed?.displayText ?? "")
    cell(t(requirement))
    cell(t(message))
    cell(t(measures))
    bytes(cells.source)
    cell(missing.joined(separator: ";"))
    FindingTable.appendField(onSite.map { t($0.summary) }.joined(separator: "；"), to: &out)
    out.append(0x0D)
    out.append(0x0A)
  }
}

extension FindingTable {
  /// `field(s)` appended as UTF-8, without building intermediate strings.
  public static func appendField(_ s: String, to out: inout [UInt8]) {
    let u = s.utf8
    guard let c = u.first else { return }
    let formula = (c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@")) && Double(s) == nil
    let quote = needsQuotes(s)
    if quote { out.append(UInt8(ascii: "\"")) }
    if formula { out.append(UInt8(ascii: "'")) }
    if quote {
      for b in u {
        if b == UInt8(ascii: "\"") { out.append(b) }
        out.append(b)
      }
      out.append(UInt8(ascii: "\""))
    } else {
      appendUTF8(s, to: &out)
    }
  }

  /// Whether a field holds `,`, `"`, LF or CR (then it is quoted).
  @inline(__always)
  static func needsQuotes(_ s: String) -> Bool {
    func special(_ b: UInt8) -> Bool { b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D }
    if let found = s.utf8.withContiguousStorageIfAvailable({ buf -> Bool in
      for b in buf where special(b) { return true }
      return false
    }) {
      return found
    }
    return s.utf8.contains(where: special)
  }

  /// `field(subject(kind:id:))`, without building the string.
  static func appendSubject(_ subject: Subject, to out: inout [UInt8]) {
    func plain(_ s: String) -> Bool { !needsQuotes(s) }
    guard let c = subject.kind.utf8.first, c != UInt8(ascii: "="), c != UInt8(ascii: "+"), c != UInt8(ascii: "-"), c != UInt8(ascii: "@"),
      plain(subject.kind), plain(subject.id)
    else { return appendField(self.subject(kind: subject.kind, id: subject.id), to: &out) }
    appendUTF8(subject.kind, to: &out)
    out.append(UInt8(ascii: ":"))
    appendUTF8(subject.id, to: &out)
  }

  /// `d.description` (YYYY-MM-DD) as bytes.
  static func appendDay(_ d: Day, to out: inout [UInt8]) {
    guard (1...9999).contains(d.year) else { return appendUTF8(d.description, to: &out) }
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

  /// A string's UTF-8 bytes, from its contiguous storage.
  @inline(__always)
  static func appendUTF8(_ s: String, to out: inout [UInt8]) {
    var s = s
    s.withUTF8 { out.append(contentsOf: $0) }
  }
}
