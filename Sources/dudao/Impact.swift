import ArgumentParser
import DudaoCalendar
import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoReport
import DudaoRules
import Foundation

enum ImpactFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct ImpactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "impact",
    abstract: "比较两个规则包在同一数据上的结果 / How findings change between two rule packs on the same data",
    discussion: """
      列出新增、消失、状态变化、整改时限变化的检查结果（按结果编号 key 对应），并按规则、按学校汇总。
      Lists findings (matched by key) that appear, disappear, change status or change deadline, with a summary per rule and per school.
      示例 / Examples:
        dudao impact rules examples/overlays/xiangan examples/district --as-of 2026-11-23
        dudao impact rules examples/overlays/xiangan examples/district --format json
      退出状态 / exit status: 0（有无变化都是 0 / whether or not anything changed）, 2 规则包或数据无法使用 / unusable packs or data.
      """)

  @Argument(help: "原规则包文件夹 / the old pack folder") var oldPack: String
  @Argument(help: "新规则包文件夹 / the new pack folder") var newPack: String
  @Argument(help: "学校数据文件或文件夹 / school data files or folders") var data: [String]
  @OptionGroup var date: AsOfOption
  @Option(help: "输出格式 / output format: text | json") var format: ImpactFormat = .text
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Option(help: "输出语言 / output language: zh | en") var lang: Language = .zh

  func validate() throws {
    if data.isEmpty { throw ValidationError("请给出学校数据文件或文件夹 / give at least one data file or folder") }
  }

  func run() throws {
    let asOf = try date.day()
    let old = try engine(oldPack)
    let new = try engine(newPack)
    // Both packs read the data with their own dictionaries (an overlay may
    // extend it), each as a stream: memory does not grow with the schools.
    func check(_ engine: Engine) -> StreamingCheck {
      var check = StreamingCheck(
        engine: engine, loader: DatasetLoader(dictionary: engine.pack.dictionary), asOf: asOf, keep: [],
        threads: ProcessInfo.processInfo.activeProcessorCount)
      // Each pack's check shows its progress on a terminal, as `check` does.
      if Terminal.isTTY(2) { check.progress = Check.showProgress(lang) }
      return check
    }
    let format = self.format == .json ? ImpactReporter.jsonFormat : ImpactReporter.textFormat(language: lang)
    do {
      _ = try Impact.streamed(old: check(old), new: check(new), paths: data, format: format, output: output)
    } catch {
      throw Loading.unusableData(error.diagnostics, language: lang, progress: Terminal.isTTY(2))
    }
  }

  func engine(_ path: String) throws -> Engine {
    let pack: RulePack
    do { pack = try PackLoader().load(path) } catch {
      Terminal.report(error.diagnostics, language: lang)
      Terminal.stderr(lang == .zh ? "规则包 \(path) 无法使用：共 \(error.diagnostics.count) 个错误。" : "the rule pack \(path) cannot be used: \(error.diagnostics.count) error(s).")
      throw ExitCode(2)
    }
    return try Loading.engine(pack, language: lang)
  }
}
