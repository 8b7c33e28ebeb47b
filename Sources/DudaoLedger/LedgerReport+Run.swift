import Crypto
import DudaoDiagnostics
import DudaoEngine
import Foundation

extension LedgerReport {
  /// The ledger's view of an engine run, for `dudao check --record` (no JSON
  /// in between). `digest` is SHA-256 over the pack digest, the date and each
  /// finding's key and status (`RunDigest`), so the same run gives the same inspection id.
  public init(run: Run, language: Language) {
    asOf = run.asOf.description
    pack = Pack(name: run.pack.name, version: run.pack.version, digest: run.pack.digest)
    var h = RunDigest(pack: pack, asOf: asOf)
    findings = run.findings.map { f in
      let item = Item(finding: f, language: language)
      h.add(item)
      return item
    }
    digest = h.value
  }

  /// The digest of a run's findings (pack digest, date, then each finding's key and status).
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

  /// The item in a compact binary form (`decode(_:_:)` reads it back): each
  /// field as its UTF-8 length (4 bytes, little-endian; all ones for nil) and bytes.
  public var encoded: [UInt8] {
    var out: [UInt8] = []
    func put(_ s: String?) {
      guard let s else { return out += [0xFF, 0xFF, 0xFF, 0xFF] }
      let n = UInt32(s.utf8.count)
      out += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)]
      out += s.utf8
    }
    for field in [key, schoolID, schoolName, ruleID, severity, subjectKind, subjectID, status] { put(field) }
    put(deadline)
    put(responsible)
    put(message)
    return out
  }

  /// Every item `encoded` wrote one after the other into `bytes`.
  public static func decode(_ bytes: [UInt8], _ each: (Self) throws -> Void) throws {
    var at = 0
    func take() throws -> String? {
      guard at + 4 <= bytes.count else { throw DecodeError() }
      let n = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
      at += 4
      if n == UInt32.max { return nil }
      guard Int(n) <= bytes.count - at else { throw DecodeError() }
      defer { at += Int(n) }
      return String(decoding: bytes[at..<at + Int(n)], as: UTF8.self)
    }
    func need() throws -> String {
      guard let s = try take() else { throw DecodeError() }
      return s
    }
    while at < bytes.count {
      try each(
        Self(
          key: try need(), schoolID: try need(), schoolName: try need(), ruleID: try need(), severity: try need(),
          subjectKind: try need(), subjectID: try need(), status: try need(), deadline: try take(),
          responsible: try take(), message: try take()))
    }
  }

  /// Bytes that `encoded` did not write.
  public struct DecodeError: Error, CustomStringConvertible {
    public var description: String { "damaged temporary file of recorded findings" }
  }
}
