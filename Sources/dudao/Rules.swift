import Foundation
import ArgumentParser
import DudaoDiagnostics
import DudaoRules

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "列出规则 / List the rules in force",
    discussion: """
      示例 / Examples:
        dudao rules
        dudao rules --dimension 身心健康 --severity major
        dudao rules --rules examples/overlay --all
      """)

  @OptionGroup var pack: PackOptions
  @Option(help: "只列出该监测维度 / only this dimension") var dimension: String?
  @Option(help: "只列出该严重程度 / only this severity: critical | major | minor") var severity: String?
  @Flag(help: "包括已停用的规则 / include disabled rules") var all = false

  func run() throws {
    let loaded = try pack.load()
    if let severity, Severity(rawValue: severity) == nil {
      Terminal.stderr("error[cli.bad-severity]: --severity “\(severity)”：可用 / use critical, major, minor")
      throw ExitCode(2)
    }
    let zh = pack.lang == .zh
    var shown = 0
    for r in loaded.rules {
      guard all || r.enabled else { continue }
      if let dimension, r.dimension != dimension { continue }
      if let severity, r.severity.rawValue != severity { continue }
      shown += 1
      var line = "\(r.id.padding(toLength: max(24, r.id.count), withPad: " ", startingAt: 0))  \(r.severity.label.text(in: pack.lang))  \(r.dimension ?? "—")  \(r.title.text(in: pack.lang))"
      if !r.enabled { line += zh ? "  〔已停用：\(r.disabledReason ?? "")〕" : "  [disabled: \(r.disabledReason ?? "")]" }
      Terminal.stdout(line + "\n")
    }
    Terminal.stdout(zh ? "共 \(shown) 条规则（\(loaded.name) \(loaded.version)）\n" : "\(shown) rules (\(loaded.name) \(loaded.version))\n")
  }
}
