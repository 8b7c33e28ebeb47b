/// Checks a pattern against RE2's syntax (what cel-spec `matches` uses) and
/// rewrites it into an equivalent ICU pattern for NSRegularExpression.
///
/// Rejected with a clear error: what RE2 lacks (backreferences `\1`,
/// lookaround `(?=`, `(?!`, `(?<=`, `(?<!`, atomic groups `(?>`, possessive
/// repetitions `a*+`, `\Z`, `\G`, `\K`, `\R`, `\X`, comments `(?#`, …) and the
/// RE2 flag `U`, which ICU lacks. Rewritten so that ICU behaves like RE2:
/// `\d \s \w` and POSIX classes are ASCII-only (ICU's `\d` matches `１`),
/// `$` without `(?m)` is end of text (`\z`), `.` excludes only `\n`,
/// `{` that starts no repetition is a literal, `[` and `&` inside a class are
/// literals. Known remaining difference: `\b` uses ICU's Unicode word
/// characters.
struct RE2Translator {
  private let p: [Unicode.Scalar]
  private var i = 0
  private var out = ""
  /// Flags of the enclosing groups; the last is the current one.
  private var flags: [Flags] = [Flags()]
  private var previous = Previous.nothing

  private struct Flags {
    var multiline = false
    var dotAll = false
  }

  /// What came just before: repetition needs an operand, and cannot repeat.
  private enum Previous { case nothing, atom, repetition }

  static func translate(_ pattern: String) throws(Fault) -> String {
    var t = RE2Translator(p: Array(pattern.unicodeScalars))
    return try t.run()
  }

  private init(p: [Unicode.Scalar]) { self.p = p }

