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
///
/// No table of lines is kept (a file of line breaks would make it eight
/// times the file's size): a `Cursor` walks forward from the previous
/// position instead, and libyaml's events arrive in file order, so finding
/// the bytes of every mark costs one pass over the file in total.
struct SourceText {
  /// A byte offset and the mark it corresponds to.
  struct Cursor {
    var offset = 0
    var mark = Mark(line: 0, column: 0)
  }

  /// Where JSON preprocessing made a line shorter than in the file: marks on
  /// that line at or after `column` lie `total` columns further right in the file.
  struct ColumnShift {
    var column: Int
    var total: Int
  }

  let file: String
  private(set) var bytes: [UInt8]
  /// 1-based number, in the file, of the first line of `bytes` (JSON Lines parse one line at a time).
  let firstLine: Int
  /// The mark just past the last character, where errors about the end of the file belong.
  let end: Mark
  /// Column corrections per 0-based line, in increasing column order; see `ColumnShift`.
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
    self.end = try Self.validate(bytes, file: file, firstLine: firstLine)
  }

  /// The one place where libyaml's 0-based marks become 1-based file positions.
  /// libyaml puts the end of a file without a final line break on a line of
  /// its own; such a mark becomes the end of the last line.
  func location(_ mark: Mark) -> SourceLocation {
    let mark = min(mark, end)
    var column = mark.column
    if !shifts.isEmpty, let line = shifts[mark.line] {
      // Binary search for the last shift at or before the mark (one minified JSON line may hold many).
      var low = 0
      var high = line.count
      while low < high {
        let mid = (low + high) / 2
        if line[mid].column <= mark.column { low = mid + 1 } else { high = mid }
      }
      if low > 0 { column += line[low - 1].total }
    }
    return SourceLocation(file: file, line: firstLine + mark.line, column: column + 1)
  }

  /// The mark of a byte offset (libyaml's reader errors give offsets only).
  func mark(atByte offset: Int) -> Mark {
    var cursor = Cursor()
    while cursor.offset < min(offset, bytes.count) { step(&cursor) }
    return cursor.mark
  }

  /// The byte offset of a mark, moving `cursor` there: forward from where it
  /// is, or from the start for a mark before it. A column past the end of
  /// its line gives the offset of the line break.
  func offset(of target: Mark, cursor: inout Cursor) -> Int {
    if target < cursor.mark { cursor = Cursor() }
    while cursor.mark < target, cursor.offset < bytes.count {
      if cursor.mark.line == target.line, Self.breakLength(bytes, at: cursor.offset) > 0 { break }
      step(&cursor)
    }
    return cursor.offset
  }

  /// The character at a mark, if there is one (to word error messages).
  func scalar(at mark: Mark) -> Unicode.Scalar? {
    var cursor = Cursor()
    let i = offset(of: mark, cursor: &cursor)
    guard i < bytes.count else { return nil }
    var iterator = bytes[i..<min(bytes.count, i + 4)].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
    return nil
  }

  /// Where a node's content starts, skipping its anchor (`&a`), tag (`!!str`),
  /// spaces, comments and line breaks from `start`, never past `end` (an empty
  /// node's content is where its properties end). Also returns where the tag is.
  func contentStart(from start: Mark, notAfter end: Mark, cursor: inout Cursor) -> (tag: Mark?, content: Mark) {
    _ = offset(of: start, cursor: &cursor)
    guard cursor.mark == start else { return (nil, start) }
    var c = cursor
    var tag: Mark?
    var afterSpace = true
    while c.offset < bytes.count, c.mark < end {
      let byte = bytes[c.offset]
      if Self.breakLength(bytes, at: c.offset) > 0 || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
        step(&c)
        afterSpace = true
      } else if afterSpace, byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
        if byte == UInt8(ascii: "!"), tag == nil { tag = c.mark }
        let verbatim = byte == UInt8(ascii: "!") && c.offset + 1 < bytes.count && bytes[c.offset + 1] == UInt8(ascii: "<")
        step(&c)
        while c.offset < bytes.count, !endsProperty(at: c.offset, verbatim: verbatim) { step(&c) }
        if verbatim, c.offset < bytes.count, bytes[c.offset] == UInt8(ascii: ">") { step(&c) }
        afterSpace = false
      } else if afterSpace, byte == UInt8(ascii: "#") {
        while c.offset < bytes.count, Self.breakLength(bytes, at: c.offset) == 0 { step(&c) }
      } else {
        return (tag, c.mark)
      }
    }
    return (tag, min(c.mark, end))
  }

  /// Where the text of a literal block scalar (`|`) starts: the line after the
  /// indicator, at the indentation of the first non-empty line. nil with an
  /// explicit indentation indicator (`|2`) or when no content line follows.
  func literalTextStart(indicator: Mark, cursor: inout Cursor) -> Mark? {
    _ = offset(of: indicator, cursor: &cursor)
    guard cursor.mark == indicator else { return nil }
    var c = cursor
    // The header: `|`, chomping and indentation indicators, a comment.
    var inComment = false
    while c.offset < bytes.count, Self.breakLength(bytes, at: c.offset) == 0 {
      let byte = bytes[c.offset]
      if byte == UInt8(ascii: "#") { inComment = true }
      if !inComment, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte) { return nil }
      step(&c)
    }
    // Leading empty lines belong to the text; the first non-empty line sets the indentation.
    while c.offset < bytes.count {
      step(&c)  // the line break
      var indent = 0
      while c.offset < bytes.count, bytes[c.offset] == UInt8(ascii: " ") {
        step(&c)
        indent += 1
      }
      guard c.offset < bytes.count else { return nil }
      if Self.breakLength(bytes, at: c.offset) == 0 {
        // libyaml indents block scalar content by at least one space.
        return indent > 0 ? Mark(line: indicator.line + 1, column: indent) : nil
      }
    }
    return nil
  }

  /// Records that from `column` on, marks on `line` lie `delta` more columns further right in the file.
  mutating func addShift(line: Int, column: Int, delta: Int) {
    let total = (shifts[line]?.last?.total ?? 0) + delta
    shifts[line, default: []].append(ColumnShift(column: column, total: total))
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

  /// Byte length of the line break at `i` as libyaml counts breaks (CRLF is
  /// one), 0 when there is none.
  static func breakLength(_ b: [UInt8], at i: Int) -> Int {
    switch b[i] {
    case 0x0A: 1
    case 0x0D: i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
    case 0xC2: i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
    case 0xE2: i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
    default: 0
    }
  }

  /// Moves past one character or one line break.
  func step(_ cursor: inout Cursor) {
    let length = Self.breakLength(bytes, at: cursor.offset)
    if length > 0 {
      cursor.offset += length
      cursor.mark = Mark(line: cursor.mark.line + 1, column: 0)
    } else {
      cursor.offset += Self.scalarLength(bytes[cursor.offset])
      cursor.mark.column += 1
    }
  }
}

private extension SourceText {
  func endsProperty(at i: Int, verbatim: Bool) -> Bool {
    if Self.breakLength(bytes, at: i) > 0 { return true }
    return switch bytes[i] {
    case UInt8(ascii: " "), UInt8(ascii: "\t"): true
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
  /// Returns the mark after the last character.
  static func validate(_ b: [UInt8], file: String, firstLine: Int) throws(Diagnostic) -> Mark {
    var line = 0
    var column = 0
    var i = 0
    let n = b.count
    func here() -> SourceLocation { SourceLocation(file: file, line: firstLine + line, column: column + 1) }
    func newLine() {
      line += 1
      column = 0
    }
    while i < n {
      let c = b[i]
      if c < 0x80 {
        switch c {
        case 0x0A:
          i += 1
          newLine()
        case 0x0D:
          i += i + 1 < n && b[i + 1] == 0x0A ? 2 : 1
          newLine()
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
        newLine()
      case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
        i += length
        column += 1
      default:
        throw .controlCharacter(value, at: here())
      }
    }
    return Mark(line: line, column: column)
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
