/// Parses expression source into an `AST` (cel-spec grammar, recursive
/// descent), expanding macros (`has`, `all`, `exists`, `exists_one`,
/// `filter`, `map`, `count`) into their own nodes.
///
/// Never recurses deeper than `limits.maxDepth` levels, so any input — even
/// 100,000 opening parentheses — gives an error, not a stack overflow.
///
/// ```swift
/// let ast = try Parser.parse("school.schedule.daily_pe_minutes >= 60")
/// ```
public enum Parser {
  /// Parses one expression; throws `expr.syntax`, `expr.too-long`,
  /// `expr.too-deep` or `expr.unsupported`.
  public static func parse(_ source: String, limits: ExprLimits = .init()) throws(ExprError) -> AST {
    let scalars = Array(source.unicodeScalars.prefix(limits.maxLength + 1))
    let total = scalars.count > limits.maxLength ? source.unicodeScalars.count : scalars.count
    var state = try ParserState(lexer: Lexer(scalars, totalLength: total, limits: limits), limits: limits)
    let root = try state.parseExpr()
    guard state.current.kind == .eof else { throw Fault.unexpected(state.current.kind.text).at(state.current.span) }
    return AST(source: source, scalars: scalars, root: root, limits: limits)
  }

  /// Words that cannot name variables or functions (cel-spec "RESERVED").
  static let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while",
  ]
}

/// The cursor and recursion depth of one parse. Keeps the current token
/// and one more (for `-` before a literal); lexes on demand.
private struct ParserState {
  var lexer: Lexer
  let limits: ExprLimits
  private(set) var current: Token
  private var following: Token
  private(set) var previousEnd = 0
  var depth = 0

  init(lexer: Lexer, limits: ExprLimits) throws(ExprError) {
    self.lexer = lexer
    self.limits = limits
    current = try self.lexer.next()
    following = current.kind == .eof ? current : try self.lexer.next()
  }

  /// The kind of the token after the current one.
  var nextKind: Token.Kind { following.kind }

  mutating func advance() throws(ExprError) -> Token {
    let t = current
    guard t.kind != .eof else { return t }
    previousEnd = t.offset + t.length
    current = following
    if following.kind != .eof { following = try lexer.next() }
    return t
  }

  mutating func accept(_ kind: Token.Kind) throws(ExprError) -> Token? {
    current.kind == kind ? try advance() : nil
  }

  mutating func expect(_ kind: Token.Kind) throws(ExprError) -> Token {
    if let t = try accept(kind) { return t }
    throw Fault.expected(kind.text).at(current.span)
  }

  // MARK: Grammar
  //
  // The recursion path (parseExpr → parseBinary → parseOperand →
  // parsePrimary / parseSuffixes → parseExpr) is kept to few, small frames:
  // binary operators are parsed without recursion (operator precedence with
  // a stack), and heavy non-recursive work is out of line.

  // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
  @inline(never)
  mutating func parseExpr() throws(ExprError) -> Expr {
    depth += 1
    defer { depth -= 1 }
    guard depth <= limits.maxDepth else { throw tooDeep(current.span) }
    let condition = try parseBinary()
    guard current.kind == .question else { return condition }
    return try parseConditional(condition)
  }

  @inline(never)
  mutating func parseConditional(_ condition: Expr) throws(ExprError) -> Expr {
    let q = try advance()
    let then = try parseBinary()
    _ = try expect(.colon)
    let otherwise = try parseExpr()
    return try makeNode(
      .conditional(condition, then, otherwise), focus: q.span, from: condition.whole.offset, to: previousEnd,
      children: [condition, then, otherwise], limits)
  }

  // ConditionalOr, ConditionalAnd, Relation, Addition, Multiplication.
  @inline(never)
  mutating func parseBinary() throws(ExprError) -> Expr {
    var stack = OperatorStack(limits: limits)
    stack.push(operand: try parseOperand())
    while let op = BinaryOperator(token: current.kind) {
      let t = try advance()
      try stack.push(op, at: t.span)
      stack.push(operand: try parseOperand())
    }
    return try stack.finish()
  }

  // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
  @inline(never)
  mutating func parseOperand() throws(ExprError) -> Expr {
    var ops: [Token] = []
    while current.kind == .bang || current.kind == .minus {
      ops.append(try advance())
      if ops.count > limits.maxDepth { throw tooDeep(current.span) }
    }
    var e: Expr
    // A minus directly before a number literal is part of the literal, so
    // that -9223372036854775808 is an int.
    if let last = ops.last, last.kind == .minus, let literal = try negativeLiteral(minus: last) {
      ops.removeLast()
      e = literal
    } else {
      e = try parseSuffixes(parsePrimary())
    }
    return ops.isEmpty ? e : try wrapUnary(ops, around: e)
  }

  @inline(never)
  mutating func negativeLiteral(minus: Token) throws(ExprError) -> Expr? {
    switch nextKind {
    case .dot, .lBracket, .lParen, .lBrace: return nil
    default: break
    }
    let value: Value
    switch current.kind {
    case .int(let m) where m <= UInt64(Int64.max) + 1:
      value = m == UInt64(Int64.max) + 1 ? .int(.min) : .int(-Int64(m))
    case .double(let d):
      value = .double(-d)
    default:
      return nil
    }
    let t = try advance()
    let span = Span(offset: minus.offset, length: t.offset + t.length - minus.offset)
    return Expr(kind: .literal(value), focus: span, whole: span, height: 1)
  }

  @inline(never)
  func wrapUnary(_ ops: [Token], around operand: Expr) throws(ExprError) -> Expr {
    var e = operand
    for t in ops.reversed() {
      let op: UnaryOperator = t.kind == .bang ? .not : .negate
      e = try makeNode(.unary(op, e), focus: t.span, from: t.offset, to: e.whole.offset + e.whole.length, children: [e], limits)
    }
    return e
  }

  // Member = Primary | Member "." SELECTOR ["(" [ExprList] ")"] | Member "[" Expr "]"
  @inline(never)
  mutating func parseSuffixes(_ primary: Expr) throws(ExprError) -> Expr {
    var e = primary
    let start = primary.whole.offset
    while true {
      switch current.kind {
      case .dot:
        _ = try advance()
        guard case .ident(let name) = current.kind else { throw fieldNameExpected() }
        let nameToken = try advance()
        if try accept(.lParen) != nil {
          let args = try parseList(until: .rParen)
          e = try makeCall(name, target: e, args: args, nameSpan: nameToken.span, start: start, end: previousEnd, limits)
        } else {
          e = try makeNode(.select(e, field: name), focus: nameToken.span, from: start, to: previousEnd, children: [e], limits)
        }
      case .lBracket:
        let open = try advance()
        let index = try parseExpr()
        _ = try expect(.rBracket)
        e = try makeNode(.index(e, index), focus: open.span, from: start, to: previousEnd, children: [e, index], limits)
      case .lBrace:
        switch e.kind {
        case .ident, .select: throw Fault.objectConstructionUnsupported.at(current.span)
        default: return e
        }
      default:
        return e
      }
    }
  }

  @inline(never)
  mutating func parsePrimary() throws(ExprError) -> Expr {
    switch current.kind {
    case .lParen:
      _ = try advance()
      let e = try parseExpr()
      _ = try expect(.rParen)
      return e
    case .lBracket:
      let open = try advance()
      let items = try parseList(until: .rBracket)
      return try makeNode(.list(items), focus: open.span, from: open.offset, to: previousEnd, children: items, limits)
    case .lBrace:
      return try parseMapLiteral()
    case .ident, .dot:
      return try parseNameOrCall()
    default:
      return try parseLiteral()
    }
  }

  @inline(never)
  mutating func parseLiteral() throws(ExprError) -> Expr {
    let t = current
    let value: Value
    switch t.kind {
    case .int(let m):
      guard m <= UInt64(Int64.max) else { throw Fault.numberOutOfRange(String(m)).at(t.span) }
      value = .int(Int64(m))
    case .uint(let v): value = .uint(v)
    case .double(let v): value = .double(v)
    case .string(let v): value = .string(v)
    case .true: value = .bool(true)
    case .false: value = .bool(false)
    case .null: value = .null
    case .eof: throw Fault.unexpectedEnd.at(t.span)
    default: throw Fault.unexpected(t.kind.text).at(t.span)
    }
    _ = try advance()
    return Expr(kind: .literal(value), focus: t.span, whole: t.span, height: 1)
  }

