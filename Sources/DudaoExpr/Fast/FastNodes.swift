/// Compiled nodes of the fast path (see `FastRecord.swift`). Each node
/// computes a plain `FV`; anything it is not sure of gives `.bail`.
package class FastNode: @unchecked Sendable {
  // Nodes are immutable after compilation: subclasses hold only `let`s.
  func eval(_ c: inout FastContext) -> FV { .bail }
}

final class ConstNode: FastNode, @unchecked Sendable {
  let v: FV
  init(_ v: FV) { self.v = v }
  override func eval(_ c: inout FastContext) -> FV { v }
}

final class RootNode: FastNode, @unchecked Sendable {
  override func eval(_ c: inout FastContext) -> FV { .elem(0) }
}

final class LocalNode: FastNode, @unchecked Sendable {
  let slot: Int
  init(_ slot: Int) { self.slot = slot }
  override func eval(_ c: inout FastContext) -> FV { c.locals[slot] }
}

/// A scalar field of the record `base` evaluates to.
final class FieldNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let offset: Int
  init(_ base: FastNode, _ offset: Int) {
    self.base = base
    self.offset = offset
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .elem(let b) = base.eval(&c) else { return .bail }
    return c.load(Int(b) + offset)
  }
}

/// A scalar field of the school.
final class RootFieldNode: FastNode, @unchecked Sendable {
  let offset: Int
  init(_ offset: Int) { self.offset = offset }
  override func eval(_ c: inout FastContext) -> FV { c.load(offset) }
}

/// A scalar field of the record in a variable.
final class LocalFieldNode: FastNode, @unchecked Sendable {
  let slot: Int
  let offset: Int
  init(_ slot: Int, _ offset: Int) {
    self.slot = slot
    self.offset = offset
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .elem(let b) = c.locals[slot] else { return .bail }
    return c.load(Int(b) + offset)
  }
}

/// A nested object: the same record, if the object is present.
final class ObjectNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let offset: Int
  init(_ base: FastNode, _ offset: Int) {
    self.base = base
    self.offset = offset
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .elem(let b) = base.eval(&c), c.tags[Int(b) + offset] == FastTag.object else { return .bail }
    return .elem(b)
  }
}

/// A list field.
final class ListFieldNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let offset: Int
  init(_ base: FastNode, _ offset: Int) {
    self.base = base
    self.offset = offset
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .elem(let b) = base.eval(&c) else { return .bail }
    let slot = Int(b) + offset
    let p = c.payloads[slot]
    let start = Int32(truncatingIfNeeded: p >> 24), count = Int32(truncatingIfNeeded: p & 0xFF_FFFF)
    switch c.tags[slot] {
    case FastTag.entityList: return .list(FastList(kind: .records, start: start, count: count))
    case FastTag.scalarList: return .list(FastList(kind: .scalars, start: start, count: count))
    default: return .bail
    }
  }
}

/// `has(x.f)`: whether the field is present (not null).
final class HasNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let offset: Int
  init(_ base: FastNode, _ offset: Int) {
    self.base = base
    self.offset = offset
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .elem(let b) = base.eval(&c) else { return .bail }
    return .bool(c.tags[Int(b) + offset] != FastTag.absent)
  }
}

/// Selection on a general value (a constant map such as `params`).
final class SelectValueNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let field: String
  init(_ base: FastNode, _ field: String) {
    self.base = base
    self.field = field
  }
  override func eval(_ c: inout FastContext) -> FV {
    let b = base.eval(&c)
    guard let v = c.value(b), case .map(let m) = v, let r = m[field: field], r != .null else { return .bail }
    return c.fast(r)
  }
}

