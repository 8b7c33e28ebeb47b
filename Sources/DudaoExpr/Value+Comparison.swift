/// The result of comparing two values; `unordered` when a NaN is involved.
enum Ordering: Sendable {
  case less, equal, greater, unordered
}

extension Value {
  /// cel-spec heterogeneous equality: numbers compare on one number line
  /// (`1 == 1.0`, `1u == 1`), values of unrelated types are unequal (never
  /// an error), lists and maps compare element by element, strings by code
  /// points, NaN equals nothing.
  static func celEquals(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.bool(let x), .bool(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.null, .null): return true
    case (.date(let x), .date(let y)): return x == y
    case (.time(let x), .time(let y)): return x == y
    case (.type(let x), .type(let y)): return x == y
    case (.list(let x), .list(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { celEquals($0, $1) }
    case (.map(let x), .map(let y)):
      guard x.count == y.count else { return false }
      for (k, v) in zip(x.keys, x.values) {
        guard let w = y[k], celEquals(v, w) else { return false }
      }
      return true
    default:
      if let o = numericOrder(a, b) { return o == .equal }
      return false
    }
  }

  /// cel-spec ordering: numbers across int/uint/double, strings by code
  /// points, bools, dates, times; nil when the types cannot be ordered.
  static func celCompare(_ a: Value, _ b: Value) -> Ordering? {
    switch (a, b) {
    case (.string(let x), .string(let y)):
      if x.utf8.elementsEqual(y.utf8) { return .equal }
      return x.utf8.lexicographicallyPrecedes(y.utf8) ? .less : .greater
    case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
    case (.date(let x), .date(let y)): return order(x.ordinal, y.ordinal)
    case (.time(let x), .time(let y)): return order(x.minutes, y.minutes)
    default: return numericOrder(a, b)
    }
  }

  /// Exact comparison of two numbers of any numeric types; nil if either is
  /// not a number.
  static func numericOrder(_ a: Value, _ b: Value) -> Ordering? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return order(x, y)
    case (.uint(let x), .uint(let y)): return order(x, y)
    case (.double(let x), .double(let y)):
      if x.isNaN || y.isNaN { return .unordered }
      return x < y ? .less : x > y ? .greater : .equal
    case (.int(let x), .uint(let y)): return x < 0 ? .less : order(UInt64(x), y)
    case (.uint(let x), .int(let y)): return y < 0 ? .greater : order(x, UInt64(y))
    case (.int(let x), .double(let y)): return compare(x, y)
    case (.double(let x), .int(let y)): return flip(compare(y, x))
    case (.uint(let x), .double(let y)): return compare(x, y)
    case (.double(let x), .uint(let y)): return flip(compare(y, x))
    default: return nil
    }
  }

  private static func order<T: Comparable>(_ x: T, _ y: T) -> Ordering {
    x < y ? .less : x > y ? .greater : .equal
  }

  private static func flip(_ o: Ordering) -> Ordering {
    switch o {
    case .less: .greater
    case .greater: .less
    default: o
    }
  }

  /// An int against a double without rounding the int (2^53 + 1 > 2^53).
  private static func compare(_ i: Int64, _ d: Double) -> Ordering {
    if d.isNaN { return .unordered }
    if d >= 9.223372036854775808e18 { return .less }
    if d < -9.223372036854775808e18 { return .greater }
    let t = d.rounded(.towardZero)
    let ti = Int64(t)
    if i != ti { return i < ti ? .less : .greater }
    return d > t ? .less : d < t ? .greater : .equal
  }

  private static func compare(_ u: UInt64, _ d: Double) -> Ordering {
    if d.isNaN { return .unordered }
    if d < 0 { return .greater }
    if d >= 1.8446744073709551616e19 { return .less }
    let t = d.rounded(.towardZero)
    let tu = UInt64(t)
    if u != tu { return u < tu ? .less : .greater }
    return d > t ? .less : .equal
  }

  /// The number as a double (ints may round), nil for non-numbers.
  var numericDouble: Double? {
    switch self {
    case .int(let i): Double(i)
    case .uint(let u): Double(u)
    case .double(let d): d
    default: nil
    }
  }
}