  @inline(never)
  mutating func parseMapLiteral() throws(ExprError) -> Expr {
    let open = try advance()
    var entries: [(key: Expr, value: Expr)] = []
    while current.kind != .rBrace {
      let k = try parseExpr()
      _ = try expect(.colon)
      let v = try parseExpr()
      entries.append((k, v))
      if try accept(.comma) == nil { break }
    }
    _ = try expect(.rBrace)
    return try makeNode(
      .map(entries), focus: open.span, from: open.offset, to: previousEnd, children: entries.flatMap { [$0.key, $0.value] },
      limits)
  }

  /// `name`, `.name`, `name(args)`.
  @inline(never)
  mutating func parseNameOrCall() throws(ExprError) -> Expr {
    let start = current.offset
    let rooted = try accept(.dot) != nil
    guard case .ident(let name) = current.kind else { throw Fault.expected("name").at(current.span) }
    let token = try advance()
    if Parser.reservedWords.contains(name) { throw Fault.reservedWord(name).at(token.span) }
    if try accept(.lParen) != nil {
      let args = try parseList(until: .rParen)
      return try makeCall(name, target: nil, args: args, nameSpan: token.span, start: start, end: previousEnd, limits)
    }
    return Expr(
      kind: .ident(name, rooted: rooted), focus: token.span, whole: Span(offset: start, length: previousEnd - start), height: 1)
  }

  /// Comma-separated expressions up to `end` (consumed); a trailing comma is allowed.
  @inline(never)
  mutating func parseList(until end: Token.Kind) throws(ExprError) -> [Expr] {
    var items: [Expr] = []
    while current.kind != end {
      items.append(try parseExpr())
      if try accept(.comma) == nil { break }
    }
    _ = try expect(end)
    return items
  }

  @inline(never)
  func tooDeep(_ span: Span) -> ExprError { Fault.tooDeep(limit: limits.maxDepth).at(span) }

  @inline(never)
  func fieldNameExpected() -> ExprError {
    (current.kind == .eof ? Fault.unexpectedEnd : Fault.expected("field name")).at(current.span)
  }
}

/// Binary operators awaiting their right operand, by precedence: the
/// parser's loop pushes operands and operators, and reduces when an operator
/// binds less tightly than the one before (left-associative). Chains of
/// `&&` or `||` are collected and built as balanced trees (as cel-go does)
/// so that long chains stay shallow; both operators are associative.
private struct OperatorStack {
  enum Operand {
    case expr(Expr)
    /// `terms[0] op terms[1] op …`, with `spans[k]` between `terms[k]` and `terms[k + 1]`.
    case chain(BinaryOperator, [Expr], [Span])
  }

  let limits: ExprLimits
  private var operands: [Operand] = []
  private var operators: [(op: BinaryOperator, span: Span)] = []

  init(limits: ExprLimits) { self.limits = limits }

  mutating func push(operand e: Expr) { operands.append(.expr(e)) }

  @inline(never)
  mutating func push(_ op: BinaryOperator, at span: Span) throws(ExprError) {
    while let top = operators.last, top.op.precedence >= op.precedence { try reduce() }
    operators.append((op, span))
  }

  @inline(never)
  mutating func finish() throws(ExprError) -> Expr {
    while !operators.isEmpty { try reduce() }
    return try expr(operands[0])
  }

