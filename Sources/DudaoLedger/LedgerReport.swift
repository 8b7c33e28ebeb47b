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
  }

  public struct Item: Sendable {
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
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .badReport(path, "文件不存在或不可读 / missing or unreadable")
    }
    try self.init(data: data, file: path)
  }

  public init(data: Data, file: String = "<report>") throws(Diagnostic) {
    let wire: Wire
    do { wire = try JSONDecoder().decode(Wire.self, from: data) } catch {
      throw .badReport(file, Self.describe(error))
    }
    guard wire.schema == "dudao.report/v1" else {
      throw .badReport(file, "schema “\(wire.schema)” ≠ dudao.report/v1")
    }
    guard Day(iso: wire.as_of) != nil else { throw .badReport(file, "as_of “\(wire.as_of)”") }
    asOf = wire.as_of
    pack = wire.pack
    digest = "sha256:" + hex(SHA256.hash(data: data))
    findings = try wire.findings.map { f throws(Diagnostic) in
      guard f.key.count == 16, f.key.allSatisfy(\.isHexDigit) else { throw .badReport(file, "finding key “\(f.key)”") }
      if let d = f.deadline?.date, Day(iso: d) == nil { throw .badReport(file, "deadline “\(d)”") }
      return Item(
        key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.rule.id,
        severity: f.rule.severity, subjectKind: f.subject.kind, subjectID: f.subject.id, status: f.status,
        deadline: f.deadline?.date, responsible: f.responsible, message: f.message)
    }
  }
}

private extension LedgerReport {
  // Field names as in docs/report-schema.md.
  // swiftlint:disable identifier_name
  struct Wire: Decodable {
    var schema: String
    var as_of: String
    var pack: Pack
    var findings: [WireFinding]
  }
  struct WireFinding: Decodable {
    struct School: Decodable { var id: String; var name: String }
    struct Subject: Decodable { var kind: String; var id: String }
    struct Rule: Decodable { var id: String; var severity: String }
    struct Deadline: Decodable { var date: String }
    var key: String
    var school: School
    var subject: Subject
    var rule: Rule
    var status: String
    var deadline: Deadline?
    var responsible: String?
    var message: String?
  }

  static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let k, let c): "missing field \((c.codingPath + [k]).map(\.stringValue).joined(separator: "."))"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
      "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
    case DecodingError.dataCorrupted(let c): "not JSON: \(c.debugDescription)"
    default: "\(error)"
    }
  }
}
