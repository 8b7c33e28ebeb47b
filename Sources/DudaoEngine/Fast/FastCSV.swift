import DudaoExpr

// MARK: - CSV rows straight into slots

/// How the columns of one CSV table land in `FastRecord` slots: worked out
/// once per table from its `CSVLayout`, so that a streamed school and its
/// child rows are typed into slots without building values, maps or lists
/// (`FastLayout.csvSchool`). Exactly what `csvRow`, `csvJoin` and
/// `FastLayout.record` do together, for the rows they take without a
/// diagnostic; anything else is left to them.
/// (A class: it is looked up for every row, and copying its arrays would
/// retain and release each of them.)
final class FastCSVTable: Sendable {
  enum Column: Sendable {
    /// Not a field (ignored, or the join column: read by the caller).
    case skip
    /// A leaf: the slot (below the entity's first), the slots of the
    /// objects around it (present when it is), its `CSVLayout.Quick`, and
    /// whether it is a list of texts.
    case cell(slot: Int, parents: [Int], quick: CSVLayout.Quick, texts: Bool)
  }

  /// The columns flattened for the per-row loop: trivial values only, so
  /// reading a column retains nothing (a `Column`'s arrays and sets would
  /// be retained and released for every cell of every row).
  let cells: [Cell]
  let parentSlots: [Int]
  let quicks: [CSVLayout.Quick]
  /// The values of enumeration cells, as bytes (`Plain.enumeration`).
  let enumValues: [[UInt8]]

  struct Cell {
    /// false: `.skip`.
    var active: Bool
    var slot: Int
    /// Into `parentSlots`.
    var parents: Range<Int>
    /// Into `quicks`.
    var quick: Int
    var plain: Plain
    var texts: Bool
  }

  /// The cells `plainCell` types from bytes.
  enum Plain {
    case string
    case int(min: Double?, max: Double?)
    case texts
    case bool
    /// Values `enumValues[range]`.
    case enumeration(Range<Int>)
    case other
  }
  /// The entity the rows are records of (0: the school).
  let entity: Int
  /// Child table: the school's slot of the list the rows go into, and the join column.
  let listSlot: Int?
  let join: Int?

  init(columns: [Column], entity: Int, listSlot: Int?, join: Int?) {
    self.entity = entity
    self.listSlot = listSlot
    self.join = join
    var cells: [Cell] = [], parentSlots: [Int] = [], quicks: [CSVLayout.Quick] = [], enumValues: [[UInt8]] = []
    for c in columns {
      guard case .cell(let slot, let parents, let quick, let texts) = c else {
        cells.append(Cell(active: false, slot: 0, parents: 0..<0, quick: 0, plain: .other, texts: false))
        continue
      }
      let plain: Plain = switch quick {
      case .string: .string
      case .int(let min, let max): .int(min: min, max: max)
      case .texts: .texts
      case .bool: .bool
      case .enumeration(let values):
        .enumeration(enumValues.count..<enumValues.count + values.count)
      default: .other
      }
      if case .enumeration(let values) = quick { enumValues += values.map { Array($0.utf8) } }
      cells.append(Cell(active: true, slot: slot, parents: parentSlots.count..<parentSlots.count + parents.count, quick: quicks.count, plain: plain, texts: texts))
      parentSlots += parents
      quicks.append(quick)
    }
    self.cells = cells
    self.parentSlots = parentSlots
    self.quicks = quicks
    self.enumValues = enumValues
  }
}

extension FastLayout {
  /// The slots of a CSV table's columns; nil when a column holds something
  /// the layout does not (those tables are read by the general path).
  func csvTable(_ layout: CSVLayout) -> FastCSVTable? {
    guard let root = entities.first else { return nil }
    var entity = 0
    var listSlot: Int?
    if let list = layout.kind.listField {
      guard let i = reader.objects[root.object].fields.firstIndex(where: { $0.key == .string(list) }),
        case .entityList(let slot, let e) = root.plans[i], layout.join != nil
      else { return nil }
      entity = e
      listSlot = slot
    }
    var columns: [FastCSVTable.Column] = []
    columns.reserveCapacity(layout.columns.count)
    for c in layout.columns {
      guard case .field(let k) = c else {
        columns.append(.skip)
        continue
      }
      var object = entities[entity].object
      var plans = entities[entity].plans
      var parents: [Int] = []
      let path = layout.paths[k]
      for (depth, name) in path.enumerated() {
        guard let i = reader.objects[object].fields.firstIndex(where: { $0.key == .string(name) }) else { return nil }
        let last = depth == path.count - 1
        switch (plans[i], last, layout.quick[k]) {
        case (.object(let slot, let sub, let subPlans), false, _):
          parents.append(slot)
          object = sub
          plans = subPlans
        case (.scalar(let slot, _, _), true, let q):
          if case .texts = q { return nil }
          columns.append(.cell(slot: slot, parents: parents, quick: q, texts: false))
        case (.scalarList(let slot, _), true, .texts):
          columns.append(.cell(slot: slot, parents: parents, quick: .texts, texts: true))
        default:
          return nil
        }
      }
    }
    return FastCSVTable(columns: columns, entity: entity, listSlot: listSlot, join: layout.join)
  }

