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
    rendered(in: language) { file, number in source(file).flatMap { SourceLines.lines([number], of: $0)[number] } }
  }

  /// The same, with the source line from `line(file, number)` (see `SourceLines`).
  public func rendered(in language: Language, line: (String, Int) -> String?) -> String {
    let label = severity == .error ? (language == .zh ? "错误" : "error") : (language == .zh ? "警告" : "warning")
    var out = ""
    if let location { out += "\(location): " }
    out += "\(label)[\(code)]: \(message.text(in: language))"
    if let location, location.line >= 1, let text = line(location.file, location.line) {
      out += "\n" + Self.excerpt(text, column: location.column)
    }
    for note in notes {
      out += "\n  "
      if let l = note.location { out += "\(l): " }
      out += (language == .zh ? "说明: " : "note: ") + note.message.text(in: language)
    }
    return out
  }

  /// The line (400 characters of it: from its start, or around the column
  /// when that lies further on, with "…" where it is cut) and a caret under
  /// the column.
  private static func excerpt(_ line: String, column: Int) -> String {
    let all = Array(line.unicodeScalars)
    let start = column <= 400 ? 0 : min(column - 200, max(0, all.count - 399))
    let scalars = all[start..<min(all.count, start + 400)]
    let caretColumn = max(1, min(column - start, scalars.count + 1))
    // Wide (CJK) characters take two terminal cells.
    var pad = start > 0 ? " " : ""
    for s in scalars.prefix(caretColumn - 1) {
      pad += s == "\t" ? "\t" : (s.properties.isIdeographic || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value) ? "  " : " ")
    }
    var shown = (start > 0 ? "…" : "") + String(String.UnicodeScalarView(scalars))
    if all.count > start + 400 { shown += "…" }
    return "  | " + shown + "\n  | " + pad + "^"
  }
}

extension Diagnostic {
  /// For people to read: the same warning or error (same severity, code
  /// and message) at more than `shown` places is listed at its first
  /// `shown` places, then summed up in one diagnostic of that code giving
  /// the number of the others and where the last one is. An export with
  /// one extra column gives the same warning on every line; 100,000 copies
  /// would bury everything else. Order is kept; machine-readable reports
  /// (the JSON report's `warnings`) keep every one.
  public static func collapsingRepeats(_ diagnostics: [Diagnostic], shown: Int = 5) -> [Diagnostic] {
    struct Key: Hashable {
      var severity: Severity
      var code: String
      var message: LocalizedText
    }
    var counts: [Key: Int] = [:]
    for d in diagnostics { counts[Key(severity: d.severity, code: d.code, message: d.message), default: 0] += 1 }
    guard counts.values.contains(where: { $0 > shown }) else { return diagnostics }
    var last: [Key: SourceLocation] = [:]
    for d in diagnostics.reversed() {
      let key = Key(severity: d.severity, code: d.code, message: d.message)
      if counts[key, default: 0] > shown, last[key] == nil, let l = d.location { last[key] = l }
    }
    var seen: [Key: Int] = [:]
    var out: [Diagnostic] = []
    for d in diagnostics {
      let key = Key(severity: d.severity, code: d.code, message: d.message)
      let total = counts[key, default: 0]
      let k = seen[key, default: 0] + 1
      seen[key] = k
      if k <= shown { out.append(d) }
      guard k == shown, total > shown else { continue }
      let more = total - shown
      let n = more.grouped
      let kind = d.severity == .error ? LocalizedText(zh: "错误", en: "error") : LocalizedText(zh: "警告", en: "warning")
      let through = last[key].map { LocalizedText(zh: "，最后一处在 \($0)", en: ", the last at \($0)") } ?? LocalizedText(zh: "", en: "")
      out.append(
        Diagnostic(
          code: d.code, severity: d.severity, location: nil,
          message: LocalizedText(
            zh: "同样的\(kind.zh)另有 \(n) 处\(through.zh)，不再逐条列出",
            en: "\(n) more of the same \(kind.en)\(more == 1 ? "" : "s")\(through.en), not listed one by one")))
    }
    return out
  }
}

extension Int {
  /// `12345` as `12,345`.
  fileprivate var grouped: String {
    let digits = String(magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (self < 0 ? "-" : "") + out
  }
}
