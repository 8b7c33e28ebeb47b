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
  /// Per part of the form `schools.filter(s, P).map(t, E)`: the filter
  /// alone (`PartList` keeps the filter's failures apart from the map's).
  var filters: [Program?]

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
    filters = found.map { $0.ast.partFilter.map(Program.init) }
  }
}

/// One part's list for one district, formed school by school as the map
/// over the district's schools would form it: the values, or the failure
/// that map gives. Over a list, `map` and `filter` are strict: any unknown
/// element makes the result unknown (the paths of all, in order), else the
/// first error wins; with a filter, the filter's failures win over the
/// map's (the map never runs).
struct PartList {
  var values: [Value] = []
  private var filterFailure = Failure()
  private var mapFailure = Failure()

  private struct Failure {
    var unknown: [String] = []
    var error: ExprError?
    var failed: Bool { !unknown.isEmpty || error != nil }
    var result: EvalResult? {
      if !unknown.isEmpty { return .unknown(unknown) }
      return error.map { .error($0) }
    }
  }

  /// The list, or the failure it stands for.
  var result: EvalResult {
    filterFailure.result ?? mapFailure.result ?? .value(.list(values))
  }

  /// Adds the `index`th school of the district. An unknown path of the
  /// school (`schools[0].…`, from evaluating the part on it alone) is
  /// renamed to its place in the district (`schools[index].…`).
  mutating func add(_ part: SchoolPart, index: Int, list name: String) {
    switch part {
    case .values(let l):
      if !filterFailure.failed, !mapFailure.failed { values += l }
    case .failed(let r, let inFilter):
      if inFilter {
        values = []
      }
      switch r {
      case .unknown(let paths):
        let renamed = paths.map { Self.rename($0, list: name, index: index) }
        if inFilter { filterFailure.unknown += renamed } else { mapFailure.unknown += renamed }
      case .error(let e):
        if inFilter {
          if filterFailure.error == nil { filterFailure.error = e }
        } else if mapFailure.error == nil {
          mapFailure.error = e
        }
      case .value: break
      }
    }
  }

  static func rename(_ path: String, list name: String, index: Int) -> String {
    let prefix = name + "[0]"
    guard index != 0, path.hasPrefix(prefix) else { return path }
    let rest = path.dropFirst(prefix.count)
    guard rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[") else { return path }
    return name + "[\(index)]" + rest
  }
}

/// One school's value of one part of a district plan: the list it adds, or
/// why it has none (in the filter of a `filter(…).map(…)` part, or in its map).
enum SchoolPart: Sendable {
  case values([Value])
  case failed(EvalResult, inFilter: Bool)
}
