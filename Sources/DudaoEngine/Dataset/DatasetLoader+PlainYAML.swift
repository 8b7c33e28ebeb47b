import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML

/// YAML and JSON school files typed straight from the parser's events.
///
/// The general path builds the document's `Node` tree (`YAMLLoader.load`)
/// and types the tree (`typed`); for a folder of school files that cost
/// three times libyaml's own parse. A file of the usual shape — a mapping of
/// only `school: {…}` or `schools: [{…}, …]`, without anchors, aliases, tags
/// or merge keys, every key a field of the dictionary, every value of its
/// field's type — is typed here from the events instead, scalars by `typed`
/// itself. Whenever the general path would report anything (a YAML error, a
/// warning, a wrong value) or do anything more (merge, expand, drop), this
/// path gives up and the file is read the general way: the schools and the
/// diagnostics are the same by construction.
extension DatasetLoader {
  /// The schools of a plain document (see above); nil when the general path must read it.
  func plainDocument(_ bytes: [UInt8], file: String) -> DocumentResult? {
    YAMLLoader.withPlainEvents(bytes: bytes, file: file, limits: limits) { events in
      var scratch = PlainScratch()
      return plainSchools(&events, &scratch)
    }
  }
}

/// Room to collect the items of the lists and the fields of the objects
/// being read (each list's array is then made at its final size, once), and
/// the fields and keys of recent objects: the next object's keys are guessed
/// from them, and shared when it has the same fields in the same order (the
/// staff of a school, its classes).
struct PlainScratch {
  var values: [Value] = []
  var fields: [Int] = []
  /// By depth: the keys of the last object read there.
  var recentKeys: [[Value]] = []
  /// By depth: the fields of the last object read there (its keys' indexes in its table).
  var recentFields: [[Int]] = []

  /// The keys of the fields `fields[start...]` of the table whose fields are `infos`.
  mutating func keys(_ infos: [DatasetLoader.FieldInfo], from start: Int, depth: Int) -> [Value] {
    let count = fields.count - start
    if depth < recentKeys.count {
      let recent = recentKeys[depth]
      if recent.count == count, (0..<count).allSatisfy({ recent[$0] == infos[fields[start + $0]].key }) { return recent }
    }
    let keys = fields[start...].map { infos[$0].key }
    while recentKeys.count <= depth { recentKeys.append([]) }
    recentKeys[depth] = keys
    return keys
  }

  /// Remembers the fields of the object just read at `depth`, whose fields are `fields[start...]`.
  mutating func remember(from start: Int, depth: Int) {
    while recentFields.count <= depth { recentFields.append([]) }
    if !recentFields[depth].elementsEqual(fields[start...]) { recentFields[depth] = Array(fields[start...]) }
  }
}

private extension DatasetLoader {
  /// Where scalars typed by `typed` here are said to be (their diagnostics are never kept).
  static let nowhere = SourceLocation(file: "", line: 0, column: 0)
  static let nowherePath = DataPath.root("")

  /// The root: `school: {…}` or `schools: [{…}, …]`, and nothing else.
  func plainSchools(_ events: inout YAMLPlainEvents, _ scratch: inout PlainScratch) -> DocumentResult? {
    guard events.next() == .mappingStart, case .scalar(let key, _)? = events.next() else { return nil }
    var schools: [(record: SchoolRecord?, diags: [Diagnostic])] = []
    switch key {
    case "school":
      guard events.next() == .mappingStart, let record = plainSchool(&events, &scratch) else { return nil }
      schools.append((record, []))
    case "schools":
      guard events.next() == .sequenceStart else { return nil }
      while true {
        guard let event = events.next() else { return nil }
        if event == .end { break }
        guard event == .mappingStart, let record = plainSchool(&events, &scratch) else { return nil }
        schools.append((record, []))
      }
    default:
      return nil
    }
    guard events.next() == .end, events.finish() else { return nil }
    return DocumentResult(content: .schools(schools))
  }

  /// A school, its mapping just opened: as `school(_:_:)` types it, when that reports nothing.
  func plainSchool(_ events: inout YAMLPlainEvents, _ scratch: inout PlainScratch) -> SchoolRecord? {
    let location = events.location
    guard let table = entityFields["school"], let value = plainObject(&events, &scratch, table, depth: 0) else {
      return nil
    }
    return Self.record(value, at: location)
  }

