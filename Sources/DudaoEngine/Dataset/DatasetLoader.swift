import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML
import Foundation

/// Reads school data files and folders into a `Dataset`, typing every value
/// by the data dictionary. Every problem is reported with file:line:column.
public struct DatasetLoader: Sendable {
  public var dictionary: DataDictionary {
    didSet {
      entityFields = Self.fieldTables(dictionary)
      csvHeaderIndexes = [:]
      csvHeaderIndexes = csvIndexes()
    }
  }
  public var limits: YAMLLimits
  /// The size limit of one school in JSON Lines (one line).
  public var maxSchoolBytes = 32 << 20
  /// Each entity's fields with the lookup of their spellings, by entity name.
  private(set) var entityFields: [String: FieldTable]
  /// `csvHeaderIndex` of each table's entity, worked out once.
  var csvHeaderIndexes: [String: [String: (field: DataDictionary.Field, path: [String])]] = [:]
  /// Bytes of a CSV table read at a time by the streaming check.
  public var csvChunkBytes = 1 << 20
  /// Schools joined with their CSV rows and evaluated per batch by the
  /// streaming check (also the schools per part of spilled child rows);
  /// 0 reads the tables whole instead, in memory (as `load` does).
  public var csvBatchSchools = 1024
  /// Reads CSV rows for their diagnostics only: schools' and child rows'
  /// values are dropped (but a child row's id), so that data with errors is
  /// diagnosed, as `load` diagnoses it, in less memory. The dataset is unusable.
  var leanCSV = false
  /// Which schools are kept (`DatasetLoader+Select.swift`): the others are dropped while reading.
  var selection = SchoolSelection.all

  public init(dictionary: DataDictionary, limits: YAMLLimits = .init()) {
    self.dictionary = dictionary
    self.limits = limits
    self.entityFields = Self.fieldTables(dictionary)
    self.csvHeaderIndexes = csvIndexes()
  }

  /// Files (`.yaml`, `.yml`, `.json`, `.jsonl`, `.csv`) and folders of them.
  ///
  /// CSV tables of classes, staff, … join the schools of any file by school
  /// id, after every file is read (see `CSVDataset`).
  ///
  /// YAML and JSON files are read and typed on up to `threads` threads
  /// (`DatasetLoader+Files.swift`); the result, diagnostics and their order
  /// are the same for any number.
  public func load(paths: [String], threads: Int = 1) throws(DiagnosticList) -> Dataset {
    // Lean: child rows on disk (CSVLean.swift); in memory if that fails.
    if leanCSV, let log = CSVChildLog(), let dataset = try load(paths: paths, threads: threads, log: log) { return dataset }
    guard let dataset = try load(paths: paths, threads: threads, log: nil) else { return Dataset(schools: [], warnings: []) }
    return dataset
  }

  /// nil only when `log` failed (a temporary file not written or read back).
  private func load(paths: [String], threads: Int, log: CSVChildLog?) throws(DiagnosticList) -> Dataset? {
    var diags: [Diagnostic] = []
    var schools: [SchoolRecord] = []
    var seen: [String: SourceLocation] = [:]
    var children: [CSVChildRow] = []
    /// Keeps a school unless its id was seen before (then: an error naming both places).
    func add(_ record: SchoolRecord) {
      if let first = seen[record.id] {
        diags.append(.dataDuplicateSchool(record.id, at: record.location, first: first))
        return
      }
      seen[record.id] = record.location
      schools.append(record)
    }
    let files = expand(paths, &diags)
    let isDocument = { (file: String) in !file.lowercased().hasSuffix(".csv") && !file.hasSuffix(".jsonl") }
    // Selected schools: files read one at a time, as they come.
    var documents = (selectsAll ? documents(files.filter(isDocument), threads: threads) : []).makeIterator()
    for file in files {
      let want = wanted(after: schools.count)
      if want <= 0 { break }
      if file.lowercased().hasSuffix(".csv") {
        if log != nil || !selectsAll {
          // In chunks, child rows to the log (or kept); whole if need be.
          var rows: [CSVChildRow] = []
          var records = csvTableInChunks(file, log: log, children: &rows, want: want, &diags)
          if records == nil { records = csvTable(file, children: &rows, want: want, &diags) }
          if let log { for row in rows { log.append(row) } } else { children += rows }
          for record in records ?? [] { add(record) }
        } else {
          for record in csvTable(file, children: &children, &diags) { add(record) }
        }
        continue
      }
      if file.hasSuffix(".jsonl") {
        // JSON Lines: limits per line (one school), the fast reader first.
        for (record, lineDiags) in jsonLines(file, want: want, &diags) {
          diags += lineDiags
          if let record { add(record) }
        }
        continue
      }
      guard let document = selectsAll ? documents.next() : document(file) else { continue }
      diags += document.diags
      switch document.content {
      case .failed(let error):
        diags.append(error)
      case .checklist(var rows):
        if !selectsAll { rows.removeAll { !keepsChild(of: $0.schoolID) } }
        if let log { for row in rows { log.append(row) } } else { children += rows }
      case .schools(let typed):
        for (record, schoolDiags) in typed {
          if wanted(after: schools.count) <= 0 { break }
          // A school not kept is dropped with its diagnostics.
          if let record, !keepsSchool(record.id) { continue }
          diags += schoolDiags
          if let record { add(record) }
        }
      }
    }
    if let log {
      guard !log.failed else { return nil }
      if log.count > 0 { guard attachLean(log, to: schools, &diags) else { return nil } }
    } else if !children.isEmpty {
      attach(children, to: &schools, &diags)
    }
    let errors = diags.filter { $0.severity == .error }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return Dataset(schools: schools, warnings: diags)
  }

