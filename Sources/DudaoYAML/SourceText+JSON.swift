extension SourceText {
  /// Rewrites JSON that libyaml would reject into equivalent YAML flow text,
  /// keeping every line and (through `ColumnShift`) every column where it was:
  ///
  /// - a TAB outside strings becomes a space, one byte for one byte (libyaml
  ///   rejects a tab where YAML expects indentation, e.g. before the top-level
  ///   `{`);
  /// - a UTF-16 surrogate pair escape `\uD83D\uDE00` becomes `\U0001F600`
  ///   (libyaml rejects surrogate escapes), two columns shorter: a shift is
  ///   recorded so positions later on that line are still those of the file.
  ///
  /// Only double-quoted strings are tracked, so this is for JSON, not for
  /// YAML (where a tab may be content of a plain scalar). `\/` and the other
  /// JSON escapes are already YAML escapes.
  mutating func prepareJSON() {
    let b = bytes
    let n = b.count
    var out: [UInt8] = []
    out.reserveCapacity(n)
    var inString = false
    var line = 0
    var column = 0
    var i = 0
    while i < n {
      let c = b[i]
      if inString, c == UInt8(ascii: "\\") {
        if let scalar = Self.surrogatePair(b, at: i) {
          out.append(contentsOf: Array("\\U".utf8) + Self.hex8(scalar))
          column += 10
          addShift(line: line, column: column, delta: 2)
          i += 12
          continue
        }
        // The backslash and an escaped quote or backslash: never the end of the string.
        out.append(c)
        i += 1
        column += 1
        if i < n, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "\\") {
          out.append(b[i])
          i += 1
          column += 1
        }
        continue
      }
      if c == UInt8(ascii: "\"") {
        inString.toggle()
      } else if c == UInt8(ascii: "\t"), !inString {
        out.append(UInt8(ascii: " "))
        i += 1
        column += 1
        continue
      }
      let length = Self.scalarLength(c)
      let end = min(n, i + length)
      out.append(contentsOf: b[i..<end])
      let breakLength = Self.breakLength(b, at: i)
      if breakLength > 0 {
        out.append(contentsOf: b[end..<(i + breakLength)])  // the LF of a CRLF
        i += breakLength
        line += 1
        column = 0
      } else {
        i = end
        column += 1
      }
    }
    replaceBytes(out)
  }
}

private extension SourceText {
  /// The scalar of `\uHHHH\uLLLL` at `i` when it is a high + low surrogate pair.
  static func surrogatePair(_ b: [UInt8], at i: Int) -> UInt32? {
    guard i + 12 <= b.count, b[i + 1] == UInt8(ascii: "u"), b[i + 6] == UInt8(ascii: "\\"),
      b[i + 7] == UInt8(ascii: "u"),
      let high = hex4(b, at: i + 2), (0xD800...0xDBFF).contains(high),
      let low = hex4(b, at: i + 8), (0xDC00...0xDFFF).contains(low)
    else { return nil }
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
  }

  static func hex4(_ b: [UInt8], at i: Int) -> UInt32? {
    var value: UInt32 = 0
    for k in i..<(i + 4) {
      guard let digit = hexDigit(b[k]) else { return nil }
      value = value << 4 | digit
    }
    return value
  }

  static func hexDigit(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  static func hex8(_ value: UInt32) -> [UInt8] {
    let digits = Array("0123456789ABCDEF".utf8)
    return (0..<8).reversed().map { digits[Int((value >> (UInt32($0) * 4)) & 0xF)] }
  }
}
