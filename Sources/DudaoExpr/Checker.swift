import DudaoDiagnostics

/// Static checking against the data dictionary, for `dudao lint`: unknown
/// variables and fields (with suggestions), wrong operand types, wrong
/// arity, enumeration values that do not exist, macros nested too deeply,
/// and an estimated cost per evaluation.
///
/// `dyn` and `map(string, dyn)` are permissive: what cannot be decided
/// statically is left to run time. An error makes its sub-expression `dyn`,
/// so one mistake is reported once.
public enum Checker {
  /// Checks `ast` with the variables of `env`; never throws.
  public static func check(_ ast: AST, in env: TypeEnvironment, limits: ExprLimits = .init()) -> CheckResult {
    var checker = TypeChecker(ast: ast, env: env, limits: limits)
    let (type, cost) = checker.visit(ast.root)
    if cost > limits.maxCost {
      checker.warnings.append(Fault.cost(cost, limit: limits.maxCost).at(ast.root.whole))
    }
    let order: (ExprError, ExprError) -> Bool = { ($0.offset, $0.code) < ($1.offset, $1.code) }
    return CheckResult(
      type: type, errors: checker.errors.sorted(by: order), warnings: checker.warnings.sorted(by: order),
      estimatedCost: cost)
  }
}

/// The list size the cost model assumes when it cannot see it.
private let assumedListSize = 100
private let costCap = Int.max / 4

private func plus(_ a: Int, _ b: Int) -> Int { min(costCap, a + b) }
private func times(_ a: Int, _ b: Int) -> Int { a == 0 || b <= costCap / a ? min(costCap, a * b) : costCap }

private struct TypeChecker {
  let ast: AST
  let env: TypeEnvironment
  let limits: ExprLimits
  var errors: [ExprError] = []
  var warnings: [ExprError] = []
  private var scopes: [(name: String, type: CELType)] = []
  private var macroDepth = 0

  init(ast: AST, env: TypeEnvironment, limits: ExprLimits) {
    self.ast = ast
    self.env = env
    self.limits = limits
  }

  mutating func error(_ f: Fault, _ span: Span) { errors.append(f.at(span)) }

  mutating func visit(_ e: Expr) -> (CELType, Int) {
    switch e.kind {
    case .literal(let v):
      return (Self.type(of: v), 1)
    case .ident(let name, let rooted):
      return (ident(name, rooted: rooted, e.focus), 1)
    case .select(let operand, let field):
      let (t, c) = visit(operand)
      return (select(t, field, owner: operand, e.focus), plus(c, 1))
    case .index(let operand, let index):
      let (t, c1) = visit(operand)
      let (i, c2) = visit(index)
      return (self.index(t, i, index, e.focus), plus(plus(c1, c2), 1))
    case .call(let name, let target, let args):
      return call(name, target: target, args: args, e.focus)
    case .list(let items):
      var elem: CELType?
      var cost = 1
      for item in items {
        let (t, c) = visit(item)
        elem = elem.map { CELType.common($0, t) } ?? t
        cost = plus(cost, plus(c, 1))
      }
      return (.list(elem ?? .dyn), cost)
    case .map(let entries):
      return mapLiteral(entries)
    case .unary(let op, let operand):
      let (t, c) = visit(operand)
      return (unary(op, t, e.focus), plus(c, 1))
    case .binary(let op, let lhs, let rhs):
      let (a, c1) = visit(lhs)
      let (b, c2) = visit(rhs)
      return (binary(op, a, b, lhs, rhs, e.focus), plus(plus(c1, c2), 1))
    case .conditional(let cond, let then, let otherwise):
      let (ct, c1) = visit(cond)
      if !(ct == .bool || ct == .dyn) { error(.notBool(("条件", "the condition"), ct.description), e.focus) }
      let (t, c2) = visit(then)
      let (o, c3) = visit(otherwise)
      return (CELType.common(t, o), plus(c1, plus(max(c2, c3), 1)))
    case .has(let selection):
      return has(selection)
    case .comprehension(let c):
      return comprehension(c, e.focus)
    }
  }

  // MARK: Names

