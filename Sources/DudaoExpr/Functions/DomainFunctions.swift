/// Functions for school data: sum, avg, min, max, count, ratio and cv (the
/// coefficient of variation of 优质均衡 monitoring).
enum DomainFunctions {
  static let all: [Function] = [
    Function(
      name: "sum", style: .global, arity: 1...1, usage: "sum(list) — a list of numbers",
      check: { t in
        guard let e = t[0].elementType else { return nil }
        return e.isNumericOrDyn ? e : nil
      },
      scansLists: true, body: .unary(sum)),
    Function(
      name: "avg", style: .global, arity: 1...1, usage: "avg(list) — a list of numbers",
      check: { t in t[0].elementType?.isNumericOrDyn == true ? .double : nil },
      scansLists: true,
      body: .unary { v throws(Fault) in
        let xs = try numbers(v, "avg")
        guard !xs.isEmpty else { throw .emptyList("avg") }
        return .double(xs.reduce(0, +) / Double(xs.count))
      }),
    extreme("min", keep: .less),
    extreme("max", keep: .greater),
    Function(
      name: "count", style: .global, arity: 1...1, usage: "count(list) — a list of bools; or list.count(x, condition)",
      check: { t in
        guard let e = t[0].elementType, e == .bool || e == .dyn else { return nil }
        return .int
      },
      scansLists: true,
      body: .unary { v throws(Fault) in
        guard case .list(let items) = v else { throw .argumentTypes("count", [v.typeName], usage: "count(list)") }
        var n: Int64 = 0
        for item in items {
          guard case .bool(let b) = item else { throw .listElement("count", expected: "bool", found: item.typeName) }
          if b { n += 1 }
        }
        return .int(n)
      }),
    Function(
      name: "ratio", style: .global, arity: 2...2, usage: "ratio(a, b) — numbers; double(a) / double(b)",
      check: { t in t[0].isNumericOrDyn && t[1].isNumericOrDyn ? .double : nil },
      body: .binary { a, b throws(Fault) in
        guard let x = a.numericDouble, let y = b.numericDouble else {
          throw .argumentTypes("ratio", [a.typeName, b.typeName], usage: "ratio(a, b) — numbers")
        }
        if y == 0 { throw .ratioByZero }
        return .double(x / y)
      }),
    Function(
      name: "cv", style: .global, arity: 1...2, usage: "cv(values) or cv(values, weights) — lists of numbers",
      check: { t in t.allSatisfy { $0.elementType?.isNumericOrDyn == true } ? .double : nil },
      scansLists: true,
      body: .variadic { args throws(Fault) in
        let values = try numbers(args[0], "cv")
        if args.count == 2 { return .double(try weightedCV(values, try numbers(args[1], "cv"))) }
        return .double(try weightedCV(values, Array(repeating: 1, count: values.count)))
      }),
  ]

  /// `min(list)`, `min(a, b, …)`; the result is the element itself (its type kept).
  private static func extreme(_ name: String, keep: Ordering) -> Function {
    let usage = "\(name)(list) or \(name)(a, b, …)"
    return Function(
      name: name, style: .global, arity: 1...Int.max, usage: usage,
      check: { t in
        if t.count == 1 {
          if let e = t[0].elementType { return e.isOrderable ? e : nil }
          return t[0].isOrderable ? t[0] : nil
        }
        guard t.allSatisfy(\.isOrderable) else { return nil }
        return t.dropFirst().reduce(t[0]) { CELType.common($0, $1) }
      },
      scansLists: true,
      body: .variadic { args throws(Fault) in
        var items = args
        if args.count == 1, case .list(let l) = args[0] { items = l }
        guard var best = items.first else { throw .emptyList(name) }
        for item in items.dropFirst() {
          guard let o = Value.celCompare(item, best) else { throw .noOperator(name, best.typeName, item.typeName) }
          if o == keep { best = item }
        }
        return best
      })
  }

  /// Ints sum to an int (overflow is an error), uints to a uint; any
  /// double makes the sum a double.
  static func sum(_ v: Value) throws(Fault) -> Value {
    guard case .list(let items) = v else { throw .argumentTypes("sum", [v.typeName], usage: "sum(list)") }
    var anyDouble = false
    var allUint = !items.isEmpty
    for item in items {
      switch item {
      case .double: anyDouble = true
      case .uint: break
      case .int: allUint = false
      default: throw .listElement("sum", expected: "numbers", found: item.typeName)
      }
    }
    if anyDouble { return .double(items.reduce(0) { $0 + ($1.numericDouble ?? 0) }) }
    if allUint {
      var total: UInt64 = 0
      for case .uint(let u) in items {
        let (r, o) = total.addingReportingOverflow(u)
        if o { throw .overflow }
        total = r
      }
      return .uint(total)
    }
    var total: Int64 = 0
    for item in items {
      let x: Int64
      switch item {
      case .int(let i): x = i
      case .uint(let u):
        guard u <= UInt64(Int64.max) else { throw .overflow }
        x = Int64(u)
      default: x = 0
      }
      let (r, o) = total.addingReportingOverflow(x)
      if o { throw .overflow }
      total = r
    }
    return .int(total)
  }

  /// The elements of a list of numbers, as doubles.
  private static func numbers(_ v: Value, _ name: String) throws(Fault) -> [Double] {
    guard case .list(let items) = v else { throw .argumentTypes(name, [v.typeName], usage: "\(name)(list)") }
    var out: [Double] = []
    out.reserveCapacity(items.count)
    for item in items {
      guard let d = item.numericDouble else { throw .listElement(name, expected: "numbers", found: item.typeName) }
      out.append(d)
    }
    return out
  }

  /// The 差异系数 of 优质均衡 monitoring: with P = Σw, X̄ = Σ(w·x)/P,
  /// S = sqrt(Σ (w/P)(x − X̄)²), CV = S / X̄. Equal weights give the
  /// population standard deviation over the mean.
  static func weightedCV(_ x: [Double], _ w: [Double]) throws(Fault) -> Double {
    guard x.count == w.count else { throw .cvLengths(x.count, w.count) }
    guard !x.isEmpty else { throw .emptyList("cv") }
    guard w.allSatisfy({ $0 >= 0 }) else { throw .cvNegativeWeight }
    let p = w.reduce(0, +)
    guard p > 0 else { throw .cvWeightsZero }
    let mean = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } / p
    guard mean != 0 else { throw .cvMeanZero }
    let variance = zip(w, x).reduce(0) { $0 + ($1.0 / p) * ($1.1 - mean) * ($1.1 - mean) }
    return variance.squareRoot() / mean
  }
}
