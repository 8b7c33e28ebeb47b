import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// How school data is laid out in `FastRecord` slots (issue 7's fast path):
/// derived from the same typed reading as `JSONRecordReader`, so that a
/// school read into slots holds exactly the values the general path reads.
struct FastLayout: Sendable {
  /// How one field of an object is stored.
  indirect enum Plan: Sendable {
    case scalar(slot: Int, kind: JSONRecordReader.Kind, field: JSONRecordReader.Field)
    /// A nested object, flattened into the same record; `slot` marks presence.
    case object(slot: Int, object: Int, plans: [Plan])
    case entityList(slot: Int, entity: Int)
    case scalarList(slot: Int, kind: JSONRecordReader.Kind)
    /// Not laid out (the general path reads it).
    case unsupported
  }

  struct Entity: Sendable {
    var object: Int
    var width: Int
    var plans: [Plan]
    /// The slot of a string `id` field, if any (element ids must be distinct).
    var idSlot: Int?
  }

  let reader: JSONRecordReader
  private(set) var entities: [Entity] = []
  private(set) var schema = FastSchema(entities: [])

  init?(reader: JSONRecordReader) {
    self.reader = reader
    guard case .object(let root) = reader.root else { return nil }
    var memo: [Int: Int] = [:]
    _ = entity(root, &memo)
  }

  private mutating func entity(_ object: Int, _ memo: inout [Int: Int]) -> Int {
    if let e = memo[object] { return e }
    let e = entities.count
    memo[object] = e
    entities.append(Entity(object: object, width: 0, plans: []))
    schema.entities.append(FastSchema.Entity(name: "", width: 0, fields: [:]))
    var width = 0
    let (plans, fields) = layout(object, &width, depth: 0, &memo)
    var idSlot: Int?
    if let i = reader.objects[object].fields.firstIndex(where: { $0.key == .string("id") }), case .scalar(let s, .string, _) = plans[i] {
      idSlot = s
    }
    entities[e] = Entity(object: object, width: width, plans: plans, idSlot: idSlot)
    schema.entities[e] = FastSchema.Entity(name: "", width: width, fields: fields)
    return e
  }

  private mutating func layout(_ object: Int, _ width: inout Int, depth: Int, _ memo: inout [Int: Int]) -> ([Plan], [String: FastSchema.Field]) {
    var plans: [Plan] = []
    var fields: [String: FastSchema.Field] = [:]
    for f in reader.objects[object].fields {
      guard case .string(let name) = f.key else {
        plans.append(.unsupported)
        continue
      }
      switch f.kind {
      case .string, .int, .double, .bool, .date, .time, .enumeration:
        let slot = width
        width += 1
        plans.append(.scalar(slot: slot, kind: f.kind, field: f))
        fields[name] = .scalar(slot: slot, kind: Self.kind(f.kind))
      case .object(let sub) where depth < 6:
        let slot = width
        width += 1
        let (p, subFields) = layout(sub, &width, depth: depth + 1, &memo)
        plans.append(.object(slot: slot, object: sub, plans: p))
        fields[name] = .object(slot: slot, fields: subFields)
      case .list(.object(let sub)):
        let slot = width
        width += 1
        let e = entity(sub, &memo)
        plans.append(.entityList(slot: slot, entity: e))
        fields[name] = .entityList(slot: slot, entity: e)
      case .list(let k):
        switch k {
        case .string, .int, .double, .bool, .date, .time, .enumeration:
          let slot = width
          width += 1
          plans.append(.scalarList(slot: slot, kind: k))
          fields[name] = .scalarList(slot: slot, kind: Self.kind(k))
        default:
          plans.append(.unsupported)
        }
      default:
        plans.append(.unsupported)
      }
    }
    return (plans, fields)
  }

  static func kind(_ k: JSONRecordReader.Kind) -> FastSchema.Kind {
    switch k {
    case .int: .int
    case .double: .double
    case .bool: .bool
    case .date: .date
    case .time: .time
    default: .string
    }
  }
}

// MARK: - Reading a JSON Lines line into slots

