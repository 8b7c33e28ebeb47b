/// Splits an expression into tokens (cel-spec "lexis"): numbers, strings with
/// every CEL escape, raw and triple-quoted strings, identifiers, operators
/// and `//` comments. Offsets count Unicode scalars.
///
/// Tokens are produced on demand, so that a parse error early in a huge
/// input (100,000 opening parentheses) is found without reading the rest.
/// The lexer sees at most `maxLength + 1` scalars of the source; reaching
/// past `maxLength` is `expr.too-long`.
struct Lexer {
  private let s: [Unicode.Scalar]
  private let limits: ExprLimits
  private let totalLength: Int
  private var i = 0

  /// `scalars` is the start of the source (at most `maxLength + 1`
  /// scalars); `totalLength` the length of the whole source.
  init(_ scalars: [Unicode.Scalar], totalLength: Int, limits: ExprLimits) {
    self.s = scalars
    self.totalLength = totalLength
    self.limits = limits
  }

  private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

  /// The next token; `.eof` at the end.
  mutating func next() throws(ExprError) -> Token {
    let truncated = totalLength > limits.maxLength
    do throws(ExprError) {
      let t = try scan()
      if truncated && (i > limits.maxLength || t.kind == .eof) { throw tooLong() }
      return t
    } catch {
      throw truncated && i >= limits.maxLength ? tooLong() : error
    }
  }

  private func tooLong() -> ExprError {
    Fault.tooLong(totalLength, limit: limits.maxLength).at(limits.maxLength, 0)
  }

  private mutating func scan() throws(ExprError) -> Token {
    skipSpaceAndComments()
    let start = i
    guard let c = peek() else { return Token(kind: .eof, offset: i, length: 0) }
    func tok(_ k: Token.Kind, _ n: Int) -> Token {
      i += n
      return Token(kind: k, offset: start, length: n)
    }
    switch c {
    case "(": return tok(.lParen, 1)
    case ")": return tok(.rParen, 1)
    case "[": return tok(.lBracket, 1)
    case "]": return tok(.rBracket, 1)
    case "{": return tok(.lBrace, 1)
    case "}": return tok(.rBrace, 1)
    case ",": return tok(.comma, 1)
    case ":": return tok(.colon, 1)
    case "?": return tok(.question, 1)
    case "+": return tok(.plus, 1)
    case "-": return tok(.minus, 1)
    case "*": return tok(.star, 1)
    case "/": return tok(.slash, 1)
    case "%": return tok(.percent, 1)
    case "!": return peek(1) == "=" ? tok(.ne, 2) : tok(.bang, 1)
    case "<": return peek(1) == "=" ? tok(.le, 2) : tok(.lt, 1)
    case ">": return peek(1) == "=" ? tok(.ge, 2) : tok(.gt, 1)
    case "=" where peek(1) == "=": return tok(.eq, 2)
    case "&" where peek(1) == "&": return tok(.and, 2)
    case "|" where peek(1) == "|": return tok(.or, 2)
    case ".":
      if let d = peek(1), isDigit(d) { return try number() }
      return tok(.dot, 1)
    case "\"", "'":
      return try string(start: start, raw: false)
    default:
      if isDigit(c) { return try number() }
      if isIdentStart(c) { return try identOrPrefixedString() }
      throw Fault.unexpectedCharacter(c).at(start, 1)
    }
  }

