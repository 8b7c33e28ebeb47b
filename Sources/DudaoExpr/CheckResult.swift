/// What the checker found: the expression's static type, errors (the rule
/// cannot be used), warnings (it can, but probably not as meant) and an
/// estimated cost per evaluation.
///
/// `estimatedCost` counts evaluation steps assuming 100 elements per list
/// whose size is not known; nested macros multiply. A rule's `check` being
/// non-bool is the caller's business: look at `type`.
public struct CheckResult: Sendable {
  public var type: CELType
  public var errors: [ExprError]
  public var warnings: [ExprError]
  public var estimatedCost: Int

  public init(type: CELType, errors: [ExprError], warnings: [ExprError], estimatedCost: Int) {
    self.type = type
    self.errors = errors
    self.warnings = warnings
    self.estimatedCost = estimatedCost
  }
}
