import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// Reads one JSON Lines line straight from its bytes into a typed school
/// value, without building a YAML node tree: the fast path of large
/// districts (issue 7).
///
/// It accepts only input whose meaning is plain: objects of dictionary
/// fields, strings without escapes, integers, numbers, `true`/`false`,
/// `null`, valid UTF-8. Everything else — an unknown field, a value of the
/// wrong type or out of range, a duplicate key or element id, an escape, a
/// syntax error — returns nil, and the caller reads the line through the
/// YAML loader and `DatasetLoader.typed`, which produce the same values for
/// plain input and the diagnostics (with file:line:column) for the rest.
/// So both paths give the same school, and every message stays as precise.
struct JSONRecordReader: Sendable {
  /// How a value of one dictionary type is read.
  indirect enum Kind: Sendable {
    case string, int, double, bool, date, time
    case enumeration([String])
    case list(Kind)
    case object(Int)
    /// `any`, or an entity the dictionary lacks: the slow path decides.
    case slow
  }

  struct Field: Sendable {
    var key: Value
    var kind: Kind
    var min: Double?
    var max: Double?
  }

  /// An object type: its fields, and every spelling of a key (name,
  /// aliases, Chinese label) in the order `DatasetLoader.object` tries them.
  struct Object: Sendable {
    var fields: [Field] = []
    var spellings: [(bytes: [UInt8], field: Int)] = []
  }

  private(set) var objects: [Object] = []
  private(set) var root: Kind = .slow

  init(dictionary: DataDictionary) {
    var entityIndex: [String: Int] = [:]
    func kind(_ t: DataDictionary.FieldType) -> Kind {
      switch t {
      case .string: return .string
      case .int: return .int
      case .double: return .double
      case .bool: return .bool
      case .date: return .date
      case .time: return .time
      case .any: return .slow
      case .enumeration(let v): return .enumeration(v)
      case .list(let e): return .list(kind(e))
      case .entity(let name):
        if let i = entityIndex[name] { return .object(i) }
        guard let entity = dictionary.entity(name), !entity.fields.isEmpty else { return .slow }
        let i = objects.count
        entityIndex[name] = i
        objects.append(Object())
        objects[i] = object(entity.fields)
        return .object(i)
      case .object(let fields):
        guard !fields.isEmpty else { return .slow }
        let i = objects.count
        objects.append(Object())
        objects[i] = object(fields)
        return .object(i)
      }
    }
    func object(_ fields: [DataDictionary.Field]) -> Object {
      var o = Object()
      // Each distinct spelling names the first field that has it (as
      // `DatasetLoader.object` decides); then the order of the list no
      // longer matters, and field names, the usual keys, come first.
      var first: [String: Int] = [:]
      var names: [(bytes: [UInt8], field: Int)] = []
      var others: [(bytes: [UInt8], field: Int)] = []
      for (i, f) in fields.enumerated() {
        o.fields.append(Field(key: .string(f.name), kind: kind(f.type), min: f.min, max: f.max))
        for (k, spelling) in ([f.name] + f.aliases + [f.label.zh]).enumerated() where first[spelling] == nil {
          first[spelling] = i
          if k == 0 { names.append((Array(spelling.utf8), i)) } else { others.append((Array(spelling.utf8), i)) }
        }
      }
      o.spellings = names + others
      return o
    }
    root = kind(.entity("school"))
  }

  /// The typed school of one line (no line end), or nil when the slow path
  /// must decide. `id` is non-empty when a school comes back.
  func school(_ line: UnsafeBufferPointer<UInt8>) -> (value: Value, id: String, name: String, district: String?, column: Int)? {
    guard case .object = root, Self.isValidUTF8(line) else { return nil }
    var c = JSONCursor(bytes: line)
    c.skipSpace()
    let column = c.position + 1
    guard c.peek == UInt8(ascii: "{"), let value = read(root, &c, depth: 0) else { return nil }
    c.skipSpace()
    guard c.atEnd, case .map(let m) = value else { return nil }
    guard case .string(let id)? = m[field: "id"], !id.isEmpty else { return nil }
    var name = ""
    if case .string(let n)? = m[field: "name"] { name = n }
    var district: String?
    if case .string(let d)? = m[field: "district"] { district = d }
    return (value, id, name, district, column)
  }

