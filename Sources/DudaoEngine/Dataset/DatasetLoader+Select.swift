import DudaoDiagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which schools a load keeps: commands that look at one school
/// (`explain --data`, `checklist`) load only that one, in memory that does
/// not grow with the number of schools.
///
/// The other schools are dropped while reading, before they are typed where
/// the format allows: a JSON Lines line that cannot name a kept id (its
/// bytes do not contain it, and it has no escape that could spell it) is
/// not parsed; a CSV row whose school id cell (a school table's id, a child
/// table's `school_id`) is not a kept id is not typed; YAML and JSON files
/// are read and typed one at a time, their other schools dropped after.
/// Child rows and filled checklists join only kept schools, so rows of
/// dropped schools are never reported as unknown schools.
///
/// What is still reported: every error that makes a file unreadable (YAML
/// and JSON syntax, CSV quoting, encodings, unknown tables and headers, an
/// unreadable file), every error of a kept school and its rows, a kept id
/// that appears twice (naming both places), a kept row whose school is in
/// no table. What is not: errors in the rows and lines of schools not kept
/// (a cell that does not type, a ragged row, a duplicate id among them, a
/// JSON Lines line not parsed — even its syntax), which `dudao check`
/// reports. A YAML/JSON school that does not type is reported whatever its
/// id (its id cannot be trusted), as is a JSON Lines line that contains a
/// kept id.
enum SchoolSelection: Sendable {
  /// Every school (`load(paths:)`).
  case all
  /// Only these ids.
  case ids(Set<String>)
  /// The first `n` schools met in input order, without their child rows;
  /// reading stops there (`firstSchoolIDs`).
  case first(Int)
}

extension DatasetLoader {
  /// Only the schools whose id is in `ids`, with their child rows and
  /// on-site observations, as `load(paths:)` gives them (see
  /// `SchoolSelection` for the errors reported). Memory: the kept schools,
  /// a chunk of each file, one YAML or JSON file at a time.
  public func load(paths: [String], onlySchools ids: Set<String>) throws(DiagnosticList) -> Dataset {
    var loader = self
    loader.selection = .ids(ids)
    loader.leanCSV = false
    return try loader.load(paths: paths)
  }

  /// The ids of the first `count` schools of the data, in input order (the
  /// order of `load(paths:)`'s schools); reading stops after them. Errors
  /// met up to there are thrown.
  public func firstSchoolIDs(paths: [String], count: Int) throws(DiagnosticList) -> [String] {
    var loader = self
    loader.selection = .first(max(1, count))
    loader.leanCSV = false
    return try loader.load(paths: paths).schools.map(\.id)
  }

  /// Whether every school is kept.
  var selectsAll: Bool {
    if case .all = selection { return true }
    return false
  }

  /// Whether a school with this id is kept.
  func keepsSchool(_ id: String) -> Bool {
    guard case .ids(let ids) = selection else { return true }
    return ids.contains(id)
  }

  /// Whether a child row (CSV, observation) of the school `id` is kept.
  func keepsChild(of id: String) -> Bool {
    switch selection {
    case .all: true
    case .ids(let ids): ids.contains(id)
    case .first: false
    }
  }

  /// How many more schools are wanted after `kept` (`.first`).
  func wanted(after kept: Int) -> Int {
    guard case .first(let n) = selection else { return .max }
    return n - kept
  }

  /// Whether a CSV row is read: in a selected load, a row whose school id
  /// cell names no kept school is dropped before it is typed (a row too
  /// short to have that cell is read: it is ragged); with `.first`, every
  /// child row is.
  func keeps(_ record: CSVRecord, _ layout: CSVLayout) -> Bool {
    let isSchool = layout.kind.listField == nil
    switch selection {
    case .all: return true
    case .first: return isSchool
    case .ids(let ids):
      guard let column = isSchool ? layout.idColumn : layout.join, column < record.cells.count else { return true }
      return ids.contains(record.cells[column])
    }
  }

