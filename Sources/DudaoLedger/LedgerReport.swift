import Crypto
import DudaoDiagnostics
import Foundation

/// The part of a `dudao.report/v1` JSON report the ledger reads: the
/// inspection's date and pack, and each finding's key, school, rule, subject,
/// status and deadline. No personal data is read (the report holds none).
public struct LedgerReport: Sendable {
  public struct Pack: Sendable, Decodable {
    public var name: String
    public var version: String
    public var digest: String

    public init(name: String, version: String, digest: String) {
      self.name = name
      self.version = version
      self.digest = digest
    }
  }

  public struct Item: Sendable, Hashable {
    public var key: String
    public var schoolID: String
    public var schoolName: String
    public var ruleID: String
    public var severity: String
    public var subjectKind: String
    public var subjectID: String
    /// `pass`, `fail`, … as in the report.
    public var status: String
    public var deadline: String?
    public var responsible: String?
    public var message: String?
  }

  public var asOf: String
  public var pack: Pack
  public var findings: [Item]
  /// `sha256:` over the report's bytes: the default inspection id uses it.
  public var digest: String

  /// Reads and checks a report file.
  public init(file path: String) throws(Diagnostic) {
    try self.init(LedgerReportReader(file: path))
  }

  public init(data: Data, file: String = "<report>") throws(Diagnostic) {
    try self.init(LedgerReportReader(data: data, file: file))
  }

  init(_ reader: LedgerReportReader) throws(Diagnostic) {
    asOf = reader.asOf
    pack = reader.pack
    digest = reader.digest
    var items: [Item] = []
    do { try reader.forEach { items.append($0) } } catch let d as Diagnostic { throw d } catch {
      throw .badReport(reader.file, "\(error)")
    }
    findings = items
  }
}

/// A `dudao.report/v1` report read a batch of findings at a time (`ledger
/// record`): its date, pack and digest at once, its findings, each checked,
/// by `forEach` — memory near one batch, not the whole report (a national
/// report of every status is gigabytes).
public struct LedgerReportReader: Sendable {
  public let asOf: String
  public let pack: LedgerReport.Pack
  /// `sha256:` over the report's bytes: the default inspection id uses it.
  public let digest: String
  let data: Data
  let file: String
  /// Each finding's bytes; nil when the report is not split (its findings are then in `whole`).
  let elements: [Range<Int>]?
  let whole: [WireFinding]

  /// Reads and checks a report file's head.
  public init(file path: String) throws(Diagnostic) {
    // Mapped, not read: a large report's bytes stay in the page cache.
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
      throw .badReport(path, "文件不存在或不可读 / missing or unreadable")
    }
    try self.init(data: data, file: path)
  }

  public init(data: Data, file: String = "<report>") throws(Diagnostic) {
    let wire: Wire
    let decoder = JSONDecoder()
    let parts = ReportSplitter(data)
    do { wire = try decoder.decode(Wire.self, from: parts?.head ?? data) } catch {
      throw .badReport(file, Self.describe(error))
    }
    guard wire.schema == "dudao.report/v1" else {
      throw .badReport(file, "schema “\(wire.schema)” ≠ dudao.report/v1")
    }
    guard Day(iso: wire.as_of) != nil else { throw .badReport(file, "as_of “\(wire.as_of)”") }
    asOf = wire.as_of
    pack = wire.pack
    digest = "sha256:" + hex(SHA256.hash(data: data))
    self.data = data
    self.file = file
    elements = parts?.elements
    whole = parts == nil ? wire.findings : []
  }

  /// Calls `body` with every finding in the report's order, each checked
  /// (key, deadline date: a `Diagnostic` when wrong); decoded 4,096 at a
  /// time. `body`'s errors pass through. May be called again.
  public func forEach(_ body: (LedgerReport.Item) throws -> Void) throws {
    func item(_ f: WireFinding) throws(Diagnostic) -> LedgerReport.Item {
      guard f.key.count == 16, f.key.allSatisfy(\.isHexDigit) else { throw .badReport(file, "finding key “\(f.key)”") }
      if let d = f.deadline?.date, Day(iso: d) == nil { throw .badReport(file, "deadline “\(d)”") }
      return LedgerReport.Item(
        key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.rule.id,
        severity: f.rule.severity, subjectKind: f.subject.kind, subjectID: f.subject.id, status: f.status,
        deadline: f.deadline?.date, responsible: f.responsible, message: f.message)
    }
    func each(_ findings: [WireFinding]) throws {
      for f in findings { try body(try item(f)) }
    }
    guard let elements else { return try each(whole) }
    let decoder = JSONDecoder()
    let batch = 4096
    var start = 0
    while start < elements.count {
      let end = min(start + batch, elements.count)
      var chunk = Data("[".utf8)
      for (k, r) in elements[start..<end].enumerated() {
        if k > 0 { chunk.append(UInt8(ascii: ",")) }
        chunk.append(data[(data.startIndex + r.lowerBound)..<(data.startIndex + r.upperBound)])
      }
      chunk.append(UInt8(ascii: "]"))
      let findings: [WireFinding]
      do { findings = try decoder.decode([WireFinding].self, from: chunk) } catch {
        throw Diagnostic.badReport(file, Self.describe(error, offset: start))
      }
      try each(findings)
      start = end
    }
  }
}

extension LedgerReportReader {
  // Field names as in docs/report-schema.md.
  // swiftlint:disable identifier_name
  struct Wire: Decodable {
    var schema: String
    var as_of: String
    var pack: LedgerReport.Pack
    var findings: [WireFinding]
  }
  struct WireFinding: Decodable, Sendable {
    struct School: Decodable, Sendable { var id: String; var name: String }
    struct Subject: Decodable, Sendable { var kind: String; var id: String }
    struct Rule: Decodable, Sendable { var id: String; var severity: String }
    struct Deadline: Decodable, Sendable { var date: String }
    var key: String
    var school: School
    var subject: Subject
    var rule: Rule
    var status: String
    var deadline: Deadline?
    var responsible: String?
    var message: String?
  }

  /// The decoder's error in a user's words; `offset` (a batch of findings) is
  /// added to the finding's index so the path names it in the whole report.
  static func describe(_ error: any Error, offset: Int? = nil) -> String {
    func path(_ p: [any CodingKey]) -> String {
      guard let offset, let first = p.first, let index = first.intValue else { return p.map(\.stringValue).joined(separator: ".") }
      return (["findings", String(offset + index)] + p.dropFirst().map(\.stringValue)).joined(separator: ".")
    }
    switch error {
    case DecodingError.keyNotFound(let k, let c): return "missing field \(path(c.codingPath + [k]))"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
      return "wrong type at \(path(c.codingPath))"
    case DecodingError.dataCorrupted(let c): return "not JSON: \(c.debugDescription)"
    default: return "\(error)"
    }
  }
}
