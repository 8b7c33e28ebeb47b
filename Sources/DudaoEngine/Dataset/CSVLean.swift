import DudaoDiagnostics
import DudaoExpr
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The lean read of CSV tables (`DatasetLoader.leanCSV`): the data of a
// streaming check had an error, and only the diagnostics of reading it
// whole are wanted — the same ones, in the same order, as `load` gives.
// Tables are read in chunks (not whole), and child rows are not kept in
// memory: each is written, reduced to what `attach` can say about it, to
// an unlinked temporary file, read back in order at the end. What stays in
// memory grows with the schools (their ids, as the streamed check keeps
// them anyway) and the element ids of each school's lists (for the
// duplicate check), not with the rows' cells. Rows are mostly valid: a plain
// row (no quote) whose every cell types without a diagnostic, as its bytes
// show, is not typed as a value at all (`CSVLeanPlan`); only the others go
// through `csvRow`, which gives the diagnostics.

/// The child rows of a lean read, on disk: per row what `attach` needs to
/// report an unknown school or a duplicate element id.
final class CSVChildLog {
  struct Row {
    var schoolID: String
    var listField: String
    var joinHeader: String
    var id: String?
    var location: SourceLocation
    var joinLocation: SourceLocation
  }

  private let file: ScratchFile
  private var buffer: [UInt8] = []
  /// Bytes written to the file so far.
  private var written = 0
  /// (list field, join header) pairs and file names, numbered.
  private var kinds: [(field: String, header: String)] = []
  private var files: [String] = []
  private var fileIndex: [String: Int] = [:]
  private var lastKind: Int?
  private var lastFile: Int?
  private(set) var count = 0
  /// A write, a truncation or a read failed: the log cannot be trusted.
  private(set) var failed = false
  static let flushBytes = 1 << 20

  init?() {
    guard let file = ScratchFile("lean") else { return nil }
    self.file = file
  }

  deinit { file.close() }

  /// Where the log ends, to go back to (`truncate`).
  var mark: (bytes: Int, rows: Int) { (written + buffer.count, count) }

  /// Drops the rows added after `mark`.
  func truncate(to mark: (bytes: Int, rows: Int)) {
    if mark.bytes >= written {
      buffer.removeLast(buffer.count - (mark.bytes - written))
    } else {
      buffer.removeAll()
      if ftruncate(file.fd, off_t(mark.bytes)) != 0 { failed = true }
      written = mark.bytes
    }
    count = mark.rows
  }

  private func put(_ v: Int) { ScratchFile.put(v, &buffer) }

  /// The number of a (list field, join header) pair, for `appendRow`.
  func kind(field: String, header: String) -> Int {
    if let k = lastKind, kinds[k].field == field, kinds[k].header == header { return k }
    let kind: Int
    if let k = kinds.firstIndex(where: { $0.field == field && $0.header == header }) {
      kind = k
    } else {
      kind = kinds.count
      kinds.append((field, header))
    }
    lastKind = kind
    return kind
  }

  /// The number of a file name, for `appendRow`.
  func fileNumber(_ name: String) -> Int {
    if let f = lastFile, files[f] == name { return f }
    let file: Int
    if let f = fileIndex[name] {
      file = f
    } else {
      file = files.count
      files.append(name)
      fileIndex[name] = file
    }
    lastFile = file
    return file
  }

  /// Adds a row (`failed` when the file cannot be written).
  func append(_ row: CSVChildRow) {
    guard !failed else { return }
    // Rows of one table share list, header and file: compared with the last row's first.
    let kind = kind(field: row.listField, header: row.joinHeader)
    let file = fileNumber(row.location.file)
    var schoolID = row.schoolID
    var id: String?
    if case .map(let m) = row.value, case .string(let s)? = m[.string("id")] { id = s }
    schoolID.withUTF8 { school in
      if var id {
        id.withUTF8 {
          appendRow(
            kind: kind, file: file, line: row.location.line, column: row.location.column,
            joinLine: row.joinLocation.line, joinColumn: row.joinLocation.column, schoolID: school, id: $0)
        }
      } else {
        appendRow(
          kind: kind, file: file, line: row.location.line, column: row.location.column,
          joinLine: row.joinLocation.line, joinColumn: row.joinLocation.column, schoolID: school, id: nil)
      }
    }
  }

