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

  /// A node whose height is checked against `maxDepth`.
  func node(_ kind: Expr.Kind, focus: Span, from start: Int, to end: Int, children: [Expr]) throws(ExprError) -> Expr {
    let height = 1 + (children.map(\.height).max() ?? 0)
    guard height <= limits.maxDepth else { throw Fault.tooDeep(limit: limits.maxDepth).at(focus) }
    return Expr(kind: kind, focus: focus, whole: Span(offset: start, length: max(0, end - start)), height: height)
  }

  // MARK: Grammar

  // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
  mutating func parseExpr() throws(ExprError) -> Expr {
    depth += 1
    defer { depth -= 1 }
    guard depth <= limits.maxDepth else { throw Fault.tooDeep(limit: limits.maxDepth).at(current.span) }
    let start = current.offset
    let condition = try parseLogical(.or)
    guard let q = try accept(.question) else { return condition }
    let then = try parseLogical(.or)
    _ = try expect(.colon)
    let otherwise = try parseExpr()
    return try node(
      .conditional(condition, then, otherwise), focus: q.span, from: start, to: previousEnd,
      children: [condition, then, otherwise])
  }

  /// `a || b || c` and `a && b && c`, built as balanced trees (as cel-go
  /// does) so that long chains stay shallow; both operators are associative.
  mutating func parseLogical(_ op: BinaryOperator) throws(ExprError) -> Expr {
    let tokenKind: Token.Kind = op == .or ? .or : .and
    var terms = [op == .or ? try parseLogical(.and) : try parseRelation()]
    var operators: [Span] = []
    while let t = try accept(tokenKind) {
      operators.append(t.span)
      terms.append(op == .or ? try parseLogical(.and) : try parseRelation())
    }
    return try balance(op, terms, operators, 0, terms.count)
  }

  /// The balanced tree of `terms[lo..<hi]` (never empty); `ops[k]` sits
  /// between `terms[k]` and `terms[k + 1]`.
  func balance(_ op: BinaryOperator, _ terms: [Expr], _ ops: [Span], _ lo: Int, _ hi: Int) throws(ExprError) -> Expr {
    if hi - lo == 1 { return terms[lo] }
    let mid = lo + (hi - lo) / 2
    let lhs = try balance(op, terms, ops, lo, mid)
    let rhs = try balance(op, terms, ops, mid, hi)
    return try node(
      .binary(op, lhs, rhs), focus: ops[mid - 1], from: lhs.whole.offset,
      to: rhs.whole.offset + rhs.whole.length, children: [lhs, rhs])
  }

  // Relation = [Relation Relop] Addition
  mutating func parseRelation() throws(ExprError) -> Expr {
    var lhs = try parseAddition()
    while true {
      let op: BinaryOperator
      switch current.kind {
      case .lt: op = .less
      case .le: op = .lessOrEqual
      case .gt: op = .greater
      case .ge: op = .greaterOrEqual
      case .eq: op = .equal
      case .ne: op = .notEqual
      case .in: op = .in
      default: return lhs
      }
      let t = try advance()
      let rhs = try parseAddition()
      lhs = try node(.binary(op, lhs, rhs), focus: t.span, from: lhs.whole.offset, to: previousEnd, children: [lhs, rhs])
    }
  }

  // Addition = [Addition ("+" | "-")] Multiplication
  mutating func parseAddition() throws(ExprError) -> Expr {
    var lhs = try parseMultiplication()
    while true {
      let op: BinaryOperator
      switch current.kind {
      case .plus: op = .add
      case .minus: op = .subtract
      default: return lhs
      }
      let t = try advance()
      let rhs = try parseMultiplication()
      lhs = try node(.binary(op, lhs, rhs), focus: t.span, from: lhs.whole.offset, to: previousEnd, children: [lhs, rhs])
    }
  }

  // Multiplication = [Multiplication ("*" | "/" | "%")] Unary
  mutating func parseMultiplication() throws(ExprError) -> Expr {
    var lhs = try parseUnary()
    while true {
      let op: BinaryOperator
      switch current.kind {
      case .star: op = .multiply
      case .slash: op = .divide
      case .percent: op = .remainder
      default: return lhs
      }
      let t = try advance()
      let rhs = try parseUnary()
      lhs = try node(.binary(op, lhs, rhs), focus: t.span, from: lhs.whole.offset, to: previousEnd, children: [lhs, rhs])
    }
  }

  // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
  mutating func parseUnary() throws(ExprError) -> Expr {
    var ops: [Token] = []
    while current.kind == .bang || current.kind == .minus {
      ops.append(try advance())
      if ops.count > limits.maxDepth { throw Fault.tooDeep(limit: limits.maxDepth).at(current.span) }
    }
    // A minus directly before a number literal is part of the literal, so
    // that -9223372036854775808 is an int.
    if let last = ops.last, last.kind == .minus, let literal = try negativeLiteral(minus: last) {
      ops.removeLast()
      return try wrapUnary(ops, around: literal)
    }
    return try wrapUnary(ops, around: try parseMember())
  }

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

  func wrapUnary(_ ops: [Token], around operand: Expr) throws(ExprError) -> Expr {
    var e = operand
    for t in ops.reversed() {
      let op: UnaryOperator = t.kind == .bang ? .not : .negate
      e = try node(.unary(op, e), focus: t.span, from: t.offset, to: e.whole.offset + e.whole.length, children: [e])
    }
    return e
  }

  // Member = Primary | Member "." SELECTOR ["(" [ExprList] ")"] | Member "[" Expr "]"
  mutating func parseMember() throws(ExprError) -> Expr {
    let start = current.offset
    var e = try parsePrimary()
    while true {
      switch current.kind {
      case .dot:
        _ = try advance()
        guard case .ident(let name) = current.kind else {
          throw (current.kind == .eof ? Fault.unexpectedEnd : Fault.expected("field name")).at(current.span)
        }
        let nameToken = try advance()
        if try accept(.lParen) != nil {
          let args = try parseList(until: .rParen)
          e = try call(name, target: e, args: args, nameSpan: nameToken.span, start: start)
        } else {
          e = try node(.select(e, field: name), focus: nameToken.span, from: start, to: previousEnd, children: [e])
        }
      case .lBracket:
        let open = try advance()
        let index = try parseExpr()
        _ = try expect(.rBracket)
        e = try node(.index(e, index), focus: open.span, from: start, to: previousEnd, children: [e, index])
      case .lBrace:
        if case .ident = e.kind { throw Fault.objectConstructionUnsupported.at(current.span) }
        if case .select = e.kind { throw Fault.objectConstructionUnsupported.at(current.span) }
        return e
      default:
        return e
      }
    }
  }

  mutating func parsePrimary() throws(ExprError) -> Expr {
    let t = current
    switch t.kind {
    case .int(let m):
      _ = try advance()
      guard m <= UInt64(Int64.max) else { throw Fault.numberOutOfRange(String(m)).at(t.span) }
      return literal(.int(Int64(m)), t)
    case .uint(let v):
      _ = try advance()
      return literal(.uint(v), t)
    case .double(let v):
      _ = try advance()
      return literal(.double(v), t)
    case .string(let v):
      _ = try advance()
      return literal(.string(v), t)
    case .true:
      _ = try advance()
      return literal(.bool(true), t)
    case .false:
      _ = try advance()
      return literal(.bool(false), t)
    case .null:
      _ = try advance()
      return literal(.null, t)
    case .dot:
      _ = try advance()
      guard case .ident(let name) = current.kind else { throw Fault.expected("name").at(current.span) }
      let nameToken = try advance()
      return try identOrCall(name, nameToken, rooted: true, start: t.offset)
    case .ident(let name):
      _ = try advance()
      return try identOrCall(name, t, rooted: false, start: t.offset)
    case .lParen:
      _ = try advance()
      let e = try parseExpr()
      _ = try expect(.rParen)
      return e
    case .lBracket:
      _ = try advance()
      let items = try parseList(until: .rBracket)
      return try node(.list(items), focus: t.span, from: t.offset, to: previousEnd, children: items)
    case .lBrace:
      _ = try advance()
      var entries: [(key: Expr, value: Expr)] = []
      while current.kind != .rBrace {
        let k = try parseExpr()
        _ = try expect(.colon)
        let v = try parseExpr()
        entries.append((k, v))
        if try accept(.comma) == nil { break }
      }
      _ = try expect(.rBrace)
      return try node(
        .map(entries), focus: t.span, from: t.offset, to: previousEnd, children: entries.flatMap { [$0.key, $0.value] })
    case .eof:
      throw Fault.unexpectedEnd.at(t.span)
    default:
      throw Fault.unexpected(t.kind.text).at(t.span)
    }
  }

  func literal(_ v: Value, _ t: Token) -> Expr {
    Expr(kind: .literal(v), focus: t.span, whole: t.span, height: 1)
  }

  mutating func identOrCall(_ name: String, _ token: Token, rooted: Bool, start: Int) throws(ExprError) -> Expr {
    if Parser.reservedWords.contains(name) { throw Fault.reservedWord(name).at(token.span) }
    if try accept(.lParen) != nil {
      let args = try parseList(until: .rParen)
      return try call(name, target: nil, args: args, nameSpan: token.span, start: start)
    }
    return Expr(kind: .ident(name, rooted: rooted), focus: token.span, whole: Span(offset: start, length: previousEnd - start), height: 1)
  }

  /// Comma-separated expressions up to `end` (consumed); a trailing comma is allowed.
  mutating func parseList(until end: Token.Kind) throws(ExprError) -> [Expr] {
    var items: [Expr] = []
    while current.kind != end {
      items.append(try parseExpr())
      if try accept(.comma) == nil { break }
    }
    _ = try expect(end)
    return items
  }

  /// A call, or the macro it spells.
  func call(_ name: String, target: Expr?, args: [Expr], nameSpan: Span, start: Int) throws(ExprError) -> Expr {
    let end = previousEnd
    if target == nil, name == "has" {
      guard args.count == 1, case .select = args[0].kind else { throw Fault.hasArgument.at(nameSpan) }
      return try node(.has(args[0]), focus: nameSpan, from: start, to: end, children: args)
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
      return try node(.comprehension(c), focus: nameSpan, from: start, to: end, children: [target] + args)
    }
    return try node(
      .call(name, target: target, args: args), focus: nameSpan, from: start, to: end,
      children: (target.map { [$0] } ?? []) + args)
  }
}
