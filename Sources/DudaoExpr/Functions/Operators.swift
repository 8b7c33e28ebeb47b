import DudaoDiagnostics

/// The operators' run-time semantics (cel-spec "Standard Definitions"):
/// int64/uint64 arithmetic raises `expr.overflow` instead of wrapping,
/// integer division by zero raises `expr.division-by-zero`, doubles follow
/// IEEE 754. Dates add and subtract days; times subtract to minutes.
enum Operators {
  static func add(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (r, o) = x.addingReportingOverflow(y)
      if o { throw .overflow }
      return .int(r)
    case (.uint(let x), .uint(let y)):
      let (r, o) = x.addingReportingOverflow(y)
      if o { throw .overflow }
      return .uint(r)
    case (.double(let x), .double(let y)): return .double(x + y)
    case (.string(let x), .string(let y)): return .string(x + y)
    case (.list(let x), .list(let y)): return .list(x + y)
    case (.date(let d), .int(let n)): return try shift(d, by: n)
    case (.time(let t), .int(let n)): return try shift(t, by: n)
    default: throw .noOperator("+", a.typeName, b.typeName)
    }
  }

  static func subtract(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { throw .overflow }
      return .int(r)
    case (.uint(let x), .uint(let y)):
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { throw .overflow }
      return .uint(r)
    case (.double(let x), .double(let y)): return .double(x - y)
    case (.date(let d), .int(let n)):
      guard n != .min else { throw .dateOutOfRange }
      return try shift(d, by: -n)
    case (.date(let x), .date(let y)): return .int(Int64(x.ordinal - y.ordinal))
    case (.time(let t), .int(let n)):
      guard n != .min else { throw .timeOutOfRange }
      return try shift(t, by: -n)
    case (.time(let x), .time(let y)): return .int(Int64(x.minutes - y.minutes))
    default: throw .noOperator("-", a.typeName, b.typeName)
    }
  }

  static func multiply(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { throw .overflow }
      return .int(r)
    case (.uint(let x), .uint(let y)):
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { throw .overflow }
      return .uint(r)
    case (.double(let x), .double(let y)): return .double(x * y)
    default: throw .noOperator("*", a.typeName, b.typeName)
    }
  }

  static func divide(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      if y == 0 { throw .divisionByZero }
      let (r, o) = x.dividedReportingOverflow(by: y)
      if o { throw .overflow }
      return .int(r)
    case (.uint(let x), .uint(let y)):
      if y == 0 { throw .divisionByZero }
      return .uint(x / y)
    case (.double(let x), .double(let y)): return .double(x / y)
    default: throw .noOperator("/", a.typeName, b.typeName)
    }
  }

  static func remainder(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      if y == 0 { throw .modulusByZero }
      let (r, o) = x.remainderReportingOverflow(dividingBy: y)
      if o { throw .overflow }
      return .int(r)
    case (.uint(let x), .uint(let y)):
      if y == 0 { throw .modulusByZero }
      return .uint(x % y)
    default: throw .noOperator("%", a.typeName, b.typeName)
    }
  }

  static func negate(_ a: Value) throws(Fault) -> Value {
    switch a {
    case .int(let x):
      if x == .min { throw .overflow }
      return .int(-x)
    case .double(let x): return .double(-x)
    default: throw .noUnaryOperator("-", a.typeName)
    }
  }

  static func not(_ a: Value) throws(Fault) -> Value {
    guard case .bool(let x) = a else { throw .noUnaryOperator("!", a.typeName) }
    return .bool(!x)
  }

  /// `<`, `<=`, `>`, `>=`: NaN compares false; unrelated types are an error.
  static func relation(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(Fault) -> Value {
    guard let o = Value.celCompare(a, b) else { throw .noOperator(op.rawValue, a.typeName, b.typeName) }
    switch op {
    case .less: return .bool(o == .less)
    case .lessOrEqual: return .bool(o == .less || o == .equal)
    case .greater: return .bool(o == .greater)
    default: return .bool(o == .greater || o == .equal)
    }
  }

  /// `x in list` (heterogeneous equality) and `k in map` (keys).
  static func contains(_ a: Value, _ b: Value) throws(Fault) -> Value {
    switch b {
    case .list(let items): return .bool(items.contains { Value.celEquals(a, $0) })
    case .map(let m): return .bool(m[a] != nil)
    default: throw .noOperator("in", a.typeName, b.typeName)
    }
  }

  private static func shift(_ d: Day, by n: Int64) throws(Fault) -> Value {
    // Years 1...9999 span fewer than 3.7 million days; larger shifts would
    // overflow the calendar arithmetic.
    guard abs(n) < 4_000_000, let r = d.adding(days: Int(n)) else { throw .dateOutOfRange }
    return .date(r)
  }

  private static func shift(_ t: TimeOfDay, by n: Int64) throws(Fault) -> Value {
    let (m, o) = Int64(t.minutes).addingReportingOverflow(n)
    guard !o, let r = TimeOfDay(minutes: Int(m)) else { throw .timeOutOfRange }
    return .time(r)
  }
}
