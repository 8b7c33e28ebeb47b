import DudaoDiagnostics

/// The fast path of large checks (issue 7): school data laid out in flat
/// slots by the data dictionary, and expressions compiled to nodes that read
/// those slots and compute with plain values — no maps of strings, no
/// reference counting per value.
///
/// The fast path only ever *decides* a result it is sure of. Whenever an
/// expression meets anything else — missing data, an error, a type it does
/// not handle, a cost limit in sight — it gives up (`FV.bail`), and the
/// caller evaluates the same rule for the same school with the general
/// evaluator (`Program`), which produces the unknown paths and error
/// messages. So the two paths agree by construction; tests compare them.

/// Where each field of an entity lives in a `FastRecord`: the school is
/// entity 0; an entity's record is `width` consecutive slots, nested
/// objects flattened into their parent's slots.
package struct FastSchema: Sendable {
  package enum Kind: Sendable, Hashable {
    case string, int, double, bool, date, time
  }

  package indirect enum Field: Sendable {
    /// One value at `slot` of the entity's record.
    case scalar(slot: Int, kind: Kind)
    /// A nested object: its fields in the same record; `slot` marks
    /// whether the object is present.
    case object(slot: Int, fields: [String: Field])
    /// A list of records of `entity`.
    case entityList(slot: Int, entity: Int)
    /// A list of scalars.
    case scalarList(slot: Int, kind: Kind)

    /// The field's slot (for an object, the one that marks it present).
    package var slot: Int {
      switch self {
      case .scalar(let s, _), .object(let s, _), .entityList(let s, _), .scalarList(let s, _): s
      }
    }
  }

  package struct Entity: Sendable {
    package var name: String
    package var width: Int
    package var fields: [String: Field]

    package init(name: String, width: Int, fields: [String: Field]) {
      self.name = name
      self.width = width
      self.fields = fields
    }
  }

  package var entities: [Entity]

  package init(entities: [Entity]) { self.entities = entities }
}

/// Tags of a record slot.
package enum FastTag {
  package static let absent: UInt8 = 0
  package static let int: UInt8 = 1
  package static let double: UInt8 = 2
  package static let bool: UInt8 = 3
  /// Payload: offset << 24 | length into `FastRecord.bytes`.
  package static let string: UInt8 = 4
  /// Payload: first slot << 24 | count of an index block: slots holding
  /// the first slot of each element's record.
  package static let entityList: UInt8 = 5
  /// Payload: first slot << 24 | count (one scalar slot each).
  package static let scalarList: UInt8 = 6
  /// A nested object is present (its fields are in the parent's slots).
  package static let object: UInt8 = 7
  /// Payload: the day's ordinal.
  package static let date: UInt8 = 8
  /// Payload: minutes since midnight.
  package static let time: UInt8 = 9
}

/// One school's data in slots: the school's record first, then the records
/// of its lists. Strings are bytes in `bytes`.
package struct FastRecord: Sendable {
  package var tags: [UInt8]
  package var payloads: [Int64]
  package var bytes: [UInt8]

  package init(width: Int) {
    tags = Array(repeating: FastTag.absent, count: width)
    payloads = Array(repeating: 0, count: width)
    bytes = []
  }

  /// Appends `count` empty slots; returns the first.
  @inline(__always)
  package mutating func allocate(_ count: Int) -> Int {
    let start = tags.count
    tags.append(contentsOf: repeatElement(FastTag.absent, count: count))
    payloads.append(contentsOf: repeatElement(0, count: count))
    return start
  }

  @inline(__always)
  package mutating func set(_ slot: Int, _ tag: UInt8, _ payload: Int64) {
    tags[slot] = tag
    payloads[slot] = payload
  }

  /// Stores a string's bytes; returns its payload.
  @inline(__always)
  package mutating func string(_ b: UnsafeBufferPointer<UInt8>) -> Int64 {
    let offset = bytes.count
    bytes.append(contentsOf: b)
    return Int64(offset) << 24 | Int64(b.count)
  }

  package mutating func string(_ s: String) -> Int64 {
    var s = s
    return s.withUTF8 { string($0) }
  }

  /// Calls `body` with a context over this record.
  package func withContext<R>(_ constants: FastConstants, locals: Int, _ body: (inout FastContext) -> R) -> R {
    tags.withUnsafeBufferPointer { t in
      payloads.withUnsafeBufferPointer { p in
        bytes.withUnsafeBufferPointer { b in
          constants.bytes.withUnsafeBufferPointer { cb in
            let l = UnsafeMutablePointer<FV>.allocate(capacity: max(1, locals))
            l.initialize(repeating: .null, count: max(1, locals))
            defer { l.deallocate() }
            var c = FastContext(tags: t, payloads: p, bytes: b, constantBytes: cb, constants: constants, locals: l)
            return body(&c)
          }
        }
      }
    }
  }
}

