/// A map value: insertion-ordered entries with O(1) lookup.
///
/// Keys follow the language's key equality: `1`, `1u` and `1.0` are the same
/// key. A later duplicate key replaces the earlier value in place.
public struct MapValue: Sendable, Hashable {
  public private(set) var keys: [Value]
  public private(set) var values: [Value]
  private var index: [MapKey: Int]

  public init(_ entries: [(key: Value, value: Value)]) {
    keys = []
    values = []
    index = [:]
    keys.reserveCapacity(entries.count)
    values.reserveCapacity(entries.count)
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
  }

  /// A map with string keys, e.g. a record read from JSON.
  public init(fields: [(String, Value)]) {
    self.init(fields.map { (key: Value.string($0.0), value: $0.1) })
  }

  public subscript(key: Value) -> Value? { self[MapKey(key)] }

  subscript(key: MapKey) -> Value? {
    guard let i = index[key] else { return nil }
    return values[i]
  }

  public var entries: [(key: Value, value: Value)] {
    zip(keys, values).map { (key: $0, value: $1) }
  }

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  public static func == (a: MapValue, b: MapValue) -> Bool {
    guard a.count == b.count else { return false }
    for (k, i) in a.index {
      guard let other = b[k], other == a.values[i] else { return false }
    }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    // Order-independent, as equality is.
    var sum = 0
    for (k, i) in index {
      var h = Hasher()
      h.combine(k)
      h.combine(values[i])
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
