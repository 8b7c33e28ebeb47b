import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules

enum ChecklistFormat: String, ExpressibleByArgument, CaseIterable {
  case html, text, yaml, csv
}

struct ChecklistCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checklist",
    abstract: "生成现场检查表 / Write the on-site checklist for one school",
    discussion: """
      每条在用规则一项：现场查看什么、学校填报的值（待核对）、留空记录现场所见。
      One item per rule in force: what to look at, the value the school reported (to verify), a blank for what was seen.
      示例 / Examples:
        dudao checklist --school 3502130401 --format html --output 检查表.html examples/district
        dudao checklist --school 3502130401 --format yaml --output 现场记录.yaml examples/district
      填好 YAML/CSV 后与学校数据一起检查（现场所见替代填报值）/ once filled, check it with the data (observations override reported values):
        dudao check examples/district 现场记录.yaml
      """)

  @OptionGroup var pack: PackOptions
  @OptionGroup var date: AsOfOption
  @Option(help: "学校代码 / the school's id") var school: String
  @Option(help: "格式 / format: html | text | yaml | csv") var format: ChecklistFormat = .text
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Argument(help: "学校数据文件或文件夹 / school data files or folders") var data: [String]

  func validate() throws {
    if data.isEmpty { throw ValidationError("请给出学校数据文件或文件夹 / give at least one data file or folder") }
  }

  func run() throws {
    let rulePack = try pack.load()
    let asOf = try date.day()
    let engine = try Loading.engine(rulePack, language: pack.lang)
    // Only this school is loaded: the others are dropped while reading.
    let loader = DatasetLoader(dictionary: rulePack.dictionary)
    let dataset = try Loading.dataset(data, onlySchools: [school], with: loader, language: pack.lang)
    guard let record = dataset.schools.first(where: { $0.id == school }) else {
      // The data's first 20 schools, read again up to there.
      let ids = try Loading.firstSchoolIDs(data, count: 20, with: loader, language: pack.lang).joined(separator: ", ")
      Terminal.stderr(pack.lang == .zh
        ? "error[checklist.unknown-school]: 数据中没有学校代码为 “\(school)” 的学校；数据中的学校代码：\(ids)"
        : "error[checklist.unknown-school]: no school with id '\(school)' in the data; the data has: \(ids)")
      throw ExitCode(2)
    }
    let renderer = ChecklistRenderer(engine.checklist(for: record, asOf: asOf), dictionary: rulePack.dictionary, language: pack.lang)
    let text: String
    switch format {
    case .html: text = renderer.html()
    case .text: text = renderer.text()
    case .yaml: text = renderer.yaml()
    case .csv: text = renderer.csv()
    }
    try Terminal.write(text, to: output)
  }
}
