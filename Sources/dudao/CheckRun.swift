import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoYAML
import Foundation

/// Input limits of `check`, each with a clear error when exceeded.
struct LimitOptions: ParsableArguments {
  @Option(help: "单个 YAML/JSON/CSV 文件的大小上限（MB）/ size limit of one YAML, JSON or CSV file, in MB")
  var maxFileMb = 32
  @Option(help: "JSON Lines 中一所学校（一行）的大小上限（MB）/ size limit of one school (one JSON Lines line), in MB")
  var maxSchoolMb = 32
  @Option(help: "一个文件或一所学校中值的个数上限 / limit on the number of values in one file or one school")
  var maxNodes = 5_000_000
  @Option(help: "嵌套层数上限 / nesting depth limit")
  var maxDepth = 64
  @Option(help: "并行线程数（默认：全部核心）/ worker threads (default: all cores)")
  var threads: Int?
  @Flag(help: .init("只用通用求值器（用于对比和排查；结果相同，较慢）/ evaluate with the general evaluator only (for comparison; same output, slower)", visibility: .hidden))
  var generalEvaluator = false

  func validate() throws {
    for (name, v) in [("--max-file-mb", maxFileMb), ("--max-school-mb", maxSchoolMb), ("--max-nodes", maxNodes), ("--max-depth", maxDepth), ("--threads", threads ?? 1)] where v < 1 {
      throw ValidationError("\(name) 应为正整数 / must be a positive whole number (got \(v))")
    }
  }

  var yaml: YAMLLimits {
    var l = YAMLLimits()
    l.maxFileBytes = min(maxFileMb, 1 << 20) << 20
    l.maxNodes = maxNodes
    l.maxDepth = maxDepth
    return l
  }

  func loader(_ dictionary: DataDictionary) -> DatasetLoader {
    var loader = DatasetLoader(dictionary: dictionary, limits: yaml)
    loader.maxSchoolBytes = min(maxSchoolMb, 1 << 20) << 20
    return loader
  }

  var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

extension Check {
  /// Every report format, with or without the ledger: the streaming path
  /// (bounded memory, every core). Output is byte-identical to rendering
  /// the whole run (with the ledger's waivers applied).
  func runStreaming(engine: Engine, rulePack: RulePack, asOf: Day, keep: Set<Status>?) throws {
    let language = pack.lang
    var stream = StreamingCheck(engine: engine, loader: limits.loader(rulePack.dictionary), asOf: asOf, keep: keep, threads: limits.threadCount)
    if limits.generalEvaluator { stream.useFastPath = false }
    let session = try ledgerOptions.session(asOf: asOf, language: language)
    stream.tap = session?.tap
    let showProgress = Terminal.isTTY(2)
    if showProgress { stream.progress = Self.showProgress(language) }
    let checked: StreamingCheck.Checked
    do {
      let streamFormat = switch format {
      case .json: JSONReporter.streamFormat(pack: rulePack, asOf: asOf, language: language)
      case .csv: CSVReporter.streamFormat(pack: rulePack, asOf: asOf, language: language)
      case .text: TextReporter(color: output == nil && Terminal.useColor(), verbose: verbose).streamFormat(pack: rulePack, asOf: asOf, language: language)
      case .html: HTMLReporter(verbose: verbose).streamFormat(pack: rulePack, asOf: asOf, language: language)
      }
      checked = try stream.prepare(paths: data, format: streamFormat)
    } catch {
      throw Loading.unusableData(error.diagnostics, language: language, progress: showProgress)
    }
    // Recorded before the output is written: a run the ledger refuses gives no report.
    try ledgerOptions.recordIfAsked(checked, in: session, pack: rulePack, asOf: asOf, language: language)
    do { try checked.write(to: output) } catch {
      Terminal.report(error.diagnostics, language: language)
      throw ExitCode(2)
    }
    let summary = checked.summary
    // The text report on stdout lists the warnings itself.
    if format != .text || output != nil { Terminal.report(summary.warnings, language: language) }
    throw ExitCode(summary.exitStatus(strict: strict))
  }

  /// Progress on a terminal's stderr once a check runs longer than a second:
  /// schools done, rate, time left. Never in pipes or CI logs.
  static func showProgress(_ language: Language) -> @Sendable (StreamProgress) -> Void {
    { p in
      // Cleared before the report is written (it may go to the same terminal).
      if p.finished { return FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      guard p.elapsed >= 1, p.bytes > 0 else { return }
      let rate = Int(Double(p.schools) / p.elapsed)
      let left = max(0, Double(p.totalBytes - p.bytes) / (Double(p.bytes) / p.elapsed))
      let text = language == .zh
        ? "已检查 \(p.schools) 所学校，每秒 \(rate) 所，预计还需 \(Int(left.rounded())) 秒"
        : "\(p.schools) schools checked, \(rate) per second, about \(Int(left.rounded())) s left"
      FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }
  }

  /// `--status a,b`: the statuses to keep, or exit 2 naming the bad one.
  func statusFilter() throws -> Set<Status>? {
    guard let status else { return nil }
    var keep: Set<Status> = []
    for name in status.split(separator: ",") {
      guard let s = Status(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
        Terminal.stderr("error[cli.bad-status]: --status “\(name)”：可用 / use pass, fail, unknown, not_applicable, waived, error")
        throw ExitCode(2)
      }
      keep.insert(s)
    }
    return keep
  }
}
