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

    private var line: [UInt8] = []

    /// Adds `"\(f.key) \(f.status)\n"`.
    public mutating func add(_ f: Item) { add(key: f.key.utf8, status: f.status.utf8) }

    mutating func add(_ f: EncodedItem) { add(key: f.bytes(.key), status: f.bytes(.status)) }

    private mutating func add(key: some Sequence<UInt8>, status: some Sequence<UInt8>) {
      line.removeAll(keepingCapacity: true)
      line += key
      line.append(UInt8(ascii: " "))
      line += status
      line.append(UInt8(ascii: "\n"))
      hash.update(data: line)
    }

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
      key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.ruleID,
      severity: f.severity.rawValue, subjectKind: f.subject.kind, subjectID: f.subject.id,
      status: f.status.rawValue, deadline: texts ? f.deadline?.date.description : nil,
      responsible: texts ? f.responsible?.text(in: language) : nil, message: texts ? f.message?.text(in: language) : nil)
  }

  /// The item in a compact binary form (`ByteFields`); `decode(_:_:)` reads it back.
  public var encoded: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(
      44 + key.utf8.count + schoolID.utf8.count + schoolName.utf8.count + ruleID.utf8.count + subjectID.utf8.count
        + (message?.utf8.count ?? 0) + (responsible?.utf8.count ?? 0) + 32)
    ByteFields.put(key, to: &out)
    ByteFields.put(schoolID, to: &out)
    ByteFields.put(schoolName, to: &out)
    ByteFields.put(ruleID, to: &out)
    ByteFields.put(severity, to: &out)
    ByteFields.put(subjectKind, to: &out)
    ByteFields.put(subjectID, to: &out)
    ByteFields.put(status, to: &out)
    ByteFields.put(deadline, to: &out)
    ByteFields.put(responsible, to: &out)
    ByteFields.put(message, to: &out)
    return out
  }

  /// Every item `encoded` wrote one after the other into `bytes`.
  public static func decode(_ bytes: [UInt8], _ each: (Self) throws -> Void) throws {
    try EncodedItem.each(in: bytes) { try each($0.item) }
  }
}
