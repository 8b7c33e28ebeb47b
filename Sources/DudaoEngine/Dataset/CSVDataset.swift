import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML
import Foundation

/// A row of a child table (classes, staff, …), waiting for its school.
struct CSVChildRow: Sendable {
  var schoolID: String
  /// The school's list field the row goes into (`classes`).
  var listField: String
  var value: Value
  /// Where the row starts, and its school id cell with the column's header.
  var location: SourceLocation
  var joinLocation: SourceLocation
  var joinHeader: String
}

/// Which entity a CSV table holds and how its columns map onto the data
/// dictionary, worked out once from the file name and the header row.
struct CSVLayout: Sendable {
  enum Column: Sendable {
    /// A leaf field: its index in `fields`.
    case field(Int)
    /// The school id of a child table.
    case join
    /// Not in the dictionary (warned about once, at the header).
    case ignored
  }

  /// Nested maps are built from the columns' paths, in header order.
  indirect enum Slot: Sendable {
    case cell(Int)
    case object([(String, Slot)])
  }

  /// A table the dictionary allows: `school`, or a list of entities under it.
  struct Kind: Sendable {
    var entity: String
    /// The school's list field for a child table (`classes` for `class`).
    var listField: String?
    /// File names (without `.csv`, lower-cased) that mean this table.
    var names: Set<String>
  }

  var kind: Kind
  var headers: [String]
  var columns: [Column]
  /// The leaf fields the columns name, and their paths below the entity
  /// (`["schedule", "daily_pe_minutes"]`); kept apart so a row does not copy them.
  var fields: [DataDictionary.Field] = []
  var paths: [[String]] = []
  var join: Int?
  /// The column of a school table's id.
  var idColumn: Int?
  var slots: [(String, Slot)]
  /// Per field of `fields`: how a cell is typed without a `Node` (`Quick`).
  var quick: [Quick] = []

  /// The common cases of `DatasetLoader.typed` for a cell's text, worked out
  /// once per column: the value when `typed` gives it without a diagnostic,
  /// else nil (then `typed` types the cell, as always).
  enum Quick: Sendable {
    case string
    case int(min: Double?, max: Double?)
    case double(min: Double?, max: Double?)
    case bool
    case date
    case enumeration(Set<String>)
    case texts
    case other

    init(_ f: DataDictionary.Field) {
      switch f.type {
      case .string: self = .string
      case .int: self = .int(min: f.min, max: f.max)
      case .double: self = .double(min: f.min, max: f.max)
      case .bool: self = .bool
      case .date: self = .date
      case .enumeration(let values): self = .enumeration(Set(values))
      case .list(.string): self = .texts
      default: self = .other
      }
    }

    static func inRange(_ d: Double, _ min: Double?, _ max: Double?) -> Bool {
      !((min.map { d < $0 } ?? false) || (max.map { d > $0 } ?? false))
    }

    func value(_ text: String) -> Value? {
      // YAML's null words make a null cell (`Node.isNull`).
      if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
      switch self {
      case .string:
        return .string(text)
      case .int(let min, let max):
        guard let i = Int64(DatasetLoader.trimmed(text)), Self.inRange(Double(i), min, max) else { return nil }
        return .int(i)
      case .double(let min, let max):
        guard let d = Double(DatasetLoader.trimmed(text)), d.isFinite, Self.inRange(d, min, max) else { return nil }
        return .double(d)
      case .bool:
        switch text {
        case "true", "是", "有", "yes", "1": return .bool(true)
        case "false", "否", "无", "no", "0": return .bool(false)
        default: return nil
        }
      case .date:
        return Day(iso: text).map { .date($0) }
      case .enumeration(let values):
        return values.contains(text) ? .string(text) : nil
      case .texts:
        return .list(text.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { .string(String(DatasetLoader.trimmed($0))) })
      case .other:
        return nil
      }
    }
  }
}

extension DatasetLoader {
  /// Reads one CSV table. A school table gives its schools; the rows of a
  /// child table are added to `children`, to be attached by `attach`.
  /// Reading stops after `want` schools.
  func csvTable(_ file: String, children: inout [CSVChildRow], want: Int = .max, _ diags: inout [Diagnostic]) -> [SchoolRecord] {
    guard let data = FileManager.default.contents(atPath: file) else {
      diags.append(.dataIO(file, reason: .init(zh: "无法读取数据文件：\(file)", en: "cannot read the data file \(file)")))
      return []
    }
    var schools: [SchoolRecord] = []
    do {
      let reader = try CSVReader(file: file, data: data)
      var layout: CSVLayout?
      var cells: [Value] = []
      try reader.forEachRecord { (record) throws(Diagnostic) -> Bool in
        guard let l = layout else {
          guard let l = csvLayout(file, header: record, &diags) else { return false }
          layout = l
          cells = Array(repeating: .null, count: l.columns.count)
          return true
        }
        csvRow(record, l, file: file, cells: &cells, schools: &schools, children: &children, &diags)
        return schools.count < want
      }
    } catch {
      diags.append(error)
    }
    return schools
  }