/// A value of the fast path: plain data, no references.
package enum FV: Sendable {
  /// Give up: the general evaluator decides.
  case bail
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  /// A string of the record: offset and length in `FastRecord.bytes`.
  case str(Int32, Int32)
  /// A constant string: offset and length in `FastConstants.bytes`.
  case cstr(Int32, Int32)
  /// An entity record starting at this slot.
  case elem(Int32)
  /// A list: of records or scalar slots in the record, or of values in the
  /// context's scratch list.
  case list(FastList)
  case date(Int32)
  case time(Int32)
  /// A constant of any type (lists, maps, uints, …): `FastConstants.values`.
  case const(Int32)
  /// A value computed by a general function: `FastContext.dynamic`.
  case dyn(Int32)
}

package struct FastList: Sendable {
  package enum Kind: UInt8, Sendable {
    /// Records of an entity list: element `k` starts at slot `payloads[start + k]`.
    case records
    /// The school alone (`schools` in the part of a district rule).
    case school
    /// Scalar slots `start + k`.
    case scalars
    /// Values `scratch[start + k]`.
    case scratch
  }

  package var kind: Kind
  package var start: Int32
  package var count: Int32

  package init(kind: Kind, start: Int32, count: Int32) {
    self.kind = kind
    self.start = start
    self.count = count
  }
}

/// Constants of compiled fast programs: string bytes and values the fast
/// path carries by reference (`FV.const`).
package final class FastConstants: @unchecked Sendable {
  // Written only while compiling (before any evaluation), then read-only.
  package private(set) var bytes: [UInt8] = []
  package private(set) var values: [Value] = []
  private var strings: [String: FV] = [:]

  package init() {}

  func string(_ s: String) -> FV {
    if let v = strings[s] { return v }
    let offset = bytes.count
    bytes += s.utf8
    let v = FV.cstr(Int32(offset), Int32(s.utf8.count))
    strings[s] = v
    return v
  }

  func value(_ v: Value) -> FV {
    values.append(v)
    return .const(Int32(values.count - 1))
  }
}

