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
// duplicate check), not with the rows' cells.

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

  private func put(_ s: String) {
    put(s.utf8.count)
    buffer.append(contentsOf: s.utf8)
  }

  /// Adds a row (`failed` when the file cannot be written).
  func append(_ row: CSVChildRow) {
    guard !failed else { return }
    // Rows of one table share list, header and file: compared with the last row's first.
    let kind: Int
    if let k = lastKind, kinds[k].field == row.listField, kinds[k].header == row.joinHeader {
      kind = k
    } else if let k = kinds.firstIndex(where: { $0.field == row.listField && $0.header == row.joinHeader }) {
      kind = k
    } else {
      kind = kinds.count
      kinds.append((row.listField, row.joinHeader))
    }
    lastKind = kind
    let file: Int
    if let f = lastFile, files[f] == row.location.file {
      file = f
    } else if let f = fileIndex[row.location.file] {
      file = f
    } else {
      file = files.count
      files.append(row.location.file)
      fileIndex[row.location.file] = file
    }
    lastFile = file
    put(kind)
    put(file)
    put(row.location.line)
    put(row.location.column)
    put(row.joinLocation.line)
    put(row.joinLocation.column)
    put(row.schoolID)
    if case .map(let m) = row.value, case .string(let id)? = m[.string("id")] {
      buffer.append(1)
      put(id)
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

  /// Every row in the order added; false when the file cannot be read back.
  func forEach(_ body: (Row) -> Void) -> Bool {
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
    func int() -> Int? {
      guard need(4) else { return nil }
      defer { i += 4 }
      return Int(data[i]) | Int(data[i + 1]) << 8 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 24
    }
    func string() -> String? {
      guard let n = int(), need(n) else { return nil }
      defer { i += n }
      return String(decoding: data[i..<i + n], as: UTF8.self)
    }
    for _ in 0..<count {
      guard let kind = int(), kind < kinds.count, let file = int(), file < files.count,
        let line = int(), let column = int(), let joinLine = int(), let joinColumn = int(), let schoolID = string(), need(1)
      else { return false }
      let hasID = data[i] == 1
      i += 1
      var id: String?
      if hasID {
        guard let s = string() else { return false }
        id = s
      }
      body(
        Row(
          schoolID: schoolID, listField: kinds[kind].field, joinHeader: kinds[kind].header, id: id,
          location: SourceLocation(file: files[file], line: line, column: column),
          joinLocation: SourceLocation(file: files[file], line: joinLine, column: joinColumn)))
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
      func next() throws(CSVStreamError) -> CSVRecord? {
        guard let select else { return try stream.next() }
        while let row = try stream.nextRow() {
          switch row {
          case .record(let r):
            return r
          case .raw(let raw):
            // A row too short to have the cell is read: it is ragged (`keeps`).
            let kept = raw.withBytes { line in
              CSVRawRow.cell(select.column, of: line).map { select.ids.contains(String(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self)) } ?? true
            }
            if kept { return raw.record(positions: true) }
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
  /// false when the log cannot be read back.
  func attachLean(_ log: CSVChildLog, to schools: [SchoolRecord], _ diags: inout [Diagnostic]) -> Bool {
    var index: [String: Int] = [:]
    for (i, s) in schools.enumerated() { index[s.id] = i }
    /// A school's list: school number and list number.
    struct Key: Hashable {
      var school: Int
      var list: Int
    }
    var listIndex: [String: Int] = [:]
    func key(_ school: Int, _ list: String) -> Key {
      if let l = listIndex[list] { return Key(school: school, list: l) }
      listIndex[list] = listIndex.count
      return Key(school: school, list: listIndex.count - 1)
    }
    var last: [Key: Int] = [:]
    var n = 0
    guard
      log.forEach({ row in
        defer { n += 1 }
        guard let i = index[row.schoolID] else { return }
        last[key(i, row.listField)] = n
      })
    else { return false }
    var ids: [Key: Set<String>] = [:]
    var suggestions = SchoolSuggestions(schools)
    n = 0
    return log.forEach { row in
      defer { n += 1 }
      guard let i = index[row.schoolID] else {
        diags.append(.csvUnknownSchool(row.schoolID, header: row.joinHeader, suggestion: suggestions.closest(to: row.schoolID), at: row.joinLocation))
        return
      }
      let k = key(i, row.listField)
      if ids[k] == nil {
        // The school's own items of the list come first (a YAML school).
        var existing: Set<String> = []
        if case .map(let m) = schools[i].value, case .list(let items)? = m[.string(row.listField)] {
          for case .map(let item) in items { if case .string(let id)? = item[.string("id")] { existing.insert(id) } }
        }
        ids[k] = existing
      }
      if let id = row.id, ids[k, default: []].insert(id).inserted == false {
        diags.append(.dataDuplicateElement("school.\(row.listField)", id: id, at: row.location))
      }
      if last[k] == n { ids[k] = nil }
    }
  }
}
