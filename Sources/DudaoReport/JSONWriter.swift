/// A minimal JSON writer with keys in the order written, so output is
/// byte-identical across runs.
struct JSONWriter {
  private(set) var out = ""
  private var indent = 0
  private var first = [true]

  init() {}

  /// A writer that continues a document elsewhere: `indent` levels deep,
  /// `first` telling each open level whether it has no element yet.
  init(indent: Int, first: [Bool]) {
    self.indent = indent
    self.first = first
  }

  mutating func beginObject() { open("{") }
  mutating func endObject() { close("}") }
  mutating func beginArray() { open("[") }
  mutating func endArray() { close("]") }

  mutating func key(_ k: String) {
    separator()
    out += Self.quoted(k) + ": "
    pendingValue = true
  }

  mutating func string(_ s: String?) { raw(s.map(Self.quoted) ?? "null") }
  mutating func int(_ i: Int) { raw(String(i)) }
  mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
  mutating func null() { raw("null") }

  /// A value already in JSON form.
  mutating func raw(_ json: String) {
    if !pendingValue { separator() }
    pendingValue = false
    out += json
  }

  mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
  mutating func field(_ k: String, _ i: Int) { key(k); int(i) }
  mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }

  private var pendingValue = false

  private mutating func open(_ c: String) {
    if !pendingValue { separator() }
    pendingValue = false
    out += c
    indent += 1
    first.append(true)
  }

  private mutating func close(_ c: String) {
    indent -= 1
    let wasEmpty = first.removeLast()
    if !wasEmpty { out += "\n" + String(repeating: "  ", count: indent) }
    out += c
  }

  private mutating func separator() {
    guard !first.isEmpty else { return }
    if first[first.count - 1] { first[first.count - 1] = false } else { out += "," }
    if indent > 0 { out += "\n" + String(repeating: "  ", count: indent) }
  }

  static func quoted(_ s: String) -> String {
    var r = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
        let hex = String(u.value, radix: 16)
        r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: r.unicodeScalars.append(u)
      }
    }
    return r + "\""
  }
}