  private mutating func ident(_ name: String, rooted: Bool, _ span: Span) -> CELType {
    if !rooted, let local = scopes.last(where: { $0.name == name }) { return local.type }
    if let t = env.variables[name] { return t }
    if Value.typeNames.contains(name) { return .type }
    let candidates = Array(env.variables.keys) + scopes.map(\.name)
    error(.undeclared(name, suggestion: Suggestion.closest(to: name, in: candidates)), span)
    return .dyn
  }

  /// `owner` names the operand in messages ("school.schedule has no field …").
  private mutating func select(_ t: CELType, _ field: String, owner: Expr, _ span: Span) -> CELType {
    switch t {
    case .object(let o):
      if let f = o.fields[field] { return f }
      error(.unknownField(field, of: ownerName(owner, o), suggestion: Suggestion.closest(to: field, in: o.fields.keys)), span)
      return .dyn
    case .map(let k, let v):
      if k.isAssignable(to: .string) { return v }
      error(.noFields(field, on: t.description), span)
      return .dyn
    case .dyn:
      return .dyn
    default:
      error(.noFields(field, on: t.description), span)
      return .dyn
    }
  }

  private func ownerName(_ owner: Expr, _ o: ObjectType) -> String {
    owner.whole.length <= 60 ? ast.text(owner.whole) : o.name
  }

  private mutating func index(_ t: CELType, _ i: CELType, _ indexExpr: Expr, _ span: Span) -> CELType {
    switch t {
    case .list(let elem):
      if i == .int || i == .uint || i == .dyn { return elem }
    case .map(let k, let v):
      if i.isAssignable(to: k) { return v }
    case .object(let o):
      if case .literal(.string(let key)) = indexExpr.kind {
        if let f = o.fields[key] { return f }
        error(
          .unknownField(key, of: o.name, suggestion: Suggestion.closest(to: key, in: o.fields.keys)), indexExpr.focus)
        return .dyn
      }
      if i.isStringLike || i == .dyn { return .dyn }
    case .dyn:
      return .dyn
    default:
      break
    }
    error(.noOperator("[]", t.description, i.description), span)
    return .dyn
  }

  // MARK: Calls

  private mutating func call(_ name: String, target: Expr?, args: [Expr], _ span: Span) -> (CELType, Int) {
    let operands = (target.map { [$0] } ?? []) + args
    var types: [CELType] = []
    var cost = 1
    for o in operands {
      let (t, c) = visit(o)
      types.append(t)
      cost = plus(cost, c)
    }
    guard let function = FunctionLibrary.functions[name] else {
      error(.unknownFunction(name, suggestion: Suggestion.closest(to: name, in: FunctionLibrary.names)), span)
      return (.dyn, cost)
    }
    switch (function.style, target) {
    case (.global, .some):
      error(.notReceiver(name), span)
      return (.dyn, cost)
    case (.receiver, nil):
      error(.onlyReceiver(name), span)
      return (.dyn, cost)
    default: break
    }
    guard function.arity.contains(operands.count) else {
      error(.arity(name, usage: function.usage), span)
      return (.dyn, cost)
    }
    if function.scansLists {
      for (o, t) in zip(operands, types) {
        if case .list(let items) = o.kind {
          cost = plus(cost, items.count)
        } else if t.elementType != nil {
          cost = plus(cost, assumedListSize)
        }
      }
    }
    validateLiteralArguments(name, operands)
    if name == "matches" { cost = plus(cost, 10) }
    guard let result = function.check(types) else {
      error(.argumentTypes(name, types.map(\.description), usage: function.usage), span)
      return (.dyn, cost)
    }
    return (result, cost)
  }

  /// Constant arguments that will certainly fail: `date('2026-13-01')`,
  /// `time('8:00')`, a regular expression RE2 rejects.
  private mutating func validateLiteralArguments(_ name: String, _ operands: [Expr]) {
    switch name {
    case "date", "time":
      guard case .literal(.string(let s)) = operands[0].kind else { return }
      if name == "date", Day(iso: s) == nil { error(.invalidDate(s), operands[0].focus) }
      if name == "time", TimeOfDay(text: s) == nil { error(.invalidTime(s), operands[0].focus) }
    case "matches":
      guard operands.count == 2, case .literal(.string(let p)) = operands[1].kind else { return }
      do { _ = try Regex.compile(p) } catch { errors.append(error.at(operands[1].focus)) }
    default:
      return
    }
  }