/// The state of fast evaluations over one record.
package struct FastContext {
  let tags: UnsafeBufferPointer<UInt8>
  let payloads: UnsafeBufferPointer<Int64>
  let bytes: UnsafeBufferPointer<UInt8>
  let constantBytes: UnsafeBufferPointer<UInt8>
  let constants: FastConstants
  /// Macro and `for_each` variables by slot.
  package let locals: UnsafeMutablePointer<FV>
  /// Lists built during one evaluation (filter, map, list literals).
  var scratch: [FV] = []
  /// Values general functions returned during one evaluation.
  var dynamic: [Value] = []
  /// Work done, as an upper bound of what the general evaluator charges:
  /// past `FastContext.costLimit` the fast path gives up.
  var cost = 0
  static let costLimit = 1_000_000
  /// Set by an `all`/`exists` with a `MissingProbe` that gives up only for
  /// elements missing the probed field: their indices (see `FastProgram.missingProbe`).
  /// Cleared by the caller that reads it, before the evaluation.
  package var missingElements: [Int] = []

  init(
    tags: UnsafeBufferPointer<UInt8>, payloads: UnsafeBufferPointer<Int64>, bytes: UnsafeBufferPointer<UInt8>,
    constantBytes: UnsafeBufferPointer<UInt8>, constants: FastConstants, locals: UnsafeMutablePointer<FV>
  ) {
    self.tags = tags
    self.payloads = payloads
    self.bytes = bytes
    self.constantBytes = constantBytes
    self.constants = constants
    self.locals = locals
  }

  /// Forgets the lists of earlier evaluations.
  package mutating func reset() {
    scratch.removeAll(keepingCapacity: true)
    if !dynamic.isEmpty { dynamic.removeAll(keepingCapacity: true) }
    cost = 0
  }

  /// Where the lists and values of this evaluation end.
  package var scratchMark: (Int, Int) { (scratch.count, dynamic.count) }

  /// Drops lists and values made after `mark`.
  package mutating func rewind(to mark: (Int, Int)) {
    if scratch.count > mark.0 { scratch.removeSubrange(mark.0...) }
    if dynamic.count > mark.1 { dynamic.removeSubrange(mark.1...) }
  }

  /// The bytes of a record string.
  package func bytes(_ offset: Int32, _ count: Int32) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[Int(offset)..<Int(offset) + Int(count)])
  }

  package func loadSlot(_ slot: Int) -> FV { load(slot) }

  /// The value in a slot.
  @inline(__always)
  func load(_ slot: Int) -> FV {
    let p = payloads[slot]
    switch tags[slot] {
    case FastTag.int: return .int(p)
    case FastTag.double: return .double(Double(bitPattern: UInt64(bitPattern: p)))
    case FastTag.bool: return .bool(p != 0)
    case FastTag.string: return .str(Int32(truncatingIfNeeded: p >> 24), Int32(truncatingIfNeeded: p & 0xFF_FFFF))
    case FastTag.date: return .date(Int32(truncatingIfNeeded: p))
    case FastTag.time: return .time(Int32(truncatingIfNeeded: p))
    default: return .bail
    }
  }

  /// The bytes of a string value.
  @inline(__always)
  func stringBytes(_ v: FV) -> UnsafeBufferPointer<UInt8>? {
    switch v {
    case .str(let o, let n): return UnsafeBufferPointer(rebasing: bytes[Int(o)..<Int(o) + Int(n)])
    case .cstr(let o, let n): return UnsafeBufferPointer(rebasing: constantBytes[Int(o)..<Int(o) + Int(n)])
    default: return nil
    }
  }

  /// The `k`th element of a list.
  @inline(__always)
  package func element(_ l: FastList, _ k: Int) -> FV {
    switch l.kind {
    case .records: return .elem(Int32(truncatingIfNeeded: payloads[Int(l.start) + k]))
    case .school: return .elem(0)
    case .scalars: return load(Int(l.start) + k)
    case .scratch: return scratch[Int(l.start) + k]
    }
  }

  /// The general value of a fast one; nil for records and `bail`.
  package func value(_ v: FV) -> Value? {
    switch v {
    case .bail, .elem: return nil
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .str, .cstr:
      guard let b = stringBytes(v) else { return nil }
      return .string(String(decoding: b, as: UTF8.self))
    case .date(let o): return Day(ordinal: Int(o)).map(Value.date)
    case .time(let m): return TimeOfDay(minutes: Int(m)).map(Value.time)
    case .const(let i): return constants.values[Int(i)]
    case .dyn(let i): return dynamic[Int(i)]
    case .list(let l):
      var items: [Value] = []
      items.reserveCapacity(Int(l.count))
      for k in 0..<Int(l.count) {
        guard let x = value(element(l, k)) else { return nil }
        items.append(x)
      }
      return .list(items)
    }
  }

  /// The fast value of a general one (others are kept in `dynamic`).
  mutating func fast(_ v: Value) -> FV {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    default:
      dynamic.append(v)
      return .dyn(Int32(dynamic.count - 1))
    }
  }
}