  /// Adds a row given as its school id's and element id's UTF-8 bytes
  /// (`kind`, `file`: numbers from `kind(field:header:)` and `fileNumber`).
  func appendRow(
    kind: Int, file: Int, line: Int, column: Int, joinLine: Int, joinColumn: Int, schoolID: UnsafeBufferPointer<UInt8>, id: UnsafeBufferPointer<UInt8>?
  ) {
    guard !failed else { return }
    put(kind)
    put(file)
    put(line)
    put(column)
    put(joinLine)
    put(joinColumn)
    put(schoolID.count)
    buffer.append(contentsOf: schoolID)
    if let id {
      buffer.append(1)
      put(id.count)
      buffer.append(contentsOf: id)
    } else {
      buffer.append(0)
    }
    count += 1
    if buffer.count >= Self.flushBytes, !flush() { failed = true }
  }

  private func flush() -> Bool {
    guard file.write(buffer, at: written) else { return false }
    written += buffer.count
    buffer.removeAll(keepingCapacity: true)
    return true
  }

  /// A row as logged: numbers, and its ids' UTF-8 bytes (valid only
  /// during the call it is given to).
  struct RawRow {
    var kind: Int
    var file: Int
    var line: Int
    var column: Int
    var joinLine: Int
    var joinColumn: Int
    var schoolID: UnsafeBufferPointer<UInt8>
    var id: UnsafeBufferPointer<UInt8>?
  }

  /// The list field and join header of a row's `kind`.
  func kind(_ k: Int) -> (field: String, header: String) { kinds[k] }

  /// The number of (list field, join header) pairs: `RawRow.kind` is below it.
  var kindCount: Int { kinds.count }

  /// The file name of a row's `file`.
  func fileName(_ f: Int) -> String { files[f] }

  /// The full row of a `RawRow`.
  func row(_ r: RawRow) -> Row {
    Row(
      schoolID: String(decoding: r.schoolID, as: UTF8.self), listField: kinds[r.kind].field, joinHeader: kinds[r.kind].header,
      id: r.id.map { String(decoding: $0, as: UTF8.self) },
      location: SourceLocation(file: files[r.file], line: r.line, column: r.column),
      joinLocation: SourceLocation(file: files[r.file], line: r.joinLine, column: r.joinColumn))
  }

  /// Every row in the order added; false when the file cannot be read back.
  func forEach(_ body: (Row) -> Void) -> Bool {
    forEachRaw { body(row($0)) }
  }

  /// Every row in the order added, as bytes (no `String` made); false when
  /// the file cannot be read back.
  func forEachRaw(_ body: (RawRow) -> Void) -> Bool {
    guard !failed, flush() else { return false }
    var data: [UInt8] = []
    var i = 0
    var offset = 0
    // At least `n` unread bytes in `data` (reading on in chunks); false at the end.
    func need(_ n: Int) -> Bool {
      if data.count - i >= n { return true }
      data.removeFirst(i)
      i = 0
      while data.count < n, offset < written {
        let want = min(max(n - data.count, Self.flushBytes), written - offset)
        let start = data.count
        data += repeatElement(0, count: want)
        guard file.read(want, at: offset, into: &data, start: start) else { return false }
        offset += want
      }
      return data.count >= n
    }
    func int(_ at: Int) -> Int {
      Int(data[at]) | Int(data[at + 1]) << 8 | Int(data[at + 2]) << 16 | Int(data[at + 3]) << 24
    }
    for _ in 0..<count {
      // Six numbers, the school id's length, its bytes and the id flag; the id's length and bytes.
      guard need(29) else { return false }
      let schoolLength = int(i + 24)
      guard need(29 + schoolLength) else { return false }
      var idLength: Int?
      if data[i + 28 + schoolLength] == 1 {
        guard need(33 + schoolLength) else { return false }
        let n = int(i + 29 + schoolLength)
        guard need(33 + schoolLength + n) else { return false }
        idLength = n
      }
      let row = (kind: int(i), file: int(i + 4), line: int(i + 8), column: int(i + 12), joinLine: int(i + 16), joinColumn: int(i + 20))
      guard row.kind < kinds.count, row.file < files.count else { return false }
      let start = i
      data.withUnsafeBufferPointer { buf in
        body(
          RawRow(
            kind: row.kind, file: row.file, line: row.line, column: row.column, joinLine: row.joinLine, joinColumn: row.joinColumn,
            schoolID: UnsafeBufferPointer(rebasing: buf[start + 28..<start + 28 + schoolLength]),
            id: idLength.map { UnsafeBufferPointer(rebasing: buf[start + 33 + schoolLength..<start + 33 + schoolLength + $0]) }))
      }
      i += 29 + schoolLength + (idLength.map { 4 + $0 } ?? 0)
    }
    return true
  }
}