  /// A value of `kind`; `.null` for JSON null; nil for the slow path.
  private func read(_ kind: Kind, _ c: inout JSONCursor, depth: Int, field: Field? = nil) -> Value? {
    c.skipSpace()
    guard let b = c.peek else { return nil }
    if b == UInt8(ascii: "n") { return c.literal("null") ? .null : nil }
    switch kind {
    case .slow:
      return nil
    case .string:
      return c.string().map(Value.string)
    case .int:
      guard let i = c.integer() else { return nil }
      return ranged(.int(i), Double(i), field)
    case .double:
      guard let text = c.number(), let d = Double(text), d.isFinite else { return nil }
      return ranged(.double(d), d, field)
    case .bool:
      if c.literal("true") { return .bool(true) }
      if c.literal("false") { return .bool(false) }
      return nil
    case .date:
      guard let s = c.string(), let d = Day(iso: s) else { return nil }
      return .date(d)
    case .time:
      guard let s = c.string(), let m = DatasetLoader.minutes(s), let t = TimeOfDay(minutes: m) else { return nil }
      return .time(t)
    case .enumeration(let values):
      guard let s = c.string(), values.contains(s) else { return nil }
      return .string(s)
    case .list(let element):
      guard b == UInt8(ascii: "["), depth < 30 else { return nil }
      c.position += 1
      var items: [Value] = []
      items.reserveCapacity(16)
      var ids: Set<String> = []
      c.skipSpace()
      if c.peek == UInt8(ascii: "]") {
        c.position += 1
        return .list(items)
      }
      while true {
        guard let v = read(element, &c, depth: depth + 1) else { return nil }
        if case .map(let m) = v, case .string(let id)? = m[field: "id"], !ids.insert(id).inserted { return nil }
        items.append(v)
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "]") { return .list(items) }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    case .object(let index):
      guard b == UInt8(ascii: "{"), depth < 30 else { return nil }
      c.position += 1
      let object = objects[index]
      var keys: [Value] = []
      var values: [Value] = []
      // One allocation each: a record has at most its dictionary's fields.
      keys.reserveCapacity(object.fields.count)
      values.reserveCapacity(object.fields.count)
      var seen: UInt64 = 0
      c.skipSpace()
      if c.peek == UInt8(ascii: "}") {
        c.position += 1
        return .map(MapValue(distinctKeys: keys, values: values))
      }
      while true {
        c.skipSpace()
        guard let key = c.stringBytes(), let f = Self.field(object, key), f < 64 else { return nil }
        guard seen & (1 << UInt64(f)) == 0 else { return nil }
        seen |= 1 << UInt64(f)
        c.skipSpace()
        guard c.peek == UInt8(ascii: ":") else { return nil }
        c.position += 1
        let field = object.fields[f]
        guard let v = read(field.kind, &c, depth: depth + 1, field: field) else { return nil }
        if v != .null {
          keys.append(field.key)
          values.append(v)
        }
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "}") { return .map(MapValue(distinctKeys: keys, values: values)) }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    }
  }

  /// Out-of-range values take the slow path, which reports them.
  private func ranged(_ v: Value, _ d: Double, _ field: Field?) -> Value? {
    if let f = field, (f.min.map { d < $0 } ?? false) || (f.max.map { d > $0 } ?? false) { return nil }
    return v
  }

  static func field(_ o: Object, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
    for s in o.spellings where s.bytes.count == key.count {
      if s.bytes.withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return s.field }
    }
    return nil
  }

  /// Whether `b` is well-formed UTF-8 (as `CSVReader` checks it).
  static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    CSVReader.invalidUTF8(b) == nil
  }
}