  /// The schools of a JSON Lines file, line by line, each with its
  /// diagnostics. A line the YAML loader rejects (syntax, encoding, a limit)
  /// makes the file unusable: then only that error is reported, as for any
  /// other file. The limits hold per line; a line may be `maxSchoolBytes`.
  /// Selected schools: a line that cannot name one is skipped unparsed,
  /// one that names another school is dropped; reading stops after `want`.
  func jsonLines(_ file: String, want: Int = .max, _ diags: inout [Diagnostic]) -> [(SchoolRecord?, [Diagnostic])] {
    let reader = JSONRecordReader(dictionary: dictionary)
    var lineLimits = limits
    lineLimits.maxFileBytes = Int.max
    var out: [(SchoolRecord?, [Diagnostic])] = []
    var kept = 0
    var unusable: Diagnostic?
    let read = forEachLine(file, &diags) { line, lineNumber in
      guard line.withUnsafeBufferPointer({ mayName($0) }) else { return true }
      let fast = line.withUnsafeBufferPointer { reader.school($0) }
      var record: SchoolRecord?
      var lineDiags: [Diagnostic] = []
      if let fast {
        record = SchoolRecord(
          id: fast.id, name: fast.name, district: fast.district, value: fast.value,
          location: SourceLocation(file: file, line: lineNumber, column: fast.column))
      } else {
        do throws(Diagnostic) {
          let node = try YAMLLoader.loadLine(bytes: line, file: file, line: lineNumber, limits: lineLimits)
          record = school(node, &lineDiags)
        } catch {
          unusable = error
          return false
        }
      }
      if let record, !keepsSchool(record.id) { return true }
      out.append((record, lineDiags))
      if record != nil { kept += 1 }
      return kept < want
    }
    if let unusable { diags.append(unusable) }
    return read && unusable == nil ? out : []
  }

  /// The school nodes of one file: `school: {…}`, `schools: […]`.
  func schoolNodes(_ root: Node, file: String, _ diags: inout [Diagnostic]) -> [Node] {
    if let s = root["school"] { return [s] }
    if let list = root["schools"] {
      guard let items = list.sequence else {
        diags.append(.dataWrongType(.init("schools"), expected: .init(zh: "列表", en: "a list"), found: list.text ?? "…", at: list.location))
        return []
      }
      return items
    }
    diags.append(.dataNoSchool(file, at: root.location))
    return []
  }

  /// Typed school from a node; nil (with diagnostics) when unusable.
  public func school(_ node: Node, _ diags: inout [Diagnostic]) -> SchoolRecord? {
    let before = diags.filter { $0.severity == .error }.count
    let value = typed(node, .entity("school"), path: .root("school"), &diags, depth: 0)
    guard diags.filter({ $0.severity == .error }).count == before, case .map = value else { return nil }
    guard let record = Self.record(value, at: node.location) else {
      diags.append(.dataMissingID(at: node.location))
      return nil
    }
    return record
  }