final class IndexNode: FastNode, @unchecked Sendable {
  let base: FastNode
  let index: FastNode
  init(_ base: FastNode, _ index: FastNode) {
    self.base = base
    self.index = index
  }
  override func eval(_ c: inout FastContext) -> FV {
    let b = base.eval(&c)
    let i = index.eval(&c)
    if case .list(let l) = b, case .int(let k) = i {
      guard k >= 0, k < Int64(l.count) else { return .bail }
      let e = c.element(l, Int(k))
      if case .null = e { return .bail }
      return e
    }
    guard let bv = c.value(b), let iv = c.value(i) else { return .bail }
    let r: Value
    switch bv {
    case .list(let items):
      guard let x = try? Compiler.element(items, iv) else { return .bail }
      r = x
    case .map(let m):
      guard let x = m[iv] else { return .bail }
      r = x
    default: return .bail
    }
    if r == .null { return .bail }
    return c.fast(r)
  }
}

// MARK: - Operators

final class NotNode: FastNode, @unchecked Sendable {
  let x: FastNode
  init(_ x: FastNode) { self.x = x }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .bool(let b) = x.eval(&c) else { return .bail }
    return .bool(!b)
  }
}

final class NegateNode: FastNode, @unchecked Sendable {
  let x: FastNode
  init(_ x: FastNode) { self.x = x }
  override func eval(_ c: inout FastContext) -> FV {
    switch x.eval(&c) {
    case .int(let i): return i == .min ? .bail : .int(-i)
    case .double(let d): return .double(-d)
    default: return .bail
    }
  }
}

/// `&&` (absorbing false) or `||` (absorbing true): a side that is the
/// absorbing value decides even if the other gave up.
final class LogicalNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let r: FastNode
  let absorbing: Bool
  init(_ l: FastNode, _ r: FastNode, absorbing: Bool) {
    self.l = l
    self.r = r
    self.absorbing = absorbing
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    if case .bool(let x) = a, x == absorbing { return a }
    let b = r.eval(&c)
    if case .bool(let y) = b {
      if y == absorbing { return b }
      if case .bool = a { return b }
    }
    return .bail
  }
}

final class ConditionalNode: FastNode, @unchecked Sendable {
  let cond: FastNode
  let then: FastNode
  let otherwise: FastNode
  init(_ cond: FastNode, _ then: FastNode, _ otherwise: FastNode) {
    self.cond = cond
    self.then = then
    self.otherwise = otherwise
  }
  override func eval(_ c: inout FastContext) -> FV {
    guard case .bool(let b) = cond.eval(&c) else { return .bail }
    return b ? then.eval(&c) : otherwise.eval(&c)
  }
}

package enum FastOps {
  /// Whether a relation holds for an ordering (`<`, `<=`, `>`, `>=`).
  @inline(__always)
  static func holds(_ op: BinaryOperator, _ o: Ordering) -> FV {
    switch op {
    case .less: .bool(o == .less)
    case .lessOrEqual: .bool(o == .less || o == .equal)
    case .greater: .bool(o == .greater)
    default: .bool(o == .greater || o == .equal)
    }
  }

  /// cel-spec ordering; nil: no order (the general path decides).
  @inline(__always)
  static func order(_ a: FV, _ b: FV, _ c: inout FastContext) -> Ordering? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? .less : x > y ? .greater : .equal
    case (.double(let x), .double(let y)):
      if x.isNaN || y.isNaN { return .unordered }
      return x < y ? .less : x > y ? .greater : .equal
    case (.int(let x), .double(let y)): return Value.numericOrder(.int(x), .double(y))
    case (.double(let x), .int(let y)): return Value.numericOrder(.double(x), .int(y))
    case (.str, .str), (.str, .cstr), (.cstr, .str), (.cstr, .cstr):
      guard let x = c.stringBytes(a), let y = c.stringBytes(b) else { return nil }
      if sameBytes(x, y) { return .equal }
      return x.lexicographicallyPrecedes(y) ? .less : .greater
    case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
    case (.date(let x), .date(let y)), (.time(let x), .time(let y)): return x < y ? .less : x > y ? .greater : .equal
    case (.bail, _), (_, .bail), (.elem, _), (_, .elem): return nil
    default:
      guard let x = c.value(a), let y = c.value(b) else { return nil }
      return Value.celCompare(x, y)
    }
  }

  /// Whether two texts have the same bytes (eight at a time: `elementsEqual`
  /// goes a byte at a time through the generic sequence code).
  @inline(__always)
  package static func sameBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = x.count
    guard n == y.count else { return false }
    guard n > 0, let p = x.baseAddress, let q = y.baseAddress else { return true }
    var i = 0
    while i + 8 <= n {
      if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self) { return false }
      i += 8
    }
    while i < n {
      if p[i] != q[i] { return false }
      i += 1
    }
    return true
  }

  /// cel-spec equality; nil: the general path decides.
  @inline(__always)
  static func equal(_ a: FV, _ b: FV, _ c: inout FastContext) -> Bool? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.str, .str), (.str, .cstr), (.cstr, .str), (.cstr, .cstr):
      guard let x = c.stringBytes(a), let y = c.stringBytes(b) else { return nil }
      return sameBytes(x, y)
    case (.bool(let x), .bool(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.null, .null): return true
    case (.bail, _), (_, .bail), (.elem, _), (_, .elem): return nil
    default:
      guard let x = c.value(a), let y = c.value(b) else { return nil }
      return Value.celEquals(x, y)
    }
  }
}