extension FastLayout {
  /// A school read from one line, or nil when the general readers must
  /// decide (exactly the lines `JSONRecordReader.school` takes, or fewer).
  struct School: Sendable {
    var record: FastRecord
    var id: String
    var name: String
    var district: String?
    var column: Int
    /// Whether the school carries on-site observations (the general path applies them).
    var hasObservations: Bool
  }

  func school(_ line: UnsafeBufferPointer<UInt8>) -> School? {
    guard let root = entities.first, JSONRecordReader.isValidUTF8(line) else { return nil }
    var c = JSONCursor(bytes: line)
    c.skipSpace()
    let column = c.position + 1
    guard c.peek == UInt8(ascii: "{") else { return nil }
    var record = FastRecord(width: root.width)
    // Roughly what a line needs (a slot per ~12 bytes of JSON), to grow once or never.
    record.bytes.reserveCapacity(line.count / 2)
    record.tags.reserveCapacity(line.count / 12)
    record.payloads.reserveCapacity(line.count / 12)
    guard readObject(root.object, root.plans, base: 0, &record, &c, depth: 0) else { return nil }
    c.skipSpace()
    guard c.atEnd else { return nil }
    return finish(record, column: column)
  }

  func finish(_ record: FastRecord, column: Int) -> School? {
    let fields = schema.entities[0].fields
    func text(_ name: String) -> String? {
      guard case .scalar(let slot, .string)? = fields[name], record.tags[slot] == FastTag.string else { return nil }
      let p = record.payloads[slot]
      let (o, n) = (Int(p >> 24), Int(p & 0xFF_FFFF))
      return record.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[o..<o + n]), as: UTF8.self) }
    }
    guard let id = text("id"), !id.isEmpty else { return nil }
    var observations = false
    if let f = fields["observations"] { observations = record.tags[f.slot] != FastTag.absent }
    return School(record: record, id: id, name: text("name") ?? "", district: text("district"), column: column, hasObservations: observations)
  }

  private func readObject(_ object: Int, _ plans: [Plan], base: Int, _ r: inout FastRecord, _ c: inout JSONCursor, depth: Int) -> Bool {
    guard c.peek == UInt8(ascii: "{"), depth < 30 else { return false }
    c.position += 1
    let spec = reader.objects[object]
    var seen: UInt64 = 0
    c.skipSpace()
    if c.peek == UInt8(ascii: "}") {
      c.position += 1
      return true
    }
    while true {
      c.skipSpace()
      guard let key = c.stringBytes(), let f = JSONRecordReader.field(spec, key), f < 64 else { return false }
      guard seen & (1 << UInt64(f)) == 0 else { return false }
      seen |= 1 << UInt64(f)
      c.skipSpace()
      guard c.peek == UInt8(ascii: ":") else { return false }
      c.position += 1
      c.skipSpace()
      guard let b = c.peek else { return false }
      if b == UInt8(ascii: "n") {
        // null: the field is absent.
        guard c.literal("null") else { return false }
      } else {
        switch plans[f] {
        case .scalar(let slot, let kind, let field):
          guard let (tag, payload) = scalar(kind, field, &r, &c) else { return false }
          r.set(base + slot, tag, payload)
        case .object(let slot, let sub, let subPlans):
          guard readObject(sub, subPlans, base: base, &r, &c, depth: depth + 1) else { return false }
          r.set(base + slot, FastTag.object, 0)
        case .entityList(let slot, let e):
          guard let payload = readRecords(e, &r, &c, depth: depth + 1) else { return false }
          r.set(base + slot, FastTag.entityList, payload)
        case .scalarList(let slot, let kind):
          guard let payload = readScalars(kind, &r, &c, depth: depth + 1) else { return false }
          r.set(base + slot, FastTag.scalarList, payload)
        case .unsupported:
          return false
        }
      }
      c.skipSpace()
      guard let next = c.peek else { return false }
      c.position += 1
      if next == UInt8(ascii: "}") { return true }
      guard next == UInt8(ascii: ",") else { return false }
    }
  }

  /// `[ {…}, … ]`: each element's record, then the index block.
  private func readRecords(_ e: Int, _ r: inout FastRecord, _ c: inout JSONCursor, depth: Int) -> Int64? {
    guard c.peek == UInt8(ascii: "["), depth < 30 else { return nil }
    c.position += 1
    let entity = entities[e]
    var bases: [Int] = []
    // Element ids must be distinct: their hashes, compared at the end (a
    // collision, like a duplicate, leaves the line to the general readers).
    var ids: [UInt64] = []
    c.skipSpace()
    if c.peek == UInt8(ascii: "]") {
      c.position += 1
    } else {
      while true {
        c.skipSpace()
        let base = r.allocate(entity.width)
        guard readObject(entity.object, entity.plans, base: base, &r, &c, depth: depth + 1) else { return nil }
        if let s = entity.idSlot, r.tags[base + s] == FastTag.string {
          let p = r.payloads[base + s]
          let (o, n) = (Int(p >> 24), Int(p & 0xFF_FFFF))
          var h: UInt64 = 0xcbf2_9ce4_8422_2325
          for k in o..<o + n { h = (h ^ UInt64(r.bytes[k])) &* 0x100_0000_01b3 }
          ids.append(h)
        }
        bases.append(base)
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "]") { break }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    }
    guard bases.count < 1 << 24 else { return nil }
    if ids.count > 1 {
      ids.sort()
      for k in 1..<ids.count where ids[k] == ids[k - 1] { return nil }
    }
    return Self.indexBlock(bases, &r)
  }

  /// The index block of an entity list (its elements' first slots): its payload.
  static func indexBlock(_ bases: [Int], _ r: inout FastRecord) -> Int64 {
    let index = r.allocate(bases.count)
    for (k, b) in bases.enumerated() { r.set(index + k, FastTag.int, Int64(b)) }
    return Int64(index) << 24 | Int64(bases.count)
  }

  /// Consecutive slots holding a list of scalars: its payload.
  static func scalarBlock(_ items: [(UInt8, Int64)], _ r: inout FastRecord) -> Int64 {
    let start = r.allocate(items.count)
    for (k, item) in items.enumerated() { r.set(start + k, item.0, item.1) }
    return Int64(start) << 24 | Int64(items.count)
  }

  /// `[ scalar, … ]` into consecutive slots.
  private func readScalars(_ kind: JSONRecordReader.Kind, _ r: inout FastRecord, _ c: inout JSONCursor, depth: Int) -> Int64? {
    guard c.peek == UInt8(ascii: "["), depth < 30 else { return nil }
    c.position += 1
    var items: [(UInt8, Int64)] = []
    c.skipSpace()
    if c.peek == UInt8(ascii: "]") {
      c.position += 1
    } else {
      while true {
        c.skipSpace()
        guard c.peek != UInt8(ascii: "n"), let item = scalar(kind, nil, &r, &c) else { return nil }
        items.append(item)
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "]") { break }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    }
    guard items.count < 1 << 24 else { return nil }
    return Self.scalarBlock(items, &r)
  }

  /// One scalar as `JSONRecordReader.read` types it (same acceptance).
  private func scalar(_ kind: JSONRecordReader.Kind, _ field: JSONRecordReader.Field?, _ r: inout FastRecord, _ c: inout JSONCursor) -> (UInt8, Int64)? {
    func ranged(_ d: Double) -> Bool {
      guard let f = field else { return true }
      return !((f.min.map { d < $0 } ?? false) || (f.max.map { d > $0 } ?? false))
    }
    switch kind {
    case .string:
      guard let b = c.stringBytes(), b.count < 1 << 24, r.bytes.count < 1 << 38 else { return nil }
      return (FastTag.string, r.string(b))
    case .enumeration(let values):
      guard let b = c.stringBytes(), values.contains(where: { $0.utf8.elementsEqual(b) }), r.bytes.count < 1 << 38 else { return nil }
      return (FastTag.string, r.string(b))
    case .int:
      guard let i = c.integer(), ranged(Double(i)) else { return nil }
      return (FastTag.int, i)
    case .double:
      guard let text = c.number(), let d = Double(text), d.isFinite, ranged(d) else { return nil }
      return (FastTag.double, Int64(bitPattern: d.bitPattern))
    case .bool:
      if c.literal("true") { return (FastTag.bool, 1) }
      if c.literal("false") { return (FastTag.bool, 0) }
      return nil
    case .date:
      guard let s = c.string(), let d = Day(iso: s) else { return nil }
      return (FastTag.date, Int64(d.ordinal))
    case .time:
      guard let s = c.string(), let m = DatasetLoader.minutes(s), TimeOfDay(minutes: m) != nil else { return nil }
      return (FastTag.time, Int64(m))
    default:
      return nil
    }
  }
}