  // MARK: Literals and operators

  private mutating func mapLiteral(_ entries: [(key: Expr, value: Expr)]) -> (CELType, Int) {
    var key: CELType?
    var value: CELType?
    var cost = 1
    var seen = Set<MapKey>()
    for (k, v) in entries {
      let (kt, c1) = visit(k)
      let (vt, c2) = visit(v)
      switch kt {
      case .int, .uint, .bool, .string, .enumeration, .dyn: break
      default: error(.badMapKey(kt.description), k.focus)
      }
      if case .literal(let lit) = k.kind, !seen.insert(MapKey(lit)).inserted {
        error(.duplicateKey(lit.literalText), k.focus)
      }
      key = key.map { CELType.common($0, kt) } ?? kt
      value = value.map { CELType.common($0, vt) } ?? vt
      cost = plus(cost, plus(plus(c1, c2), 1))
    }
    return (.map(key ?? .dyn, value ?? .dyn), cost)
  }

  private mutating func unary(_ op: UnaryOperator, _ t: CELType, _ span: Span) -> CELType {
    switch (op, t) {
    case (.not, .bool), (.not, .dyn): return .bool
    case (.negate, .int), (.negate, .double), (.negate, .dyn): return t
    default:
      error(.noUnaryOperator(op.rawValue, t.description), span)
      return .dyn
    }
  }

  private mutating func binary(
    _ op: BinaryOperator, _ a: CELType, _ b: CELType, _ lhs: Expr, _ rhs: Expr, _ span: Span
  ) -> CELType {
    switch op {
    case .and, .or:
      for t in [a, b] where !(t == .bool || t == .dyn) {
        error(.notBool(("“&&”或“||”的操作数", "an operand of && or ||"), t.description), span)
      }
      return .bool
    case .equal, .notEqual:
      checkEnumeration(a, rhs)
      checkEnumeration(b, lhs)
      if !Self.comparable(a, b) { warnings.append(Fault.alwaysFalse(a.description, b.description).at(span)) }
      return .bool
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      let ok =
        (a.isNumericOrDyn && b.isNumericOrDyn) || (a.isStringLike && b.isStringLike)
        || (a == b && a.isOrderable) || (a == .dyn && b.isOrderable) || (b == .dyn && a.isOrderable)
      if !ok { error(.noOperator(op.rawValue, a.description, b.description), span) }
      return .bool
    case .in:
      switch b {
      case .list(let elem):
        if case .list(let items) = rhs.kind { items.forEach { checkEnumeration(a, $0) } }
        if !Self.comparable(a, elem) { warnings.append(Fault.alwaysFalse(a.description, elem.description).at(span)) }
      case .map(let k, _):
        if !Self.comparable(a, k) { warnings.append(Fault.alwaysFalse(a.description, k.description).at(span)) }
      case .object:
        if !(a.isStringLike || a == .dyn) { error(.noOperator("in", a.description, b.description), span) }
      case .dyn: break
      default: error(.noOperator("in", a.description, b.description), span)
      }
      return .bool
    case .add, .subtract, .multiply, .divide, .remainder:
      if let t = Self.arithmetic(op, a, b) { return t }
      error(.noOperator(op.rawValue, a.description, b.description), span)
      return .dyn
    }
  }

  /// The result type of an arithmetic operator, nil if no overload fits.
  private static func arithmetic(_ op: BinaryOperator, _ a: CELType, _ b: CELType) -> CELType? {
    if a == .dyn || b == .dyn {
      // The other side must at least take part in some overload.
      let t = a == .dyn ? b : a
      switch t {
      case .dyn, .int, .uint, .double: return .dyn
      case .string, .enumeration, .list: return op == .add ? .dyn : nil
      case .date, .time: return op == .add || op == .subtract ? .dyn : nil
      default: return nil
      }
    }
    switch (op, a, b) {
    case (.remainder, .int, .int), (.remainder, .uint, .uint): return a
    case (.remainder, _, _): return nil
    case (_, .int, .int), (_, .uint, .uint), (_, .double, .double): return a
    case (.add, _, _) where a.isStringLike && b.isStringLike: return .string
    case (.add, .list(let x), .list(let y)): return .list(CELType.common(x, y))
    case (.add, .date, .int), (.subtract, .date, .int): return .date
    case (.add, .time, .int), (.subtract, .time, .int): return .time
    case (.subtract, .date, .date), (.subtract, .time, .time): return .int
    default: return nil
    }
  }

