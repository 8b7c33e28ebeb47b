import DudaoDiagnostics

/// A problem in one expression: a syntax error, a type error found by the
/// checker, or an error raised while evaluating.
///
/// `code` is stable (`expr.syntax`, `expr.unknown-field`, `expr.no-overload`,
/// `expr.division-by-zero`, `expr.overflow`, …); the wording may improve.
/// `offset` and `length` count Unicode scalars into the expression source, so
/// the rule loader can add the position of the YAML scalar.
public struct ExprError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Stable code, e.g. `expr.unknown-field`.
  public var code: String
  /// What went wrong, for a non-programmer where possible.
  public var message: LocalizedText
  /// 0-based offset in Unicode scalars into the expression source.
  public var offset: Int
  /// Length in Unicode scalars of the offending part (at least 0).
  public var length: Int

  /// An error with these parts.
  public init(code: String, message: LocalizedText, offset: Int, length: Int) {
    self.code = code
    self.message = message
    self.offset = offset
    self.length = length
  }

  /// `offset: code: English message`, for logs and test failures.
  public var description: String { "\(offset): \(code): \(message.en)" }
}