// MARK: - Slots from a typed value (CSV tables, YAML files)

extension FastLayout {
  /// The slots of a school already read as a general value; nil when it
  /// holds something the layout does not (the general path reads it).
  func record(_ value: Value) -> FastRecord? {
    guard let root = entities.first, case .map(let m) = value else { return nil }
    var r = FastRecord(width: root.width)
    guard fill(root.object, root.plans, m, base: 0, &r) else { return nil }
    return r
  }

  private func fill(_ object: Int, _ plans: [Plan], _ m: MapValue, base: Int, _ r: inout FastRecord) -> Bool {
    let spec = reader.objects[object]
    var found = 0
    for (i, f) in spec.fields.enumerated() {
      guard let v = m[f.key], v != .null else { continue }
      found += 1
      switch plans[i] {
      case .scalar(let slot, _, _):
        guard let (tag, payload) = scalar(v, &r) else { return false }
        r.set(base + slot, tag, payload)
      case .object(let slot, let sub, let subPlans):
        guard case .map(let sm) = v, fill(sub, subPlans, sm, base: base, &r) else { return false }
        r.set(base + slot, FastTag.object, 0)
      case .entityList(let slot, let e):
        guard case .list(let items) = v, items.count < 1 << 24 else { return false }
        let entity = entities[e]
        var bases: [Int] = []
        bases.reserveCapacity(items.count)
        for item in items {
          guard case .map(let im) = item else { return false }
          let b = r.allocate(entity.width)
          guard fill(entity.object, entity.plans, im, base: b, &r) else { return false }
          bases.append(b)
        }
        r.set(base + slot, FastTag.entityList, Self.indexBlock(bases, &r))
      case .scalarList(let slot, _):
        guard case .list(let items) = v, items.count < 1 << 24 else { return false }
        var cells: [(UInt8, Int64)] = []
        for item in items {
          guard item != .null, let cell = scalar(item, &r) else { return false }
          cells.append(cell)
        }
        r.set(base + slot, FastTag.scalarList, Self.scalarBlock(cells, &r))
      case .unsupported:
        return false
      }
    }
    // Keys the dictionary does not list: the general path.
    return found == m.count
  }