extension DatasetLoader {
  /// A CSV table read in chunks for the lean read, its child rows into
  /// `log` (without a log, a selected load's: added to `out`): the same
  /// schools and diagnostics as `csvTable`. nil (the log and `out` as
  /// before) when the table must be read whole after all: a syntax error
  /// (rows before it in the same chunk would be lost), a file neither UTF-8
  /// nor GB18030 or unreadable, an unusable header. Reading stops after
  /// `want` schools.
  func csvTableInChunks(_ file: String, log: CSVChildLog?, children out: inout [CSVChildRow], want: Int = .max, _ diags: inout [Diagnostic]) -> [SchoolRecord]? {
    let mark = log?.mark
    var gb18030: Bool?
    while true {
      guard let opened = CSVRecordStream.start(file, chunkBytes: csvChunkBytes, gb18030: gb18030) else { return nil }
      var stream = opened.stream
      defer { stream.finish() }
      guard let header = opened.header else { return [] }
      var local: [Diagnostic] = []
      guard let layout = csvLayout(file, header: header, &local) else { return nil }
      if case .first = selection, layout.kind.listField != nil {
        // Only the first schools' ids are wanted: a child table's rows are not read.
        diags += local
        return []
      }
      var schools: [SchoolRecord] = []
      var children: [CSVChildRow] = []
      var cells = [Value](repeating: .null, count: layout.columns.count)
      // A selected load: rows as bytes first, the school id cell compared,
      // and only a kept school's row parsed into cells with their positions.
      var select: (ids: Set<String>, column: Int)?
      if case .ids(let ids) = selection, let column = layout.kind.listField == nil ? layout.idColumn : layout.join { select = (ids, column) }
      // The lean read of all schools: plain rows taken from their bytes when they can be.
      var plan: CSVLeanPlan?
      if let log, case .all = selection { plan = CSVLeanPlan(layout, file: file, log: log) }
      func next() throws(CSVStreamError) -> CSVRecord? {
        guard select != nil || plan != nil else { return try stream.next() }
        while let row = try stream.nextRow() {
          switch row {
          case .record(let r):
            return r
          case .raw(let raw):
            if let select {
              // A row too short to have the cell is read: it is ragged (`keeps`).
              let kept = raw.withBytes { line in
                CSVRawRow.cell(select.column, of: line).map { select.ids.contains(String(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self)) } ?? true
              }
              if kept { return raw.record(positions: true) }
            } else if let plan, let log {
              // Rows typed before this one go to the log first (their order).
              if !children.isEmpty {
                for c in children { log.append(c) }
                children.removeAll(keepingCapacity: true)
              }
              if !plan.take(raw, file: file, schools: &schools, log: log) { return raw.record(positions: true) }
              if schools.count >= want { return nil }
            } else {
              return raw.record(positions: true)
            }
          }
        }
        return nil
      }
      do throws(CSVStreamError) {
        while schools.count < want, let r = try next() {
          csvRow(r, layout, file: file, cells: &cells, schools: &schools, children: &children, &local)
          if let log, children.count >= 1024 {
            for c in children { log.append(c) }
            children.removeAll(keepingCapacity: true)
          }
        }
      } catch .notUTF8 where gb18030 == nil && stream.encoding != .gb18030 {
        // GB18030 after all (as the whole reader would decide): from the start.
        if let log, let mark { log.truncate(to: mark) }
        gb18030 = true
        continue
      } catch {
        if let log, let mark { log.truncate(to: mark) }
        return nil
      }
      if let log { for c in children { log.append(c) } } else { out += children }
      diags += local
      return schools
    }
  }

