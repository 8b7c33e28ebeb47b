import DudaoDiagnostics
import DudaoYAML

/// Where the characters of a YAML scalar are in its file, so that an offset
/// inside an expression can be reported as file:line:column.
public struct ScalarPositions: Sendable, Hashable {
  /// For each line of the scalar's text: its start offset (in Unicode
  /// scalars) and the file location of that first character.
  var lines: [Line]

  struct Line: Sendable, Hashable {
    var offset: Int
    var location: SourceLocation
  }

  /// Positions for a scalar node; `fileLines` are the raw lines of its file
  /// (needed for block scalars, whose indentation the node does not record).
  init(node: Node, fileLines: [Substring]) {
    let loc = node.location
    guard let scalar = node.scalar else {
      lines = [Line(offset: 0, location: loc)]
      return
    }
    switch scalar.style {
    case .plain:
      lines = [Line(offset: 0, location: loc)]
    case .singleQuoted, .doubleQuoted:
      lines = [Line(offset: 0, location: SourceLocation(file: loc.file, line: loc.line, column: loc.column + 1))]
    case .literal, .folded:
      // Content starts on the line after the indicator; its indentation is
      // that of the first non-blank line.
      var out: [Line] = []
      var fileLine = loc.line + 1
      var indent: Int?
      var offset = 0
      for textLine in scalar.text.split(separator: "\n", omittingEmptySubsequences: false) {
        if indent == nil {
          while fileLine - 1 < fileLines.count, fileLines[fileLine - 1].allSatisfy({ $0 == " " || $0 == "\r" }) { fileLine += 1 }
          indent = fileLine - 1 < fileLines.count ? fileLines[fileLine - 1].prefix { $0 == " " }.count : 0
        }
        out.append(Line(offset: offset, location: SourceLocation(file: loc.file, line: fileLine, column: (indent ?? 0) + 1)))
        offset += textLine.unicodeScalars.count + 1
        fileLine += 1
      }
      lines = out.isEmpty ? [Line(offset: 0, location: loc)] : out
    }
  }

  init(location: SourceLocation) {
    lines = [Line(offset: 0, location: location)]
  }

  func location(ofOffset offset: Int) -> SourceLocation {
    var line = lines[0]
    for l in lines where l.offset <= offset { line = l }
    var loc = line.location
    loc.column += offset - line.offset
    return loc
  }
}

/// The text of one expression in a rule file (a `check`, a `when`, or the
/// inside of a `{{…}}` template part) and where it is.
public struct ExprSource: Sendable, Hashable {
  public var text: String
  var positions: ScalarPositions
  /// Offset of `text` inside its scalar (non-zero for template parts).
  var baseOffset: Int

  init(text: String, positions: ScalarPositions, baseOffset: Int = 0) {
    self.text = text
    self.positions = positions
    self.baseOffset = baseOffset
  }

  /// An expression typed on the command line or built in code.
  public init(text: String, location: SourceLocation) {
    self.init(text: text, positions: ScalarPositions(location: location))
  }

  /// The file location of a 0-based offset (Unicode scalars) into `text`.
  public func location(ofOffset offset: Int) -> SourceLocation {
    positions.location(ofOffset: baseOffset + offset)
  }

  public var location: SourceLocation { location(ofOffset: 0) }
}

/// A message with `{{expression}}` parts, in one language.
public struct Template: Sendable, Hashable {
  public enum Part: Sendable, Hashable {
    case text(String)
    case expr(ExprSource)
  }
  public var parts: [Part]

  /// Splits `{{…}}` parts; an unclosed `{{` is reported as a diagnostic.
  static func parse(_ text: String, positions: ScalarPositions, reader: inout NodeReader) -> Template {
    var parts: [Part] = []
    let scalars = Array(text.unicodeScalars)
    var i = 0
    var literal = String.UnicodeScalarView()
    while i < scalars.count {
      if scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" {
        var j = i + 2
        while j + 1 < scalars.count, !(scalars[j] == "}" && scalars[j + 1] == "}") { j += 1 }
        guard j + 1 < scalars.count else {
          reader.report(Diagnostic(
            code: "rules.bad-template", location: positions.location(ofOffset: i),
            message: .init(zh: "提示信息中的“{{”没有对应的“}}”", en: "'{{' in the message has no matching '}}'")))
          literal.append(contentsOf: scalars[i...])
          break
        }
        if !literal.isEmpty { parts.append(.text(String(literal))); literal = .init() }
        let inner = String(String.UnicodeScalarView(scalars[(i + 2)..<j]))
        parts.append(.expr(ExprSource(text: inner, positions: positions, baseOffset: i + 2)))
        i = j + 2
      } else {
        literal.append(scalars[i])
        i += 1
      }
    }
    if !literal.isEmpty { parts.append(.text(String(literal))) }
    return Template(parts: parts)
  }

  public var expressions: [ExprSource] {
    parts.compactMap { if case .expr(let e) = $0 { e } else { nil } }
  }
}

/// A template in Chinese and English (either may be absent).
public struct LocalizedTemplate: Sendable, Hashable {
  public var zh: Template?
  public var en: Template?

  public func template(in language: Language) -> Template? {
    switch language {
    case .zh: zh ?? en
    case .en: en ?? zh
    }
  }

  public var all: [Template] { [zh, en].compactMap { $0 } }
}
