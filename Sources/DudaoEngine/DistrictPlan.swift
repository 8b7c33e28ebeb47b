import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// How a district rule runs over a stream of schools: each school gives one
/// value per `schools.map(s, E)` in the rule's expressions (its `parts`);
/// at the end the rule runs once per district on the lists of those values.
/// Memory is one small value per school and part, not the schools.
struct DistrictPlan: Sendable {
  /// The rule with every `schools.map(…)` replaced by a variable.
  var rule: CompiledRule
  /// Each part's program (`schools.map(s, E)`), evaluated on one school.
  var parts: [Program]
  /// The parts as written (`schools.map(s, E)`), for the fast path.
  var partASTs: [AST]
  /// The variable each part's list is bound to in `rule`.
  var variables: [String]

  /// nil when the rule reads `schools` other than through `map`.
  init?(_ a: AnalyzedRule, pack: RulePack) {
    var found: [(source: String, variable: String, ast: AST)] = []
    var r = a
    func project(_ ast: AST?) -> AST?? {
      guard let ast else { return .some(nil) }
      guard let p = ast.projecting("schools", parts: &found) else { return nil }
      return .some(p)
    }
    func projectParts(_ ps: [Language: [AnalyzedRule.TemplatePart]]) -> [Language: [AnalyzedRule.TemplatePart]]? {
      var out: [Language: [AnalyzedRule.TemplatePart]] = [:]
      for (lang, parts) in ps {
        var list: [AnalyzedRule.TemplatePart] = []
        for part in parts {
          switch part {
          case .text: list.append(part)
          case .expr(let ast):
            guard let p = ast.projecting("schools", parts: &found) else { return nil }
            list.append(.expr(p))
          }
        }
        out[lang] = list
      }
      return out
    }
    guard let check = project(a.check), let observed = project(a.observed) else { return nil }
    r.check = check
    r.observed = observed
    if let (op, rhs) = a.comparison {
      guard let p = rhs.projecting("schools", parts: &found) else { return nil }
      r.comparison = (op, p)
    }
    guard let message = projectParts(a.message), let requirement = projectParts(a.requirement) else { return nil }
    r.message = message
    r.requirement = requirement
    rule = CompiledRule(r, pack: pack)
    parts = found.map { Program($0.ast) }
    partASTs = found.map(\.ast)
    variables = found.map(\.variable)
  }
}
