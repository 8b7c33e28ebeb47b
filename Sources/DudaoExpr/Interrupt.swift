/// Why evaluating a node gave no value. `unknown` and `error` take part in
/// the language's absorption rules (`false && error` is false); `abort`
/// (the cost limit) is never absorbed.
enum Interrupt: Error {
  /// Missing data: the attribute paths that were absent (unsorted; the
  /// program sorts them once at the end).
  case unknown([String])
  case error(ExprError)
  case abort(ExprError)

  /// Folds the failures of the operands of a strict operator or function:
  /// any unknown wins over errors and the unknown paths merge; otherwise
  /// the first error.
  struct Collector {
    private var unknowns: [String] = []
    private var firstError: ExprError?

    init() {}

    /// Records one failure; returns an `abort` to rethrow at once.
    mutating func add(_ i: Interrupt) -> Interrupt? {
      switch i {
      case .unknown(let paths): unknowns += paths
      case .error(let e): if firstError == nil { firstError = e }
      case .abort: return i
      }
      return nil
    }

    mutating func add(_ e: ExprError) {
      if firstError == nil { firstError = e }
    }

    /// The combined failure, nil if nothing failed.
    var result: Interrupt? {
      if !unknowns.isEmpty { return .unknown(unknowns) }
      return firstError.map { .error($0) }
    }
  }
}
