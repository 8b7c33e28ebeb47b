import DudaoDiagnostics

/// A position as libyaml reports it: 0-based line and column (in Unicode
/// scalars) within the bytes handed to libyaml.
struct Mark: Hashable, Comparable {
  var line: Int
  var column: Int

  static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// The bytes handed to libyaml, and the way back from libyaml's marks to
/// positions in the file the user edits.
///
/// The bytes are valid UTF-8 without a byte-order mark and without the
/// control characters libyaml rejects (checked here, so that every such
/// problem gets a line and column). Lines end where libyaml ends them: LF,
/// CRLF, CR, NEL, U+2028 and U+2029.
struct SourceText {
  /// Where JSON preprocessing made a line shorter than in the file: marks on
  /// that line at or after `column` lie `delta` columns further right in the file.
  struct ColumnShift {
    var column: Int
    var delta: Int
  }

  let file: String
  private(set) var bytes: [UInt8]
  /// Byte offset at which each line of `bytes` starts.
  let lineStarts: [Int]
  /// 1-based number, in the file, of the first line of `bytes` (JSON Lines parse one line at a time).
  let firstLine: Int
  /// Column corrections per 0-based line; see `ColumnShift`.
  private(set) var shifts: [Int: [ColumnShift]] = [:]

  /// Checks the encoding of `bytes` (a UTF-8 BOM is dropped; a UTF-16 or
  /// UTF-32 BOM, a malformed sequence or a control character is an error).
  init(validating raw: [UInt8], file: String, firstLine: Int = 1) throws(Diagnostic) {
    let start = SourceLocation(file: file, line: firstLine, column: 1)
    if let name = Self.foreignEncoding(raw) { throw .unsupportedEncoding(name, at: start) }
    var bytes = raw
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    self.file = file
    self.firstLine = firstLine
    self.bytes = bytes
    self.lineStarts = try Self.validate(bytes, file: file, firstLine: firstLine)
  }

  /// The one place where libyaml's 0-based marks become 1-based file positions.
  func location(_ mark: Mark) -> SourceLocation {
    var column = mark.column
    for shift in shifts[mark.line] ?? [] where shift.column <= mark.column { column += shift.delta }
    return SourceLocation(file: file, line: firstLine + mark.line, column: column + 1)
  }

  /// The mark of a byte offset (libyaml's reader errors give offsets only).
  func mark(atByte offset: Int) -> Mark {
    let target = min(max(0, offset), bytes.count)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= target { low = mid } else { high = mid - 1 }
    }
    var column = 0
    var i = lineStarts[low]
    while i < target {
      i += Self.scalarLength(bytes[i])
      column += 1
    }
    return Mark(line: low, column: column)
  }

  /// The character at a mark, if there is one (to word error messages).
  func scalar(at mark: Mark) -> Unicode.Scalar? {
    guard let i = offset(of: mark), i < bytes.count else { return nil }
    var iterator = bytes[i..<min(bytes.count, i + 4)].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
    return nil
  }

  /// Where a node's content starts, skipping its anchor (`&a`), tag (`!!str`),
  /// spaces, comments and line breaks from `start`, never past `end` (an empty
  /// node's content is where its properties end). Also returns where the tag is.
  func contentStart(from start: Mark, notAfter end: Mark) -> (tag: Mark?, content: Mark) {
    guard var i = offset(of: start) else { return (nil, start) }
    var mark = start
    var tag: Mark?
    var afterSpace = true
    func step() {
      i += Self.scalarLength(bytes[i])
      mark.column += 1
    }
    while i < bytes.count, mark < end {
      switch bytes[i] {
      case UInt8(ascii: "&") where afterSpace, UInt8(ascii: "!") where afterSpace:
        if bytes[i] == UInt8(ascii: "!"), tag == nil { tag = mark }
        let verbatim = bytes[i] == UInt8(ascii: "!") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "<")
        step()
        while i < bytes.count, !Self.endsProperty(bytes[i], verbatim: verbatim) { step() }
        if verbatim, i < bytes.count, bytes[i] == UInt8(ascii: ">") { step() }
        afterSpace = false
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        step()
        afterSpace = true
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        i += bytes[i] == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") ? 2 : 1
        mark = Mark(line: mark.line + 1, column: 0)
        afterSpace = true
      case UInt8(ascii: "#") where afterSpace:
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") { step() }
      default:
        return (tag, mark)
      }
    }
    return (tag, min(mark, end))
  }

  /// Where the text of a literal block scalar (`|`) starts: the line after the
  /// indicator, at the indentation of the first non-empty line. nil with an
  /// explicit indentation indicator (`|2`) or when no content line follows.
  func literalTextStart(indicator: Mark) -> Mark? {
    guard var i = offset(of: indicator) else { return nil }
    var line = indicator.line
    // The header: `|`, chomping and indentation indicators, a comment.
    while i < bytes.count, bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") {
      if bytes[i] == UInt8(ascii: "#") { break }
      if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[i]) { return nil }
      i += 1
    }
    while line + 1 < lineStarts.count {
      line += 1
      var j = lineStarts[line]
      var indent = 0
      while j < bytes.count, bytes[j] == UInt8(ascii: " ") {
        j += 1
        indent += 1
      }
      if j < bytes.count, bytes[j] != UInt8(ascii: "\n"), bytes[j] != UInt8(ascii: "\r") {
        // libyaml indents block scalar content by at least one space.
        return indent > 0 ? Mark(line: indicator.line + 1, column: indent) : nil
      }
    }
    return nil
  }

  /// Records that from `column` on, marks on `line` lie `delta` columns further right in the file.
  mutating func addShift(line: Int, column: Int, delta: Int) {
    shifts[line, default: []].append(ColumnShift(column: column, delta: delta))
  }

  /// Replaces the bytes libyaml will see (JSON preprocessing) with ones of the same line structure.
  mutating func replaceBytes(_ new: [UInt8]) { bytes = new }
}

