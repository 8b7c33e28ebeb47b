/// What the checker found: the expression's static type, errors (the rule
/// cannot be used), warnings (it can, but probably not as meant) and an
/// estimated cost per evaluation.
///
/// `estimatedCost` counts evaluation steps assuming 100 elements per list
/// whose size is not known; nested macros multiply. A rule's `check` being
/// non-bool is the caller's business: look at `type`.
public struct CheckResult: Sendable {
  /// The static type of the whole expression.
  public var type: CELType
  /// Problems that make the expression unusable, sorted by offset.
  public var errors: [ExprError]
  /// Likely mistakes (`expr.type-mismatch`) and excessive cost (`expr.cost`).
  public var warnings: [ExprError]
  /// Estimated work per evaluation (see the type's summary).
  public var estimatedCost: Int

  /// A result with these parts.
  public init(type: CELType, errors: [ExprError], warnings: [ExprError], estimatedCost: Int) {
    self.type = type
    self.errors = errors
    self.warnings = warnings
    self.estimatedCost = estimatedCost
  }
}
