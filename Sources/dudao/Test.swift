import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

struct Test: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "运行每条规则的示例 / Run every rule's pass/fail/unknown examples",
    discussion: """
      示例 / Examples:
        dudao test rules
        dudao test examples/overlays/xiangan --rule PE.DAILY_ACTIVITY
      输出 `N passed, N failed`；有失败时退出状态为 1 / prints `N passed, N failed`; exit 1 when any example fails.
      """)

  @Argument(help: "规则包文件夹 / the pack folder (default: the standard pack)") var pack: String?
  @Option(help: "只测试这条规则 / only this rule") var rule: [String] = []
  @Option(help: "输出语言 / output language: zh | en") var lang: Language = .zh

  func run() throws {
    var options = try PackOptions.parse([])
    options.rules = pack
    options.lang = lang
    let loaded = try options.load()
    do { _ = try Engine(pack: loaded) } catch {
      Terminal.report(error.diagnostics, language: lang, files: loaded.files)
      throw ExitCode(2)
    }
    let outcomes = ExampleRunner(pack: loaded).run(only: rule.isEmpty ? nil : Set(rule))
    var failed = 0
    for o in outcomes where !o.passed {
      failed += 1
      for p in o.problems {
        Terminal.stdout("\(o.example.location): \(o.rule) \(o.example.expect.rawValue) 示例/example: \(p.text(in: lang))\n")
      }
    }
    Terminal.stdout("\(outcomes.count - failed) passed, \(failed) failed\n")
    if failed > 0 { throw ExitCode(1) }
  }
}
