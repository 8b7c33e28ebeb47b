import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// A rule with every expression compiled once, ready for many subjects.
final class CompiledRule: Sendable {
  enum Part: Sendable {
    case text(String)
    case expr(Program)
  }

  let rule: Rule
  /// The rule, shared by its findings.
  let box: RuleBox
  /// The rule's expressions as analysed (the fast path compiles them per run).
  let analyzed: AnalyzedRule
  let params: Value
  let check: Program?
  let when: Program?
  let forEach: Program?
  let subjectKind: String
  let observed: Program?
  let comparison: (op: String, rhs: Program)?
  let message: [Language: [Part]]
  let requirement: [Language: [Part]]
  let rectify: Rectify?
  /// The list a `for_each` element comes from, for its missing paths (`Engine.elementBase`).
  let elementBase: String?

  init(_ a: AnalyzedRule, pack: RulePack) {
    rule = a.rule
    box = RuleBox(a.rule)
    analyzed = a
    params = .map(MapValue(a.params.map { (key: Value.string($0.name), value: $0.value) }))
    check = a.check.map(Program.init)
    when = a.when.map(Program.init)
    forEach = a.forEach.map(Program.init)
    if case .object(let o)? = a.elementType, pack.dictionary.entity(o.name) != nil {
      subjectKind = o.name
    } else {
      subjectKind = a.rule.forEach?.name ?? (a.rule.scope == .district ? "district" : "school")
    }
    observed = a.observed.map(Program.init)
    comparison = a.comparison.map { ($0.op, Program($0.rhs)) }
    func parts(_ ps: [AnalyzedRule.TemplatePart]) -> [Part] {
      ps.map {
        switch $0 {
        case .text(let s): .text(s)
        case .expr(let ast): .expr(Program(ast))
        }
      }
    }
    message = a.message.mapValues(parts)
    requirement = a.requirement.mapValues(parts)
    rectify = pack.rectify(for: a.rule)
    elementBase = Engine.elementBase(a.rule.forEach?.expr.text)
  }
}