  /// `attach` for the lean read: the same diagnostics (unknown schools,
  /// duplicate element ids), from the rows in `log`; nothing is attached.
  /// The log is read twice: first for each school's list the last row that
  /// goes into it, so that its set of element ids is dropped after that row
  /// (with tables in school order, only a few sets are alive at a time).
  /// Rows are read as bytes; a run of rows of one school's list (the usual
  /// case: tables in school order) looks its school and its set up once.
  /// false when the log cannot be read back.
  func attachLean(_ log: CSVChildLog, to schools: [SchoolRecord], _ diags: inout [Diagnostic]) -> Bool {
    var index: [String: Int] = [:]
    for (i, s) in schools.enumerated() { index[s.id] = i }
    /// A school's list: school number and list number.
    struct Key: Hashable {
      var school: Int
      var list: Int
    }
    // The list number of each kind of row (kinds of one list share it).
    var listIndex: [String: Int] = [:]
    var listOfKind: [Int] = []
    for k in 0..<log.kindCount {
      let field = log.kind(k).field
      if listIndex[field] == nil { listIndex[field] = listIndex.count }
      listOfKind.append(listIndex[field] ?? 0)
    }
    var numbers = SchoolNumbers(index)
    var last: [Key: Int] = [:]
    var n = 0
    // The key of the current run of rows, and its last row so far.
    var run: (key: Key, last: Int)?
    guard
      log.forEachRaw({ row in
        defer { n += 1 }
        guard let i = numbers.number(row.schoolID) else { return }
        let k = Key(school: i, list: listOfKind[row.kind])
        if let r = run, r.key != k { last[r.key] = r.last }
        run = (k, n)
      })
    else { return false }
    if let r = run { last[r.key] = r.last }
    var ids: [Key: Set<String>] = [:]
    var suggestions = SchoolSuggestions(schools)
    numbers = SchoolNumbers(index)
    n = 0
    // The current run's key, its list's set of element ids (out of `ids`
    // while the run lasts), and the list's last row.
    var current: (key: Key, last: Int)?
    var set: Set<String> = []
    let ok = log.forEachRaw { row in
      defer { n += 1 }
      guard let i = numbers.number(row.schoolID) else {
        let r = log.row(row)
        diags.append(.csvUnknownSchool(r.schoolID, header: r.joinHeader, suggestion: suggestions.closest(to: r.schoolID), at: r.joinLocation))
        return
      }
      let k = Key(school: i, list: listOfKind[row.kind])
      if current?.key != k {
        if let c = current { ids[c.key] = set }
        current = (k, last[k] ?? -1)
        if let s = ids.removeValue(forKey: k) {
          set = s
        } else {
          // The school's own items of the list come first (a YAML school).
          set = []
          if case .map(let m) = schools[i].value, case .list(let items)? = m[.string(log.kind(row.kind).field)] {
            for case .map(let item) in items { if case .string(let id)? = item[.string("id")] { set.insert(id) } }
          }
        }
      }
      if let id = row.id, !set.insert(String(decoding: id, as: UTF8.self)).inserted {
        let r = log.row(row)
        diags.append(.dataDuplicateElement("school.\(r.listField)", id: r.id ?? "", at: r.location))
      }
      if current?.last == n {
        // The list's last row: its set is no longer needed.
        set = []
        current = nil
      }
    }
    return ok
  }
}

