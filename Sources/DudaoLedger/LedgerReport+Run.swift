import Crypto
import Foundation
import DudaoDiagnostics
import DudaoEngine

extension LedgerReport {
  /// The ledger's view of an engine run, for `dudao check --record` (no JSON
  /// in between). `digest` is SHA-256 over the pack digest, the date and each
  /// finding's key and status, so the same run gives the same inspection id.
  public init(run: Run, language: Language) {
    asOf = run.asOf.description
    pack = Pack(name: run.pack.name, version: run.pack.version, digest: run.pack.digest)
    var h = SHA256()
    h.update(data: Array("\(run.pack.digest)\n\(asOf)\n".utf8))
    findings = run.findings.map { f in
      h.update(data: Array("\(f.key) \(f.status.rawValue)\n".utf8))
      // Only failing findings are stored with their texts; the rest need key and status.
      guard f.status == .fail || f.status == .waived else {
        return Item(
          key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.rule.id,
          severity: f.rule.severity.rawValue, subjectKind: f.subject.kind, subjectID: f.subject.id,
          status: f.status.rawValue, deadline: nil, responsible: nil, message: nil)
      }
      return Item(
        key: f.key, schoolID: f.school.id, schoolName: f.school.name, ruleID: f.rule.id,
        severity: f.rule.severity.rawValue, subjectKind: f.subject.kind, subjectID: f.subject.id,
        status: f.status.rawValue, deadline: f.deadline?.date.description,
        responsible: f.responsible?.text(in: language), message: f.message?.text(in: language))
    }
    digest = "sha256:" + hex(h.finalize())
  }
}
