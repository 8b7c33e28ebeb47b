import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoLedger
import DudaoSample
import Foundation

enum SampleFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, csv
}

/// `dudao sample`: the 双随机 draw of schools and inspector teams.
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "双随机抽取学校和督学组 / Draw schools and inspector teams at random (双随机)",
    discussion: """
      抽取完全由公开的种子和输入决定，算法见 docs/sampling.md，任何人都能复现；方案带有输入摘要。
      The draw is fully determined by the public seed and the inputs (algorithm in docs/sampling.md); the plan carries a digest of its inputs.
      示例 / Examples:
        dudao sample --schools examples/district --inspectors examples/inspectors.yaml --seed "2026-11-23 第1批" --count 4
        dudao sample --schools examples/district --inspectors examples/inspectors.yaml --seed 20261123 --count 4 \\
          --strata level --exclude-inspected-since 2026-09-01 --ledger dudao.db --format json --output plan.json
      退出状态 / exit status: 0 每所学校都配齐督学 (every school has a team), 1 有学校未能配齐 (some school is unstaffed), 2 输入无法使用 (unusable input).
      """)

  @OptionGroup var pack: PackOptions
  @Option(name: .customLong("schools"), parsing: .upToNextOption, help: "学校数据文件或文件夹 / school data files or folders")
  var schools: [String] = []
  @Option(help: "督学名单（YAML 或 CSV）/ inspectors file (YAML or CSV)") var inspectors: String?
  @Option(help: "公开的随机种子文字 / the public seed text") var seed: String?
  @Option(help: "抽取学校数 / number of schools to draw") var count: Int?
  @Option(help: "分层字段，逗号分隔 / strata fields, comma-separated, e.g. district,level") var strata: String?
  @Option(name: .customLong("exclude-inspected-since"), help: "排除此日期及以后已检查的学校（需 --ledger）/ exclude schools inspected on or after this date (needs --ledger)")
  var excludeSince: String?
  @Option(help: "整改台账数据库 / ledger database") var ledger: String?
  @Option(name: .customLong("weight-overdue"), help: "有逾期未整改问题的学校的票数（需 --ledger；默认 1 不加权）/ tickets of a school with overdue findings (needs --ledger; default 1: off)")
  var weightOverdue: Int = 1
  @Option(name: .customLong("as-of"), help: "判断逾期的日期 / date for overdue findings (default: today)") var asOf: String?
  @Option(name: .customLong("team-size"), help: "每组督学人数 / inspectors per school") var teamSize: Int = 2
  @Option(name: .customLong("max-per-inspector"), help: "每位督学最多检查的学校数（默认不限）/ most schools per inspector (default: no limit)")
  var maxPerInspector: Int?
  @Flag(name: .customLong("show-names"), help: "显示督学姓名（个人信息）/ show inspector names (personal data)") var showNames = false
  @Option(help: "输出格式 / output format: text | json | csv") var format: SampleFormat = .text
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Option(name: .customLong("write-inputs"), help: "把规范输入清单（摘要所覆盖的内容）写入文件 / write the canonical inputs the digest covers to this file")
  var writeInputs: String?
  @Option(help: "按已公布的规范输入清单重新抽取 / draw again from a published canonical inputs file") var replay: String?

  func validate() throws {
    if replay != nil {
      if !schools.isEmpty || inspectors != nil || seed != nil || count != nil || strata != nil || excludeSince != nil || weightOverdue != 1 {
        throw ValidationError("--replay 从清单读取全部输入，不能再给 --schools、--inspectors、--seed、--count、--strata 等 / --replay takes every input from the listing")
      }
      return
    }
    if schools.isEmpty { throw ValidationError("请用 --schools 给出学校数据 / give the school data with --schools") }
    if inspectors == nil { throw ValidationError("请用 --inspectors 给出督学名单 / give the inspectors file with --inspectors") }
    if seed == nil { throw ValidationError("请用 --seed 给出公开的随机种子 / give the public seed with --seed") }
    if count == nil { throw ValidationError("请用 --count 给出抽取学校数 / give the number of schools with --count") }
    if (excludeSince != nil || weightOverdue != 1) && ledger == nil {
      throw ValidationError("--exclude-inspected-since 和 --weight-overdue 需要 --ledger 台账 / need --ledger")
    }
  }

  func run() throws {
    let lang = pack.lang
    if let replay {
      let inputs = try attempt { () throws(Diagnostic) in try Self.readListing(replay) }
      return try render(inputs.draw(), inputs: inputs, labels: SampleLabels())
    }
    let since = try excludeSince.map { try day($0, option: "--exclude-inspected-since") }
    let overdueOn = try asOf.map { try day($0, option: "--as-of") } ?? Terminal.today()
    let rulePack = try pack.load()
    let dataset: Dataset
    do { dataset = try DatasetLoader(dictionary: rulePack.dictionary).load(paths: schools) } catch {
      Terminal.report(error.diagnostics, language: lang)
      Terminal.stderr(lang == .zh ? "学校数据无法使用：共 \(error.diagnostics.count) 个错误。" : "the school data cannot be used: \(error.diagnostics.count) error(s).")
      throw ExitCode(2)
    }
    let roster: InspectorRoster
    do { roster = try InspectorRoster(file: inspectors ?? "") } catch {
      Terminal.report(error.diagnostics, language: lang)
      throw ExitCode(2)
    }
    var excluded: Set<String> = [], overdue: Set<String> = []
    if let ledger, since != nil || weightOverdue > 1 {
      guard FileManager.default.fileExists(atPath: ledger) else {
        Terminal.report([Diagnostic(code: "sample.no-ledger", location: nil, message: .init(zh: "找不到台账数据库：\(ledger)", en: "no such ledger database: \(ledger)"))], language: lang)
        throw ExitCode(2)
      }
      let book = try attempt { () throws(Diagnostic) in try Ledger(path: ledger) }
      if let since {
        excluded = try attempt { () throws(Diagnostic) in try book.schoolsInspected(since: since) }
      }
      if weightOverdue > 1 {
        overdue = try attempt { () throws(Diagnostic) in try book.schoolsWithOverdueFindings(asOf: overdueOn) }
      }
    }
    let request = SampleRequest(
      seed: seed ?? "", count: count ?? 0,
      strata: strata.map { $0.split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
      teamSize: teamSize, maxPerInspector: maxPerInspector, weight: weightOverdue)
    let built: (inputs: SampleInputs, warnings: [Diagnostic])
    do {
      built = try request.inputs(
        schools: dataset.schools, dictionary: rulePack.dictionary, roster: roster, excluded: excluded, overdue: overdue)
    } catch {
      Terminal.report(roster.warnings + error.diagnostics, language: lang)
      throw ExitCode(2)
    }
    Terminal.report(roster.warnings + built.warnings, language: lang)
    if let writeInputs { try Terminal.write(built.inputs.canonicalText, to: writeInputs) }
    var labels = SampleLabels(
      schoolNames: Dictionary(dataset.schools.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
      excluded: dataset.schools.count - built.inputs.schools.count)
    if showNames {
      labels.inspectorNames = Dictionary(roster.inspectors.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { a, _ in a })
    }
    try render(built.inputs.draw(), inputs: built.inputs, labels: labels)
  }
}

private extension SampleCommand {
  func render(_ plan: SamplePlan, inputs: SampleInputs, labels: SampleLabels) throws {
    let text =
      switch format {
      case .text: plan.text(labels, inputs: inputs, language: pack.lang)
      case .json: plan.json(names: labels.inspectorNames)
      case .csv: plan.csv(labels, inputs: inputs)
      }
    try Terminal.write(text, to: output)
    if !plan.unstaffed.isEmpty { throw ExitCode(1) }
  }

  func attempt<T>(_ body: () throws(Diagnostic) -> T) throws -> T {
    do { return try body() } catch {
      Terminal.report([error], language: pack.lang)
      throw ExitCode(2)
    }
  }

  func day(_ text: String, option: String) throws -> Day {
    guard let d = Day(iso: text) else {
      Terminal.stderr("error[cli.bad-date]: \(option) “\(text)” 不是日期，应写成 YYYY-MM-DD / is not a date; write YYYY-MM-DD")
      throw ExitCode(2)
    }
    return d
  }

  static func readListing(_ file: String) throws(Diagnostic) -> SampleInputs {
    guard let data = FileManager.default.contents(atPath: file), data.count <= 64 << 20,
      let text = String(data: data, encoding: .utf8)
    else {
      throw Diagnostic(code: "sample.io", location: nil, message: .init(zh: "无法读取清单文件（须为 UTF-8，不超过 64 MB）：\(file)", en: "cannot read the listing (UTF-8, at most 64 MB): \(file)"))
    }
    return try SampleInputs(canonical: text, file: file)
  }
}
