import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoLedger
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

  /// Whether the check needs a ledger (record or waivers).
  var usesLedger: Bool { record || ledger != nil }

  /// The ledger to use, if any: `--ledger PATH`, or `dudao.db` when only `--record` is given.
  func open(language: Language) throws -> Ledger? {
    guard record || ledger != nil else { return nil }
    return try attempt(language) { () throws(Diagnostic) in try Ledger(path: ledger ?? "dudao.db") }
  }

  /// Records the run (before waivers are applied: the ledger applies them itself).
  func recordIfAsked(_ run: Run, in book: Ledger?, language: Language) throws {
    guard record, let book else { return }
    let stamp = ISO8601DateFormatter().string(from: Date())
    let s = try attempt(language) { () throws(Diagnostic) in
      try book.record(LedgerReport(run: run, language: language), inspectionID: inspectionID, inspector: inspector, recordedAt: stamp)
    }
    Terminal.stderr(
      language == .zh
        ? "已记入台账 \(book.path)（检查 \(s.inspection)）：新立项 \(s.recorded)，再次发现 \(s.seen)，反弹 \(s.reopened)，已合格待销号 \(s.passing)，豁免 \(s.waived)"
        : "recorded in \(book.path) (inspection \(s.inspection)): \(s.recorded) opened, \(s.seen) seen again, \(s.reopened) reopened, \(s.passing) passing awaiting close, \(s.waived) waived")
  }

  /// Turns findings covered by an active waiver into `waived`; warns of ended ones.
  func applyWaivers(to run: inout Run, from book: Ledger?, language: Language) throws {
    guard let book else { return }
    run.apply(try attempt(language) { () throws(Diagnostic) in try book.waivers() })
  }

  private func attempt<T>(_ language: Language, _ body: () throws(Diagnostic) -> T) throws -> T {
    do { return try body() } catch {
      Terminal.report([error], language: language)
      throw ExitCode(2)
    }
  }
}
