import Foundation
import ArgumentParser
import DudaoDiagnostics
import DudaoExpr
import DudaoReport
import DudaoRules

enum RulesFormat: String, ExpressibleByArgument, CaseIterable {
  case text, md, json
}

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "列出规则 / List the rules in force",
    discussion: """
      示例 / Examples:
        dudao rules
        dudao rules --dimension 身心健康 --severity major
        dudao rules --rules examples/overlays/xiangan --all
        dudao rules --format md > docs/rules.md          规则目录 / the catalogue (Markdown)
        dudao rules --format json
      """)

  @OptionGroup var pack: PackOptions
  @Option(help: "只列出该监测维度 / only this dimension") var dimension: String?
  @Option(help: "只列出该严重程度 / only this severity: critical | major | minor") var severity: String?
  @Flag(help: "包括已停用的规则 / include disabled rules") var all = false
  @Option(help: "输出格式 / output format: text | md (规则目录 / catalogue) | json") var format: RulesFormat = .text

  func run() throws {
    let loaded = try pack.load()
    if let severity, Severity(rawValue: severity) == nil {
      Terminal.stderr("error[cli.bad-severity]: --severity “\(severity)”：可用 / use critical, major, minor")
      throw ExitCode(2)
    }
    let zh = pack.lang == .zh
    var selected = loaded
    selected.rules = loaded.rules.filter { r in
      (all || r.enabled) && (dimension.map { r.dimension == $0 } ?? true) && (severity.map { r.severity.rawValue == $0 } ?? true)
    }
    switch format {
    case .md: return Terminal.stdout(Catalogue(pack: selected, language: pack.lang).render())
    case .json: return Terminal.stdout(Self.json(selected))
    case .text: break
    }
    var shown = 0
    for r in selected.rules {
      shown += 1
      var line = "\(r.id.padding(toLength: max(24, r.id.count), withPad: " ", startingAt: 0))  \(r.severity.label.text(in: pack.lang))  \(r.dimension ?? "—")  \(r.title.text(in: pack.lang))"
      if !r.enabled { line += zh ? "  〔已停用：\(r.disabledReason ?? "")〕" : "  [disabled: \(r.disabledReason ?? "")]" }
      Terminal.stdout(line + "\n")
    }
    Terminal.stdout(zh ? "共 \(shown) 条规则（\(loaded.name) \(loaded.version)）\n" : "\(shown) rules (\(loaded.name) \(loaded.version))\n")
  }

  /// The rules as a JSON list (`dudao.rules/v1`): what the catalogue shows, for scripts.
  static func json(_ pack: RulePack) -> String {
    func obj(_ fields: [(String, Value)]) -> Value { .map(MapValue(fields: fields)) }
    func text(_ l: LocalizedText?) -> Value { l.map { obj([("zh", .string($0.zh)), ("en", .string($0.en))]) } ?? .null }
    let rules: [Value] = pack.rules.map { r in
      let rectify = pack.rectify(for: r)
      return obj([
        ("id", .string(r.id)), ("title", text(r.title)), ("dimension", r.dimension.map(Value.string) ?? .null),
        ("severity", .string(r.severity.rawValue)), ("enabled", .bool(r.enabled)), ("scope", .string(r.scope.rawValue)),
        ("levels", r.levels.map { .list($0.map(Value.string)) } ?? .null),
        ("sources", .list(r.sources.map { s in
          obj([
            ("document", .string(s.document)), ("number", s.number.map(Value.string) ?? .null),
            ("clause", s.clause.map(Value.string) ?? .null), ("quote", .string(s.quote)), ("verified", .bool(s.verified)),
          ])
        })),
        ("params", obj(pack.parameters(for: r).map { ($0.name, $0.value) })),
        ("deadline", rectify?.termText.map(Value.string) ?? .null),
        ("responsible", text(rectify?.responsible)),
      ])
    }
    return obj([
      ("schema", .string("dudao.rules/v1")),
      ("pack", obj([("name", .string(pack.name)), ("version", .string(pack.version)), ("digest", .string(pack.digest))])),
      ("rules", .list(rules)),
    ]).jsonText + "\n"
  }
}
