import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML

#if canImport(Glibc)
  import Glibc
#endif

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
  /// The plans flattened for reading JSON Lines.
  private(set) var reading: FastReading?

  init?(reader: JSONRecordReader) {
    self.reader = reader
    guard case .object(let root) = reader.root else { return nil }
    var memo: [Int: Int] = [:]
    _ = entity(root, &memo)
    reading = FastReading(self)
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
    /// Keys no dictionary field has, skipped (each a `data.unknown-field` warning).
    var unknownKeys: [UnknownKeys.Note] = []
  }

  func school(_ line: UnsafeBufferPointer<UInt8>) -> School? {
    guard entities.first != nil, let reading, JSONRecordReader.isValidUTF8(line) else { return nil }
    var unknown = UnknownKeys()
    if let school = school(line, reading, &unknown) { return school }
    // A key the dictionary lacks: read again, skipping such keys and noting where they are.
    guard unknown.found else { return nil }
    // A lone CR inside the line is a line break to YAML, which then places
    // the keys after it on lines of their own: the YAML path says where.
    let body = line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line
    guard !body.contains(0x0D) else { return nil }
    unknown.tracing = true
    guard var school = school(line, reading, &unknown) else { return nil }
    school.unknownKeys = unknown.notes
    return school
  }

  private func school(_ line: UnsafeBufferPointer<UInt8>, _ reading: FastReading, _ unknown: inout UnknownKeys) -> School? {
    guard let root = entities.first else { return nil }
    var c = JSONCursor(bytes: line)
    c.skipSpace()
    let column = c.position + 1
    guard c.peek == UInt8(ascii: "{") else { return nil }
    var record = FastRecord(width: root.width)
    // Roughly what a line needs (a slot per ~12 bytes of JSON), to grow once or never.
    record.bytes.reserveCapacity(line.count / 2)
    record.tags.reserveCapacity(line.count / 12)
    record.payloads.reserveCapacity(line.count / 12)
    guard reading.object(Int(reading.entities[0].object), base: 0, &record, &c, &unknown, depth: 0) else { return nil }
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

  /// The index block of an entity list (its elements' first slots): its payload.
  static func indexBlock(_ bases: [Int], _ r: inout FastRecord) -> Int64 {
    let index = r.allocate(bases.count)
    for (k, b) in bases.enumerated() { r.set(index + k, FastTag.int, Int64(b)) }
    return Int64(index) << 24 | Int64(bases.count)
  }

  /// The FNV-1a hash of a string slot's bytes, to check that element ids
  /// are distinct (a collision, like a duplicate, leaves the school to the
  /// general readers); nil when the slot holds no string.
  static func stringHash(_ r: FastRecord, _ slot: Int) -> UInt64? {
    guard r.tags[slot] == FastTag.string else { return nil }
    let p = r.payloads[slot]
    let (o, n) = (Int(p >> 24), Int(p & 0xFF_FFFF))
    return r.bytes.withUnsafeBufferPointer { b in
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      for k in o..<o + n { h = (h ^ UInt64(b[k])) &* 0x100_0000_01b3 }
      return h
    }
  }

  /// Whether the hashes are all different (sorts them).
  static func distinct(_ hashes: inout [UInt64]) -> Bool {
    guard hashes.count > 1 else { return true }
    hashes.sort()
    for k in 1..<hashes.count where hashes[k] == hashes[k - 1] { return false }
    return true
  }

  /// Consecutive slots holding a list of scalars: its payload.
  static func scalarBlock(_ items: [(UInt8, Int64)], _ r: inout FastRecord) -> Int64 {
    let start = r.allocate(items.count)
    for (k, item) in items.enumerated() { r.set(start + k, item.0, item.1) }
    return Int64(start) << 24 | Int64(items.count)
  }
}