  /// Whether a JSON Lines line can name a kept school: it contains a kept
  /// id's bytes, or an escape that could spell one (`\` in a double-quoted
  /// text, `''` in a single-quoted one).
  func mayName(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard case .ids(let ids) = selection else { return true }
    guard let base = line.baseAddress, !line.isEmpty else { return false }
    if memchr(base, Int32(UInt8(ascii: "\\")), line.count) != nil { return true }
    for id in ids {
      var id = id
      let found = id.withUTF8 { i -> Bool in
        if Self.find(i, in: line) { return true }
        // An id with a quote may be written `''` in a single-quoted text.
        return i.contains(UInt8(ascii: "'")) && "''".utf8.withContiguousStorageIfAvailable { Self.find($0, in: line) } == true
      }
      if found { return true }
    }
    return false
  }

  /// Whether `needle` occurs in `bytes` (an empty needle does).
  static func find(_ needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let n = needle.baseAddress, let first = needle.first else { return true }
    guard let base = bytes.baseAddress, bytes.count >= needle.count else { return false }
    var at = 0
    let last = bytes.count - needle.count
    while at <= last, let p = memchr(base + at, Int32(first), last - at + 1) {
      let i = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
      if memcmp(base + i, n, needle.count) == 0 { return true }
      at = i + 1
    }
    return false
  }

  /// The lines of a JSON Lines file, read `chunkBytes` at a time (the
  /// whole-file reader held the file, 850 MB at N = 100,000): `body` gets
  /// each line that is not blank or a comment (without its `\n`) and its
  /// number, and returns false to stop. A line over `maxSchoolBytes` (not
  /// blank, not a comment) stops the file with `data.line-too-long`; an
  /// unreadable file gives `data.io`. Returns false after such an error.
  func forEachLine(_ file: String, chunkBytes: Int = 4 << 20, _ diags: inout [Diagnostic], _ body: (ArraySlice<UInt8>, Int) -> Bool) -> Bool {
    let unreadable = Diagnostic.dataIO(file, reason: .init(zh: "无法读取数据文件：\(file)", en: "cannot read data file: \(file)"))
    guard let handle = FileHandle(forReadingAtPath: file) else {
      diags.append(unreadable)
      return false
    }
    defer { try? handle.close() }
    func blank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") }
    /// The first line end at or after `s`.
    func newline(_ buffer: [UInt8], from s: Int) -> Int? {
      buffer.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress, s < b.count else { return nil }
        return memchr(base + s, 0x0A, b.count - s).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
      }
    }
    var buffer: [UInt8] = []
    var lineNumber = 0
    /// Bytes of the current line dropped already (it was over the limit
    /// without its end): blank so far, or a comment (`comment`).
    var dropped = 0
    var comment = false
    var atEnd = false
    while !atEnd {
      // Up to `chunkBytes` more after what is left of the last chunk.
      do {
        let chunk = try handle.read(upToCount: chunkBytes) ?? Data()
        atEnd = chunk.isEmpty
        buffer.append(contentsOf: chunk)
      } catch {
        diags.append(unreadable)
        return false
      }
      var s = 0
      while s < buffer.count, let e = newline(buffer, from: s) ?? (atEnd ? buffer.count : nil) {
        lineNumber += 1
        let line = buffer[s..<e]
        let before = (dropped, comment)
        s = e + 1
        dropped = 0
        comment = false
        if before.1 { continue }
        guard let first = line.firstIndex(where: { !blank($0) }), line[first] != UInt8(ascii: "#") else { continue }
        guard before.0 + line.count <= maxSchoolBytes else {
          diags.append(.dataLineTooLong(file, line: lineNumber, limit: maxSchoolBytes))
          return false
        }
        guard body(line, lineNumber) else { return true }
      }
      buffer.removeFirst(min(s, buffer.count))
      // A line over the limit without its end yet: too long unless blank
      // or a comment so far (then dropped, as it is read).
      if buffer.count > maxSchoolBytes || (dropped > 0 && !buffer.isEmpty) {
        if !comment, let first = buffer.firstIndex(where: { !blank($0) }) {
          guard buffer[first] == UInt8(ascii: "#") else {
            diags.append(.dataLineTooLong(file, line: lineNumber + 1, limit: maxSchoolBytes))
            return false
          }
          comment = true
        }
        dropped += buffer.count
        buffer.removeAll(keepingCapacity: true)
      }
    }
    return true
  }
}
