/// Turns a syntax tree into a tree of closures, once per rule: names are
/// resolved to slots, functions to their bodies, constant regular
/// expressions compiled. Evaluating then walks no generic structure.
struct Compiler {
  let ast: AST
  /// Variables of the activation, in slot order.
  private(set) var globalNames: [String] = []
  private var globalSlots: [String: Int] = [:]
  /// Macro variables in scope, innermost last.
  var scopes: [Scope] = []
  var slotCount = 0

  struct Scope {
    var name: String
    var slot: Int
    /// The variable holds elements of the input data (so absent fields
    /// below it are unknown, not errors).
    var isData: Bool
  }

  init(_ ast: AST) { self.ast = ast }

  mutating func compile(_ e: Expr) -> Eval {
    switch e.kind {
    case .literal(let v):
      return { _ in v }
    case .ident(let name, let rooted):
      return variable(name, rooted: rooted, focus: e.focus)
    case .select(let operand, let field):
      if let chain = dataChain(e) { return chain.evaluator() }
      return select(compile(operand), field: field, focus: e.focus)
    case .index(let operand, let index):
      if let chain = dataChain(e) { return chain.evaluator() }
      return self.index(compile(operand), compile(index), focus: e.focus)
    case .call(let name, let target, let args):
      return call(name, target: target, args: args, focus: e.focus)
    case .list(let items):
      // A list of literals is built once, here.
      let constants = items.compactMap { item -> Value? in
        if case .literal(let v) = item.kind { return v }
        return nil
      }
      if constants.count == items.count {
        let v = Value.list(constants)
        return { _ in v }
      }
      let evals = items.map { compile($0) }
      let focus = e.focus
      return { f throws(Interrupt) in
        let values = try Self.evaluateAll(evals, f)
        try f.charge(values.count, at: focus)
        return .list(values)
      }
    case .map(let entries):
      return mapLiteral(entries)
    case .unary(let op, let operand):
      let x = compile(operand)
      let focus = e.focus
      let not = op == .not
      return { f throws(Interrupt) in
        let v = try x(f)
        do throws(Fault) {
          return not ? try Operators.not(v) : try Operators.negate(v)
        } catch { throw .error(error.at(focus)) }
      }
    case .binary(let op, let lhs, let rhs):
      return binary(op, compile(lhs), compile(rhs), focus: e.focus)
    case .conditional(let c, let t, let o):
      let (cond, then, otherwise) = (compile(c), compile(t), compile(o))
      let focus = e.focus
      return { f throws(Interrupt) in
        switch try cond(f) {
        case .bool(true): return try then(f)
        case .bool(false): return try otherwise(f)
        case let v: throw .error(Fault.notBool(("条件", "the condition"), v.typeName).at(focus))
        }
      }
    case .has(let selection):
      return has(selection, focus: e.focus)
    case .comprehension(let c):
      return comprehension(c, focus: e.focus)
    }
  }

  // MARK: Names

  func local(_ name: String) -> Scope? {
    scopes.last { $0.name == name }
  }

  mutating func globalSlot(_ name: String) -> Int {
    if let s = globalSlots[name] { return s }
    globalSlots[name] = globalNames.count
    globalNames.append(name)
    return globalNames.count - 1
  }

  private mutating func variable(_ name: String, rooted: Bool, focus: Span) -> Eval {
    if !rooted, let scope = local(name) {
      let slot = scope.slot
      return { f in f.locals[slot] }
    }
    let slot = globalSlot(name)
    // A type name (`int`, `string`, …) is a value unless a variable shadows it.
    let fallback: Value? = Value.typeNames.contains(name) ? .type(name) : nil
    return { f throws(Interrupt) in
      if let v = f.globals[slot] { return v }
      if let failure = f.failures[slot] { throw failure }
      if let fallback { return fallback }
      throw .error(Fault.undeclared(name).at(focus))
    }
  }

  // MARK: Selection outside data chains

