import Foundation
import DudaoDiagnostics
import DudaoExpr

/// A rule whose expressions are parsed and type-checked: what the engine
/// compiles once per run and `lint` reports on.
public struct AnalyzedRule: Sendable {
  public var rule: Rule
  public var params: [(name: String, value: Value)]
  public var check: AST?
  public var when: AST?
  public var forEach: AST?
  /// The type of one element of `for_each` (its entity name names the subject kind).
  public var elementType: CELType?
  /// `observed` as written, or the left side of a top-level comparison in `check`.
  public var observed: AST?
  /// The right side and operator of a top-level comparison, for a default requirement text.
  public var comparison: (op: String, rhs: AST)?
  public var message: [Language: [TemplatePart]]
  public var requirement: [Language: [TemplatePart]]
  public var estimatedCost: Int

  public enum TemplatePart: Sendable {
    case text(String)
    case expr(AST)
  }
}

/// Parses and checks every expression of a pack's rules against its dictionary.
public struct RuleAnalyzer {
  public var limits: ExprLimits

  public init(limits: ExprLimits = .init()) { self.limits = limits }

  /// All rules of the pack, analysed, with every problem found (errors and
  /// warnings, positioned in the rule files).
  public func analyze(_ pack: RulePack) -> (rules: [AnalyzedRule], diagnostics: [Diagnostic]) {
    var out: [AnalyzedRule] = []
    var diags: [Diagnostic] = []
    for rule in pack.rules {
      let (a, d) = analyze(rule, in: pack)
      out.append(a)
      diags += d
    }
    return (out, diags)
  }

