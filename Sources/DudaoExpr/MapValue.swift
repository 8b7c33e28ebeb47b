/// A map value: insertion-ordered entries with O(1) lookup.
///
/// Keys follow the language's key equality: `1`, `1u` and `1.0` are the same
/// key. A later duplicate key replaces the earlier value in place.
public struct MapValue: Sendable, Hashable {
  /// The keys in insertion order.
  public private(set) var keys: [Value]
  /// The values, in the order of `keys`.
  public private(set) var values: [Value]
  /// Key positions; built only for maps larger than `linearLimit`, as
  /// comparing a few strings is cheaper than hashing one (records of school
  /// data have a handful of fields, and rules read them by the million).
  private var index: [MapKey: Int]?
  private static let linearLimit = 12

  /// A map of these entries, in this order.
  public init(_ entries: [(key: Value, value: Value)]) {
    keys = []
    values = []
    keys.reserveCapacity(entries.count)
    values.reserveCapacity(entries.count)
    var index: [MapKey: Int] = [:]
    index.reserveCapacity(entries.count)
    for (key, value) in entries {
      let k = MapKey(key)
      if let i = index[k] {
        values[i] = value
      } else {
        index[k] = keys.count
        keys.append(key)
        values.append(value)
      }
    }
    self.index = keys.count > Self.linearLimit ? index : nil
  }

  /// A map of keys known to be distinct (a record typed by a data
  /// dictionary): no duplicate check, and `keys` may be shared by many maps
  /// of the same shape.
  package init(distinctKeys keys: [Value], values: [Value]) {
    self.keys = keys
    self.values = values
    if keys.count > Self.linearLimit {
      var index: [MapKey: Int] = [:]
      index.reserveCapacity(keys.count)
      for (i, k) in keys.enumerated() { index[MapKey(k)] = i }
      self.index = index
    } else {
      self.index = nil
    }
  }

  /// A map with string keys, e.g. a record read from JSON.
  public init(fields: [(String, Value)]) {
    self.init(fields.map { (key: Value.string($0.0), value: $0.1) })
  }

  /// The value of a key (`1`, `1u` and `1.0` find the same entry).
  public subscript(key: Value) -> Value? { self[normalized: MapKey(key)] }

  subscript(normalized key: MapKey) -> Value? {
    if case .string(let s) = key { return self[field: s] }
    if let index { return index[key].map { values[$0] } }
    for i in keys.indices where MapKey(keys[i]) == key { return values[i] }
    return nil
  }

  /// The value of a string key: what field selection reads.
  package subscript(field name: String) -> Value? {
    if let index { return index[.string(name)].map { values[$0] } }
    for i in keys.indices {
      if case .string(let k) = keys[i], k == name { return values[i] }
    }
    return nil
  }

  /// The entries in insertion order.
  public var entries: [(key: Value, value: Value)] {
    zip(keys, values).map { (key: $0, value: $1) }
  }

  /// The number of entries.
  public var count: Int { keys.count }
  /// Whether there are no entries.
  public var isEmpty: Bool { keys.isEmpty }

  /// Same keys with structurally equal values, in any order.
  public static func == (a: MapValue, b: MapValue) -> Bool {
    guard a.count == b.count else { return false }
    for (k, v) in zip(a.keys, a.values) {
      guard let other = b[normalized: MapKey(k)], other == v else { return false }
    }
    return true
  }

  /// Order-independent, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    // Order-independent, as equality is.
    var sum = 0
    for (k, v) in zip(keys, values) {
      var h = Hasher()
      h.combine(MapKey(k))
      h.combine(v)
      sum = sum &+ h.finalize()
    }
    hasher.combine(count)
    hasher.combine(sum)
  }
}

/// A map key normalised so that numerically equal keys collide
/// (`{1: 'a'}[1u]` finds the entry).
enum MapKey: Hashable, Sendable {
  case int(Int64)
  case bigUint(UInt64)
  case bool(Bool)
  case string(String)
  case other(Value)

  init(_ v: Value) {
    switch v {
    case .int(let i): self = .int(i)
    case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUint(u)
    case .double(let d):
      if d == d.rounded(.towardZero), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
        self = .int(Int64(d))
      } else if d == d.rounded(.towardZero), d >= 0, d < 1.8446744073709551616e19 {
        self = .bigUint(UInt64(d))
      } else {
        self = .other(v)
      }
    case .bool(let b): self = .bool(b)
    case .string(let s): self = .string(s)
    default: self = .other(v)
    }
  }
}
