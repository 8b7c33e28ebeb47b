import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoLedger
import DudaoRules
import Foundation

/// `dudao check --record / --ledger`: apply the ledger's waivers and record the run.
struct CheckLedgerOptions: ParsableArguments {
  @Flag(help: "检查后记入台账 / record the findings in the ledger after the check") var record = false
  @Option(help: "台账数据库：应用其中的豁免（配合 --record 时也写入）/ ledger database: apply its waivers (and record into it with --record); default dudao.db with --record")
  var ledger: String?
  @Option(name: .customLong("inspection-id"), help: "检查编号（--record）/ inspection id for --record (default: date and digest)") var inspectionID: String?
  @Option(help: "督导组（角色或编号，不写人名；--record）/ inspector team for --record (a role or id, not a name)") var inspector: String?

  func validate() throws {
    if !record && (inspectionID != nil || inspector != nil) {
      throw ValidationError("--inspection-id 和 --inspector 只和 --record 一起用 / --inspection-id and --inspector go with --record")
    }
  }

  /// The ledger file: `--ledger PATH`, or `dudao.db` when only `--record` is given.
  var path: String? { ledger ?? (record ? "dudao.db" : nil) }

  /// What a streamed check needs from the ledger, opened before the check.
  struct Session {
    /// The ledger; nil when `--ledger` names a file that does not exist yet
    /// (created only by recording, after the check).
    var book: Ledger?
    var tap: FindingTap
  }

  /// Before the check: the ledger's waivers, and with `--record` each
  /// finding's ledger form (`LedgerReport.Item`), as a tap on the streamed
  /// check. Nil without `--ledger` or `--record`.
  func session(asOf: Day, language: Language) throws -> Session? {
    guard let path else { return nil }
    var book: Ledger?
    if FileManager.default.fileExists(atPath: path) {
      book = try attempt(language) { () throws(Diagnostic) in try Ledger(path: path) }
    } else if !record {
      Terminal.report([.ledgerMissing(path)], language: language)
    }
    let waivers = try book.map { b in try attempt(language) { () throws(Diagnostic) in try b.waivers() } } ?? []
    var recordItem: (@Sendable (Finding) -> [UInt8])?
    if record { recordItem = { f in LedgerReport.Item(finding: f, language: language).encoded } }
    let tap = FindingTap(
      record: recordItem,
      adjust: { (f: inout Finding) -> Int64? in Waiver.apply(waivers, to: &f, asOf: asOf) },
      warnings: { tags in Waiver.expiredWarnings(waivers, tags) })
    return Session(book: book, tap: tap)
  }

  /// After the check, before its output is written: records the findings
  /// (as they were before waivers: the ledger applies them itself), read
  /// back from the check's temporary file in report order.
  func recordIfAsked(_ checked: StreamingCheck.Checked, in session: Session?, pack: RulePack, asOf: Day, language: Language) throws {
    guard record, let path else { return }
    let book = try session?.book ?? attempt(language) { () throws(Diagnostic) in try Ledger(path: path) }
    let stamp = ISO8601DateFormatter().string(from: Date())
    let s = try attempt(language) { () throws(Diagnostic) in
      try book.record(
        asOf: asOf.description, pack: .init(name: pack.name, version: pack.version, digest: pack.digest),
        encodedFindings: { each in try checked.forEachRecorded(each) },
        inspectionID: inspectionID, inspector: inspector, recordedAt: stamp, progress: Self.recordingProgress(language))
    }
    Terminal.stderr(
      language == .zh
        ? "已记入台账 \(book.path)（检查 \(s.inspection)）：新立项 \(s.recorded)，再次发现 \(s.seen)，反弹 \(s.reopened)，已合格待销号 \(s.passing)，豁免 \(s.waived)"
        : "recorded in \(book.path) (inspection \(s.inspection)): \(s.recorded) opened, \(s.seen) seen again, \(s.reopened) reopened, \(s.passing) passing awaiting close, \(s.waived) waived")
  }

  /// On a terminal's stderr, while a large run is recorded: findings
  /// recorded so far and in all; the line is cleared at the end. Nil
  /// (nothing shown) in pipes and CI logs.
  static func recordingProgress(_ language: Language) -> ((Int, Int) -> Void)? {
    guard Terminal.isTTY(2) else { return nil }
    return { done, total in
      if done >= total { return FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      let text = language == .zh ? "正在记入台账：\(done) / \(total) 项" : "recording in the ledger: \(done) of \(total) findings"
      FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }
  }

  private func attempt<T>(_ language: Language, _ body: () throws(Diagnostic) -> T) throws -> T {
    do { return try body() } catch {
      Terminal.report([error], language: language)
      throw ExitCode(2)
    }
  }
}