  func scalar(_ v: Value, _ r: inout FastRecord) -> (UInt8, Int64)? {
    switch v {
    case .int(let i): return (FastTag.int, i)
    case .double(let d): return (FastTag.double, Int64(bitPattern: d.bitPattern))
    case .bool(let b): return (FastTag.bool, b ? 1 : 0)
    case .string(let s):
      guard s.utf8.count < 1 << 24, r.bytes.count < 1 << 38 else { return nil }
      return (FastTag.string, r.string(s))
    case .date(let d): return (FastTag.date, Int64(d.ordinal))
    case .time(let t): return (FastTag.time, Int64(t.minutes))
    default: return nil
    }
  }
}

/// A fuzzing aid (`FuzzJSON`): the fast reader of JSON Lines must take only
/// lines the general reader takes, and read the same school from them.
package struct FastReaderProbe: Sendable {
  let reader: JSONRecordReader
  let layout: FastLayout?

  package init(dictionary: DataDictionary) {
    reader = JSONRecordReader(dictionary: dictionary)
    layout = FastLayout(reader: reader)
  }

  /// What differs between the two readers on `line`, or nil.
  package func disagreement(_ line: UnsafeBufferPointer<UInt8>) -> String? {
    guard let layout, let fast = layout.school(line) else { return nil }
    guard let general = reader.school(line) else { return "the fast reader took a line the general reader leaves to the YAML path" }
    if fast.id != general.id || fast.name != general.name || fast.district != general.district || fast.column != general.column {
      return "different id, name, district or column"
    }
    guard let converted = layout.record(general.value) else { return "the general value has no slots" }
    if converted.tags.count != fast.record.tags.count || converted.bytes.count != fast.record.bytes.count {
      return "different slots"
    }
    return nil
  }
}