/// The school number of a child row's school id (`attachLean`), looked up
/// once for a run of rows of the same school.
struct SchoolNumbers {
  private let index: [String: Int]
  private var lastID: [UInt8] = []
  private var lastNumber: Int?
  private var looked = false

  init(_ index: [String: Int]) { self.index = index }

  mutating func number(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    if looked, lastID.withUnsafeBufferPointer({ FastOps.sameBytes($0, id) }) { return lastNumber }
    lastID.removeAll(keepingCapacity: true)
    lastID.append(contentsOf: id)
    lastNumber = index[String(decoding: id, as: UTF8.self)]
    looked = true
    return lastNumber
  }
}

/// How the lean read takes a table's plain rows (`CSVRawRow`) from their
/// bytes: a row whose every cell `csvRow` would type without a diagnostic
/// (by `CSVLayout.Quick`, as it does) is not typed as a value at all; only
/// what `attach` needs of it is kept (a school's id, name and district; a
/// child row's school id, element id and positions). Any other row goes
/// through `csvRow` as before, which gives the diagnostics.
struct CSVLeanPlan {
  /// How a column's non-empty cells are vouched for from their bytes; `k`
  /// is the field's `CSVLayout.Quick` (in `quick`), asked when the bytes
  /// alone do not decide.
  enum Cell {
    /// Not a field, or the join column (read apart).
    case skip
    /// Any text types (`Quick.string`, `Quick.texts`).
    case text
    case int(Int, min: Double?, max: Double?)
    case bool(Int)
    /// With the enumeration's values as bytes.
    case enumeration(Int, [[UInt8]])
    case quick(Int)
  }

  let cells: [Cell]
  let quick: [CSVLayout.Quick]
  /// A child table's join column; the log's numbers of its list and file.
  let join: Int?
  let kind: Int
  let file: Int
  /// The columns of the id (a school's, or a child row's element id), and
  /// of a school's name and district: text columns (`Quick.string`).
  let id: Int?
  let name: Int?
  let district: Int?

  /// nil when the table's ids, names or districts are not plain text, or
  /// a school table has no id column (its rows are then typed by `csvRow`).
  init?(_ layout: CSVLayout, file: String, log: CSVChildLog) {
    var cells: [Cell] = []
    var id: Int?, name: Int?, district: Int?
    for (i, column) in layout.columns.enumerated() {
      guard case .field(let k) = column else {
        cells.append(.skip)
        continue
      }
      let quick = layout.quick[k]
      switch quick {
      case .string, .texts: cells.append(.text)
      case .int(let min, let max): cells.append(.int(k, min: min, max: max))
      case .bool: cells.append(.bool(k))
      case .enumeration(let values): cells.append(.enumeration(k, values.map { Array($0.utf8) }))
      default: cells.append(.quick(k))
      }
      let path = layout.paths[k]
      guard path.count == 1, ["id", "name", "district"].contains(path[0]) else { continue }
      // `csvRow` takes these as texts only: any other type, the general way.
      guard case .string = quick else { return nil }
      switch path[0] {
      case "id": id = i
      case "name": name = i
      default: district = i
      }
    }
    self.cells = cells
    quick = layout.quick
    self.id = id
    if let list = layout.kind.listField {
      guard let j = layout.join else { return nil }
      join = j
      kind = log.kind(field: list, header: layout.headers[j])
      self.name = nil
      self.district = nil
    } else {
      guard id != nil, id == layout.idColumn else { return nil }
      join = nil
      kind = 0
      self.name = name
      self.district = district
    }
    self.file = log.fileNumber(file)
  }

