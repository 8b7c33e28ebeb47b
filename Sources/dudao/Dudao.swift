import ArgumentParser
import DudaoDiagnostics
import Foundation

@main
struct Dudao: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dudao",
    abstract: "督导：按政策规则检查学校数据 / Check school data against supervision rules",
    discussion: """
      示例 / Example:
        dudao check examples/district
        dudao check --rules examples/overlays/xiangan --format json examples/district
      退出状态 / exit status: 0 无不合格 (no failing finding), 1 有不合格 (some fail), 2 输入或规则无法使用 (unusable input or rules).
      """,
    subcommands: [Check.self, Eval.self, Lint.self, Test.self, Explain.self, Rules.self, TemplateCommand.self, ChecklistCommand.self, ImpactCommand.self, LedgerCommand.self, SampleCommand.self])

  /// Runs the command; usage errors exit 2 (DESIGN: the input could not be used).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let e as ExitCode {
      Foundation.exit(e.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(2)
    }
  }
}
