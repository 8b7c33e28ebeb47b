import ArgumentParser
import DudaoDiagnostics
import DudaoRules

struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "检查规则包 / Validate a rule pack: keys, citations, rectify terms, expression types",
    discussion: """
      示例 / Examples:
        dudao lint rules
        dudao lint examples/overlays/xiangan --lang en
      每个问题都给出 文件:行:列 / every problem is reported as file:line:column.
      退出状态 / exit status: 0 无错误 (no errors; warnings printed), 1 --strict 且有警告, 2 有错误 (errors).
      """)

  @Argument(help: "规则包文件夹 / the pack folder (default: the standard pack)") var pack: String?
  @Option(help: "输出语言 / output language: zh | en") var lang: Language = .zh
  @Flag(help: "警告也算不通过 / exit 1 on warnings") var strict = false

  func run() throws {
    var options = try PackOptions.parse([])
    options.rules = pack
    options.lang = lang
    let loaded: RulePack
    do { loaded = try PackLoader().load(options.packPath) } catch {
      Terminal.report(error.diagnostics, language: lang)
      summary(errors: error.diagnostics.filter { $0.severity == .error }.count, warnings: error.diagnostics.filter { $0.severity == .warning }.count)
      throw ExitCode(2)
    }
    let (_, analysis) = RuleAnalyzer().analyze(loaded)
    let all = PackLoader.sorted(loaded.warnings + analysis)
    Terminal.report(all, language: lang, files: loaded.files)
    let errors = all.filter { $0.severity == .error }.count
    summary(errors: errors, warnings: all.count - errors, rules: loaded.rules.count)
    if errors > 0 { throw ExitCode(2) }
    if strict && !all.isEmpty { throw ExitCode(1) }
  }

  func summary(errors: Int, warnings: Int, rules: Int? = nil) {
    let head = rules.map { lang == .zh ? "\($0) 条规则，" : "\($0) rules, " } ?? ""
    Terminal.stderr(head + (lang == .zh ? "\(errors) 个错误，\(warnings) 个警告" : "\(errors) errors, \(warnings) warnings"))
  }
}
