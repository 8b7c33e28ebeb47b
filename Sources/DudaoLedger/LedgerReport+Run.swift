import Crypto
import DudaoDiagnostics
import DudaoEngine
import Foundation

extension LedgerReport {
  /// The digest of a run's findings (pack digest, date, then each
  /// finding's key and status): the default inspection id of `check
  /// --record`, so the same run is not recorded twice by accident.
  public struct RunDigest {
    private var hash = SHA256()

    public init(pack: Pack, asOf: String) { hash.update(data: Array("\(pack.digest)\n\(asOf)\n".utf8)) }

    public mutating func add(_ f: Item) { hash.update(data: Array("\(f.key) \(f.status)\n".utf8)) }

    /// `sha256:` and the hex digest.
    public var value: String { "sha256:" + hex(hash.finalize()) }
  }
}

extension LedgerReport.Item {
  /// A finding as the ledger reads it. Only failing (or waived) findings are
  /// stored with their texts; the rest need key, school, rule and status.
  public init(finding f: Finding, language: Language) {
    let texts = f.status == .fail || f.status == .waived
    self.init(
      key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.rule.id,
      severity: f.rule.severity.rawValue, subjectKind: f.subject.kind, subjectID: f.subject.id,
      status: f.status.rawValue, deadline: texts ? f.deadline?.date.description : nil,
      responsible: texts ? f.responsible?.text(in: language) : nil, message: texts ? f.message?.text(in: language) : nil)
  }

  /// The item in a compact binary form (`ByteFields`); `decode(_:_:)` reads it back.
  public var encoded: [UInt8] {
    var out: [UInt8] = []
    for field in [key, schoolID, schoolName, ruleID, severity, subjectKind, subjectID, status] { ByteFields.put(field, to: &out) }
    for field in [deadline, responsible, message] { ByteFields.put(field, to: &out) }
    return out
  }

  /// Every item `encoded` wrote one after the other into `bytes`.
  public static func decode(_ bytes: [UInt8], _ each: (Self) throws -> Void) throws {
    var r = ByteFields.Reader(bytes)
    while !r.atEnd {
      try each(
        Self(
          key: try r.string(), schoolID: try r.string(), schoolName: try r.string(), ruleID: try r.string(),
          severity: try r.string(), subjectKind: try r.string(), subjectID: try r.string(), status: try r.string(),
          deadline: try r.optional(), responsible: try r.optional(), message: try r.optional()))
    }
  }
}