  /// The value of type `type` of the node that starts with `event`, as
  /// `typed` gives it; nil when `typed` would report anything, or when the
  /// node is a collection `typed` reads untyped (`any`).
  func plainValue(
    _ event: YAMLPlainEvents.Event, _ events: inout YAMLPlainEvents, _ scratch: inout PlainScratch,
    _ type: DataDictionary.FieldType, info: FieldInfo?, table: FieldTable?, depth: Int
  ) -> Value? {
    switch event {
    case .scalar(let text, let style):
      var diags: [Diagnostic] = []
      let node = Node(.scalar(Node.Scalar(text: text, style: style)), at: Self.nowhere)
      let value = typed(node, type, path: Self.nowherePath, &diags, depth: depth, info: info, table: table)
      return diags.isEmpty ? value : nil
    case .mappingStart:
      switch type {
      case .entity(let name):
        guard let fields = entityFields[name] else { return nil }
        return plainObject(&events, &scratch, fields, depth: depth)
      case .object(let fields):
        return plainObject(&events, &scratch, table ?? FieldTable(fields, indexed: false), depth: depth)
      default:
        return nil
      }
    case .sequenceStart:
      guard case .list(let element) = type else { return nil }
      // A list of entities: the entity's table looked up once, not per element.
      var entity: FieldTable?
      if case .entity(let name) = element {
        guard let fields = entityFields[name] else { return nil }
        entity = fields
      }
      let base = scratch.values.count
      defer { scratch.values.removeSubrange(base...) }
      var ids: Set<String> = []
      while true {
        guard let item = events.next() else { return nil }
        if item == .end { break }
        let read: Value?
        if let entity, item == .mappingStart {
          read = plainObject(&events, &scratch, entity, depth: depth + 1)
        } else {
          read = plainValue(item, &events, &scratch, element, info: nil, table: table, depth: depth + 1)
        }
        guard let value = read else { return nil }
        // A repeated element id: `data.duplicate-element`.
        if case .map(let m) = value, case .string(let id)? = m[.string("id")] {
          if ids.isEmpty { ids.reserveCapacity(16) }
          guard ids.insert(id).inserted else { return nil }
        }
        scratch.values.append(value)
      }
      return .list(Array(scratch.values[base...]))
    case .end:
      return nil
    }
  }

  /// An object, its mapping just opened, as `object` types it. Gives up on
  /// a key that is not a scalar, a merge key, a key the table does not know
  /// (a warning), and a field named twice (a duplicate key, or two
  /// spellings of one field, which `object` merges).
  func plainObject(
    _ events: inout YAMLPlainEvents, _ scratch: inout PlainScratch, _ table: FieldTable, depth: Int
  ) -> Value? {
    guard depth < 32, !table.fields.isEmpty else { return nil }
    let fields = table.infos
    // This object's fields are collected above these, nested objects' above its.
    let fieldBase = scratch.fields.count
    defer { scratch.fields.removeSubrange(fieldBase...) }
    var distinct = table.distinctNames
    var seen: UInt64 = 0
    var seenBeyond: Set<Int> = []
    // Objects of a list are mostly written with the same keys in the same
    // order: the k-th key is first guessed to name the k-th field of the
    // previous object at this depth (checked, see `FieldTable.ownNames`),
    // and the values are collected in an array of that many.
    let guesses = depth < scratch.recentFields.count ? scratch.recentFields[depth] : []
    var values: [Value] = []
    values.reserveCapacity(guesses.isEmpty ? 8 : guesses.count)
    var k = 0
    while true {
      guard let event = events.next() else { return nil }
      if event == .end { break }
      guard case .scalar(let key, let style) = event, !(style == .plain && key == "<<") else { return nil }
      let i: Int
      if k < guesses.count, guesses[k] < table.ownNames.count, table.ownNames[guesses[k]] == key {
        i = guesses[k]
      } else {
        guard let found = table.index(of: key) else { return nil }
        i = found
      }
      k += 1
      if i < 64 {
        guard seen & (1 << UInt64(i)) == 0 else { return nil }
        seen |= 1 << UInt64(i)
      } else {
        guard seenBeyond.insert(i).inserted else { return nil }
      }
      guard let first = events.next(),
        let value = plainValue(
          first, &events, &scratch, fields[i].type, info: fields[i], table: table.nested[i], depth: depth + 1)
      else { return nil }
      if value != .null {
        values.append(value)
        scratch.fields.append(i)
        // As `object` decides: fields beyond the 64th are not tracked there.
        if i >= 64 { distinct = false }
      }
    }
    scratch.remember(from: fieldBase, depth: depth)
    if distinct {
      return .map(MapValue(distinctKeys: scratch.keys(fields, from: fieldBase, depth: depth), values: values))
    }
    return .map(MapValue(zip(scratch.fields[fieldBase...], values).map { (key: fields[$0].key, value: $1) }))
  }
}
