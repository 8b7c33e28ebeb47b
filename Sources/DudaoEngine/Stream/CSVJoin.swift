import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The CSV tables of a streaming check (with any YAML/JSON school files and
// filled checklists beside them), joined in bounded memory. See
// docs/scale.md, "CSV tables".
//
// 1. Plan: every file's header (and YAML file) in input order, giving the
//    same warnings in the same order as `DatasetLoader.load`; the school
//    ids of the school tables (one cell per row), numbered in input order.
// 2. Each child table is taken to list its rows in the order of their
//    schools (the usual export) and is read alongside the schools (a merge
//    join). A row that comes after its school's batch has gone stops the
//    join (`outOfOrder`): it starts again with that table's rows spilled,
//    as text, to a temporary file by batch of schools (read once before
//    the schools). A table found to be GB18030 after its first chunk starts
//    the join again too.
// 3. Schools are read again in batches; each batch takes its child rows
//    from the tables read alongside and from its spilled part, then types,
//    joins (as `DatasetLoader.attach`), evaluates on every core and merges.
//
// Memory: a batch of schools with their rows, a chunk per open table, the
// spill's write buffers, and per school its id (as the merge keeps anyway).
//
// Any error in the data (or anything this path does not read the same way)
// stops it: the group is then read by the whole path, lean (values dropped,
// tables in chunks, child rows logged to disk: `Dataset/CSVLean.swift`),
// which reports exactly what `DatasetLoader.load` reports; if that finds no
// error after all, by `readRecords`. Valid data only is streamed.

/// What an earlier attempt at joining a group found out about its child
/// tables (by file): which are not in school order, which are GB18030.
struct CSVJoinHints: Sendable, Equatable {
  var spilled: Set<String> = []
  var gb18030: Set<String> = []
}

/// A CSV table of the group: how it is read, and what the plan found.
struct CSVTableSource: Sendable {
  var file: String
  var layout: CSVLayout
  var gb18030: Bool
  /// The school id column: the school's own (school table), or the join column.
  var idColumn: Int
  /// Child table: taken to list its rows in the order of their schools (else spilled).
  var clustered = true
  /// Child table: whether it has a data row.
  var hasRows = false
}

/// The files of a CSV group, in input order, as the plan found them.
enum CSVGroupSource: Sendable {
  case schoolTable(CSVTableSource)
  case childTable(CSVTableSource)
  case yamlSchools([SchoolRecord])
  /// Rows of a filled checklist, with their schools' numbers.
  case checklist([(ordinal: Int, row: CSVChildRow)])
  case empty
}

/// One school of a batch: where it comes from, and its child rows in
/// input order (file, then row).
struct CSVJoinItem: Sendable {
  enum School: Sendable {
    case csv(source: Int, CSVRecord)
    case record(SchoolRecord)
  }
  enum Child: Sendable {
    case csv(CSVRecord)
    /// A plain line of a table read alongside the schools.
    case raw(CSVRawRow)
    /// (Indirect: rows of checklists are few, and large.)
    indirect case typed(CSVChildRow)

    /// A table's row as the parser gives it (nil: a checklist's).
    var record: CSVRecord? {
      switch self {
      case .csv(let r): r
      case .raw(let r): r.record
      case .typed: nil
      }
    }
  }
  var school: School
  var children: [(source: Int, child: Child)] = []
}

/// What reading the group found: the sources, and per school id its number.
struct CSVJoinPlan {
  var sources: [CSVGroupSource] = []
  /// Warnings of all files, in input order (no errors: those stop the plan).
  var diags: [Diagnostic] = []
  var ordinals: [String: Int] = [:]
  var schoolCount = 0
  /// The list fields child rows fill, in the order `attach` adds them.
  var listFields: [String] = []
}

/// Child rows spilled by batch of schools: each part's rows in a buffer,
/// written to one unlinked temporary file in blocks.
final class CSVSpill {
  private let file: ScratchFile
  private var size = 0
  private var buffers: [Int: [UInt8]] = [:]
  private var blocks: [Int: [(offset: Int, length: Int)]] = [:]
  static let blockBytes = 64 << 10

  init?() {
    guard let file = ScratchFile("csvjoin") else { return nil }
    self.file = file
  }

  deinit { file.close() }

  /// Adds a row of table `source` for school `ordinal` to part `part`.
  func add(part: Int, source: Int, ordinal: Int, cells: [String]) -> Bool {
    var b = buffers[part] ?? []
    buffers[part] = nil
    ScratchFile.put(source, &b)
    ScratchFile.put(ordinal, &b)
    ScratchFile.put(cells.count, &b)
    for c in cells {
      ScratchFile.put(c.utf8.count, &b)
      b.append(contentsOf: c.utf8)
    }
    if b.count >= Self.blockBytes {
      guard write(b, part: part) else { return false }
      b.removeAll(keepingCapacity: true)
    }
    buffers[part] = b
    return true
  }

  private func write(_ b: [UInt8], part: Int) -> Bool {
    guard file.write(b, at: size) else { return false }
    blocks[part, default: []].append((size, b.count))
    size += b.count
    return true
  }

  /// The rows of part `part`, in the order added; nil when unreadable.
  func rows(part: Int) -> [(source: Int, ordinal: Int, record: CSVRecord)]? {
    var bytes: [UInt8] = []
    for (offset, length) in blocks[part] ?? [] {
      let start = bytes.count
      bytes += repeatElement(0, count: length)
      guard file.read(length, at: offset, into: &bytes, start: start) else { return nil }
    }
    bytes += buffers[part] ?? []
    blocks[part] = nil
    buffers[part] = nil
    var out: [(source: Int, ordinal: Int, record: CSVRecord)] = []
    var i = 0
    func get() -> Int? {
      guard i + 4 <= bytes.count else { return nil }
      defer { i += 4 }
      return Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
    }
    while i < bytes.count {
      guard let source = get(), let ordinal = get(), let count = get() else { return nil }
      var record = CSVRecord()
      for _ in 0..<count {
        guard let n = get(), i + n <= bytes.count else { return nil }
        record.cells.append(String(decoding: bytes[i..<(i + n)], as: UTF8.self))
        i += n
      }
      out.append((source, ordinal, record))
    }
    return out
  }
}

extension DatasetLoader {
  /// Steps 1 and 2 of the join: nil when the group must be read whole.
  /// A table found to be GB18030 only while spilling is added to `hints`.
  func csvJoinPlan(_ files: [String], batch: Int, spill: CSVSpill, hints: inout CSVJoinHints) -> CSVJoinPlan? {
    var plan = CSVJoinPlan()
    for file in files {
      if file.lowercased().hasSuffix(".csv") {
        guard let source = csvPlanTable(file, &plan, gb18030: hints.gb18030.contains(file)) else { return nil }
        plan.sources.append(source)
        continue
      }
      // YAML and JSON files, whole, as `load` reads them.
      guard let root = try? YAMLLoader.load(file: file, limits: limits) else { return nil }
      var diags: [Diagnostic] = []
      if let rows = checklistRows(root, file: file, &diags) {
        var numbered: [(ordinal: Int, row: CSVChildRow)] = []
        // Numbered once all schools are known (below).
        for r in rows { numbered.append((-1, r)) }
        plan.sources.append(.checklist(numbered))
      } else {
        var records: [SchoolRecord] = []
        for node in schoolNodes(root, file: file, &diags) {
          guard let r = school(node, &diags) else { return nil }
          guard plan.ordinals[r.id] == nil else { return nil }
          plan.ordinals[r.id] = plan.schoolCount
          plan.schoolCount += 1
          records.append(r)
        }
        plan.sources.append(.yamlSchools(records))
      }
      if diags.contains(where: { $0.severity == .error }) { return nil }
      plan.diags += diags
    }
    // Child rows: their schools, their order, and the list fields' order.
    for k in plan.sources.indices {
      switch plan.sources[k] {
      case .childTable(var t):
        if hints.spilled.contains(t.file) {
          t.clustered = false
          guard csvSpillChildren(t, k, plan.ordinals, batch: batch, spill: spill, hints: &hints) else { return nil }
        }
        if t.hasRows, let f = t.layout.kind.listField, !plan.listFields.contains(f) { plan.listFields.append(f) }
        plan.sources[k] = .childTable(t)
      case .checklist(let rows):
        var numbered: [(ordinal: Int, row: CSVChildRow)] = []
        for (_, r) in rows {
          guard let o = plan.ordinals[r.schoolID] else { return nil }
          numbered.append((o, r))
          if !plan.listFields.contains(r.listField) { plan.listFields.append(r.listField) }
        }
        plan.sources[k] = .checklist(numbered)
      default:
        continue
      }
    }
    return plan
  }

  /// A table's header, and for a school table its ids. nil: read it whole.
  private func csvPlanTable(_ file: String, _ plan: inout CSVJoinPlan, gb18030 knownGB18030: Bool) -> CSVGroupSource? {
    var gb18030 = knownGB18030
    while true {
      // UTF-8 first (unless it failed further on), then GB18030.
      guard let opened = CSVRecordStream.start(file, chunkBytes: csvChunkBytes, gb18030: gb18030 ? true : nil) else { return nil }
      var stream = opened.stream
      let header = opened.header
      defer { stream.finish() }
      guard let header else { return .empty }
      var diags: [Diagnostic] = []
      guard let layout = csvLayout(file, header: header, &diags), !diags.contains(where: { $0.severity == .error }) else { return nil }
      if layout.kind.listField != nil {
        guard let join = layout.join else { return nil }
        // Whether it has a row (its list field is then added); its rows are read with the schools.
        stream.options = CSVParseOptions(positions: false, only: join)
        let first: CSVRecord?
        do throws(CSVStreamError) { first = try stream.next() } catch .notUTF8 where !gb18030 {
          gb18030 = true
          continue
        } catch {
          return nil
        }
        plan.diags += diags
        var t = CSVTableSource(file: file, layout: layout, gb18030: stream.encoding == .gb18030, idColumn: join)
        t.hasRows = first != nil
        return .childTable(t)
      }
      // The school's id: a text field at the top.
      let idColumn = layout.columns.indices.first { i in
        if case .field(let k) = layout.columns[i], layout.paths[k] == ["id"], case .string = layout.fields[k].type { return true }
        return false
      }
      guard let idColumn else { return nil }
      stream.options = CSVParseOptions(positions: false, only: idColumn)
      var added: [String] = []
      do throws(CSVStreamError) {
        while let r = try stream.next() {
          guard idColumn < r.cells.count else { return nil }
          let id = r.cells[idColumn]
          guard !id.isEmpty, plan.ordinals[id] == nil else { return nil }
          plan.ordinals[id] = plan.schoolCount
          plan.schoolCount += 1
          added.append(id)
        }
      } catch .notUTF8 where !gb18030 {
        for id in added { plan.ordinals[id] = nil }
        plan.schoolCount -= added.count
        gb18030 = true
        continue
      } catch {
        return nil
      }
      plan.diags += diags
      return .schoolTable(CSVTableSource(file: file, layout: layout, gb18030: stream.encoding == .gb18030, idColumn: idColumn))
    }
  }

  /// Spills a child table not in school order: each row, by the batch of
  /// its school; every row must name a school. false: read the group whole.
  private func csvSpillChildren(
    _ t: CSVTableSource, _ source: Int, _ ordinals: [String: Int], batch: Int, spill: CSVSpill, hints: inout CSVJoinHints
  ) -> Bool {
    guard let opened = CSVRecordStream.start(t.file, chunkBytes: csvChunkBytes, gb18030: t.gb18030) else { return false }
    var stream = opened.stream
    defer { stream.finish() }
    guard opened.header != nil else { return true }
    stream.options = CSVParseOptions(positions: false)
    do throws(CSVStreamError) {
      while let r = try stream.next() {
        guard t.idColumn < r.cells.count, let o = ordinals[r.cells[t.idColumn]] else { return false }
        guard spill.add(part: o / batch, source: source, ordinal: o, cells: r.cells) else { return false }
      }
    } catch .notUTF8 where !t.gb18030 {
      // GB18030 after all: the next attempt knows.
      hints.gb18030.insert(t.file)
      return false
    } catch {
      return false
    }
    return true
  }

  /// Step 3 for one school: typed, joined with its rows as `attach` joins
  /// them. nil when anything is wrong (the group is then read whole).
  func csvJoin(_ item: CSVJoinItem, sources: [CSVGroupSource], listFields: [String]) -> SchoolRecord? {
    var diags: [Diagnostic] = []
    var school: SchoolRecord
    var scratch: [Int: [Value]] = [:]
    func table(_ k: Int) -> CSVTableSource? {
      switch sources[k] {
      case .schoolTable(let t), .childTable(let t): t
      default: nil
      }
    }
    switch item.school {
    case .record(let r):
      school = r
    case .csv(let k, let record):
      guard let t = table(k) else { return nil }
      var schools: [SchoolRecord] = []
      var none: [CSVChildRow] = []
      var cells = [Value](repeating: .null, count: t.layout.columns.count)
      csvRow(record, t.layout, file: t.file, cells: &cells, schools: &schools, children: &none, &diags)
      guard diags.isEmpty, schools.count == 1, none.isEmpty else { return nil }
      school = schools[0]
    }
    guard !item.children.isEmpty else { return school }
    var rows: [CSVChildRow] = []
    rows.reserveCapacity(item.children.count)
    var noSchools: [SchoolRecord] = []
    for (k, child) in item.children {
      switch child {
      case .typed(let row):
        rows.append(row)
      case .csv, .raw:
        guard let t = table(k), let record = child.record else { return nil }
        var cells = scratch[k] ?? [Value](repeating: .null, count: t.layout.columns.count)
        csvRow(record, t.layout, file: t.file, cells: &cells, schools: &noSchools, children: &rows, &diags)
        scratch[k] = cells
        guard diags.isEmpty, noSchools.isEmpty else { return nil }
      }
    }
    // As `attach`: ids unique per list (with those the school has), new
    // items after the school's own, lists in `listFields` order.
    var added: [String: [Value]] = [:]
    var ids: [String: Set<String>] = [:]
    for row in rows {
      guard row.schoolID == school.id else { return nil }
      if ids[row.listField] == nil {
        var existing: Set<String> = []
        if case .map(let m) = school.value, case .list(let items)? = m[.string(row.listField)] {
          for case .map(let item) in items { if case .string(let id)? = item[.string("id")] { existing.insert(id) } }
        }
        ids[row.listField] = existing
      }
      if case .map(let m) = row.value, case .string(let id)? = m[.string("id")], ids[row.listField, default: []].insert(id).inserted == false {
        return nil
      }
      added[row.listField, default: []].append(row.value)
    }
    guard case .map(let m) = school.value else { return school }
    var entries = m.entries
    for field in listFields {
      guard let new = added[field] else { continue }
      var items: [Value] = []
      if case .list(let existing)? = m[.string(field)] { items = existing }
      entries.append((key: .string(field), value: .list(items + new)))
    }
    school.value = .map(MapValue(entries))
    return school
  }
}

/// Reads the schools of a plan in input order (step 3).
struct CSVSchoolReader {
  private var k = 0
  private var index = 0
  private var stream: CSVRecordStream?
  let sources: [CSVGroupSource]
  let chunkBytes: Int

  init(sources: [CSVGroupSource], chunkBytes: Int) {
    self.sources = sources
    self.chunkBytes = chunkBytes
  }

  /// The next school; nil at the end; throws when a table cannot be read again.
  mutating func next() throws(CSVStreamError) -> CSVJoinItem.School? {
    while k < sources.count {
      switch sources[k] {
      case .schoolTable(let t):
        if stream == nil {
          guard let (s, header) = CSVRecordStream.start(t.file, chunkBytes: chunkBytes, gb18030: t.gb18030), header != nil else { throw .unreadable }
          stream = s
        }
        if let r = try stream?.next() { return .csv(source: k, r) }
        stream?.finish()
        stream = nil
      case .yamlSchools(let records):
        if index < records.count {
          index += 1
          return .record(records[index - 1])
        }
        index = 0
      default:
        break
      }
      k += 1
    }
    return nil
  }

  func finish() { stream?.finish() }
}

/// A child table read alongside the schools (its rows in school order).
struct CSVChildCursor {
  let source: Int
  let file: String
  let idColumn: Int
  var stream: CSVRecordStream
  var pending: (ordinal: Int, row: CSVJoinItem.Child)?
  var done = false
  /// The last row's school: rows in school order come in runs of one school.
  var last: (id: [UInt8], ordinal: Int)?

  /// Hands the rows of schools before `end` to `take`; throws when a row
  /// names an unknown school or comes out of order.
  mutating func rows(before end: Int, from start: Int, _ ordinals: [String: Int], _ take: (Int, CSVJoinItem.Child) -> Void) throws(CSVStreamError) {
    while true {
      if pending == nil {
        if done { return }
        guard let r = try stream.nextRow() else {
          done = true
          return
        }
        // The school's number: the last row's, or looked up by id (once per run).
        let idColumn = self.idColumn, last = self.last
        func ordinal(_ id: UnsafeBufferPointer<UInt8>) -> (ordinal: Int, new: [UInt8]?)? {
          if let last, last.id.withUnsafeBufferPointer({ FastOps.sameBytes($0, id) }) {
            return (last.ordinal, nil)
          }
          guard let o = ordinals[String(decoding: id, as: UTF8.self)] else { return nil }
          return (o, Array(id))
        }
        let found: (ordinal: Int, new: [UInt8]?)?
        let row: CSVJoinItem.Child
        switch r {
        case .raw(let raw):
          found = raw.withBytes { line in
            CSVRawRow.cell(idColumn, of: line).flatMap { ordinal(UnsafeBufferPointer(rebasing: line[$0])) }
          }
          row = .raw(raw)
        case .record(let record):
          guard idColumn < record.cells.count else { throw .unreadable }
          var id = record.cells[idColumn]
          found = id.withUTF8 { ordinal($0) }
          row = .csv(record)
        }
        guard let found else { throw .unreadable }
        if let new = found.new { self.last = (new, found.ordinal) }
        pending = (found.ordinal, row)
      }
      guard let p = pending, p.ordinal < end else { return }
      guard p.ordinal >= start else { throw .outOfOrder }
      take(p.ordinal, p.row)
      pending = nil
    }
  }
}

extension StreamingCheck {
  /// The non-JSON-Lines files of a check: CSV tables streamed in bounded
  /// memory when the data is valid; otherwise, or when anything cannot be
  /// read the same way, read whole (`readRecords`), with the same results.
  func readGroup(_ files: [String], _ state: inout MergeState, _ spool: Spool, _ row: @escaping @Sendable (Finding) -> [UInt8]) {
    guard loader.csvBatchSchools > 0, files.contains(where: { $0.lowercased().hasSuffix(".csv") }) else {
      return readRecords(files, &state, spool, row)
    }
    // A child table found out of school order, or GB18030 after its first
    // chunk, starts the join again knowing it (at most twice per table).
    var hints = CSVJoinHints()
    attempts: for _ in 0...(2 * files.count) {
      let saved = state
      switch streamGroup(files, hints, &state, spool, row) {
      case .done: return
      case .again(let better) where better != hints:
        state = saved
        hints = better
      default:
        state = saved
        break attempts
      }
    }
    // Usually the data has errors: they are found by reading the group
    // whole without its values (as `readRecords` reports them); if there
    // are none after all, it is read whole, values and all.
    var lean = loader
    lean.leanCSV = true
    do throws(DiagnosticList) {
      _ = try lean.load(paths: files)
    } catch {
      state.diags += error.diagnostics
      return
    }
    readRecords(files, &state, spool, row)
  }

  /// How streaming a group ended.
  enum GroupOutcome {
    case done
    /// The group must be read whole (`state` is then restored by the caller).
    case readWhole
    /// Start again with what was found out about the child tables.
    case again(CSVJoinHints)
  }

  /// Steps 1–3.
  func streamGroup(
    _ files: [String], _ hints: CSVJoinHints, _ state: inout MergeState, _ spool: Spool, _ row: @escaping @Sendable (Finding) -> [UInt8]
  ) -> GroupOutcome {
    let batch = max(1, loader.csvBatchSchools)
    guard let spill = CSVSpill() else { return .readWhole }
    var found = hints
    guard let plan = loader.csvJoinPlan(files, batch: batch, spill: spill, hints: &found) else {
      return found != hints ? .again(found) : .readWhole
    }
    // Set when a child table turns out not to be read the way the plan took it.
    var learned: CSVJoinHints?
    func learn(_ error: CSVStreamError, _ file: String) {
      var h = hints
      switch error {
      case .outOfOrder: h.spilled.insert(file)
      case .notUTF8: h.gb18030.insert(file)
      default: return
      }
      learned = h
    }
    state.diags += plan.diags
    let evaluate = !state.failed
    let planned = state.planned
    let check = self
    let sources = plan.sources
    let listFields = plan.listFields
    let files = sources.map { s -> String in
      switch s {
      case .schoolTable(let t), .childTable(let t): t.file
      default: ""
      }
    }
    let fastTables = evaluate && csvIntoSlots
      ? fastPlan.map { p in
        sources.map { s -> FastCSVTable? in
          switch s {
          case .schoolTable(let t), .childTable(let t): p.layout.csvTable(t.layout)
          default: nil
          }
        }
      } : nil
    var schools = CSVSchoolReader(sources: sources, chunkBytes: loader.csvChunkBytes)
    defer { schools.finish() }
    var cursors: [CSVChildCursor] = []
    defer { for c in cursors { c.stream.finish() } }
    for (k, s) in sources.enumerated() {
      guard case .childTable(let t) = s, t.clustered, t.hasRows else { continue }
      // Child rows need no positions: any diagnostic stops this path.
      let options = CSVParseOptions(positions: false)
      guard let (stream, header) = CSVRecordStream.start(t.file, chunkBytes: loader.csvChunkBytes, gb18030: t.gb18030, options: options), header != nil else { return .readWhole }
      cursors.append(CSVChildCursor(source: k, file: t.file, idColumn: t.idColumn, stream: stream))
    }
    /// Schools `lo..<hi` with their rows, ready to join; nil when the group
    /// must be read whole.
    func readItems(_ lo: Int, _ hi: Int) -> [CSVJoinItem]? {
      var items: [CSVJoinItem] = []
      items.reserveCapacity(hi - lo)
      do throws(CSVStreamError) {
        for _ in lo..<hi {
          guard let s = try schools.next() else { return nil }
          items.append(CSVJoinItem(school: s))
        }
      } catch {
        return nil
      }
      for c in cursors.indices {
        let k = cursors[c].source
        do throws(CSVStreamError) {
          try cursors[c].rows(before: hi, from: lo, plan.ordinals) { o, r in items[o - lo].children.append((k, r)) }
        } catch {
          learn(error, cursors[c].file)
          return nil
        }
      }
      guard let spilled = spill.rows(part: lo / batch) else { return nil }
      for (k, o, r) in spilled {
        guard o >= lo, o < hi else { return nil }
        items[o - lo].children.append((k, .csv(r)))
      }
      for (k, s) in sources.enumerated() {
        guard case .checklist(let rows) = s else { continue }
        for (o, r) in rows where o >= lo && o < hi { items[o - lo].children.append((k, .typed(r))) }
      }
      // Rows in input order: by file (stable: rows of a file keep their order).
      for i in items.indices where items[i].children.count > 1 {
        let c = items[i].children
        if zip(c, c.dropFirst()).contains(where: { $0.source > $1.source }) {
          items[i].children = c.enumerated().sorted { ($0.element.source, $0.offset) < ($1.element.source, $1.offset) }.map(\.element)
        }
      }
      return items
    }
    func mergeAll(_ results: [ItemResult?]) -> Bool {
      for r in results {
        guard let r else { return false }
        merge(r, &state, spool)
      }
      return true
    }
    var lo = 0
    var next = plan.schoolCount > 0 ? readItems(0, min(plan.schoolCount, batch)) : []
    var pending: [ItemResult?] = []
    while lo < plan.schoolCount {
      guard let items = next else { return learned.map(GroupOutcome.again) ?? .readWhole }
      let hi = lo + items.count
      var ok = true
      let results = parallel(
        items,
        meanwhile: {
          // The last batch merged and the next one read while this one is evaluated.
          ok = mergeAll(pending)
          if ok, hi < plan.schoolCount { next = readItems(hi, min(plan.schoolCount, hi + batch)) }
        }
      ) { item -> ItemResult? in
        // Rows straight into slots where they can be; else typed, joined and laid out.
        if let fastTables, let plan = check.fastPlan, let (s, file, line) = plan.layout.csvSchool(item, tables: fastTables, files: files),
          let r = check.processFast(
            s, plan: plan, file: file, line: line, evaluate: evaluate, planned: planned, row: row,
            general: { check.loader.csvJoin(item, sources: sources, listFields: listFields)?.value })
        {
          var r = r
          r.intoSlots = true
          return r
        }
        guard let school = check.loader.csvJoin(item, sources: sources, listFields: listFields) else { return nil }
        return check.process(school, evaluate: evaluate, planned: planned, row: row)
      }
      guard ok else { return .readWhole }
      pending = results
      lo = hi
    }
    guard mergeAll(pending) else { return .readWhole }
    // Every school and every row read: nothing left over.
    do throws(CSVStreamError) {
      guard try schools.next() == nil else { return .readWhole }
    } catch {
      return .readWhole
    }
    for c in cursors.indices {
      do throws(CSVStreamError) {
        try cursors[c].rows(before: Int.max, from: plan.schoolCount, plan.ordinals) { _, _ in }
      } catch {
        learn(error, cursors[c].file)
        return learned.map(GroupOutcome.again) ?? .readWhole
      }
    }
    return .done
  }
}