  /// A streamed school and its child rows in slots, as `csvJoin` joins them
  /// and `record` lays them out; nil when they must decide (a cell typed
  /// with a diagnostic or by YAML, a ragged row, a missing id or join cell,
  /// a row of another school, a duplicate id in a list, a school from a
  /// YAML file, a filled checklist).
  func csvSchool(_ item: CSVJoinItem, tables: [FastCSVTable?], files: [String]) -> (school: School, file: String, line: Int)? {
    guard let root = entities.first, case .csv(let k, let record) = item.school, let t = tables[k], t.listSlot == nil else { return nil }
    var r = FastRecord(width: root.width)
    guard fillRow(record.cells, t, base: 0, &r) else { return nil }
    let start = record.location(0, file: files[k])
    guard let school = finish(r, column: start.column), !school.hasObservations else { return nil }
    r = school.record
    if !item.children.isEmpty {
      // Per list slot, in the order lists first appear: its records' first slots, and their ids' hashes.
      var lists: [(slot: Int, bases: [Int], ids: [UInt64])] = []
      let schoolID = Array(school.id.utf8)
      for j in item.children.indices {
        guard let c = tables[item.children[j].source], let listSlot = c.listSlot, let join = c.join else { return nil }
        // Width and id slot only (a copy of the entity would retain its plans).
        let width = entities[c.entity].width, idSlot = entities[c.entity].idSlot
        let base = r.allocate(width)
        switch item.children[j].child {
        case .raw(let row):
          guard row.withBytes({ fillRaw($0, c, join: join, schoolID: schoolID, base: base, &r) }) else { return nil }
        case .csv(let record):
          // Only the cells (copying the row would retain its position arrays too).
          let cells = record.cells
          guard join < cells.count, !cells[join].isEmpty, cells[join] == school.id, fillRow(cells, c, base: base, &r) else { return nil }
        case .typed:
          return nil
        }
        let l: Int
        if let found = lists.firstIndex(where: { $0.slot == listSlot }) {
          l = found
        } else {
          l = lists.count
          lists.append((listSlot, [], []))
        }
        lists[l].bases.append(base)
        if let s = idSlot, let h = Self.stringHash(r, base + s) { lists[l].ids.append(h) }
      }
      for var list in lists {
        // Ids distinct per list (a hash collision, like a duplicate, leaves it to `csvJoin`).
        guard list.bases.count < 1 << 24, Self.distinct(&list.ids) else { return nil }
        r.set(list.slot, FastTag.entityList, Self.indexBlock(list.bases, &r))
      }
    }
    // Observations from a child table: the general path applies them.
    if let f = schema.entities[0].fields["observations"], r.tags[f.slot] != FastTag.absent { return nil }
    var out = school
    out.record = r
    return (out, files[k], start.line)
  }

  /// One row's cells into the record at `base`; false when `csvRow` would
  /// say something about it or type a cell by YAML.
  private func fillRow(_ cells: [String], _ t: FastCSVTable, base: Int, _ r: inout FastRecord) -> Bool {
    let n = t.cells.count
    if cells.count != n, cells.count < n || cells[n...].contains(where: { !$0.isEmpty }) { return false }
    for i in 0..<n {
      let c = t.cells[i]
      guard c.active, !cells[i].isEmpty else { continue }
      var text = cells[i]
      guard text.withUTF8({ fillCell($0, c, t, base: base, &r) }) else { return false }
    }
    return true
  }

  /// `fillRow` for a raw row (`CSVRawRow`: the line split at commas, cells
  /// trimmed), whose join cell must be `schoolID`.
  private func fillRaw(_ line: UnsafeBufferPointer<UInt8>, _ t: FastCSVTable, join: Int, schoolID: [UInt8], base: Int, _ r: inout FastRecord) -> Bool {
    // A ragged row: `csvRow` says so.
    CSVRawRow.cells(t.cells.count, of: line) { i, cell, _ in
      let c = t.cells[i]
      if i == join {
        guard !cell.isEmpty, schoolID.withUnsafeBufferPointer({ FastOps.sameBytes($0, UnsafeBufferPointer(rebasing: line[cell])) }) else { return false }
      }
      guard c.active, !cell.isEmpty else { return true }
      return fillCell(UnsafeBufferPointer(rebasing: line[cell]), c, t, base: base, &r)
    }
  }