  public func analyze(_ rule: Rule, in pack: RulePack) -> (AnalyzedRule, [Diagnostic]) {
    var diags: [Diagnostic] = []
    let params = pack.parameters(for: rule)
    let paramsType = CELType.object(ObjectType(name: "params", fields: Dictionary(params.map { ($0.name, $0.value.inferredType) }, uniquingKeysWith: { a, _ in a })))
    let dict = pack.dictionary
    let schoolType = dict.celType(of: "school")
    var vars: [String: CELType] = ["params": paramsType, "as_of": .date]
    switch rule.scope {
    case .school: vars["school"] = schoolType
    case .district: vars["schools"] = .list(schoolType)
    }
    var a = AnalyzedRule(rule: rule, params: params, message: [:], requirement: [:], estimatedCost: 0)

    func parse(_ src: ExprSource, _ what: LocalizedText, env: TypeEnvironment, expect: CELType?) -> (AST, CELType)? {
      let ast: AST
      do {
        ast = try Parser.parse(src.text, limits: limits)
      } catch {
        diags.append(Self.diagnostic(error, in: src, what: what))
        return nil
      }
      let result = Checker.check(ast, in: env, limits: limits)
      for e in result.errors { diags.append(Self.diagnostic(e, in: src, what: what)) }
      for w in result.warnings {
        var d = Self.diagnostic(w, in: src, what: what)
        d.severity = .warning
        diags.append(d)
      }
      if result.errors.isEmpty, let expect, !Self.compatible(result.type, expect) {
        diags.append(Diagnostic(
          code: "rules.check-not-bool", location: src.location,
          message: .init(
            zh: "规则 \(rule.id) 的\(what.zh)应得出 true/false，但它的类型是 \(result.type)",
            en: "\(what.en) of rule \(rule.id) must give true or false, but its type is \(result.type)")))
      }
      guard result.errors.isEmpty else { return nil }
      a.estimatedCost += result.estimatedCost
      if result.estimatedCost > limits.maxCost {
        diags.append(Diagnostic(
          code: "rules.cost", severity: .warning, location: src.location,
          message: .init(
            zh: "规则 \(rule.id) 的\(what.zh)估计每所学校要计算约 \(result.estimatedCost) 步，嵌套的 all/map 过深；请简化",
            en: "\(what.en) of rule \(rule.id) costs about \(result.estimatedCost) steps per school (deeply nested macros); simplify it")))
      }
      return (ast, result.type)
    }

    if let when = rule.when {
      a.when = parse(when, .init(zh: "适用条件 when", en: "`when`"), env: TypeEnvironment(variables: vars), expect: .bool)?.0
    }
    if let fe = rule.forEach {
      if let (ast, type) = parse(fe.expr, .init(zh: "逐项检查 for_each", en: "`for_each`"), env: TypeEnvironment(variables: vars), expect: nil) {
        a.forEach = ast
        switch type {
        case .list(let element): a.elementType = element
        case .dyn: a.elementType = .dyn
        default:
          diags.append(Diagnostic(
            code: "rules.for-each-not-list", location: fe.expr.location,
            message: .init(zh: "规则 \(rule.id) 的 for_each 应为列表，但它的类型是 \(type)", en: "for_each of rule \(rule.id) must be a list, but its type is \(type)")))
        }
      }
      vars[fe.name] = a.elementType ?? .dyn
    }
    let env = TypeEnvironment(variables: vars)
    let redacted = TypeEnvironment(variables: vars.mapValues { Self.redact($0, dict: dict) })
    if !rule.check.text.isEmpty {
      a.check = parse(rule.check, .init(zh: "检查表达式 check", en: "`check`"), env: env, expect: .bool)?.0
    }
    let outputWhat = LocalizedText(zh: "观测值 observed", en: "`observed`")
    if let o = rule.observed {
      a.observed = personalCheck(parse(o, outputWhat, env: redacted, expect: nil)?.0, o, &diags, env: env)
    } else if a.check != nil, let split = Self.splitComparison(rule.check) {
      // Default observed value and requirement: the sides of the comparison.
      if let lhs = try? Parser.parse(split.lhs.text, limits: limits), Checker.check(lhs, in: redacted, limits: limits).errors.isEmpty,
        let rhs = try? Parser.parse(split.rhs.text, limits: limits), Checker.check(rhs, in: redacted, limits: limits).errors.isEmpty
      {
        a.observed = lhs
        a.comparison = (split.op, rhs)
      }
    }
    func parts(_ t: Template, _ what: LocalizedText) -> [AnalyzedRule.TemplatePart] {
      t.parts.compactMap { p in
        switch p {
        case .text(let s): return .text(s)
        case .expr(let e):
          let ast = parse(e, what, env: redacted, expect: nil)?.0
          return personalCheck(ast, e, &diags, env: env).map { .expr($0) }
        }
      }
    }
    // Each language as written; the engine falls back to the other one.
    for (lang, message, requirement) in [(Language.zh, rule.message?.zh, rule.requirement?.zh), (.en, rule.message?.en, rule.requirement?.en)] {
      if let t = message { a.message[lang] = parts(t, .init(zh: "提示信息 message", en: "`message`")) }
      if let t = requirement { a.requirement[lang] = parts(t, .init(zh: "要求说明 requirement", en: "`requirement`")) }
    }
    diags += structuralChecks(rule, pack: pack)
    return (a, diags)
  }

  /// Turns "unknown field" errors on personal fields into a clear personal-data error.
  private func personalCheck(_ ast: AST?, _ src: ExprSource, _ diags: inout [Diagnostic], env: TypeEnvironment) -> AST? {
    guard ast == nil, let full = try? Parser.parse(src.text, limits: limits), Checker.check(full, in: env, limits: limits).errors.isEmpty else { return ast }
    // It checks with personal fields visible but not without: it reads one.
    if let i = diags.lastIndex(where: { $0.location.map { $0 >= src.location } ?? false && $0.code == "expr.unknown-field" }) {
      let loc = diags[i].location ?? src.location
      diags[i] = .personalFieldInOutput(src.text, at: loc)
    }
    return nil
  }

