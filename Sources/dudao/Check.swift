import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
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
    // Streamed in bounded memory, with or without the ledger.
    try runStreaming(engine: engine, rulePack: rulePack, asOf: asOf, keep: keep)
  }
}