  /// Adds child rows to their schools' lists (after any the school already
  /// has); a row whose school id matches no school is an error.
  func attach(_ rows: [CSVChildRow], to schools: inout [SchoolRecord], _ diags: inout [Diagnostic]) {
    var index: [String: Int] = [:]
    for (i, s) in schools.enumerated() { index[s.id] = i }
    // Per school and list field, the new items and the ids seen; mutated in
    // place (no copy per row). List fields in first-seen order.
    var added: [Int: [String: [Value]]] = [:]
    var ids: [Int: [String: Set<String>]] = [:]
    var fields: [String] = []
    var suggestions = SchoolSuggestions(schools)
    for row in rows {
      guard let i = index[row.schoolID] else {
        diags.append(.csvUnknownSchool(row.schoolID, header: row.joinHeader, suggestion: suggestions.closest(to: row.schoolID), at: row.joinLocation))
        continue
      }
      if !fields.contains(row.listField) { fields.append(row.listField) }
      if ids[i]?[row.listField] == nil {
        var existing: Set<String> = []
        if case .map(let m) = schools[i].value, case .list(let items)? = m[.string(row.listField)] {
          for case .map(let item) in items { if case .string(let id)? = item[.string("id")] { existing.insert(id) } }
        }
        ids[i, default: [:]][row.listField] = existing
      }
      if case .map(let m) = row.value, case .string(let id)? = m[.string("id")], ids[i, default: [:]][row.listField, default: []].insert(id).inserted == false {
        diags.append(.dataDuplicateElement("school.\(row.listField)", id: id, at: row.location))
      }
      added[i, default: [:]][row.listField, default: []].append(row.value)
    }
    for (i, lists) in added {
      guard case .map(let m) = schools[i].value else { continue }
      var entries = m.entries
      for field in fields {
        guard let new = lists[field] else { continue }
        var items: [Value] = []
        if case .list(let existing)? = m[.string(field)] { items = existing }
        // A later duplicate key replaces the earlier one in place (MapValue).
        entries.append((key: .string(field), value: .list(items + new)))
      }
      schools[i].value = .map(MapValue(entries))
    }
  }
}

/// "Did you mean" for the unknown school ids of child rows: for the first
/// 20 distinct ids only, each worked out once, and only among up to 2,000
/// schools. (A table whose id column is wrong throughout made every row
/// compare its id with every school's: minutes for a few thousand rows;
/// found fuzzing.)
struct SchoolSuggestions {
  private let ids: [String]
  private var found: [String: String?] = [:]

  init(_ schools: [SchoolRecord]) { ids = schools.count <= 2000 ? schools.map(\.id) : [] }

  mutating func closest(to id: String) -> String? {
    if let known = found[id] { return known }
    let suggestion = found.count < 20 ? Diagnostic.closest(id, in: ids) : nil
    found[id] = suggestion
    return suggestion
  }
}

extension DatasetLoader {
  /// The tables the dictionary allows: schools, and one per `list` of an entity under school.
  func csvKinds() -> [CSVLayout.Kind] {
    func lower(_ names: [String]) -> Set<String> { Set(names.filter { !$0.isEmpty }.map { $0.lowercased() }) }
    let school = dictionary.entity("school")
    var kinds = [CSVLayout.Kind(entity: "school", listField: nil, names: lower(["school", "schools", school?.label.zh ?? "学校", school?.label.en ?? ""]))]
    for f in school?.fields ?? [] {
      guard case .list(.entity(let e)) = f.type else { continue }
      let label = dictionary.entity(e)?.label
      kinds.append(.init(entity: e, listField: f.name, names: lower([e, e + "s", e + "es", f.name, f.label.zh, f.label.en, label?.zh ?? "", label?.en ?? ""] + f.aliases)))
    }
    return kinds
  }