  private func select(_ operand: @escaping Eval, field: String, focus: Span) -> Eval {
    return { f throws(Interrupt) in
      let v: Value
      do throws(Interrupt) { v = try operand(f) } catch {
        // Selecting below something unknown extends its path.
        if case .unknown(let paths) = error, paths.count == 1 { throw .unknown([paths[0] + "." + field]) }
        throw error
      }
      guard case .map(let m) = v else { throw .error(Fault.noFields(field, on: v.typeName).at(focus)) }
      guard let r = m[field: field] else { throw .error(Fault.noSuchKey(field).at(focus)) }
      return r
    }
  }

  private func index(_ operand: @escaping Eval, _ index: @escaping Eval, focus: Span) -> Eval {
    { f throws(Interrupt) in
      let (v, i) = try Self.evaluatePair(operand, index, f)
      switch v {
      case .list(let items):
        do throws(Fault) { return try Self.element(items, i) } catch { throw .error(error.at(focus)) }
      case .map(let m):
        guard let r = m[i] else { throw .error(Fault.noSuchKey(i.keyText).at(focus)) }
        return r
      default:
        throw .error(Fault.noOperator("[]", v.typeName, i.typeName).at(focus))
      }
    }
  }

  /// `list[i]` for an int, uint or integral double `i`.
  static func element(_ items: [Value], _ i: Value) throws(Fault) -> Value {
    let position: Int?
    switch i {
    case .int(let x): position = Int(exactly: x)
    case .uint(let x): position = Int(exactly: x)
    case .double(let d): position = d == d.rounded(.towardZero) ? Int(exactly: d) : nil
    default: throw .noOperator("[]", "list", i.typeName)
    }
    guard let p = position, items.indices.contains(p) else { throw .indexOutOfRange(i.literalText, size: items.count) }
    return items[p]
  }

  // MARK: Operators

  private func binary(_ op: BinaryOperator, _ l: @escaping Eval, _ r: @escaping Eval, focus: Span) -> Eval {
    switch op {
    case .and, .or:
      return Self.logical(absorbing: op == .or, l, r, focus: focus)
    case .equal:
      return { f throws(Interrupt) in
        let (a, b) = try Self.evaluatePair(l, r, f)
        return .bool(Value.celEquals(a, b))
      }
    case .notEqual:
      return { f throws(Interrupt) in
        let (a, b) = try Self.evaluatePair(l, r, f)
        return .bool(!Value.celEquals(a, b))
      }
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      return { f throws(Interrupt) in
        let (a, b) = try Self.evaluatePair(l, r, f)
        do throws(Fault) { return try Operators.relation(op, a, b) } catch { throw .error(error.at(focus)) }
      }
    case .in:
      return { f throws(Interrupt) in
        let (a, b) = try Self.evaluatePair(l, r, f)
        if case .list(let items) = b { try f.charge(items.count, at: focus) }
        do throws(Fault) { return try Operators.contains(a, b) } catch { throw .error(error.at(focus)) }
      }
    case .add: return Self.arithmetic(l, r, focus) { a, b throws(Fault) in try Operators.add(a, b) }
    case .subtract: return Self.arithmetic(l, r, focus) { a, b throws(Fault) in try Operators.subtract(a, b) }
    case .multiply: return Self.arithmetic(l, r, focus) { a, b throws(Fault) in try Operators.multiply(a, b) }
    case .divide: return Self.arithmetic(l, r, focus) { a, b throws(Fault) in try Operators.divide(a, b) }
    case .remainder: return Self.arithmetic(l, r, focus) { a, b throws(Fault) in try Operators.remainder(a, b) }
    }
  }

  private static func arithmetic(
    _ l: @escaping Eval, _ r: @escaping Eval, _ focus: Span,
    _ body: @escaping @Sendable (Value, Value) throws(Fault) -> Value
  ) -> Eval {
    { f throws(Interrupt) in
      let (a, b) = try evaluatePair(l, r, f)
      let v: Value
      do throws(Fault) { v = try body(a, b) } catch { throw .error(error.at(focus)) }
      switch v {
      case .list(let items): try f.charge(items.count, at: focus)
      case .string(let s): try f.charge(s.utf8.count / 16, at: focus)
      default: break
      }
      return v
    }
  }