  /// The school of a typed mapping; nil when it has no `id` (a non-empty text).
  static func record(_ value: Value, at location: SourceLocation) -> SchoolRecord? {
    guard case .map(let m) = value, case .string(let id)? = m[.string("id")], !id.isEmpty else { return nil }
    var name = ""
    if case .string(let n)? = m[.string("name")] { name = n }
    var district: String?
    if case .string(let d)? = m[.string("district")] { district = d }
    return SchoolRecord(id: id, name: name, district: district, value: value, location: location)
  }

  func expand(_ paths: [String], _ diags: inout [Diagnostic]) -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for p in paths {
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
        diags.append(.dataIO(p, reason: .init(zh: "找不到数据文件或文件夹：\(p)", en: "no such data file or folder: \(p)")))
        continue
      }
      if !isDir.boolValue {
        out.append(p)
        continue
      }
      guard let names = fm.enumerator(atPath: p) else { continue }
      var files: [String] = []
      for case let n as String in names {
        let last = (n as NSString).lastPathComponent
        if last.hasPrefix(".") { continue }
        if [".yaml", ".yml", ".json", ".jsonl"].contains(where: { n.hasSuffix($0) }) || n.lowercased().hasSuffix(".csv") {
          files.append(p.hasSuffix("/") ? p + n : p + "/" + n)
        }
      }
      out += files.sorted()
    }
    return out
  }

  /// Converts a node to a value of the dictionary type `type`.
  ///
  /// `table`: the fields of `type` when it is an object, or a list of
  /// objects, with their lookup worked out (else worked out here).
  func typed(_ node: Node, _ type: DataDictionary.FieldType, path: DataPath, _ diags: inout [Diagnostic], depth: Int, field: DataDictionary.Field? = nil, table: FieldTable? = nil) -> Value {
    typed(node, type, path: path, &diags, depth: depth, info: field.map(FieldInfo.init), table: table)
  }

  /// `typed` with what it needs of the field (copying a whole `Field` per value cost more than typing it).
  func typed(_ node: Node, _ type: DataDictionary.FieldType, path: DataPath, _ diags: inout [Diagnostic], depth: Int, info field: FieldInfo?, table: FieldTable?) -> Value {
    if node.isNull { return .null }
    switch type {
    case .any:
      return Value(untyped: node)
    case .string:
      guard let s = node.scalar else { return wrong(node, path, .init(zh: "文字", en: "a text"), &diags) }
      return .string(s.text)
    case .int:
      guard let s = node.scalar else { return wrong(node, path, .init(zh: "整数", en: "a whole number"), &diags) }
      let text = Self.trimmed(s.text)
      if let i = Int64(text) { return ranged(.int(i), Double(i), node, path, field, &diags) }
      if let d = Double(text), d == d.rounded(), abs(d) < 9e15 { return ranged(.int(Int64(d)), d, node, path, field, &diags) }
      return wrong(node, path, .init(zh: "整数", en: "a whole number"), &diags)
    case .double:
      guard let s = node.scalar, let d = Double(Self.trimmed(s.text)), d.isFinite else {
        return wrong(node, path, .init(zh: "数值", en: "a number"), &diags)
      }
      return ranged(.double(d), d, node, path, field, &diags)
    case .bool:
      switch node.text?.lowercased() {
      case "true", "是", "有", "yes", "1": return .bool(true)
      case "false", "否", "无", "no", "0": return .bool(false)
      default: return wrong(node, path, .init(zh: "是/否（true/false）", en: "true or false"), &diags)
      }
    case .date:
      guard let t = node.text, let d = Day(iso: t) else { return wrong(node, path, .init(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)"), &diags) }
      return .date(d)
    case .time:
      guard let t = node.text, let m = Self.minutes(t), let time = TimeOfDay(minutes: m) else {
        return wrong(node, path, .init(zh: "时刻（HH:MM）", en: "a time (HH:MM)"), &diags)
      }
      return .time(time)
    case .enumeration(let values):
      guard let t = node.text else { return wrong(node, path, .init(zh: "文字", en: "a text"), &diags) }
      if values.contains(t) { return .string(t) }
      if let f = field, let match = f.valueLabels.first(where: { $0.value.zh == t || $0.value.en == t })?.key { return .string(match) }
      diags.append(.dataBadValue(path.subject, value: t, allowed: values.map { v in field?.valueLabels[v].map { "\(v)（\($0.zh)）" } ?? v }, at: node.location))
      return .null
    case .list(let element):
      guard let items = node.sequence else {
        // A list of texts may be written as one text separated by ';' (as in CSV).
        if case .string = element, let t = node.text {
          return .list(t.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { .string(String(Self.trimmed($0))) })
        }
        return wrong(node, path, .init(zh: "列表", en: "a list"), &diags)
      }
      var seenIDs: Set<String> = []
      return .list(items.enumerated().map { i, item in
        let v = typed(item, element, path: .index(path, i), &diags, depth: depth + 1, info: nil, table: table)
        if case .map(let m) = v, case .string(let id)? = m[.string("id")], !seenIDs.insert(id).inserted {
          diags.append(.dataDuplicateElement(path.text, id: id, at: item.location))
        }
        return v
      })
    case .entity(let name):
      return object(node, entityFields[name] ?? FieldTable([]), path: path, &diags, depth: depth)
    case .object(let fields):
      return object(node, table ?? FieldTable(fields, indexed: false), path: path, &diags, depth: depth)
    }
  }

  func object(_ node: Node, _ table: FieldTable, path: DataPath, _ diags: inout [Diagnostic], depth: Int) -> Value {
    guard let entries = node.entries else { return wrong(node, path, .init(zh: "映射（键: 值）", en: "a mapping"), &diags) }
    guard depth < 32 else { return .null }
    let fields = table.infos
    var out: [(key: Value, value: Value)] = []
    out.reserveCapacity(entries.count)
    // Whether the keys of `out` are known to be distinct: each field at most once, by a distinct name.
    var distinct = table.distinctNames
    var used: UInt64 = 0
    for e in entries {
      guard let key = e.key.text else { continue }
      let sub = DataPath.field(path, key)
      let v: Value
      if let i = table.index(of: key) {
        v = typed(e.value, fields[i].type, path: sub, &diags, depth: depth + 1, info: fields[i], table: table.nested[i])
        if v != .null {
          out.append((fields[i].key, v))
          if i >= 64 || used & (1 << UInt64(i)) != 0 { distinct = false }
          if i < 64 { used |= 1 << UInt64(i) }
        }
      } else {
        if !table.fields.isEmpty {
          diags.append(.dataUnknownField(sub.text, suggestion: Diagnostic.closest(key, in: table.fields.map(\.name)).map { "\(path.text).\($0)" }, at: e.key.location))
        }
        v = Value(untyped: e.value)
        if v != .null {
          out.append((.string(key), v))
          distinct = false
        }
      }
    }
    if distinct { return .map(MapValue(distinctKeys: out.map(\.key), values: out.map(\.value))) }
    return .map(MapValue(out))
  }

  /// The fields of an object type, and which field each key names: the
  /// first whose name, an alias or the Chinese label is the key.
  struct FieldTable: Sendable {
    var fields: [DataDictionary.Field]
    /// What typing needs of each field.
    var infos: [FieldInfo]
    /// Every spelling of a key, naming the first field that has it (nil: search `fields`).
    var spellings: [String: Int]?
    /// Whether no two fields have the same name (false when not worked out).
    var distinctNames = false
    /// The tables of fields whose type is an object or a list of objects, by index in `fields`.
    var nested: [Int: FieldTable] = [:]
    /// By index in `fields`: the field's name when `index(of:)` gives that
    /// field for it (not an earlier field's alias or label); empty when not
    /// worked out. Lets a reader that guesses a key's field check the guess
    /// by comparing one string instead of hashing the key.
    var ownNames: [String?] = []

    /// `indexed`: work out the lookup of spellings, the names, and the nested tables.
    init(_ fields: [DataDictionary.Field], indexed: Bool = true) {
      self.fields = fields
      infos = fields.map(FieldInfo.init)
      guard indexed else { return }
      var names: Set<String> = []
      distinctNames = fields.allSatisfy { names.insert($0.name).inserted }
      var spellings: [String: Int] = [:]
      for (i, f) in fields.enumerated() {
        for s in [f.name] + f.aliases + [f.label.zh] where spellings[s] == nil { spellings[s] = i }
        if let inner = Self.objectFields(f.type) { nested[i] = FieldTable(inner) }
      }
      self.spellings = spellings
      ownNames = fields.enumerated().map { i, f in spellings[f.name] == i ? f.name : nil }
    }

    /// The fields of an object type, or of the objects of a list type.
    static func objectFields(_ type: DataDictionary.FieldType) -> [DataDictionary.Field]? {
      switch type {
      case .object(let fields): fields
      case .list(let element): objectFields(element)
      default: nil
      }
    }

    func index(of key: String) -> Int? {
      if let spellings { return spellings[key] }
      return fields.firstIndex { $0.name == key || $0.aliases.contains(key) || $0.label.zh == key }
    }
  }

  /// A `FieldTable` per entity (the first entity of each name, as `DataDictionary.entity` finds).
  static func fieldTables(_ dictionary: DataDictionary) -> [String: FieldTable] {
    var tables: [String: FieldTable] = [:]
    for entity in dictionary.entities where tables[entity.name] == nil {
      tables[entity.name] = FieldTable(entity.fields)
    }
    return tables
  }

  /// What typing a value needs of its field.
  struct FieldInfo: Sendable {
    /// The field's name as a map key.
    var key: Value
    var type: DataDictionary.FieldType
    var min: Double?
    var max: Double?
    var valueLabels: [String: LocalizedText]

    init(_ field: DataDictionary.Field) {
      key = .string(field.name)
      type = field.type
      min = field.min
      max = field.max
      valueLabels = field.valueLabels
    }
  }

  func ranged(_ v: Value, _ d: Double, _ node: Node, _ path: DataPath, _ field: FieldInfo?, _ diags: inout [Diagnostic]) -> Value {
    if let f = field, (f.min.map { d < $0 } ?? false) || (f.max.map { d > $0 } ?? false) {
      diags.append(.dataOutOfRange(path.subject, value: node.text ?? "", min: f.min, max: f.max, at: node.location))
    }
    return v
  }

  func wrong(_ node: Node, _ path: DataPath, _ expected: LocalizedText, _ diags: inout [Diagnostic]) -> Value {
    let found = node.text ?? (node.sequence != nil ? "[…]" : "{…}")
    diags.append(.dataWrongType(path.subject, expected: expected, found: found, at: node.location))
    return .null
  }

  /// `text` without leading and trailing white space. Cheap when there is
  /// none (the usual case): Foundation's trimming costs a UTF-16 round trip
  /// per cell, which dominated reading large CSV tables.
  static func trimmed<S: StringProtocol>(_ text: S) -> S.SubSequence {
    // Printable ASCII at both ends (the usual number or code): nothing to
    // trim. Checked on the bytes, not on `Character`s (grapheme breaking
    // cost more than the rest of typing a number): a character whose first
    // or last byte is printable ASCII is not white space (a cluster that
    // ends in one starts with it or with a prepended mark, never a space).
    let printable = text.utf8.withContiguousStorageIfAvailable { bytes in
      guard let first = bytes.first, let last = bytes.last else { return false }
      return (0x21..<0x7F).contains(first) && (0x21..<0x7F).contains(last)
    }
    if printable ?? false { return text[...] }
    var start = text.startIndex, end = text.endIndex
    while start < end, text[start].isWhitespace { start = text.index(after: start) }
    while end > start, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
    return text[start..<end]
  }

  static func minutes(_ t: String) -> Int? {
    let parts = t.split(separator: ":")
    guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m), parts[1].count == 2 else { return nil }
    return h * 60 + m
  }
}

/// Where a value sits in a school's data (`school.classes[2].students`),
/// rendered only when a diagnostic needs it.
indirect enum DataPath: Sendable {
  case root(String)
  case field(DataPath, String)
  case index(DataPath, Int)
  /// A cell of a CSV table, named by its column header.
  case column(String)

  var text: String {
    switch self {
    case .root(let s): s
    case .field(let p, let k): p.text + "." + k
    case .index(let p, let i): p.text + "[\(i)]"
    case .column(let h): h
    }
  }

  /// How a diagnostic names the place: `school.students`, 列“在校生数”.
  var subject: LocalizedText {
    switch self {
    case .column(let h): LocalizedText(zh: "列“\(h)”", en: "column '\(h)'")
    case .index(.column(let h), let i): LocalizedText(zh: "列“\(h)”第 \(i + 1) 项", en: "item \(i + 1) of column '\(h)'")
    default: LocalizedText(text)
    }
  }
}