  /// Header texts that name a leaf field of `entity`: dotted paths of names,
  /// then names, Chinese labels and aliases (fields nearer the top win).
  func csvHeaderIndex(_ entity: String) -> [String: (field: DataDictionary.Field, path: [String])] {
    if let index = csvHeaderIndexes[entity] { return index }
    var index: [String: (field: DataDictionary.Field, path: [String])] = [:]
    var level: [(DataDictionary.Field, [String])] = (dictionary.entity(entity)?.fields ?? []).map { ($0, [$0.name]) }
    var depth = 0
    while !level.isEmpty, depth < 8 {
      var next: [(DataDictionary.Field, [String])] = []
      for (f, path) in level {
        switch f.type {
        case .object(let sub):
          next += sub.map { ($0, path + [$0.name]) }
        case .entity, .list(.entity), .list(.object):
          continue  // not a cell: a table of its own
        default:
          index[path.joined(separator: "."), default: (f, path)] = index[path.joined(separator: "."), default: (f, path)]
        }
      }
      for (f, path) in level {
        switch f.type {
        case .object, .entity, .list(.entity), .list(.object): continue
        default:
          for key in [f.name, f.label.zh] + f.aliases where !key.isEmpty && index[key] == nil { index[key] = (f, path) }
        }
      }
      level = next
      depth += 1
    }
    return index
  }

  /// The header index of every table's entity (`csvHeaderIndexes`).
  func csvIndexes() -> [String: [String: (field: DataDictionary.Field, path: [String])]] {
    var out: [String: [String: (field: DataDictionary.Field, path: [String])]] = [:]
    for k in csvKinds() { out[k.entity] = csvHeaderIndex(k.entity) }
    return out
  }

  /// Headers that name the school a child row belongs to.
  func csvJoinHeaders(_ entity: String) -> Set<String> {
    var names: Set<String> = ["school_id", "学校代码"]
    for f in [dictionary.field(["id"], in: "school"), dictionary.field(["school_id"], in: entity)].compactMap({ $0 }) {
      names.insert(f.label.zh)
      names.formUnion(f.aliases)
    }
    names.remove("")
    return names
  }

  func csvLayout(_ file: String, header: CSVRecord, _ diags: inout [Diagnostic]) -> CSVLayout? {
    let headers = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
    let kinds = csvKinds()
    let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
    var kind = kinds.first { $0.names.contains(stem) || ($0.names.contains(String(stem.dropLast())) && stem.hasSuffix("表")) }
    if kind == nil {
      // By headers: the table whose fields the most headers name.
      let scored = kinds.map { k -> (CSVLayout.Kind, Int) in
        let index = csvHeaderIndex(k.entity)
        let join = k.listField == nil ? [] : csvJoinHeaders(k.entity)
        return (k, headers.filter { join.contains($0) || index[$0] != nil }.count)
      }.sorted { $0.1 > $1.1 }
      if let best = scored.first, best.1 > 0, scored.count < 2 || scored[1].1 < best.1 { kind = best.0 }
    }
    guard let kind else {
      diags.append(.csvUnknownTable(file, names: kinds.map { ($0.listField ?? "schools") + ".csv" }, at: header.location(0, file: file)))
      return nil
    }
    let index = csvHeaderIndex(kind.entity)
    let join = kind.listField == nil ? ["school_id"] : csvJoinHeaders(kind.entity)
    var layout = CSVLayout(kind: kind, headers: headers, columns: [], join: nil, slots: [])
    var firstOfField: [String: Int] = [:]
    var unknown = 0
    var candidates: (all: [String], plain: [String])?
    for (i, h) in headers.enumerated() {
      let loc = header.location(i, file: file)
      if kind.listField != nil, join.contains(h) {
        if let j = layout.join {
          diags.append(.csvDuplicateColumn(h, field: "school_id", at: loc, first: header.location(j, file: file)))
        } else {
          layout.join = i
        }
        layout.columns.append(.join)
        continue
      }
      // In a school table, `school_id` is the school's own id.
      guard let (field, path) = index[h] ?? (join.contains(h) ? index["id"] : nil) else {
        if !h.isEmpty {
          // A dotted header may mean any field; a plain one, a plain name.
          // "Did you mean" for the first 20 unknown headers only: each costs
          // an edit distance per candidate (a fuzzed header row has thousands).
          var suggestion: String?
          if unknown < 20 {
            if candidates == nil {
              let all = index.keys.sorted()
              candidates = (all, all.filter { !$0.utf8.contains(UInt8(ascii: ".")) })
            }
            if let (all, plain) = candidates { suggestion = Diagnostic.closest(h, in: h.utf8.contains(UInt8(ascii: ".")) ? all : plain) }
          }
          unknown += 1
          diags.append(.csvUnknownHeader(h, entity: kind.entity, suggestion: suggestion, at: loc))
        }
        layout.columns.append(.ignored)
        continue
      }
      let key = path.joined(separator: ".")
      if let j = firstOfField[key] {
        diags.append(.csvDuplicateColumn(h, field: "\(kind.entity).\(key)", at: loc, first: header.location(j, file: file)))
        layout.columns.append(.ignored)
        continue
      }
      firstOfField[key] = i
      if kind.listField == nil, path == ["id"] { layout.idColumn = i }
      layout.columns.append(.field(layout.fields.count))
      layout.fields.append(field)
      layout.paths.append(path)
      layout.quick.append(CSVLayout.Quick(field))
    }
    if kind.listField != nil, layout.join == nil {
      diags.append(.csvNoJoinColumn(file, entity: dictionary.entity(kind.entity)?.label.zh ?? kind.entity, at: header.location(0, file: file)))
      return nil
    }
    layout.slots = Self.slots(layout.columns, paths: layout.paths)
    return layout
  }

