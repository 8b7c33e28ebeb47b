/// A compiled expression node: evaluates in a frame, or is interrupted.
typealias Eval = @Sendable (Frame) throws(Interrupt) -> Value

/// Renders the attribute path of a data value (for `unknown` results).
typealias PathRenderer = @Sendable (Frame) -> String

/// The mutable state of one evaluation: the activation's variables in the
/// program's slot order, the macro variables, and the work spent.
final class Frame {
  let globals: [Value?]
  /// Globals bound to a failure (`Activation.bind(_:_: EvalResult)`), by
  /// slot; empty in all but rare evaluations.
  let failures: [Int: Interrupt]
  /// Macro variables by slot (the slot is the macro's nesting level).
  var locals: [Value]
  /// The position of each macro variable in its list, for paths.
  var indices: [Int]
  /// The path of the list each macro variable iterates, when it is data.
  var origins: [PathRenderer?]
  private var cost = 0
  private let maxCost: Int

  init(globals: [Value?], failures: [Int: Interrupt] = [:], slots: Int, maxCost: Int) {
    self.globals = globals
    self.failures = failures
    self.locals = Array(repeating: .null, count: slots)
    self.indices = Array(repeating: 0, count: slots)
    self.origins = Array(repeating: nil, count: slots)
    self.maxCost = maxCost
  }

  /// Spends `units` of work; aborts the evaluation past the limit.
  @inline(__always)
  func charge(_ units: Int, at span: Span) throws(Interrupt) {
    cost &+= units
    if cost > maxCost { throw .abort(Fault.costLimit(maxCost).at(span)) }
  }
}