  /// `&&` (absorbing false) and `||` (absorbing true), commutative as
  /// cel-spec requires: `false && error` and `error && false` are false;
  /// otherwise unknowns win over errors.
  static func logical(absorbing: Bool, _ l: @escaping Eval, _ r: @escaping Eval, focus: Span) -> Eval {
    { f throws(Interrupt) in
      var failures = Interrupt.Collector()
      if try decides(l, f, absorbing, &failures, focus) { return .bool(absorbing) }
      if try decides(r, f, absorbing, &failures, focus) { return .bool(absorbing) }
      if let failure = failures.result { throw failure }
      return .bool(!absorbing)
    }
  }

  /// Whether one operand of `&&`/`||` is the absorbing value; records its
  /// failure otherwise.
  @inline(__always)
  private static func decides(
    _ e: @escaping Eval, _ f: Frame, _ absorbing: Bool, _ failures: inout Interrupt.Collector, _ focus: Span
  ) throws(Interrupt) -> Bool {
    do {
      switch try e(f) {
      case .bool(let b): return b == absorbing
      case let v:
        failures.add(Fault.notBool(("“&&”或“||”的操作数", "an operand of && or ||"), v.typeName).at(focus))
      }
    } catch {
      if let abort = failures.add(error) { throw abort }
    }
    return false
  }

  // MARK: Literals

  private mutating func mapLiteral(_ entries: [(key: Expr, value: Expr)]) -> Eval {
    let keys = entries.map { compile($0.key) }
    let values = entries.map { compile($0.value) }
    let keySpans = entries.map(\.key.focus)
    let all = zip(keys, values).flatMap { [$0, $1] }
    return { f throws(Interrupt) in
      let evaluated = try Self.evaluateAll(all, f)
      var seen = Set<MapKey>()
      var pairs: [(key: Value, value: Value)] = []
      pairs.reserveCapacity(keys.count)
      for n in keys.indices {
        let k = evaluated[2 * n]
        switch k {
        case .int, .uint, .bool, .string: break
        default: throw .error(Fault.badMapKey(k.typeName).at(keySpans[n]))
        }
        guard seen.insert(MapKey(k)).inserted else {
          throw .error(Fault.duplicateKey(k.literalText).at(keySpans[n]))
        }
        pairs.append((k, evaluated[2 * n + 1]))
      }
      try f.charge(pairs.count, at: keySpans.first ?? Span(offset: 0, length: 0))
      return .map(MapValue(pairs))
    }
  }

  // MARK: Strict evaluation

  /// Both operands of a strict operator; if one fails, the other is still
  /// evaluated so that unknown paths merge.
  @inline(__always)
  static func evaluatePair(_ a: @escaping Eval, _ b: @escaping Eval, _ f: Frame) throws(Interrupt) -> (Value, Value) {
    let x: Value
    do { x = try a(f) } catch { throw failure(error, rest: [b], f) }
    return (x, try b(f))
  }

  static func evaluateAll(_ evals: [Eval], _ f: Frame) throws(Interrupt) -> [Value] {
    var out: [Value] = []
    out.reserveCapacity(evals.count)
    for (n, e) in evals.enumerated() {
      do { out.append(try e(f)) } catch { throw failure(error, rest: evals[(n + 1)...], f) }
    }
    return out
  }

  /// The failure of a strict call whose operand failed with `first`: the
  /// remaining operands are evaluated for their unknowns.
  static func failure(_ first: Interrupt, rest: some Collection<Eval>, _ f: Frame) -> Interrupt {
    var failures = Interrupt.Collector()
    if let abort = failures.add(first) { return abort }
    for e in rest {
      do { _ = try e(f) } catch {
        if let abort = failures.add(error) { return abort }
      }
    }
    return failures.result ?? first
  }
}