  /// One non-empty cell into its slot; false as `fillRow`.
  @inline(__always)
  private func fillCell(_ b: UnsafeBufferPointer<UInt8>, _ c: FastCSVTable.Cell, _ t: FastCSVTable, base: Int, _ r: inout FastRecord) -> Bool {
    switch Self.plainCell(b, c.plain, t.enumValues, &r) {
    case .some(nil):
      return true
    case .some(let (tag, payload)?):
      r.set(base + c.slot, tag, payload)
    case nil:
      guard let v = t.quicks[c.quick].value(String(decoding: b, as: UTF8.self)) else { return false }
      switch v {
      case .null:
        return true
      case .list(let items):
        guard c.texts, items.count < 1 << 24 else { return false }
        var block: [(UInt8, Int64)] = []
        block.reserveCapacity(items.count)
        for item in items {
          guard case .string(let s) = item, s.utf8.count < 1 << 24, r.bytes.count < 1 << 38 else { return false }
          block.append((FastTag.string, r.string(s)))
        }
        r.set(base + c.slot, FastTag.scalarList, Self.scalarBlock(block, &r))
      default:
        guard !c.texts, let (tag, payload) = scalar(v, &r) else { return false }
        r.set(base + c.slot, tag, payload)
      }
    }
    for p in c.parents { r.set(base + t.parentSlots[p], FastTag.object, 0) }
    return true
  }

  /// The common cells typed from their bytes, as `Quick.value` types them
  /// (plain strings, ASCII integers, `;`-separated ASCII words): the slot's
  /// tag and payload, `.some(nil)` for a null word, nil for the others
  /// (then `Quick.value` types it).
  private static func plainCell(_ b: UnsafeBufferPointer<UInt8>, _ quick: FastCSVTable.Plain, _ enumValues: [[UInt8]], _ r: inout FastRecord) -> (UInt8, Int64)?? {
    do {
      // YAML's null words (`Quick.value`).
      switch b.count {
      case 1 where b[0] == UInt8(ascii: "~"): return .some(nil)
      case 4 where (b[0] == UInt8(ascii: "n") || b[0] == UInt8(ascii: "N")) && (b[1] | 0x20 == UInt8(ascii: "u")):
        let rest = (b[1], b[2], b[3])
        if rest == (0x75, 0x6C, 0x6C) || rest == (0x55, 0x4C, 0x4C) && b[0] == UInt8(ascii: "N") { return .some(nil) }
      default: break
      }
      switch quick {
      case .string:
        guard b.count < 1 << 24, r.bytes.count < 1 << 38 else { return nil }
        return (FastTag.string, r.string(b))
      case .int(let min, let max):
        // -?[0-9]{1,18}: fits an Int64; anything else (spaces, signs, more digits) by `Quick`.
        var i = 0
        let negative = b.first == UInt8(ascii: "-")
        if negative { i = 1 }
        guard b.count > i, b.count - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < b.count {
          let d = b[i] &- UInt8(ascii: "0")
          guard d < 10 else { return nil }
          v = v * 10 + Int64(d)
          i += 1
        }
        if negative { v = -v }
        guard CSVLayout.Quick.inRange(Double(v), min, max) else { return nil }
        return (FastTag.int, v)
      case .texts:
        // Printable ASCII without spaces: split at `;`, empty pieces dropped.
        guard b.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), r.bytes.count < 1 << 38 else { return nil }
        var items: [(UInt8, Int64)] = []
        var start = 0
        for k in 0...b.count where k == b.count || b[k] == UInt8(ascii: ";") {
          if k > start { items.append((FastTag.string, r.string(UnsafeBufferPointer(rebasing: b[start..<k])))) }
          start = k + 1
        }
        return (FastTag.scalarList, scalarBlock(items, &r))
      case .bool:
        // The ASCII words of `Quick.value` (是/否, 有/无 by it).
        func word(_ w: StaticString) -> Bool {
          FastOps.sameBytes(UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount), b)
        }
        if word("true") || word("yes") || word("1") { return (FastTag.bool, 1) }
        if word("false") || word("no") || word("0") { return (FastTag.bool, 0) }
        return nil
      case .enumeration(let range):
        guard b.count < 1 << 24, r.bytes.count < 1 << 38 else { return nil }
        for k in range where enumValues[k].count == b.count {
          if enumValues[k].withUnsafeBufferPointer({ FastOps.sameBytes($0, b) }) { return (FastTag.string, r.string(b)) }
        }
        return nil
      default:
        return nil
      }
    }
  }
}
