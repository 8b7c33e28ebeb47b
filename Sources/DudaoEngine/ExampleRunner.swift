import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML

/// Runs every rule's `examples` (what `dudao test` and the test suite do).
public struct ExampleRunner: Sendable {
  public struct Outcome: Sendable {
    public var rule: String
    public var example: RuleExample
    public var actual: Status
    /// Empty when the example passed; otherwise what went wrong.
    public var problems: [LocalizedText]
    public var passed: Bool { problems.isEmpty }
  }

  /// The evaluation date of examples that give none: fixed, so results never
  /// depend on the day the tests run.
  public static let defaultAsOf = Day(iso: "2026-09-01") ?? Day(ordinal: 20697) ?? Day(year: 1970, month: 1, day: 1).unsafelyUnwrapped

  public let pack: RulePack

  public init(pack: RulePack) { self.pack = pack }

  public func run(only ruleIDs: Set<String>? = nil) -> [Outcome] {
    var out: [Outcome] = []
    let loader = DatasetLoader(dictionary: pack.dictionary)
    for rule in pack.rules where ruleIDs?.contains(rule.id) ?? true {
      for ex in rule.examples { out.append(run(ex, rule: rule, loader: loader)) }
    }
    return out
  }

  func run(_ ex: RuleExample, rule: Rule, loader: DatasetLoader) -> Outcome {
    var outcome = Outcome(rule: rule.id, example: ex, actual: .error, problems: [])
    // Example-specific parameters: `params:` beside the data.
    var single = rule
    single.enabled = true
    single.params = rule.definedParams
    var diags: [Diagnostic] = []
    if let p = ex.params {
      for e in p.entries ?? [] {
        guard let name = e.key.text else { continue }
        if let i = single.params.firstIndex(where: { $0.name == name }) { single.params[i].value = Value(untyped: e.value) } else {
          single.params.append((name, Value(untyped: e.value), e.value.location))
        }
      }
    }
    var schools: [SchoolRecord] = []
    var nodes: [Node] = []
    if let s = ex.data["school"] { nodes = [s] } else if let list = ex.data["schools"]?.sequence { nodes = list }
    for (i, n) in nodes.enumerated() {
      var node = n
      if node["id"] == nil, case .mapping(var entries) = node.kind {
        entries.append(.init(key: Node(.scalar(.init(text: "id")), at: n.location), value: Node(.scalar(.init(text: "EXAMPLE-\(i + 1)")), at: n.location)))
        node = Node(.mapping(entries), at: n.location)
      }
      if let r = loader.school(node, &diags) { schools.append(r) }
    }
    if let e = diags.first(where: { $0.severity == .error }) {
      outcome.problems.append(.init(zh: "示例数据无效：\(e.location.map { "\($0): " } ?? "")\(e.message.zh)", en: "the example's data is invalid: \(e.location.map { "\($0): " } ?? "")\(e.message.en)"))
      return outcome
    }
    var p = pack
    p.rules = [single]
    let engine: Engine
    do { engine = try Engine(pack: p) } catch {
      outcome.problems.append(.init(zh: "规则无法编译", en: "the rule does not compile"))
      return outcome
    }
    let asOf = ex.asOf ?? max(Self.defaultAsOf, rule.effectiveFrom ?? Self.defaultAsOf)
    let run = engine.evaluate(Dataset(schools: schools), asOf: asOf)
    let statuses = Set(run.findings.map(\.status))
    outcome.actual =
      statuses.contains(.fail) ? .fail : statuses.contains(.error) ? .error : statuses.contains(.unknown) ? .unknown
      : statuses.contains(.pass) ? .pass : .notApplicable
    let expected: Status = switch ex.expect {
    case .pass: .pass
    case .fail: .fail
    case .unknown: .unknown
    case .notApplicable: .notApplicable
    }
    if outcome.actual != expected {
      let details = run.findings.compactMap { f -> String? in
        if !f.missing.isEmpty { return "missing \(f.missing.joined(separator: ", "))" }
        return f.detail?.en
      }
      outcome.problems.append(.init(
        zh: "期望 \(expected.label.zh)（\(expected.rawValue)），实际 \(outcome.actual.label.zh)（\(outcome.actual.rawValue)）" + (details.isEmpty ? "" : "：\(details.joined(separator: "；"))"),
        en: "expected \(expected.rawValue), got \(outcome.actual.rawValue)" + (details.isEmpty ? "" : ": \(details.joined(separator: "; "))")))
    }
    if let missing = ex.missing {
      let actual = Set(run.findings.flatMap(\.missing))
      if actual != Set(missing) {
        outcome.problems.append(.init(
          zh: "期望缺少 \(missing.sorted().joined(separator: "、"))，实际缺少 \(actual.sorted().joined(separator: "、"))",
          en: "expected missing \(missing.sorted().joined(separator: ", ")), got \(actual.sorted().joined(separator: ", "))"))
      }
    }
    if let observed = ex.observed {
      let want = Value(untyped: observed)
      let got = run.findings.first { $0.status == outcome.actual }?.observed
      if got.map({ !Self.sameNumber($0, want) }) ?? true {
        outcome.problems.append(.init(zh: "期望观测值 \(want.jsonText)，实际 \(got?.jsonText ?? "无")", en: "expected observed \(want.jsonText), got \(got?.jsonText ?? "none")"))
      }
    }
    return outcome
  }

  static func sameNumber(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
    case (.double(let x), .double(let y)): return abs(x - y) < 1e-9
    default: return a == b
    }
  }
}
