/// A parsed expression: the source it came from, the syntax tree and the
/// limits it was parsed under (the checker and evaluator keep to them).
///
/// Build one with `Parser.parse`; check it with `Checker.check`; compile it
/// once with `Program(_:)`.
public struct AST: Sendable {
  /// The expression as written.
  public let source: String
  /// The limits it was parsed under; the checker and evaluator keep to them.
  public let limits: ExprLimits
  let root: Expr
  /// The source as Unicode scalars, for slicing by offset.
  let scalars: [Unicode.Scalar]

  init(source: String, scalars: [Unicode.Scalar], root: Expr, limits: ExprLimits) {
    self.source = source
    self.scalars = scalars
    self.root = root
    self.limits = limits
  }

  /// The source text of a span.
  func text(_ span: Span) -> String {
    let lo = max(0, min(span.offset, scalars.count))
    let hi = max(lo, min(span.offset + span.length, scalars.count))
    return String(String.UnicodeScalarView(scalars[lo..<hi]))
  }
}

/// One node of the syntax tree.
///
/// `focus` is what an error about this node points at (the operator of a
/// binary expression, the field name of a selection, the function name of a
/// call); `whole` covers the entire sub-expression.
struct Expr: Sendable {
  indirect enum Kind: Sendable {
    case literal(Value)
    /// `rooted` for `.name` (resolved in the root scope, never a macro variable).
    case ident(String, rooted: Bool)
    case select(Expr, field: String)
    case index(Expr, Expr)
    /// `target` is the receiver of `x.f(…)`.
    case call(String, target: Expr?, args: [Expr])
    case list([Expr])
    case map([(key: Expr, value: Expr)])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case conditional(Expr, Expr, Expr)
    /// `has(e.f)`: the argument is always a `.select`.
    case has(Expr)
    case comprehension(Comprehension)
  }

  var kind: Kind
  var focus: Span
  var whole: Span
  /// 1 + the height of the tallest child; the parser keeps it ≤ `maxDepth`.
  var height: Int
}

enum UnaryOperator: String, Sendable {
  case not = "!"
  case negate = "-"
}

enum BinaryOperator: String, Sendable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
  case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
  case `in` = "in"
  case and = "&&", or = "||"
}

/// A comprehension macro: `range.all(x, p)`, `range.map(x, p, t)`, ….
struct Comprehension: Sendable {
  enum Kind: String, Sendable {
    case all, exists, existsOne = "exists_one", filter, map, count
  }

  var kind: Kind
  var range: Expr
  var variable: String
  var variableSpan: Span
  /// The condition of all/exists/exists_one/filter/count and of the
  /// three-argument map.
  var predicate: Expr?
  /// The transform of map.
  var transform: Expr?
}