final class CompareNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let r: FastNode
  let op: BinaryOperator
  init(_ op: BinaryOperator, _ l: FastNode, _ r: FastNode) {
    self.op = op
    self.l = l
    self.r = r
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    let b = r.eval(&c)
    guard let o = FastOps.order(a, b, &c) else { return .bail }
    return FastOps.holds(op, o)
  }
}

/// `field <op> constant int`, the commonest check.
final class CompareIntConstNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let k: Int64
  let op: BinaryOperator
  init(_ op: BinaryOperator, _ l: FastNode, _ k: Int64) {
    self.op = op
    self.l = l
    self.k = k
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    guard case .int(let x) = a else {
      guard let o = FastOps.order(a, .int(k), &c) else { return .bail }
      return FastOps.holds(op, o)
    }
    switch op {
    case .less: return .bool(x < k)
    case .lessOrEqual: return .bool(x <= k)
    case .greater: return .bool(x > k)
    default: return .bool(x >= k)
    }
  }
}

final class EqualNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let r: FastNode
  let negated: Bool
  init(_ l: FastNode, _ r: FastNode, negated: Bool) {
    self.l = l
    self.r = r
    self.negated = negated
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    let b = r.eval(&c)
    guard let e = FastOps.equal(a, b, &c) else { return .bail }
    return .bool(e != negated)
  }
}

final class InNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let r: FastNode
  init(_ l: FastNode, _ r: FastNode) {
    self.l = l
    self.r = r
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    let b = r.eval(&c)
    if case .bail = a { return .bail }
    if case .list(let list) = b {
      c.cost += Int(list.count)
      if c.cost > FastContext.costLimit { return .bail }
      for k in 0..<Int(list.count) {
        guard let e = FastOps.equal(a, c.element(list, k), &c) else { return .bail }
        if e { return .bool(true) }
      }
      return .bool(false)
    }
    guard let x = c.value(a), let y = c.value(b) else { return .bail }
    if case .list(let items) = y {
      c.cost += items.count
      if c.cost > FastContext.costLimit { return .bail }
    }
    guard let r = try? Operators.contains(x, y) else { return .bail }
    return c.fast(r)
  }
}