/// Keys of a line that no dictionary field has (`data.unknown-field`, a
/// warning; an export's extra column puts one on every line). The first
/// pass over a line stops at one (`found`); the second (`tracing`) skips
/// each such key's value and notes it with its path, as
/// `DatasetLoader.object` reports it, so the school still goes into slots.
struct UnknownKeys {
  struct Note: Sendable {
    /// The key's path (`school.staff[3].nickname`).
    var path: String
    /// The closest field of the same object, as a path.
    var suggestion: String?
    /// The key's column in the line, in characters (as libyaml counts).
    var column: Int
  }

  var tracing = false
  var found = false
  /// While tracing: the path to the current object (`.staff`, `[3]`, …) after `school`.
  var path: [String] = []
  var notes: [Note] = []
}

/// The layout's plans for reading JSON Lines, flattened into tables of
/// plain values (no references to count while a line is read): per object
/// of the layout its steps (one per dictionary field, in field order) and
/// its reader object's key spellings; enumeration values as bytes.
/// Immutable after `init`; owns its buffers.
final class FastReading: @unchecked Sendable {
  enum Op: UInt8 {
    case string, enumeration, int, double, bool, date, time, object, entityList, scalarList, unsupported
  }

  struct Step {
    var op: Op
    /// scalarList: the elements' op.
    var element: Op = .unsupported
    var slot: Int
    /// object: its index in `objects`; entityList: the entity; enumeration
    /// (also as element): the index of its values in `enumerations`.
    var sub = 0
    /// The field's range (`JSONRecordReader.Field`; infinite without one).
    var min = -Double.infinity
    var max = Double.infinity
  }

  struct Object {
    var steps: Int
    var stepCount: Int
    var keys: Int
    var keyCount: Int
  }

  struct Entity {
    var object: Int
    var width: Int
    /// The slot of a string `id` field, or -1.
    var idSlot: Int
  }

  /// Bytes at `offset` in `bytes`; for a key, the field (step) it names.
  struct Span {
    var offset: Int
    var count: Int
    var field = 0
  }

  let steps: UnsafeMutableBufferPointer<Step>
  let objects: UnsafeMutableBufferPointer<Object>
  let entities: UnsafeMutableBufferPointer<Entity>
  let keys: UnsafeMutableBufferPointer<Span>
  /// Per enumeration: the range of its values in `values`.
  let enumerations: UnsafeMutableBufferPointer<Span>
  let values: UnsafeMutableBufferPointer<Span>
  let bytes: UnsafeMutableBufferPointer<UInt8>
  /// Per object: its fields' names (suggestions for an unknown key), and
  /// every spelling as a string (`DatasetLoader` compares keys as strings).
  let names: [[String]]
  let spellings: [Set<String>]