  static func slots(_ columns: [CSVLayout.Column], paths: [[String]]) -> [(String, CSVLayout.Slot)] {
    var top: [(String, CSVLayout.Slot)] = []
    for (i, c) in columns.enumerated() {
      guard case .field(let k) = c else { continue }
      insert(&top, paths[k][...], cell: i)
    }
    return top
  }

  static func insert(_ slots: inout [(String, CSVLayout.Slot)], _ path: ArraySlice<String>, cell: Int) {
    guard let name = path.first else { return }
    if path.count == 1 {
      slots.append((name, .cell(cell)))
      return
    }
    if let k = slots.firstIndex(where: { $0.0 == name }), case .object(var sub) = slots[k].1 {
      insert(&sub, path.dropFirst(), cell: cell)
      slots[k].1 = .object(sub)
    } else {
      var sub: [(String, CSVLayout.Slot)] = []
      insert(&sub, path.dropFirst(), cell: cell)
      slots.append((name, .object(sub)))
    }
  }

  static func assemble(_ slots: [(String, CSVLayout.Slot)], _ cells: [Value]) -> MapValue {
    // The names of one level are distinct (`insert` adds each path once):
    // no duplicate check, no key index for small maps.
    var keys: [Value] = []
    var values: [Value] = []
    keys.reserveCapacity(slots.count)
    values.reserveCapacity(slots.count)
    for (name, slot) in slots {
      switch slot {
      case .cell(let i):
        if cells[i] != .null {
          keys.append(.string(name))
          values.append(cells[i])
        }
      case .object(let sub):
        let m = assemble(sub, cells)
        if !m.isEmpty {
          keys.append(.string(name))
          values.append(.map(m))
        }
      }
    }
    return MapValue(distinctKeys: keys, values: values)
  }

  /// Types one data row and files it as a school or a child row.
  func csvRow(
    _ record: CSVRecord, _ layout: CSVLayout, file: String, cells: inout [Value],
    schools: inout [SchoolRecord], children: inout [CSVChildRow], _ diags: inout [Diagnostic]
  ) {
    // Selected schools: a row of another school is dropped untyped.
    guard keeps(record, layout) else { return }
    let rowStart = record.location(0, file: file)
    let n = layout.columns.count
    if record.cells.count != n, record.cells.count < n || record.cells[n...].contains(where: { !$0.isEmpty }) {
      diags.append(.csvRagged((file as NSString).lastPathComponent, found: record.cells.count, expected: n, at: record.location(min(n, record.cells.count - 1), file: file)))
      return
    }
    let before = diags.count
    var joinID: String?
    for i in 0..<n {
      cells[i] = .null
      let text = record.cells[i]
      guard !text.isEmpty else { continue }
      switch layout.columns[i] {
      case .ignored: continue
      case .join: joinID = text
      case .field(let k):
        if let v = layout.quick[k].value(text) {
          cells[i] = v
          continue
        }
        let node = Node(.scalar(.init(text: text)), at: record.location(i, file: file))
        cells[i] = typed(node, layout.fields[k].type, path: .column(layout.headers[i]), &diags, depth: 0, field: layout.fields[k])
      }
    }
    if diags[before...].contains(where: { $0.severity == .error }) { return }
    let value = Self.assemble(layout.slots, cells)
    guard let list = layout.kind.listField else {
      guard case .string(let id)? = value[.string("id")], !id.isEmpty else {
        diags.append(.dataMissingID(at: rowStart))
        return
      }
      var name = ""
      if case .string(let s)? = value[.string("name")] { name = s }
      var district: String?
      if case .string(let s)? = value[.string("district")] { district = s }
      // Lean: the values are dropped (only the diagnostics are wanted).
      schools.append(SchoolRecord(id: id, name: name, district: district, value: .map(leanCSV ? MapValue([]) : value), location: rowStart))
      return
    }
    guard let j = layout.join else { return }
    guard let id = joinID else {
      diags.append(.csvMissingJoin(layout.headers[j], at: record.location(j, file: file)))
      return
    }
    // Lean: only the id, for `attach`'s duplicate check.
    let kept = leanCSV ? MapValue(value.entries.filter { $0.key == .string("id") }) : value
    children.append(CSVChildRow(schoolID: id, listField: list, value: .map(kept), location: rowStart, joinLocation: record.location(j, file: file), joinHeader: layout.headers[j]))
  }
}
