/// Bounds on one expression, so that no rule file can make dudao crash,
/// recurse without bound or run for hours.
///
/// The parser enforces `maxLength` and `maxDepth`; the checker reports
/// `maxMacroDepth` and `maxCost`; the evaluator stops at `maxEvalCost`.
/// Nesting is capped because the parser, checker and evaluator recurse once
/// per level: `maxDepth` bounds their stack use on any input.
public struct ExprLimits: Sendable, Hashable {
  /// Longest accepted source, in Unicode scalars.
  public var maxLength = 8192
  /// Deepest accepted nesting of the syntax tree (parentheses, operator
  /// chains, lists, member chains) and of the parser's own recursion.
  public var maxDepth = 48
  /// Deepest accepted nesting of comprehension macros (`all`, `exists`,
  /// `map`, …): each level multiplies the work by the size of a list.
  public var maxMacroDepth = 3
  /// Estimated cost per evaluation above which the checker warns
  /// (`expr.cost`); see `CheckResult.estimatedCost`.
  public var maxCost = 1_000_000
  /// Work units one evaluation may spend (one per comprehension step and per
  /// element built or scanned) before it stops with `expr.cost-limit`.
  public var maxEvalCost = 20_000_000

  /// The defaults above.
  public init() {}
}
