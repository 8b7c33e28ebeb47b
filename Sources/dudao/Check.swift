import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, html, csv
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "按规则检查学校数据 / Check school data against a rule pack",
    discussion: """
      示例 / Examples:
        dudao check examples/district
        dudao check --rules examples/overlays/xiangan --as-of 2026-11-23 --format json --output report.json examples/district
        dudao check --record --ledger district.db --inspector 督导组A examples/district
      退出状态 / exit status: 0 无不合格, 1 有不合格 (--strict: 或数据缺失/规则错误), 2 输入或规则无法使用.
      """)

  @OptionGroup var pack: PackOptions
  @OptionGroup var date: AsOfOption
  @OptionGroup var ledgerOptions: CheckLedgerOptions
  @OptionGroup var limits: LimitOptions
  @Option(help: "输出格式 / output format: text | json | csv | html") var format: ReportFormat = .text
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Flag(help: "数据缺失或规则错误也算不通过 / exit 1 on unknown or error findings too") var strict = false
  @Flag(help: "列出合格和不适用的项 / also list passing and not-applicable findings") var verbose = false
  @Option(help: "只输出这些状态 / only findings with these statuses, e.g. fail,unknown") var status: String?
  @Argument(help: "学校数据文件或文件夹 / school data files or folders (.yaml .yml .json .jsonl)") var data: [String]

  func validate() throws {
    if data.isEmpty { throw ValidationError("请给出学校数据文件或文件夹 / give at least one data file or folder") }
  }

  func run() throws {
    let rulePack = try pack.load()
    let asOf = try date.day()
    let engine = try Loading.engine(rulePack, language: pack.lang)
    let keep = try statusFilter()
    // Streamed (bounded memory) unless the ledger needs the whole run (waivers, recording).
    if !ledgerOptions.usesLedger { return try runStreaming(engine: engine, rulePack: rulePack, asOf: asOf, keep: keep) }
    let dataset = try Loading.dataset(data, with: limits.loader(rulePack.dictionary), language: pack.lang)
    var run = engine.evaluate(dataset, asOf: asOf)
    let book = try ledgerOptions.open(language: pack.lang)
    try ledgerOptions.recordIfAsked(run, in: book, language: pack.lang)
    try ledgerOptions.applyWaivers(to: &run, from: book, language: pack.lang)
    let exit = run.exitStatus(strict: strict)
    if let keep { run.findings = run.findings.filter { keep.contains($0.status) } }
    let model = ReportModel(run, language: pack.lang)
    let text: String
    switch format {
    case .text: text = TextReporter(color: output == nil && Terminal.useColor(), verbose: verbose).render(model)
    case .json: text = JSONReporter().render(model)
    case .csv: text = CSVReporter().render(model)
    case .html: text = HTMLReporter(verbose: verbose).render(model)
    }
    if format != .text || output != nil {
      // Warnings go to stderr when stdout carries machine-readable output.
      Terminal.report(run.warnings, language: pack.lang)
    }
    try Terminal.write(text, to: output)
    throw ExitCode(exit)
  }
}