final class ArithmeticNode: FastNode, @unchecked Sendable {
  let l: FastNode
  let r: FastNode
  let op: BinaryOperator
  init(_ op: BinaryOperator, _ l: FastNode, _ r: FastNode) {
    self.op = op
    self.l = l
    self.r = r
  }
  override func eval(_ c: inout FastContext) -> FV {
    let a = l.eval(&c)
    let b = r.eval(&c)
    switch (a, b) {
    case (.int(let x), .int(let y)):
      let (v, o): (Int64, Bool)
      switch op {
      case .add: (v, o) = x.addingReportingOverflow(y)
      case .subtract: (v, o) = x.subtractingReportingOverflow(y)
      case .multiply: (v, o) = x.multipliedReportingOverflow(by: y)
      case .divide:
        if y == 0 { return .bail }
        (v, o) = x.dividedReportingOverflow(by: y)
      default:
        if y == 0 { return .bail }
        (v, o) = x.remainderReportingOverflow(dividingBy: y)
      }
      return o ? .bail : .int(v)
    case (.double(let x), .double(let y)):
      switch op {
      case .add: return .double(x + y)
      case .subtract: return .double(x - y)
      case .multiply: return .double(x * y)
      case .divide: return .double(x / y)
      default: return .bail
      }
    case (.bail, _), (_, .bail), (.elem, _), (_, .elem): return .bail
    default:
      guard let x = c.value(a), let y = c.value(b) else { return .bail }
      let v: Value
      do throws(Fault) {
        switch op {
        case .add: v = try Operators.add(x, y)
        case .subtract: v = try Operators.subtract(x, y)
        case .multiply: v = try Operators.multiply(x, y)
        case .divide: v = try Operators.divide(x, y)
        default: v = try Operators.remainder(x, y)
        }
      } catch { return .bail }
      switch v {
      case .list(let items): c.cost += items.count
      case .string(let s): c.cost += s.utf8.count / 16 + 1
      default: break
      }
      if c.cost > FastContext.costLimit { return .bail }
      return c.fast(v)
    }
  }
}

// MARK: - Calls

final class SizeNode: FastNode, @unchecked Sendable {
  let x: FastNode
  init(_ x: FastNode) { self.x = x }
  override func eval(_ c: inout FastContext) -> FV {
    let v = x.eval(&c)
    switch v {
    case .list(let l): return .int(Int64(l.count))
    case .str, .cstr:
      guard let b = c.stringBytes(v) else { return .bail }
      var n: Int64 = 0
      for byte in b where byte & 0xC0 != 0x80 { n += 1 }
      return .int(n)
    case .bail, .elem: return .bail
    default:
      guard let value = c.value(v) else { return .bail }
      switch value {
      case .list(let items): return .int(Int64(items.count))
      case .map(let m): return .int(Int64(m.count))
      case .string(let s): return .int(Int64(s.unicodeScalars.count))
      default: return .bail
      }
    }
  }
}

final class ToDoubleNode: FastNode, @unchecked Sendable {
  let x: FastNode
  init(_ x: FastNode) { self.x = x }
  override func eval(_ c: inout FastContext) -> FV {
    let v = x.eval(&c)
    switch v {
    case .int(let i): return .double(Double(i))
    case .double: return v
    case .bail, .elem: return .bail
    default:
      guard let value = c.value(v), let r = try? StandardFunctions.toDouble(value) else { return .bail }
      return c.fast(r)
    }
  }
}

final class ToIntNode: FastNode, @unchecked Sendable {
  let x: FastNode
  init(_ x: FastNode) { self.x = x }
  override func eval(_ c: inout FastContext) -> FV {
    let v = x.eval(&c)
    switch v {
    case .int: return v
    case .double(let d):
      guard d > -9.223372036854775808e18, d < 9.223372036854775808e18 else { return .bail }
      return .int(Int64(d.rounded(.towardZero)))
    case .bail, .elem: return .bail
    default:
      guard let value = c.value(v), let r = try? StandardFunctions.toInt(value) else { return .bail }
      return c.fast(r)
    }
  }
}

/// Any function of the library, on general values.
final class CallNode: FastNode, @unchecked Sendable {
  let args: [FastNode]
  let body: Function.Body
  let scans: Bool
  init(_ args: [FastNode], _ body: Function.Body, scans: Bool) {
    self.args = args
    self.body = body
    self.scans = scans
  }
  override func eval(_ c: inout FastContext) -> FV {
    var values: [Value] = []
    values.reserveCapacity(args.count)
    for a in args {
      let x = a.eval(&c)
      guard let v = c.value(x) else { return .bail }
      if scans, case .list(let items) = v { c.cost += items.count }
      values.append(v)
    }
    if c.cost > FastContext.costLimit { return .bail }
    let r: Value
    do throws(Fault) {
      switch body {
      case .unary(let f): r = try f(values[0])
      case .binary(let f): r = try f(values[0], values[1])
      case .variadic(let f): r = try f(values)
      }
    } catch { return .bail }
    return c.fast(r)
  }
}

