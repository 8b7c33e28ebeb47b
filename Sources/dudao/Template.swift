import ArgumentParser
import DudaoDiagnostics
import DudaoReport
import DudaoRules
import Foundation

enum TemplateFormat: String, ExpressibleByArgument, CaseIterable {
  case yaml, csv
}

struct TemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "生成数据采集模板 / Write the data-collection template for the rules in force",
    discussion: """
      只含在用规则（含覆盖包的修改）读取的字段，以及学校代码、名称、办学类型、区县。
      Only the fields the rules in force (after overlays) read, plus school code, name, type and district.
      示例 / Examples:
        dudao template                                   → ./school.yaml（带注释的 YAML 骨架 / commented YAML skeleton）
        dudao template --format csv --output 采集表       → schools.csv classes.csv staff.csv 填表说明.md
        dudao template --rules examples/overlays/xiangan --format yaml --output out
      填好后可直接检查 / once filled: dudao check school.yaml
      """)

  @OptionGroup var pack: PackOptions
  @Option(help: "模板格式 / template format: yaml | csv") var format: TemplateFormat = .yaml
  @Option(help: "输出文件夹 / output folder (default: the current folder)") var output: String = "."

  func run() throws {
    let loaded = try pack.load()
    let template = DataTemplate(pack: loaded)
    let files: [(name: String, text: String)]
    switch format {
    case .yaml: files = [(name: "school.yaml", text: template.yaml(language: pack.lang))]
    case .csv: files = template.csvFiles(language: pack.lang)
    }
    do {
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    } catch {
      Terminal.stderr("error[io]: 无法创建文件夹 / cannot create folder \(output): \(error.localizedDescription)")
      throw ExitCode(2)
    }
    for f in files {
      let path = (output as NSString).appendingPathComponent(f.name)
      try Terminal.write(f.text, to: path)
      Terminal.stderr(pack.lang == .zh ? "已写入 \(path)" : "wrote \(path)")
    }
  }
}
