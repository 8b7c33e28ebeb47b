/// Compiles checked expressions to fast nodes (see `FastRecord.swift`), or
/// says it cannot (nil): then the rule runs on the general evaluator.
///
/// Data shapes are tracked statically, so a field chain such as
/// `school.schedule.daily_pe_minutes` becomes one slot read.
package struct FastCompiler {
  /// What a name stands for.
  package enum Binding {
    /// The school's record.
    case school
    /// A variable holding a record of `entity` (a `for_each` element).
    case record(slot: Int, entity: Int)
    /// A variable holding a plain value (a `for_each` over scalars).
    case value(slot: Int)
    /// A constant (`params`, `as_of`).
    case constant(Value)
    /// A list of one element: the school (`schools` in a district rule's part).
    case schools
  }

  /// What a compiled node gives, as far as the compiler knows.
  package indirect enum Shape: Sendable {
    case record(entity: Int)
    case object(fields: [String: FastSchema.Field])
    case records(entity: Int)
    /// Any plain value (numbers, strings, general constants, lists of them).
    case value
    /// A list whose elements have this shape.
    case list(Shape)
  }

  let schema: FastSchema
  let constants: FastConstants
  private var names: [String: Binding]
  private var scopes: [(name: String, slot: Int, shape: Shape)] = []
  private var firstLocal: Int
  /// Local slots used (bound variables plus macro nesting).
  package private(set) var localCount: Int

  /// `names` binds the activation's variables; `locals` slots are taken.
  package init(schema: FastSchema, constants: FastConstants, names: [String: Binding], locals: Int) {
    self.schema = schema
    self.constants = constants
    self.names = names
    self.firstLocal = locals
    self.localCount = locals
  }

  /// The compiled expression and its shape, or nil when the fast path does
  /// not handle it.
  package mutating func compile(_ ast: AST) -> (node: FastNode, shape: Shape)? {
    compile(ast.root)
  }

  private mutating func compile(_ e: Expr) -> (node: FastNode, shape: Shape)? {
    switch e.kind {
    case .literal(let v):
      return (ConstNode(constant(v)), .value)
    case .ident(let name, let rooted):
      return variable(name, rooted: rooted)
    case .select(let operand, let field):
      guard let (base, shape) = compile(operand) else { return nil }
      return select(base, shape, field)
    case .index(let operand, let index):
      guard let (base, shape) = compile(operand), let (i, _) = compile(index) else { return nil }
      switch shape {
      case .records(let entity): return (IndexNode(base, i), .record(entity: entity))
      case .list(let s): return (IndexNode(base, i), s)
      case .value: return (IndexNode(base, i), .value)
      default: return nil
      }
    case .call(let name, let target, let args):
      return call(name, target: target, args: args)
    case .list(let items):
      var nodes: [FastNode] = []
      for item in items {
        guard let (n, s) = compile(item), case .value = s else { return nil }
        nodes.append(n)
      }
      if let values = constantValues(items) {
        return (ConstNode(constants.value(.list(values))), .value)
      }
      return (ListNode(nodes), .list(.value))
    case .map:
      return nil
    case .unary(let op, let operand):
      guard let (x, s) = compile(operand), case .value = s else { return nil }
      return (op == .not ? NotNode(x) : NegateNode(x), .value)
    case .binary(let op, let lhs, let rhs):
      guard let (l, ls) = compile(lhs), let (r, rs) = compile(rhs) else { return nil }
      // Records only take part in `in` and equality through the general path: not here.
      guard case .value = ls else { return nil }
      switch op {
      case .and, .or:
        guard case .value = rs else { return nil }
        return (LogicalNode(l, r, absorbing: op == .or), .value)
      case .equal, .notEqual:
        guard case .value = rs else { return nil }
        return (EqualNode(l, r, negated: op == .notEqual), .value)
      case .less, .lessOrEqual, .greater, .greaterOrEqual:
        guard case .value = rs else { return nil }
        if case .literal(.int(let k)) = rhs.kind { return (CompareIntConstNode(op, l, k), .value) }
        return (CompareNode(op, l, r), .value)
      case .in:
        switch rs {
        case .value, .list(.value): return (InNode(l, r), .value)
        default: return nil
        }
      case .add, .subtract, .multiply, .divide, .remainder:
        guard case .value = rs else { return nil }
        return (ArithmeticNode(op, l, r), .value)
      }
    case .conditional(let c, let t, let o):
      guard let (cn, cs) = compile(c), case .value = cs, let (tn, ts) = compile(t), let (on, os) = compile(o) else { return nil }
      guard case .value = ts, case .value = os else { return nil }
      return (ConditionalNode(cn, tn, on), .value)
    case .has(let selection):
      guard case .select(let operand, let field) = selection.kind, let (base, shape) = compile(operand) else { return nil }
      let fields: [String: FastSchema.Field]
      switch shape {
      case .record(let entity): fields = schema.entities[entity].fields
      case .object(let f): fields = f
      default: return nil
      }
      guard let f = fields[field] else { return nil }
      return (HasNode(base, f.slot), .value)
    case .comprehension(let c):
      return comprehension(c)
    }
  }

  private func constant(_ v: Value) -> FV {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return constants.string(s)
    default: return constants.value(v)
    }
  }

  private func constantValues(_ items: [Expr]) -> [Value]? {
    var out: [Value] = []
    for item in items {
      guard case .literal(let v) = item.kind else { return nil }
      out.append(v)
    }
    return out
  }

  private mutating func variable(_ name: String, rooted: Bool) -> (node: FastNode, shape: Shape)? {
    if !rooted, let scope = scopes.last(where: { $0.name == name }) {
      return (LocalNode(scope.slot), scope.shape)
    }
    guard let b = names[name] else {
      if Value.typeNames.contains(name) { return (ConstNode(constants.value(.type(name))), .value) }
      return nil
    }
    switch b {
    case .school: return (RootNode(), .record(entity: 0))
    case .record(let slot, let entity): return (LocalNode(slot), .record(entity: entity))
    case .value(let slot): return (LocalNode(slot), .value)
    case .constant(let v): return (ConstNode(constant(v)), .value)
    case .schools:
      return (ConstNode(.list(FastList(kind: .school, start: 0, count: 1))), .records(entity: 0))
    }
  }

  private func select(_ base: FastNode, _ shape: Shape, _ field: String) -> (node: FastNode, shape: Shape)? {
    let fields: [String: FastSchema.Field]
    switch shape {
    case .record(let entity): fields = schema.entities[entity].fields
    case .object(let f): fields = f
    case .value:
      // `params.x`: folded when the map is a constant.
      if let c = base as? ConstNode, case .const(let i) = c.v {
        guard case .map(let m) = constants.values[Int(i)], let v = m[field: field], v != .null else { return nil }
        return (ConstNode(constant(v)), .value)
      }
      return (SelectValueNode(base, field), .value)
    default: return nil
    }
    guard let f = fields[field] else { return nil }
    switch f {
    case .scalar(let slot, _):
      if base is RootNode { return (RootFieldNode(slot), .value) }
      if let l = base as? LocalNode { return (LocalFieldNode(l.slot, slot), .value) }
      return (FieldNode(base, slot), .value)
    case .object(let slot, let sub):
      return (ObjectNode(base, slot), .object(fields: sub))
    case .entityList(let slot, let entity):
      return (ListFieldNode(base, slot), .records(entity: entity))
    case .scalarList(let slot, _):
      return (ListFieldNode(base, slot), .list(.value))
    }
  }

  private mutating func call(_ name: String, target: Expr?, args: [Expr]) -> (node: FastNode, shape: Shape)? {
    guard let function = FunctionLibrary.functions[name] else { return nil }
    switch (function.style, target) {
    case (.global, .some), (.receiver, nil): return nil
    default: break
    }
    let operands = (target.map { [$0] } ?? []) + args
    guard function.arity.contains(operands.count) else { return nil }
    var nodes: [FastNode] = []
    var shapes: [Shape] = []
    for o in operands {
      guard let (n, s) = compile(o) else { return nil }
      nodes.append(n)
      shapes.append(s)
    }
    switch (name, operands.count) {
    case ("size", 1):
      return (SizeNode(nodes[0]), .value)
    case ("double", 1):
      guard case .value = shapes[0] else { return nil }
      return (ToDoubleNode(nodes[0]), .value)
    case ("int", 1):
      guard case .value = shapes[0] else { return nil }
      return (ToIntNode(nodes[0]), .value)
    default:
      // General values only: records have no general form here.
      for s in shapes {
        switch s {
        case .value, .list(.value): continue
        default: return nil
        }
      }
      return (CallNode(nodes, function.body, scans: function.scansLists), .value)
    }
  }

  private mutating func comprehension(_ c: Comprehension) -> (node: FastNode, shape: Shape)? {
    guard let (range, rangeShape) = compile(c.range) else { return nil }
    let element: Shape
    switch rangeShape {
    case .records(let entity): element = .record(entity: entity)
    case .list(let s): element = s
    case .value: element = .value
    default: return nil
    }
    let slot = firstLocal + scopes.count
    localCount = max(localCount, slot + 1)
    scopes.append((c.variable, slot, element))
    defer { scopes.removeLast() }
    var predicate: FastNode?
    if let p = c.predicate {
      guard let (n, s) = compile(p), case .value = s else { return nil }
      predicate = n
    }
    var transform: FastNode?
    var transformShape: Shape = .value
    if let t = c.transform {
      guard let (n, s) = compile(t) else { return nil }
      transform = n
      transformShape = s
    }
    var probe: MissingProbe?
    if c.kind == .all || c.kind == .exists, case .records(let entity) = rangeShape, let p = c.predicate,
      let path = schoolPath(c.range), let field = Self.onlyRead(of: c.variable, in: p)
    {
      switch schema.entities[entity].fields[field] {
      case .scalar(let offset, _)?, .scalarList(let offset, _)?: probe = MissingProbe(offset: offset, range: path, field: field)
      default: break
      }
    }
    let node = ComprehensionNode(c.kind, range: range, slot: slot, predicate: predicate, transform: transform, probe: probe)
    switch c.kind {
    case .all, .exists, .existsOne, .count: return (node, .value)
    case .filter:
      if case .records(let entity) = rangeShape { return (node, .list(.record(entity: entity))) }
      return (node, .list(element))
    case .map: return (node, .list(transformShape))
    }
  }
}