  /// YAML's null words (`Quick.value`): the cell is null.
  @inline(__always)
  static func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    switch b.count {
    case 1: return b[0] == UInt8(ascii: "~")
    case 4:
      let w = (b[0], b[1], b[2], b[3])
      return w == (0x6E, 0x75, 0x6C, 0x6C) || w == (0x4E, 0x75, 0x6C, 0x6C) || w == (0x4E, 0x55, 0x4C, 0x4C)
    default: return false
    }
  }

  /// Whether `Quick.value` types the non-empty cell `b` (so `csvRow` says
  /// nothing about it): from the bytes for plain integers, ASCII yes/no
  /// words and enumeration values, else by `Quick.value` itself.
  @inline(__always)
  func types(_ b: UnsafeBufferPointer<UInt8>, _ cell: Cell) -> Bool {
    let k: Int
    switch cell {
    case .skip, .text:
      return true
    case .int(let q, let min, let max):
      // -?[0-9]{1,18}: what `Int64(_:)` reads, and fits; anything else by `Quick`.
      var i = 0
      let negative = b[0] == UInt8(ascii: "-")
      if negative { i = 1 }
      if b.count > i, b.count - i <= 18 {
        var v: Int64 = 0
        while i < b.count {
          let d = b[i] &- UInt8(ascii: "0")
          guard d < 10 else { break }
          v = v * 10 + Int64(d)
          i += 1
        }
        if i == b.count { return CSVLayout.Quick.inRange(Double(negative ? -v : v), min, max) }
      }
      k = q
    case .bool(let q):
      func word(_ w: StaticString) -> Bool {
        FastOps.sameBytes(UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount), b)
      }
      if word("true") || word("false") || word("yes") || word("no") || word("1") || word("0") { return true }
      k = q
    case .enumeration(let q, let values):
      for v in values where v.count == b.count {
        if v.withUnsafeBufferPointer({ FastOps.sameBytes($0, b) }) { return true }
      }
      k = q
    case .quick(let q):
      k = q
    }
    return quick[k].value(String(decoding: b, as: UTF8.self)) != nil
  }

  /// Takes a plain row when `csvRow` would say nothing about it: a school
  /// to `schools` (its value dropped, as the lean `csvRow` drops it), a
  /// child row to `log`, as `csvRow` and `CSVChildLog.append` would. false
  /// (nothing taken) when the row may have a diagnostic: `csvRow` decides.
  func take(_ raw: CSVRawRow, file: String, schools: inout [SchoolRecord], log: CSVChildLog) -> Bool {
    raw.withBytes { line in
      var idCell = 0..<0, joinCell = 0..<0, nameCell = 0..<0, districtCell = 0..<0
      var joinStart = 0
      // A ragged row: `csvRow` says so.
      let plain = CSVRawRow.cells(cells.count, of: line) { i, cell, start in
        if i == join {
          joinCell = cell
          joinStart = start
        } else if !cell.isEmpty {
          guard types(UnsafeBufferPointer(rebasing: line[cell]), cells[i]) else { return false }
          if i == id {
            idCell = cell
          } else if i == name {
            nameCell = cell
          } else if i == district {
            districtCell = cell
          }
        }
        return true
      }
      guard plain else { return false }
      // A null word is no text: a school without an id, a row without an element id.
      func text(_ cell: Range<Int>) -> UnsafeBufferPointer<UInt8>? {
        let b = UnsafeBufferPointer(rebasing: line[cell])
        return b.isEmpty || Self.isNull(b) ? nil : b
      }
      guard join != nil else {
        guard let id = text(idCell) else { return false }
        schools.append(
          SchoolRecord(
            id: String(decoding: id, as: UTF8.self), name: text(nameCell).map { String(decoding: $0, as: UTF8.self) } ?? "",
            district: text(districtCell).map { String(decoding: $0, as: UTF8.self) }, value: .map(MapValue([])),
            location: SourceLocation(file: file, line: raw.line, column: 1)))
        return true
      }
      // No school id: `csvRow` says so.
      guard !joinCell.isEmpty else { return false }
      // The join cell's column: Unicode scalars before it, as `CSVReader.parse` counts.
      var column = 1
      for k in 0..<joinStart where line[k] & 0xC0 != 0x80 { column += 1 }
      log.appendRow(
        kind: kind, file: self.file, line: raw.line, column: 1, joinLine: raw.line, joinColumn: column,
        schoolID: UnsafeBufferPointer(rebasing: line[joinCell]), id: text(idCell))
      return true
    }
  }
}
