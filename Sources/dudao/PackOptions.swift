import ArgumentParser
import DudaoDiagnostics
import DudaoRules
import Foundation

extension Language: ExpressibleByArgument {}

/// Options shared by the commands that read a rule pack.
struct PackOptions: ParsableArguments {
  @Option(name: .customLong("rules"), help: "规则包文件夹 / rule pack folder (default: the standard pack `rules/`)")
  var rules: String?

  @Option(help: "输出语言 / output language: zh | en")
  var lang: Language = .zh

  /// The standard pack: `rules/` here, else the copy installed beside the binary.
  var packPath: String {
    if let rules { return rules }
    let fm = FileManager.default
    if fm.fileExists(atPath: "rules/pack.yaml") { return "rules" }
    let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "dudao").resolvingSymlinksInPath().deletingLastPathComponent()
    for candidate in ["../share/dudao/rules", "../../rules", "../../../rules", "rules"] {
      let p = exe.appendingPathComponent(candidate).standardizedFileURL.path
      if fm.fileExists(atPath: p + "/pack.yaml") { return p }
    }
    return "rules"
  }

  /// Loads the pack or prints every error and exits 2.
  func load() throws -> RulePack {
    do {
      let pack = try PackLoader().load(packPath)
      return pack
    } catch {
      Terminal.report(error.diagnostics, language: lang)
      Terminal.stderr(lang == .zh ? "规则包无法使用：共 \(error.diagnostics.count) 个错误。" : "the rule pack cannot be used: \(error.diagnostics.count) error(s).")
      throw ExitCode(2)
    }
  }
}

struct AsOfOption: ParsableArguments {
  @Option(name: .customLong("as-of"), help: "评估日期 / evaluation date YYYY-MM-DD (default: today)")
  var asOf: String?

  func day() throws -> Day {
    guard let asOf else { return Terminal.today() }
    guard let d = Day(iso: asOf) else {
      Terminal.stderr("error[cli.bad-date]: --as-of “\(asOf)” 不是日期，应写成 YYYY-MM-DD / is not a date; write YYYY-MM-DD")
      throw ExitCode(2)
    }
    return d
  }
}