extension FastCompiler {
  /// The path of a chain of fields from the school (`school.staff`), as the
  /// general evaluator writes it; nil for anything else.
  fileprivate func schoolPath(_ e: Expr) -> String? {
    var fields: [String] = []
    var node = e
    while true {
      switch node.kind {
      case .select(let operand, let field):
        fields.append(field)
        node = operand
      case .ident(let name, let rooted):
        guard rooted || !scopes.contains(where: { $0.name == name }), case .school? = names[name] else { return nil }
        return ([name] + fields.reversed()).joined(separator: ".")
      default:
        return nil
      }
    }
  }

  /// The one field of `variable` that `e` reads, when `e` is strict (only
  /// literals, unary and binary operators other than `&&`/`||`, and list
  /// literals) and reads nothing else: an absent field then makes `e`
  /// unknown, never decided.
  fileprivate static func onlyRead(of variable: String, in e: Expr) -> String? {
    var found: [String] = []
    func walk(_ e: Expr) -> Bool {
      switch e.kind {
      case .literal: return true
      case .select(let operand, let field):
        guard case .ident(let name, rooted: false) = operand.kind, name == variable else { return false }
        found.append(field)
        return true
      case .unary(_, let x): return walk(x)
      case .binary(let op, let l, let r): return op != .and && op != .or && walk(l) && walk(r)
      case .list(let items): return items.allSatisfy(walk)
      default: return false
      }
    }
    guard walk(e), found.count == 1 else { return nil }
    return found[0]
  }
}

/// A compiled fast expression.
package struct FastProgram: Sendable {
  package let node: FastNode
  package let shape: FastCompiler.Shape

  package init(node: FastNode, shape: FastCompiler.Shape) {
    self.node = node
    self.shape = shape
  }

  /// When the expression is an `all`/`exists` whose only undecided elements
  /// can be missing one field: what to report for them (see `MissingProbe`).
  package var missingProbe: MissingProbe? { (node as? ComprehensionNode)?.probe }

  /// The value for the context's record and variables (`.bail`: ask the general evaluator).
  @inline(__always)
  package func evaluate(_ c: inout FastContext) -> FV {
    node.eval(&c)
  }
}