  private func structuralChecks(_ rule: Rule, pack: RulePack) -> [Diagnostic] {
    var diags: [Diagnostic] = []
    if let levels = rule.levels, let f = pack.dictionary.field(["level"], in: "school"), case .enumeration(let allowed) = f.type {
      for l in levels where !allowed.contains(l) {
        diags.append(Diagnostic(
          code: "rules.bad-level", location: rule.location,
          message: .init(zh: "规则 \(rule.id) 的 applies.levels 含未知学段“\(l)”；可用：\(allowed.joined(separator: "、"))",
                         en: "rule \(rule.id): applies.levels has the unknown level '\(l)'; allowed: \(allowed.joined(separator: ", "))")))
      }
    }
    let kinds = Set(rule.examples.map(\.expect))
    let lacking = [RuleExample.Expect.pass, .fail].filter { !kinds.contains($0) }.map(\.rawValue)
    if !lacking.isEmpty { diags.append(.missingExamples(rule: rule.id, kinds: lacking, at: rule.location)) }
    if pack.rectify(for: rule)?.term == nil {
      diags.append(.badRectify(.init(
        zh: "规则 \(rule.id) 没有整改时限：请写 rectify.within / rectify.by，或在 pack.yaml 的 defaults.rectify.\(rule.severity.rawValue) 中设置",
        en: "rule \(rule.id) has no rectification term: set rectify.within / rectify.by, or defaults.rectify.\(rule.severity.rawValue) in pack.yaml"), at: rule.location))
    }
    for name in rule.unsetParams {
      diags.append(Diagnostic(
        code: "rules.param-unset", severity: .warning, location: rule.params.first { $0.name == name }?.location ?? rule.location,
        message: .init(
          zh: "规则 \(rule.id) 的参数 \(name) 未设置（本地自定）：设置前该规则不适用；请在本地覆盖包 overrides 中设置",
          en: "parameter \(name) of rule \(rule.id) is not set (a local choice): the rule does not apply until an overlay sets it")))
    }
    return diags
  }

  static func compatible(_ t: CELType, _ expect: CELType) -> Bool {
    t == expect || t == .dyn
  }

  /// The dictionary type without personal fields (what output may show).
  static func redact(_ t: CELType, dict: DataDictionary) -> CELType {
    redact(t, personal: Set(dict.entities.flatMap { e in e.fields.filter(\.personal).map { "\(e.name).\($0.name)" } }), depth: 0)
  }

  static func redact(_ t: CELType, personal: Set<String>, depth: Int) -> CELType {
    guard depth < 16 else { return t }
    switch t {
    case .list(let e): return .list(redact(e, personal: personal, depth: depth + 1))
    case .map(let k, let v): return .map(k, redact(v, personal: personal, depth: depth + 1))
    case .object(var o):
      o.fields = o.fields.filter { !personal.contains("\(o.name).\($0.key)") }.mapValues { redact($0, personal: personal, depth: depth + 1) }
      return .object(o)
    default: return t
    }
  }

  static func diagnostic(_ e: ExprError, in src: ExprSource, what: LocalizedText) -> Diagnostic {
    Diagnostic(
      code: e.code, location: src.location(ofOffset: e.offset),
      message: .init(zh: "\(what.zh)：\(e.message.zh)", en: "\(what.en): \(e.message.en)"))
  }

  /// Splits `lhs OP rhs` at a single top-level comparison (outside brackets,
  /// strings, and with no top-level `&&`, `||`, `?`), else nil.
  static func splitComparison(_ src: ExprSource) -> (lhs: ExprSource, op: String, rhs: ExprSource)? {
    let s = Array(src.text.unicodeScalars)
    var depth = 0
    var quote: Unicode.Scalar?
    var found: (Int, Int, String)?
    var i = 0
    while i < s.count {
      let c = s[i]
      if let q = quote {
        if c == "\\" { i += 2; continue }
        if c == q { quote = nil }
        i += 1
        continue
      }
      switch c {
      case "'", "\"": quote = c
      case "(", "[", "{": depth += 1
      case ")", "]", "}": depth -= 1
      case "?", "&", "|":
        if depth == 0 { return nil }
      case "<", ">", "=", "!":
        guard depth == 0 else { break }
        let next = i + 1 < s.count ? s[i + 1] : " "
        var op: String?
        if next == "=" { op = String(c) + "=" } else if c == "<" || c == ">" { op = String(c) }
        if let op {
          if found != nil { return nil }
          found = (i, op.count, op)
          i += op.count
          continue
        }
      default: break
      }
      i += 1
    }
    guard let (at, len, op) = found else { return nil }
    let lhs = String(String.UnicodeScalarView(s[..<at]))
    let rhsStart = at + len
    let rhs = String(String.UnicodeScalarView(s[rhsStart...]))
    guard !lhs.trimmingCharacters(in: .whitespaces).isEmpty, !rhs.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return (
      ExprSource(text: lhs, positions: src.positions, baseOffset: src.baseOffset),
      op,
      ExprSource(text: rhs, positions: src.positions, baseOffset: src.baseOffset + rhsStart)
    )
  }
}