  private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < p.count ? p[i + k] : nil }

  private func fail(_ en: String, _ zh: String) -> Fault { .regex(en, zh: zh) }

  private mutating func run() throws(Fault) -> String {
    while let c = peek() {
      i += 1
      switch c {
      case "\\":
        try escape()
        previous = .atom
      case "[":
        try characterClass()
        previous = .atom
      case "(":
        try groupStart()
        previous = .nothing
      case ")":
        guard flags.count > 1 else { throw fail("unexpected )", "多余的“)”") }
        flags.removeLast()
        out += ")"
        previous = .atom
      case "|":
        out += "|"
        previous = .nothing
      case "*", "+", "?":
        try repetition(String(c))
      case "{":
        if let r = try countedRepetition() {
          try repetition(r)
        } else {
          out += "\\{"
          previous = .atom
        }
      case "}":
        out += "\\}"
        previous = .atom
      case "$":
        out += flags[flags.count - 1].multiline ? "$" : "\\z"
        previous = .atom
      case "^":
        out += "^"
        previous = .atom
      case ".":
        out += flags[flags.count - 1].dotAll ? "(?s:.)" : "[^\\n]"
        previous = .atom
      default:
        out += Self.literal(c)
        previous = .atom
      }
    }
    guard flags.count == 1 else { throw fail("missing )", "缺少“)”") }
    return out
  }

  private mutating func repetition(_ op: String) throws(Fault) {
    switch previous {
    case .nothing: throw fail("missing argument to repetition operator \(op)", "重复运算符“\(op)”前缺少内容")
    case .repetition:
      throw fail("nested or possessive repetition \(op) is not supported", "不支持嵌套或占有式重复“\(op)”")
    case .atom: break
    }
    out += op
    if peek() == "?" {
      i += 1
      out += "?"
    }
    previous = .repetition
  }

  /// `{n}`, `{n,}`, `{n,m}` after the `{`; nil (nothing consumed) if the
  /// brace starts no repetition, as RE2 then reads it literally. RE2 caps
  /// counts at 1000.
  private mutating func countedRepetition() throws(Fault) -> String? {
    var j = i
    func number() -> Int? {
      var v = 0
      var any = false
      while j < p.count, ("0"..."9").contains(p[j]) {
        v = min(v * 10 + Int(p[j].value - 48), 100_000)
        any = true
        j += 1
      }
      return any ? v : nil
    }
    guard let lo = number() else { return nil }
    var hi: Int? = lo
    if j < p.count, p[j] == "," {
      j += 1
      hi = number()
    }
    guard j < p.count, p[j] == "}" else { return nil }
    guard lo <= 1000, (hi ?? lo) <= 1000, lo <= (hi ?? lo) else {
      let text = String(String.UnicodeScalarView(p[i..<j]))
      throw fail("bad repetition count {\(text)} (at most 1000)", "重复次数 {\(text)} 无效（上限 1000）")
    }
    j += 1
    i = j
    let text = "{\(lo)" + (hi == lo ? "" : "," + (hi.map(String.init) ?? "")) + "}"
    return text
  }

  private mutating func groupStart() throws(Fault) {
    let current = flags[flags.count - 1]
    guard peek() == "?" else {
      flags.append(current)
      out += "("
      return
    }
    i += 1
    let unsupported = fail("lookaround, atomic groups and comments are not supported", "不支持环视、原子组和注释")
    switch peek() {
    case "=", "!", ">", "#", "|", "'": throw unsupported
    case ":":
      i += 1
      flags.append(current)
      out += "(?:"
      return
    case "P", "<":
      if peek() == "P" {
        i += 1
        guard peek() == "<" else { throw fail("backreferences are not supported", "不支持反向引用") }
      }
      i += 1
      if peek() == "=" || peek() == "!" { throw unsupported }
      var name = ""
      while let c = peek(), c != ">" {
        guard ("0"..."9").contains(c) || ("A"..."Z").contains(c) || ("a"..."z").contains(c) || c == "_"
        else { throw fail("invalid group name", "无效的分组名") }
        name.unicodeScalars.append(c)
        i += 1
      }
      guard peek() == ">", !name.isEmpty, !("0"..."9").contains(name.unicodeScalars.first ?? "0") else {
        throw fail("invalid group name", "无效的分组名")
      }
      i += 1
      flags.append(current)
      out += "(?<\(name)>"
      return
    default:
      break
    }
    // Flags: (?imsU-ims) or (?flags:re)
    var updated = current
    var text = ""
    var negate = false
    while let c = peek(), c != ")", c != ":" {
      switch c {
      case "i": break
      case "m": updated.multiline = !negate
      case "s": updated.dotAll = !negate
      case "-":
        guard !negate else { throw fail("invalid flags", "无效的标志") }
        negate = true
      case "U": throw fail("the flag U is not supported", "不支持标志 U")
      default: throw fail("invalid flag \(c)", "无效的标志 \(c)")
      }
      text.unicodeScalars.append(c)
      i += 1
    }
    guard let end = peek(), !text.isEmpty, text.last != "-" else { throw fail("invalid group", "无效的分组") }
    i += 1
    if end == ")" {
      flags[flags.count - 1] = updated
      out += "(?\(text))"
    } else {
      flags.append(updated)
      out += "(?\(text):"
    }
  }

  // MARK: Escapes

  /// An escape outside a class; `i` is just past the backslash.
  private mutating func escape() throws(Fault) {
    guard let c = peek() else { throw fail("trailing backslash", "末尾多了反斜杠") }
    i += 1
    switch c {
    case "d": out += "[0-9]"
    case "D": out += "[^0-9]"
    case "s": out += "[\\t\\n\\f\\r ]"
    case "S": out += "[^\\t\\n\\f\\r ]"
    case "w": out += "[0-9A-Za-z_]"
    case "W": out += "[^0-9A-Za-z_]"
    case "b", "B", "A", "z": out += "\\" + String(c)
    case "p", "P": out += try unicodeClass(c)
    case "Q":
      while let q = peek() {
        if q == "\\", peek(1) == "E" {
          i += 2
          return
        }
        out += Self.literal(q)
        i += 1
      }
    default:
      guard let v = try characterEscape(c) else {
        throw fail("unsupported escape \\\(c)", "不支持的转义“\\\(c)”")
      }
      out += Self.literal(v)
    }
  }

  /// A single-character escape (shared with classes); nil if `c` does not start one.
  private mutating func characterEscape(_ c: Unicode.Scalar) throws(Fault) -> Unicode.Scalar? {
    switch c {
    case "a": return "\u{07}"
    case "f": return "\u{0C}"
    case "t": return "\t"
    case "n": return "\n"
    case "r": return "\r"
    case "v": return "\u{0B}"
    case "0"..."7":
      // RE2: \0 and \1-\7 followed by an octal digit are octal; a lone \1-\9 is a backreference.
      if c != "0", !(peek().map { ("0"..."7").contains($0) } ?? false) {
        throw fail("backreferences are not supported", "不支持反向引用")
      }
      var v = c.value - 48
      var n = 1
      while n < 3, let d = peek(), ("0"..."7").contains(d) {
        v = v * 8 + d.value - 48
        i += 1
        n += 1
      }
      return Unicode.Scalar(v)
    case "8", "9": throw fail("backreferences are not supported", "不支持反向引用")
    case "x":
      var v: UInt32 = 0
      if peek() == "{" {
        i += 1
        var digits = 0
        while let h = peek(), h != "}" {
          guard let d = hexDigit(h), digits < 8 else {
            throw fail("invalid \\x escape", "无效的 \\x 转义")
          }
          v = v * 16 + d
          digits += 1
          i += 1
        }
        guard peek() == "}", digits > 0 else { throw fail("invalid \\x escape", "无效的 \\x 转义") }
        i += 1
      } else {
        for _ in 0..<2 {
          guard let h = peek(), let d = hexDigit(h) else { throw fail("invalid \\x escape", "无效的 \\x 转义") }
          v = v * 16 + d
          i += 1
        }
      }
      guard let s = Unicode.Scalar(v) else { throw fail("invalid code point", "无效的码位") }
      return s
    default:
      // Escaped ASCII punctuation (anything but letters and digits) is itself.
      if c.isASCII, !c.properties.isAlphabetic, !("0"..."9").contains(c) { return c }
      return nil
    }
  }

  private mutating func unicodeClass(_ c: Unicode.Scalar) throws(Fault) -> String {
    var name = ""
    if peek() == "{" {
      i += 1
      while let n = peek(), n != "}" {
        guard n.isASCII, n.properties.isAlphabetic || n == "_" || n == "^" else {
          throw fail("invalid Unicode class", "无效的 Unicode 类")
        }
        name.unicodeScalars.append(n)
        i += 1
      }
      guard peek() == "}", !name.isEmpty else { throw fail("invalid Unicode class", "无效的 Unicode 类") }
      i += 1
    } else {
      guard let n = peek(), n.isASCII, n.properties.isAlphabetic else {
        throw fail("invalid Unicode class", "无效的 Unicode 类")
      }
      name = String(n)
      i += 1
    }
    return "\\\(c){\(name)}"
  }

  // MARK: Classes

  /// A `[...]` class; `i` is just past the `[`. Nested ICU sets stand for
  /// negated named classes.
  private mutating func characterClass() throws(Fault) {
    out += "["
    if peek() == "^" {
      i += 1
      out += "^"
    }
    var first = true
    while true {
      guard let c = peek() else { throw fail("missing ]", "缺少“]”") }
      if c == "]", !first {
        i += 1
        out += "]"
        return
      }
      first = false
      if c == "[", peek(1) == ":" {
        out += try posixClass()
        continue
      }
      guard let lo = try classAtom() else { continue }
      if peek() == "-", let next = peek(1), next != "]" {
        i += 1
        guard let hi = try classAtom(), hi.value >= lo.value else {
          throw fail("invalid character class range", "无效的字符范围")
        }
        out += Self.literal(lo) + "-" + Self.literal(hi)
      } else {
        out += Self.literal(lo)
      }
    }
  }

  /// One character of a class, or nil after emitting a class escape (`\d`).
  private mutating func classAtom() throws(Fault) -> Unicode.Scalar? {
    guard let c = peek() else { throw fail("missing ]", "缺少“]”") }
    i += 1
    guard c == "\\" else { return c }
    guard let e = peek() else { throw fail("missing ]", "缺少“]”") }
    i += 1
    switch e {
    case "d": out += "0-9"
    case "D": out += "[^0-9]"
    case "s": out += "\\t\\n\\f\\r "
    case "S": out += "[^\\t\\n\\f\\r ]"
    case "w": out += "0-9A-Za-z_"
    case "W": out += "[^0-9A-Za-z_]"
    case "p", "P": out += try unicodeClass(e)
    default:
      guard let v = try characterEscape(e) else {
        throw fail("unsupported escape \\\(e)", "不支持的转义“\\\(e)”")
      }
      return v
    }
    return nil
  }

  private mutating func posixClass() throws(Fault) -> String {
    i += 2
    var negated = false
    if peek() == "^" {
      negated = true
      i += 1
    }
    var name = ""
    while let c = peek(), c != ":" {
      name.unicodeScalars.append(c)
      i += 1
    }
    guard peek() == ":", peek(1) == "]", let body = Self.posix[name] else {
      throw fail("invalid character class [:\(name):]", "无效的字符类 [:\(name):]")
    }
    i += 2
    return negated ? "[^\(body)]" : body
  }

  private static let posix: [String: String] = [
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x{0}-\\x{7F}", "blank": "\\t ",
    "cntrl": "\\x{0}-\\x{1F}\\x{7F}", "digit": "0-9", "graph": "!-~", "lower": "a-z",
    "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\x{B}\\f\\r ", "upper": "A-Z",
    "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
  ]

  /// A character as ICU reads it literally, in or out of a class.
  private static func literal(_ c: Unicode.Scalar) -> String {
    if c.isASCII {
      if c.properties.isAlphabetic || ("0"..."9").contains(c) { return String(c) }
      if c.value > 0x20 && c.value < 0x7F { return "\\" + String(c) }
    } else if c.properties.generalCategory != .control, c.properties.generalCategory != .format,
      !c.properties.isWhitespace
    {
      return String(c)
    }
    return "\\x{" + String(c.value, radix: 16) + "}"
  }
}

private func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
  switch c {
  case "0"..."9": c.value - 48
  case "a"..."f": c.value - 87
  case "A"..."F": c.value - 55
  default: nil
  }
}