extension SourceText {
  /// Byte length of the UTF-8 sequence starting with `lead` (input already validated).
  static func scalarLength(_ lead: UInt8) -> Int {
    switch lead {
    case ..<0x80: 1
    case ..<0xE0: 2
    case ..<0xF0: 3
    default: 4
    }
  }

  /// The byte offset of a mark, nil past the end.
  func offset(of mark: Mark) -> Int? {
    guard mark.line >= 0, mark.line < lineStarts.count else { return nil }
    var i = lineStarts[mark.line]
    var column = 0
    while column < mark.column, i < bytes.count {
      i += Self.scalarLength(bytes[i])
      column += 1
    }
    return i
  }
}

private extension SourceText {
  static func endsProperty(_ byte: UInt8, verbatim: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
    case UInt8(ascii: ">"): verbatim
    case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): !verbatim
    default: false
    }
  }

  /// The name of a UTF-16 or UTF-32 encoding announced by a byte-order mark.
  static func foreignEncoding(_ b: [UInt8]) -> String? {
    if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32" }
    if b.starts(with: [0xFE, 0xFF]) || b.starts(with: [0xFF, 0xFE]) { return "UTF-16" }
    return nil
  }

  /// Validates UTF-8 and the characters libyaml accepts (YAML 1.1 printable
  /// set), returning where each line starts. libyaml would report these
  /// problems by byte offset only, or not at all; here they get a position.
  static func validate(_ b: [UInt8], file: String, firstLine: Int) throws(Diagnostic) -> [Int] {
    var starts = [0]
    var line = 0
    var column = 0
    var i = 0
    let n = b.count
    func here() -> SourceLocation { SourceLocation(file: file, line: firstLine + line, column: column + 1) }
    func newLine(at offset: Int) {
      starts.append(offset)
      line += 1
      column = 0
    }
    while i < n {
      let c = b[i]
      if c < 0x80 {
        switch c {
        case 0x0A:
          i += 1
          newLine(at: i)
        case 0x0D:
          i += i + 1 < n && b[i + 1] == 0x0A ? 2 : 1
          newLine(at: i)
        case 0x09, 0x20...0x7E:
          i += 1
          column += 1
        default:
          throw .controlCharacter(UInt32(c), at: here())
        }
        continue
      }
      guard let (value, length) = decode(b, at: i) else { throw .invalidUTF8(byte: c, at: here()) }
      switch value {
      case 0x85, 0x2028, 0x2029:
        i += length
        newLine(at: i)
      case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
        i += length
        column += 1
      default:
        throw .controlCharacter(value, at: here())
      }
    }
    return starts
  }

  /// Decodes one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
  static func decode(_ b: [UInt8], at i: Int) -> (UInt32, Int)? {
    let lead = b[i]
    let length: Int
    var second: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; second = 0xA0...0xBF
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; second = 0x80...0x9F
    case 0xF0: length = 4; second = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; second = 0x80...0x8F
    default: return nil
    }
    guard i + length <= b.count, second.contains(b[i + 1]) else { return nil }
    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    for k in 1..<length {
      let byte = b[i + k]
      guard byte & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return (value, length)
  }
}