/// A read position in one line.
struct JSONCursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0

  var atEnd: Bool { position >= bytes.count }
  var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func skipSpace() {
    while position < bytes.count {
      let b = bytes[position]
      guard b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A else { return }
      position += 1
    }
  }

  /// `word` followed by a delimiter.
  mutating func literal(_ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard position + n <= bytes.count else { return false }
    let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
    for k in 0..<n where bytes[position + k] != w[k] { return false }
    if position + n < bytes.count, !Self.isDelimiter(bytes[position + n]) { return false }
    position += n
    return true
  }

  /// The bytes of a string without escapes or control characters.
  mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
    guard peek == UInt8(ascii: "\"") else { return nil }
    let start = position + 1
    var i = start
    let count = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    while i < count {
      // Eight bytes at a time while they are printable ASCII other than `"`
      // and `\\` (DEL is not printable: YAML refuses it); the lowest flagged
      // byte is the first special one (the borrows of the tests only flag
      // bytes above it).
      while i + 8 <= count {
        let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C), del = w ^ (ones &* 0x7F)
        let special = (w | ((w &- ones &* 0x20) & ~w) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((del &- ones) & ~del)) & high
        if special != 0 {
          i += special.trailingZeroBitCount >> 3
          break
        }
        i += 8
      }
      guard i < bytes.count else { break }
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        position = i + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<i])
      }
      if b == UInt8(ascii: "\\") || b < 0x20 || b == 0x7F { return nil }
      // Characters YAML treats specially (NEL, C1 controls, U+2028/2029 line
      // breaks, a BOM): the slow path.
      if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] < 0xA0 { return nil }
      if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return nil }
      if b == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB || bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE { return nil }
      i += 1
    }
    return nil
  }

  mutating func string() -> String? {
    stringBytes().map { String(decoding: $0, as: UTF8.self) }
  }

  /// `-?[0-9]+` that fits an Int64 (YAML reads the same text).
  mutating func integer() -> Int64? {
    var i = position
    var negative = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    let digitsStart = i
    var value: Int64 = 0
    while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(bytes[i] - 0x30)) : m.addingReportingOverflow(Int64(bytes[i] - 0x30))
      if o1 || o2 { return nil }
      value = s
      i += 1
    }
    guard i > digitsStart, i == bytes.count || Self.isDelimiter(bytes[i]) else { return nil }
    position = i
    return value
  }

  /// The text of a JSON number.
  mutating func number() -> String? {
    var i = position
    while i < bytes.count, !Self.isDelimiter(bytes[i]) {
      let b = bytes[i]
      guard (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") else { return nil }
      i += 1
    }
    guard i > position, bytes[position] != UInt8(ascii: "+"), bytes[position] != UInt8(ascii: ".") else { return nil }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<i]), as: UTF8.self)
    position = i
    return text
  }

  /// Skips a plain value: a string without escapes, a JSON number, `true`,
  /// `false`, `null`, or a list of those. False for anything else (objects,
  /// nested lists, escapes, bad syntax: the general path decides).
  mutating func skipPlainValue() -> Bool {
    guard peek == UInt8(ascii: "[") else { return skipPlainScalar() }
    position += 1
    skipSpace()
    if peek == UInt8(ascii: "]") {
      position += 1
      return true
    }
    while true {
      skipSpace()
      guard skipPlainScalar() else { return false }
      skipSpace()
      guard let next = peek else { return false }
      position += 1
      if next == UInt8(ascii: "]") { return true }
      guard next == UInt8(ascii: ",") else { return false }
    }
  }

  private mutating func skipPlainScalar() -> Bool {
    switch peek {
    case UInt8(ascii: "\""): return stringBytes() != nil
    case UInt8(ascii: "t"): return literal("true")
    case UInt8(ascii: "f"): return literal("false")
    case UInt8(ascii: "n"): return literal("null")
    default: return skipNumber()
    }
  }

  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` followed by a delimiter or the end.
  private mutating func skipNumber() -> Bool {
    var i = position
    func digits() -> Int {
      let start = i
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
      return i - start
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
    let leadingZero = i < bytes.count && bytes[i] == UInt8(ascii: "0")
    let n = digits()
    guard n > 0, !(leadingZero && n > 1) else { return false }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard digits() > 0 else { return false }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard digits() > 0 else { return false }
    }
    guard i == bytes.count || Self.isDelimiter(bytes[i]) else { return false }
    position = i
    return true
  }

  static func isDelimiter(_ b: UInt8) -> Bool {
    b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A
  }
}