  private mutating func skipSpaceAndComments() {
    while let c = peek() {
      if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
        i += 1
      } else if c == "/", peek(1) == "/" {
        while let d = peek(), d != "\n" { i += 1 }
      } else {
        return
      }
    }
  }

  // MARK: Identifiers

  private mutating func identOrPrefixedString() throws(ExprError) -> Token {
    let start = i
    // String prefixes: r, R (raw); b, B (bytes), optionally followed by r/R.
    if let c = peek(), let q = peek(1) {
      if (c == "r" || c == "R"), q == "\"" || q == "'" {
        i += 1
        return try string(start: start, raw: true)
      }
      if c == "b" || c == "B" {
        let raw = q == "r" || q == "R"
        if let q2 = raw ? peek(2) : q, q2 == "\"" || q2 == "'" {
          i += raw ? 2 : 1
          _ = try string(start: start, raw: raw)
          throw Fault.bytesUnsupported.at(start, i - start)
        }
      }
    }
    while let c = peek(), isIdentStart(c) || isDigit(c) { i += 1 }
    let name = String(String.UnicodeScalarView(s[start..<i]))
    let kind: Token.Kind =
      switch name {
      case "true": .true
      case "false": .false
      case "null": .null
      case "in": .in
      default: .ident(name)
      }
    return Token(kind: kind, offset: start, length: i - start)
  }

  // MARK: Numbers

  private mutating func number() throws(ExprError) -> Token {
    let start = i
    func text() -> String { String(String.UnicodeScalarView(s[start..<i])) }
    // Hexadecimal: 0x…, optionally u.
    if peek() == "0", peek(1) == "x" || peek(1) == "X", let h = peek(2), hexValue(h) != nil {
      i += 2
      var v: UInt64 = 0
      var overflow = false
      while let h = peek(), let d = hexValue(h) {
        let (m, o1) = v.multipliedReportingOverflow(by: 16)
        let (a, o2) = m.addingReportingOverflow(UInt64(d))
        overflow = overflow || o1 || o2
        v = a
        i += 1
      }
      if let c = peek(), c == "u" || c == "U" {
        i += 1
        if overflow { throw Fault.numberOutOfRange(text()).at(start, i - start) }
        return try finishNumber(.uint(v), start)
      }
      if overflow { throw Fault.numberOutOfRange(text()).at(start, i - start) }
      return try finishNumber(.int(v), start)
    }
    var isDouble = false
    while let c = peek(), isDigit(c) { i += 1 }
    if peek() == ".", let d = peek(1), isDigit(d) {
      isDouble = true
      i += 1
      while let c = peek(), isDigit(c) { i += 1 }
    }
    if let e = peek(), e == "e" || e == "E" {
      var k = 1
      if let sign = peek(1), sign == "+" || sign == "-" { k = 2 }
      if let d = peek(k), isDigit(d) {
        isDouble = true
        i += k
        while let c = peek(), isDigit(c) { i += 1 }
      }
    }
    let digits = text()
    if isDouble {
      guard let v = Double(digits) else { throw Fault.badNumber(digits).at(start, i - start) }
      guard v.isFinite else { throw Fault.numberOutOfRange(digits).at(start, i - start) }
      if let c = peek(), c == "u" || c == "U" {
        i += 1
        throw Fault.badNumber(text()).at(start, i - start)
      }
      return try finishNumber(.double(v), start)
    }
    guard let v = UInt64(digits) else { throw Fault.numberOutOfRange(digits).at(start, i - start) }
    if let c = peek(), c == "u" || c == "U" {
      i += 1
      return try finishNumber(.uint(v), start)
    }
    return try finishNumber(.int(v), start)
  }

  /// A number glued to letters (`12abc`) is one bad token, not two.
  private mutating func finishNumber(_ kind: Token.Kind, _ start: Int) throws(ExprError) -> Token {
    if let c = peek(), isIdentStart(c) || isDigit(c) {
      while let c = peek(), isIdentStart(c) || isDigit(c) { i += 1 }
      throw Fault.badNumber(String(String.UnicodeScalarView(s[start..<i]))).at(start, i - start)
    }
    return Token(kind: kind, offset: start, length: i - start)
  }

  // MARK: Strings

  /// `i` is at the opening quote; `start` is where the token began (prefix included).
  private mutating func string(start: Int, raw: Bool) throws(ExprError) -> Token {
    guard let q = peek() else { throw Fault.unterminatedString.at(start, i - start) }
    let triple = peek(1) == q && peek(2) == q
    i += triple ? 3 : 1
    var out = String.UnicodeScalarView()
    while true {
      guard let c = peek() else { throw Fault.unterminatedString.at(start, i - start) }
      if c == q {
        if !triple {
          i += 1
          break
        }
        if peek(1) == q, peek(2) == q {
          i += 3
          break
        }
      }
      if !triple, c == "\n" || c == "\r" { throw Fault.lineBreakInString.at(i, 1) }
      if c == "\\", !raw {
        out.append(try escape())
        continue
      }
      out.append(c)
      i += 1
    }
    return Token(kind: .string(String(out)), offset: start, length: i - start)
  }

  /// `i` is at the backslash.
  private mutating func escape() throws(ExprError) -> Unicode.Scalar {
    let start = i
    i += 1
    guard let c = peek() else { throw Fault.unterminatedString.at(start, 1) }
    i += 1
    func bad() -> ExprError {
      Fault.badEscape(String(String.UnicodeScalarView(s[start..<min(i, s.count)]))).at(start, i - start)
    }
    func hex(_ n: Int) throws(ExprError) -> UInt32 {
      var v: UInt32 = 0
      for _ in 0..<n {
        guard let h = peek(), let d = hexValue(h) else { throw bad() }
        v = v * 16 + UInt32(d)
        i += 1
      }
      return v
    }
    func scalar(_ v: UInt32) throws(ExprError) -> Unicode.Scalar {
      guard let u = Unicode.Scalar(v) else { throw Fault.badCodePoint.at(start, i - start) }
      return u
    }
    switch c {
    case "a": return "\u{07}"
    case "b": return "\u{08}"
    case "f": return "\u{0C}"
    case "n": return "\n"
    case "r": return "\r"
    case "t": return "\t"
    case "v": return "\u{0B}"
    case "\\", "?", "\"", "'", "`": return c
    case "x", "X": return try scalar(hex(2))
    case "u": return try scalar(hex(4))
    case "U": return try scalar(hex(8))
    case "0"..."3":
      var v = c.value - 48
      for _ in 0..<2 {
        guard let o = peek(), ("0"..."7").contains(o) else { throw bad() }
        v = v * 8 + (o.value - 48)
        i += 1
      }
      return try scalar(v)
    default:
      throw bad()
    }
  }
}

private func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

private func isIdentStart(_ c: Unicode.Scalar) -> Bool {
  ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
}

private func hexValue(_ c: Unicode.Scalar) -> Int? {
  switch c {
  case "0"..."9": Int(c.value - 48)
  case "a"..."f": Int(c.value - 87)
  case "A"..."F": Int(c.value - 55)
  default: nil
  }
}