  init?(_ layout: FastLayout) {
    var steps: [Step] = []
    var objects: [Object] = []
    var entities: [Entity] = []
    var keys: [Span] = []
    var enumerations: [Span] = []
    var values: [Span] = []
    var bytes: [UInt8] = []
    var keyRanges: [Int: (Int, Int)] = [:]
    var enumIndex: [[String]: Int] = [:]
    var names: [[String]] = []
    var spellings: [Set<String>] = []
    let reader = layout.reader

    func enumeration(_ v: [String]) -> Int {
      if let i = enumIndex[v] { return i }
      let i = enumerations.count
      enumerations.append(Span(offset: values.count, count: v.count))
      for s in v {
        values.append(Span(offset: bytes.count, count: s.utf8.count))
        bytes += s.utf8
      }
      enumIndex[v] = i
      return i
    }
    func keyRange(_ object: Int) -> (Int, Int) {
      if let r = keyRanges[object] { return r }
      let start = keys.count
      for s in reader.objects[object].spellings {
        keys.append(Span(offset: bytes.count, count: s.bytes.count, field: s.field))
        bytes += s.bytes
      }
      keyRanges[object] = (start, keys.count - start)
      return (start, keys.count - start)
    }
    func scalarOp(_ k: JSONRecordReader.Kind) -> (Op, Int)? {
      switch k {
      case .string: (.string, 0)
      case .int: (.int, 0)
      case .double: (.double, 0)
      case .bool: (.bool, 0)
      case .date: (.date, 0)
      case .time: (.time, 0)
      case .enumeration(let v): (.enumeration, enumeration(v))
      default: nil
      }
    }
    func flatten(_ object: Int, _ plans: [FastLayout.Plan]) -> Int {
      let index = objects.count
      objects.append(Object(steps: 0, stepCount: 0, keys: 0, keyCount: 0))
      let spec = reader.objects[object]
      names.append(spec.fields.compactMap { if case .string(let n) = $0.key { n } else { nil } })
      spellings.append(Set(spec.spellings.map { String(decoding: $0.bytes, as: UTF8.self) }))
      var own: [Step] = []
      for plan in plans {
        switch plan {
        case .scalar(let slot, let kind, let field):
          guard let (op, sub) = scalarOp(kind) else {
            own.append(Step(op: .unsupported, slot: 0))
            continue
          }
          own.append(Step(op: op, slot: slot, sub: sub, min: field.min ?? -.infinity, max: field.max ?? .infinity))
        case .object(let slot, let sub, let subPlans):
          own.append(Step(op: .object, slot: slot, sub: flatten(sub, subPlans)))
        case .entityList(let slot, let e):
          own.append(Step(op: .entityList, slot: slot, sub: e))
        case .scalarList(let slot, let kind):
          guard let (op, sub) = scalarOp(kind) else {
            own.append(Step(op: .unsupported, slot: 0))
            continue
          }
          own.append(Step(op: .scalarList, element: op, slot: slot, sub: sub))
        case .unsupported:
          own.append(Step(op: .unsupported, slot: 0))
        }
      }
      let (k, n) = keyRange(object)
      objects[index] = Object(steps: steps.count, stepCount: own.count, keys: k, keyCount: n)
      steps += own
      return index
    }
    for e in layout.entities {
      let object = flatten(e.object, e.plans)
      entities.append(Entity(object: object, width: e.width, idSlot: e.idSlot ?? -1))
    }
    guard !entities.isEmpty else { return nil }
    func buffer<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
      let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
      _ = b.initialize(from: a)
      return b
    }
    self.steps = buffer(steps)
    self.objects = buffer(objects)
    self.entities = buffer(entities)
    self.keys = buffer(keys)
    self.enumerations = buffer(enumerations)
    self.values = buffer(values)
    self.bytes = buffer(bytes)
    self.names = names
    self.spellings = spellings
  }

  deinit {
    steps.deallocate()
    objects.deallocate()
    entities.deallocate()
    keys.deallocate()
    enumerations.deallocate()
    values.deallocate()
    bytes.deallocate()
  }

  @inline(__always)
  private func equal(_ span: Span, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    span.count == b.count && FastOps.sameBytes(UnsafeBufferPointer(rebasing: bytes[span.offset..<span.offset + span.count]), b)
  }

  /// The field a key names (`JSONRecordReader.field`: the first spelling that matches).
  @inline(__always)
  private func field(_ o: Object, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
    for k in o.keys..<o.keys + o.keyCount where equal(keys[k], key) { return keys[k].field }
    return nil
  }

  /// `{ … }` of object `index` into the record at `base`.
  func object(_ index: Int, base: Int, _ r: inout FastRecord, _ c: inout JSONCursor, _ u: inout UnknownKeys, depth: Int) -> Bool {
    guard c.peek == UInt8(ascii: "{"), depth < 30 else { return false }
    c.position += 1
    let o = objects[index]
    var seen: UInt64 = 0
    // Unknown keys of this object (only while tracing), to refuse a duplicate.
    var unknownHere: [String] = []
    c.skipSpace()
    if c.peek == UInt8(ascii: "}") {
      c.position += 1
      return true
    }
    while true {
      c.skipSpace()
      let keyStart = c.position
      guard let key = c.stringBytes() else { return false }
      if let f = field(o, key) {
        guard f < 64, f < o.stepCount, seen & (1 << UInt64(f)) == 0 else { return false }
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
          let step = steps[o.steps + f]
          if u.tracing, step.op == .object || step.op == .entityList { u.path.append("." + String(decoding: key, as: UTF8.self)) }
          switch step.op {
          case .object:
            guard object(step.sub, base: base, &r, &c, &u, depth: depth + 1) else { return false }
            r.set(base + step.slot, FastTag.object, 0)
          case .entityList:
            guard let payload = records(step.sub, &r, &c, &u, depth: depth + 1) else { return false }
            r.set(base + step.slot, FastTag.entityList, payload)
          case .scalarList:
            guard let payload = scalars(step, &r, &c, depth: depth + 1) else { return false }
            r.set(base + step.slot, FastTag.scalarList, payload)
          case .unsupported:
            return false
          default:
            guard let (tag, payload) = scalar(step.op, step, ranged: true, &r, &c) else { return false }
            r.set(base + step.slot, tag, payload)
          }
          if u.tracing, step.op == .object || step.op == .entityList { u.path.removeLast() }
        }
      } else {
        // A key no field has: the first pass stops; the second skips a plain value.
        guard u.tracing else {
          u.found = true
          return false
        }
        guard unknown(index, key, at: keyStart, &c, &u, &unknownHere) else { return false }
      }
      c.skipSpace()
      guard let next = c.peek else { return false }
      c.position += 1
      if next == UInt8(ascii: "}") { return true }
      guard next == UInt8(ascii: ",") else { return false }
    }
  }

  /// A key of object `index` that no field has, as `DatasetLoader.object`
  /// sees it (keys compared as strings): its value skipped, the key noted
  /// with its path. False (the general path decides) when the value is not
  /// plain, the key is a duplicate, or a string comparison finds a field.
  private func unknown(_ index: Int, _ key: UnsafeBufferPointer<UInt8>, at offset: Int, _ c: inout JSONCursor, _ u: inout UnknownKeys, _ here: inout [String]) -> Bool {
    let text = String(decoding: key, as: UTF8.self)
    guard !names[index].isEmpty, key.count <= 1024, !spellings[index].contains(text), !here.contains(text) else { return false }
    here.append(text)
    c.skipSpace()
    guard c.peek == UInt8(ascii: ":") else { return false }
    c.position += 1
    c.skipSpace()
    guard c.skipPlainValue() else { return false }
    let path = "school" + u.path.joined()
    let column = 1 + UnsafeBufferPointer(rebasing: c.bytes[0..<offset]).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    u.notes.append(
      UnknownKeys.Note(path: path + "." + text, suggestion: Diagnostic.closest(text, in: names[index]).map { path + "." + $0 }, column: column))
    return true
  }

  /// `[ {…}, … ]`: each element's record, then the index block.
  private func records(_ e: Int, _ r: inout FastRecord, _ c: inout JSONCursor, _ u: inout UnknownKeys, depth: Int) -> Int64? {
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
        if u.tracing { u.path.append("[\(bases.count)]") }
        guard object(entity.object, base: base, &r, &c, &u, depth: depth + 1) else { return nil }
        if u.tracing { u.path.removeLast() }
        if entity.idSlot >= 0, let h = FastLayout.stringHash(r, base + entity.idSlot) { ids.append(h) }
        bases.append(base)
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "]") { break }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    }
    guard bases.count < 1 << 24, FastLayout.distinct(&ids) else { return nil }
    return FastLayout.indexBlock(bases, &r)
  }

  /// `[ scalar, … ]` into consecutive slots.
  private func scalars(_ step: Step, _ r: inout FastRecord, _ c: inout JSONCursor, depth: Int) -> Int64? {
    guard c.peek == UInt8(ascii: "["), depth < 30 else { return nil }
    c.position += 1
    var items: [(UInt8, Int64)] = []
    c.skipSpace()
    if c.peek == UInt8(ascii: "]") {
      c.position += 1
    } else {
      while true {
        c.skipSpace()
        guard c.peek != UInt8(ascii: "n"), let item = scalar(step.element, step, ranged: false, &r, &c) else { return nil }
        items.append(item)
        c.skipSpace()
        guard let next = c.peek else { return nil }
        c.position += 1
        if next == UInt8(ascii: "]") { break }
        guard next == UInt8(ascii: ",") else { return nil }
      }
    }
    guard items.count < 1 << 24 else { return nil }
    return FastLayout.scalarBlock(items, &r)
  }

  /// One scalar as `JSONRecordReader.read` types it (same acceptance);
  /// `ranged`: checked against the step's range (fields, not list elements).
  @inline(__always)
  private func scalar(_ op: Op, _ step: Step, ranged: Bool, _ r: inout FastRecord, _ c: inout JSONCursor) -> (UInt8, Int64)? {
    switch op {
    case .string:
      guard let b = c.stringBytes(), b.count < 1 << 24, r.bytes.count < 1 << 38 else { return nil }
      return (FastTag.string, r.string(b))
    case .enumeration:
      guard let b = c.stringBytes(), r.bytes.count < 1 << 38 else { return nil }
      let e = enumerations[step.sub]
      for v in e.offset..<e.offset + e.count where equal(values[v], b) { return (FastTag.string, r.string(b)) }
      return nil
    case .int:
      guard let i = c.integer(), !ranged || !(Double(i) < step.min || Double(i) > step.max) else { return nil }
      return (FastTag.int, i)
    case .double:
      guard let text = c.number(), let d = Double(text), d.isFinite, !ranged || !(d < step.min || d > step.max) else { return nil }
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
    for (i, f) in spec.fields.enumerated() {
      guard let v = m[f.key] else { continue }
      guard v != .null else { return false }
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
    // Keys the dictionary does not list (each already a `data.unknown-field`
    // warning) no rule can read: the slots leave them out.
    return true
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
/// lines the general readers take, and read the same school from them —
/// lines with keys the dictionary lacks against the YAML path, which also
/// gives the `data.unknown-field` warnings the fast reader must repeat.
package struct FastReaderProbe: Sendable {
  let reader: JSONRecordReader
  let layout: FastLayout?
  let loader: DatasetLoader

  package init(dictionary: DataDictionary) {
    reader = JSONRecordReader(dictionary: dictionary)
    layout = FastLayout(reader: reader)
    loader = DatasetLoader(dictionary: dictionary)
  }

  /// What differs between the two readers on `line`, or nil.
  package func disagreement(_ line: UnsafeBufferPointer<UInt8>) -> String? {
    guard let layout, let fast = layout.school(line) else { return nil }
    let general: (value: Value, id: String, name: String, district: String?, column: Int)
    if fast.unknownKeys.isEmpty {
      guard let g = reader.school(line) else { return "the fast reader took a line the general reader leaves to the YAML path" }
      general = g
    } else {
      var diags: [Diagnostic] = []
      guard let node = try? YAMLLoader.loadLine(bytes: ArraySlice(line), file: "probe.jsonl", line: 1),
        let school = loader.school(node, &diags)
      else { return "the fast reader skipped unknown keys in a line the YAML path refuses" }
      let expected = diags.map { "\($0.code) \($0.location?.column ?? 0) \($0.message.zh)" }
      let got = fast.unknownKeys.map {
        let d = Diagnostic.dataUnknownField($0.path, suggestion: $0.suggestion, at: SourceLocation(file: "probe.jsonl", line: 1, column: $0.column))
        return "\(d.code) \($0.column) \(d.message.zh)"
      }
      if got != expected { return "different unknown-field warnings: \(got) against \(expected)" }
      general = (school.value, school.id, school.name, school.district, school.location.column)
    }
    if fast.id != general.id || fast.name != general.name || fast.district != general.district || fast.column != general.column {
      return "different id, name, district or column"
    }
    guard let converted = layout.record(general.value) else { return "the general value has no slots" }
    // Counts only: the two fill slots in a different order (fields against keys).
    if converted.tags.count != fast.record.tags.count || converted.bytes.count != fast.record.bytes.count {
      return "different slots"
    }
    return nil
  }
}
