extension Value {
  /// The value as JSON text, as `dudao eval` prints it: ints and uints as
  /// numbers; doubles in shortest round-trip form with a decimal point when
  /// integral (`2.0`, `1e+20`), non-finite as `Infinity`, `-Infinity`,
  /// `NaN`; strings escaped with non-ASCII kept; map keys as strings; dates
  /// as `"2026-09-01"`, times as `"08:20"`, types as `"int"`.
  public var jsonText: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .uint(let u): out += String(u)
    case .double(let d): out += DoubleFormat.json(d)
    case .string(let s): Self.writeString(s, to: &out)
    case .date(let d): Self.writeString(d.description, to: &out)
    case .time(let t): Self.writeString(t.description, to: &out)
    case .type(let t): Self.writeString(t, to: &out)
    case .list(let items):
      out += "["
      for (n, item) in items.enumerated() {
        if n > 0 { out += "," }
        item.write(to: &out)
      }
      out += "]"
    case .map(let m):
      out += "{"
      for (n, (k, v)) in zip(m.keys, m.values).enumerated() {
        if n > 0 { out += "," }
        Self.writeString(k.jsonKey, to: &out)
        out += ":"
        v.write(to: &out)
      }
      out += "}"
    }
  }

  /// A map key as a JSON object key.
  private var jsonKey: String {
    switch self {
    case .string(let s): s
    case .int(let i): String(i)
    case .uint(let u): String(u)
    case .bool(let b): b ? "true" : "false"
    default: jsonText
    }
  }

  private static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if c.value < 0x20 {
          let hex = String(c.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(c)
        }
      }
    }
    out += "\""
  }
}
