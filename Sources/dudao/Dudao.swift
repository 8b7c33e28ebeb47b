import ArgumentParser

@main
struct Dudao: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dudao",
    abstract: "督导：按政策规则检查学校数据 / Check school data against supervision rules")
}
