import ArgumentParser
import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "计算一个表达式 / Evaluate one expression and print the value as JSON",
    discussion: """
      示例 / Examples:
        dudao eval '1 + 2'                                   → 3
        dudao eval 'ratio(3, 4)'                             → 0.75
        dudao eval 'school.students <= 2000' --bindings-json '{"school": {"students": 2100}}'   → false
        dudao eval 'cv([1.0, 2.0, 3.0])'
      错误时退出状态为 1，并输出一行 `error: <信息>` / on error: exit 1 and a line `error: <message>`.
      """)

  @Argument(help: "CEL 表达式 / the expression") var expression: String
  @Option(name: .customLong("bindings-json"), help: "变量，JSON 对象 / variables as a JSON object") var bindingsJSON: String?
  @Option(help: "变量文件（YAML 或 JSON）/ variables from a YAML or JSON file") var bindings: String?
  @OptionGroup var date: AsOfOption
  @Option(help: "错误信息语言 / language of error messages: zh | en") var lang: Language = .en

  func validate() throws {
    if bindingsJSON != nil && bindings != nil {
      throw ValidationError("--bindings-json 与 --bindings 只能用一个 / use either --bindings-json or --bindings")
    }
  }

  func run() throws {
    var variables: [String: Value] = ["as_of": .date(try date.day())]
    var root: Node?
    do {
      if let bindingsJSON { root = try YAMLLoader.load(string: bindingsJSON, file: "--bindings-json") }
      if let bindings { root = try YAMLLoader.load(file: bindings) }
    } catch {
      Terminal.report([error], language: lang)
      throw ExitCode(2)
    }
    if let root, !root.isNull {
      guard let entries = root.entries else {
        Terminal.stderr("\(root.location): error[eval.bindings]: " + (lang == .zh ? "变量应为对象（名称: 值）" : "bindings must be an object of name: value"))
        throw ExitCode(2)
      }
      for e in entries {
        guard let name = e.key.text else { continue }
        variables[name] = Value(untyped: e.value)
      }
    }
    let ast: AST
    do { ast = try Parser.parse(expression) } catch {
      return fail("\(lang == .zh ? "第 \(error.offset + 1) 列" : "column \(error.offset + 1)"): \(error.message.text(in: lang))")
    }
    let env = TypeEnvironment(variables: variables.mapValues { _ in CELType.dyn })
    let checked = Checker.check(ast, in: env)
    if let e = checked.errors.first {
      return fail("\(lang == .zh ? "第 \(e.offset + 1) 列" : "column \(e.offset + 1)"): \(e.message.text(in: lang))")
    }
    switch Program(ast).evaluate(Activation(variables)) {
    case .value(let v): Terminal.stdout(v.jsonText + "\n")
    case .unknown(let paths): fail((lang == .zh ? "缺少数据：" : "missing data: ") + paths.joined(separator: ", "))
    case .error(let e): fail(e.message.text(in: lang))
    }
  }

  func fail(_ message: String) {
    Terminal.stdout("error: \(message)\n")
    Eval.exit(withError: ExitCode(1))
  }
}
