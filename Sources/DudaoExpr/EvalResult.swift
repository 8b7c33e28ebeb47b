/// The outcome of evaluating an expression for one activation.
public enum EvalResult: Sendable, Hashable {
  case value(Value)
  /// Data the expression needed is absent: the sorted, unique field paths
  /// that were missing, e.g. `school.schedule.daily_pe_minutes` or
  /// `school.classes[2].students`.
  case unknown([String])
  /// The expression failed (a rule bug, never the data's fault).
  case error(ExprError)
}