  /// Whether values of the two types can ever be equal.
  private static func comparable(_ a: CELType, _ b: CELType) -> Bool {
    if a == .dyn || b == .dyn || a == .null || b == .null { return true }
    if a.isNumeric && b.isNumeric { return true }
    if a.isAssignable(to: b) || b.isAssignable(to: a) { return true }
    switch (a, b) {
    case (.list(let x), .list(let y)): return comparable(x, y)
    case (.map(let k1, let v1), .map(let k2, let v2)): return comparable(k1, k2) && comparable(v1, v2)
    case (.object, .map), (.map, .object): return true
    default: return false
    }
  }

  /// `school.level == 'primery'`: a literal outside the enumeration.
  private mutating func checkEnumeration(_ t: CELType, _ other: Expr) {
    guard let values = t.enumValues, case .literal(.string(let s)) = other.kind, !values.contains(s) else { return }
    error(.enumValue(s, allowed: values, suggestion: Suggestion.closest(to: s, in: values)), other.focus)
  }

  // MARK: Macros

  private mutating func has(_ selection: Expr) -> (CELType, Int) {
    guard case .select(let operand, let field) = selection.kind else { return (.bool, 1) }
    let (t, c) = visit(operand)
    switch t {
    case .object(let o):
      if o.fields[field] == nil {
        error(
          .unknownField(field, of: ownerName(operand, o), suggestion: Suggestion.closest(to: field, in: o.fields.keys)),
          selection.focus)
      }
    case .map, .dyn: break
    default: error(.noFields(field, on: t.description), selection.focus)
    }
    return (.bool, plus(c, 1))
  }

  private mutating func comprehension(_ c: Comprehension, _ span: Span) -> (CELType, Int) {
    let (rangeType, rangeCost) = visit(c.range)
    let elem: CELType
    switch rangeType {
    case .list(let e): elem = e
    case .map(let k, _): elem = k
    case .object: elem = .string
    case .dyn: elem = .dyn
    default:
      error(.notIterable(c.kind.rawValue, rangeType.description), span)
      elem = .dyn
    }
    macroDepth += 1
    defer { macroDepth -= 1 }
    if macroDepth == limits.maxMacroDepth + 1 { error(.macroDepth(limit: limits.maxMacroDepth), span) }
    scopes.append((c.variable, elem))
    var bodyCost = 1
    if let p = c.predicate {
      let (pt, pc) = visit(p)
      if !(pt == .bool || pt == .dyn) {
        error(.notBool(("\(c.kind.rawValue)() 的条件", "the condition of \(c.kind.rawValue)()"), pt.description), p.whole)
      }
      bodyCost = plus(bodyCost, pc)
    }
    var transformType = CELType.dyn
    if let t = c.transform {
      let (tt, tc) = visit(t)
      transformType = tt
      bodyCost = plus(bodyCost, tc)
    }
    scopes.removeLast()
    var iterations = assumedListSize
    if case .list(let items) = c.range.kind { iterations = items.count }
    if case .map(let entries) = c.range.kind { iterations = entries.count }
    let cost = plus(rangeCost, times(iterations, bodyCost))
    let type: CELType =
      switch c.kind {
      case .all, .exists, .existsOne: .bool
      case .count: .int
      case .filter: .list(elem)
      case .map: .list(transformType)
      }
    return (type, cost)
  }

  static func type(of v: Value) -> CELType {
    switch v {
    case .null: .null
    case .bool: .bool
    case .int: .int
    case .uint: .uint
    case .double: .double
    case .string: .string
    case .list: .list(.dyn)
    case .map: .map(.dyn, .dyn)
    case .date: .date
    case .time: .time
    case .type: .type
    }
  }
}
