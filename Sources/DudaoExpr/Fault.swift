import DudaoDiagnostics

/// What went wrong, before it is known where: functions and operators raise
/// a `Fault`; the node that called them adds its position (`at`).
/// All wording lives in `Fault+Messages.swift`.
struct Fault: Error, Hashable, Sendable {
  var code: String
  var message: LocalizedText

  init(_ code: String, zh: String, en: String) {
    self.code = code
    self.message = LocalizedText(zh: zh, en: en)
  }

  func at(_ offset: Int, _ length: Int) -> ExprError {
    ExprError(code: code, message: message, offset: offset, length: length)
  }

  func at(_ span: Span) -> ExprError { at(span.offset, span.length) }
}
