/// A minimal JSON writer with keys in the order written, so output is
/// byte-identical across runs. Writes UTF-8 bytes (a report of millions of
/// findings is written without building `String`s).
struct JSONWriter {
  private(set) var bytes: [UInt8] = []
  private var indent = 0
  private var first = [true]

  init() {}

  /// A writer that continues a document elsewhere: `indent` levels deep,
  /// `first` telling each open level whether it has no element yet.
  init(indent: Int, first: [Bool]) {
    self.indent = indent
    self.first = first
  }

  /// What was written, as text.
  var out: String { String(decoding: bytes, as: UTF8.self) }

  mutating func beginObject() { open(UInt8(ascii: "{")) }
  mutating func endObject() { close(UInt8(ascii: "}")) }
  mutating func beginArray() { open(UInt8(ascii: "[")) }
  mutating func endArray() { close(UInt8(ascii: "]")) }

  mutating func key(_ k: String) {
    separator()
    Self.appendQuoted(k, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(UInt8(ascii: " "))
    pendingValue = true
  }

  mutating func string(_ s: String?) {
    guard let s else { return null() }
    startValue()
    Self.appendQuoted(s, to: &bytes)
  }
  mutating func int(_ i: Int) { raw(String(i)) }
  mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
  mutating func null() { raw("null") }

  /// A value already in JSON form.
  mutating func raw(_ json: String) {
    startValue()
    bytes += json.utf8
  }

  /// Bytes a writer in this same state wrote for the next member (its
  /// separator included): the rule block of every finding of a rule.
  mutating func member(_ written: [UInt8]) {
    if first[first.count - 1] { first[first.count - 1] = false }
    bytes += written
  }

  mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
  mutating func field(_ k: String, _ i: Int) { key(k); int(i) }
  mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }

  private var pendingValue = false

  private mutating func startValue() {
    if !pendingValue { separator() }
    pendingValue = false
  }

  private mutating func open(_ c: UInt8) {
    startValue()
    bytes.append(c)
    indent += 1
    first.append(true)
  }

  private mutating func close(_ c: UInt8) {
    indent -= 1
    let wasEmpty = first.removeLast()
    if !wasEmpty { newline() }
    bytes.append(c)
  }

  private mutating func newline() {
    bytes.append(0x0A)
    bytes += repeatElement(UInt8(ascii: " "), count: 2 * indent)
  }

  private mutating func separator() {
    guard !first.isEmpty else { return }
    if first[first.count - 1] { first[first.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    if indent > 0 { newline() }
  }

  static func quoted(_ s: String) -> String {
    var out: [UInt8] = []
    appendQuoted(s, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `s` as a JSON string: `"` and `\` escaped, control characters as
  /// `\n`, `\r`, `\t` or `\u00XX`, and U+2028, U+2029 as `\u2028`, `\u2029`
  /// (JavaScript reads them as line ends); everything else as it is.
  static func appendQuoted(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { u in
      var start = 0
      var i = 0
      func escape(_ text: StaticString, skip: Int) {
        out += UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[start..<i])
        text.withUTF8Buffer { out += $0 }
        i += skip
        start = i
      }
      while i < u.count {
        let c = u[i]
        switch c {
        case UInt8(ascii: "\""): escape("\\\"", skip: 1)
        case UInt8(ascii: "\\"): escape("\\\\", skip: 1)
        case 0x0A: escape("\\n", skip: 1)
        case 0x0D: escape("\\r", skip: 1)
        case 0x09: escape("\\t", skip: 1)
        case 0..<0x20:
          escape("\\u00", skip: 0)
          let hex = Array("0123456789abcdef".utf8)
          out.append(hex[Int(c >> 4)])
          out.append(hex[Int(c & 0xF)])
          i += 1
          start = i
        case 0xE2 where i + 2 < u.count && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9):
          escape(u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", skip: 3)
        default: i += 1
        }
      }
      out += UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[start..<u.count])
    }
    out.append(UInt8(ascii: "\""))
  }
}