final class ListNode: FastNode, @unchecked Sendable {
  let items: [FastNode]
  init(_ items: [FastNode]) { self.items = items }
  override func eval(_ c: inout FastContext) -> FV {
    var values: [FV] = []
    values.reserveCapacity(items.count)
    for i in items {
      let v = i.eval(&c)
      if case .bail = v { return .bail }
      values.append(v)
    }
    c.cost += values.count
    let start = c.scratch.count
    c.scratch += values
    return .list(FastList(kind: .scratch, start: Int32(start), count: Int32(values.count)))
  }
}

// MARK: - Macros

/// Where an `all`/`exists` over data may be undecided only for missing
/// data: its predicate is strict (no `&&`, `||`, `?:`, macros or calls) and
/// reads data only in one field of the element, so an element whose field
/// is absent is `unknown` to the general evaluator with the path
/// `range[index].field` (`DataChain.path`), whatever else the predicate does.
package struct MissingProbe: Sendable {
  /// The field's slot in the element's record.
  package let offset: Int
  /// The range's path from the root (`school.staff`).
  package let range: String
  package let field: String

  /// The general evaluator's missing path for element `index`.
  package func path(_ index: Int) -> String { "\(range)[\(index)].\(field)" }
}

final class ComprehensionNode: FastNode, @unchecked Sendable {
  let kind: Comprehension.Kind
  let range: FastNode
  let slot: Int
  let predicate: FastNode?
  let transform: FastNode?
  let probe: MissingProbe?
  init(_ kind: Comprehension.Kind, range: FastNode, slot: Int, predicate: FastNode?, transform: FastNode?, probe: MissingProbe? = nil) {
    self.kind = kind
    self.range = range
    self.slot = slot
    self.predicate = predicate
    self.transform = transform
    self.probe = probe
  }

  override func eval(_ c: inout FastContext) -> FV {
    let r = range.eval(&c)
    let list: FastList
    switch r {
    case .list(let l): list = l
    case .const, .dyn:
      // A general list: its elements as fast values.
      guard case .list(let items)? = c.value(r) else { return .bail }
      let start = c.scratch.count
      for item in items {
        let v = c.fast(item)
        c.scratch.append(v)
      }
      list = FastList(kind: .scratch, start: Int32(start), count: Int32(items.count))
    default: return .bail
    }
    let n = Int(list.count)
    c.cost += n
    if c.cost > FastContext.costLimit { return .bail }
    var bailed = false
    var count: Int64 = 0
    var results: [FV] = []
    // Elements undecided only because the probed field is absent.
    var missing: [Int] = []
    for k in 0..<n {
      let item = c.element(list, k)
      c.locals[slot] = item
      var keep = true
      if let predicate {
        guard case .bool(let b) = predicate.eval(&c) else {
          if kind == .all || kind == .exists {
            if let probe, case .elem(let base) = item, c.tags[Int(base) + probe.offset] == FastTag.absent {
              missing.append(k)
            } else {
              bailed = true
            }
            continue
          }
          return .bail
        }
        keep = b
      }
      switch kind {
      case .all: if !keep { return .bool(false) }
      case .exists: if keep { return .bool(true) }
      case .existsOne, .count: if keep { count += 1 }
      case .filter: if keep { results.append(item) }
      case .map:
        if keep, let transform {
          let v = transform.eval(&c)
          if case .bail = v { return .bail }
          results.append(v)
        }
      }
    }
    if bailed { return .bail }
    if !missing.isEmpty {
      // Unknown: the caller may report it (`FastContext.missingElements`).
      c.missingElements = missing
      return .bail
    }
    switch kind {
    case .all: return .bool(true)
    case .exists: return .bool(false)
    case .existsOne: return .bool(count == 1)
    case .count: return .int(count)
    case .filter, .map:
      let start = c.scratch.count
      c.scratch += results
      return .list(FastList(kind: .scratch, start: Int32(start), count: Int32(results.count)))
    }
  }
}
