/// One problem found in an input file, a rule or an expression. Every stage
/// reports through this type; `code` is stable (scripts may match on it),
/// the wording may improve.
public struct Diagnostic: Error, Hashable, Sendable {
  public enum Severity: String, Sendable, Comparable {
    case warning, error
    public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .error }
  }

  /// A second place that explains the first ("first defined here").
  public struct Note: Hashable, Sendable {
    public var location: SourceLocation?
    public var message: LocalizedText
    public init(location: SourceLocation?, message: LocalizedText) {
      self.location = location
      self.message = message
    }
  }

  public var code: String
  public var severity: Severity
  public var location: SourceLocation?
  public var message: LocalizedText
  public var notes: [Note]

  public init(
    code: String, severity: Severity = .error, location: SourceLocation?,
    message: LocalizedText, notes: [Note] = []
  ) {
    self.code = code
    self.severity = severity
    self.location = location
    self.message = message
    self.notes = notes
  }
}

/// Several diagnostics thrown at once (lint reports all of them).
public struct DiagnosticList: Error, Sendable {
  public var diagnostics: [Diagnostic]
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

extension Diagnostic {
  /// `file:line:col: error[code]: message`, then the source line and a caret
  /// when `source` can give the line, then the notes.
  public func rendered(in language: Language, source: (String) -> String? = { _ in nil }) -> String {
    let label = severity == .error ? (language == .zh ? "错误" : "error") : (language == .zh ? "警告" : "warning")
    var out = ""
    if let location { out += "\(location): " }
    out += "\(label)[\(code)]: \(message.text(in: language))"
    if let location, let excerpt = Self.excerpt(at: location, source: source) { out += "\n" + excerpt }
    for note in notes {
      out += "\n  "
      if let l = note.location { out += "\(l): " }
      out += (language == .zh ? "说明: " : "note: ") + note.message.text(in: language)
    }
    return out
  }

  private static func excerpt(at location: SourceLocation, source: (String) -> String?) -> String? {
    guard location.line >= 1, let text = source(location.file) else { return nil }
    var lineNumber = 1
    var found: Substring?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if lineNumber == location.line { found = line; break }
      lineNumber += 1
    }
    guard var line = found else { return nil }
    if line.hasSuffix("\r") { line = line.dropLast() }
    let scalars = Array(line.unicodeScalars.prefix(400))
    let caretColumn = max(1, min(location.column, scalars.count + 1))
    // Wide (CJK) characters take two terminal cells.
    var pad = ""
    for s in scalars.prefix(caretColumn - 1) {
      pad += s == "\t" ? "\t" : (s.properties.isIdeographic || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value) ? "  " : " ")
    }
    var shown = String(String.UnicodeScalarView(scalars))
    if line.unicodeScalars.count > 400 { shown += "…" }
    return "  | " + shown + "\n  | " + pad + "^"
  }
}