  private mutating func reduce() throws(ExprError) {
    let (op, span) = operators.removeLast()
    let rhs = try expr(operands.removeLast())
    let lhs = operands.removeLast()
    if op == .and || op == .or {
      if case .chain(let chainOp, var terms, var spans) = lhs, chainOp == op {
        terms.append(rhs)
        spans.append(span)
        operands.append(.chain(op, terms, spans))
      } else {
        operands.append(.chain(op, [try expr(lhs), rhs], [span]))
      }
      return
    }
    let l = try expr(lhs)
    operands.append(
      .expr(
        try makeNode(
          .binary(op, l, rhs), focus: span, from: l.whole.offset, to: rhs.whole.offset + rhs.whole.length,
          children: [l, rhs], limits)))
  }

  private func expr(_ o: Operand) throws(ExprError) -> Expr {
    switch o {
    case .expr(let e): return e
    case .chain(let op, let terms, let spans): return try balance(op, terms, spans, 0, terms.count)
    }
  }

  /// The balanced tree of `terms[lo..<hi]` (never empty).
  private func balance(_ op: BinaryOperator, _ terms: [Expr], _ spans: [Span], _ lo: Int, _ hi: Int) throws(ExprError) -> Expr {
    if hi - lo == 1 { return terms[lo] }
    let mid = lo + (hi - lo) / 2
    let lhs = try balance(op, terms, spans, lo, mid)
    let rhs = try balance(op, terms, spans, mid, hi)
    return try makeNode(
      .binary(op, lhs, rhs), focus: spans[mid - 1], from: lhs.whole.offset,
      to: rhs.whole.offset + rhs.whole.length, children: [lhs, rhs], limits)
  }
}

private extension BinaryOperator {
  init?(token: Token.Kind) {
    switch token {
    case .or: self = .or
    case .and: self = .and
    case .lt: self = .less
    case .le: self = .lessOrEqual
    case .gt: self = .greater
    case .ge: self = .greaterOrEqual
    case .eq: self = .equal
    case .ne: self = .notEqual
    case .in: self = .in
    case .plus: self = .add
    case .minus: self = .subtract
    case .star: self = .multiply
    case .slash: self = .divide
    case .percent: self = .remainder
    default: return nil
    }
  }

  /// cel-spec precedence: higher binds tighter.
  var precedence: Int {
    switch self {
    case .or: 1
    case .and: 2
    case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual, .in: 3
    case .add, .subtract: 4
    case .multiply, .divide, .remainder: 5
    }
  }
}

/// A node whose height is checked against `maxDepth`.
@inline(never)
private func makeNode(
  _ kind: Expr.Kind, focus: Span, from start: Int, to end: Int, children: [Expr], _ limits: ExprLimits
) throws(ExprError) -> Expr {
  let height = 1 + (children.map(\.height).max() ?? 0)
  guard height <= limits.maxDepth else { throw Fault.tooDeep(limit: limits.maxDepth).at(focus) }
  return Expr(kind: kind, focus: focus, whole: Span(offset: start, length: max(0, end - start)), height: height)
}

/// A call, or the macro it spells.
@inline(never)
private func makeCall(
  _ name: String, target: Expr?, args: [Expr], nameSpan: Span, start: Int, end: Int, _ limits: ExprLimits
) throws(ExprError) -> Expr {
  if target == nil, name == "has" {
    guard args.count == 1, case .select = args[0].kind else { throw Fault.hasArgument.at(nameSpan) }
    return try makeNode(.has(args[0]), focus: nameSpan, from: start, to: end, children: args, limits)
  }
  if let target, let kind = Comprehension.Kind(rawValue: name),
    args.count == 2 || (kind == .map && args.count == 3)
  {
    guard case .ident(let variable, rooted: false) = args[0].kind else {
      throw Fault.macroVariable(name).at(args[0].focus)
    }
    let predicate = kind == .map ? (args.count == 3 ? args[1] : nil) : args[1]
    let transform = kind == .map ? args[args.count - 1] : nil
    let c = Comprehension(
      kind: kind, range: target, variable: variable, variableSpan: args[0].focus,
      predicate: predicate, transform: transform)
    return try makeNode(.comprehension(c), focus: nameSpan, from: start, to: end, children: [target] + args, limits)
  }
  return try makeNode(
    .call(name, target: target, args: args), focus: nameSpan, from: start, to: end,
    children: (target.map { [$0] } ?? []) + args, limits)
}
