import DudaoDiagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a CSV file could not be read as a stream.
enum CSVStreamError: Error {
  /// Not valid UTF-8 after all: read it again as GB18030 (as `CSVReader` would).
  case notUTF8
  /// Neither UTF-8 nor GB18030, or unreadable: the whole reader says how.
  case unreadable
  /// A syntax error (unterminated or misplaced quote).
  case syntax(Diagnostic)
  /// A child table's row for a school before the schools already joined:
  /// the table is not in school order (the join spills it and starts again).
  case outOfOrder
}

/// A file read in chunks of `chunkBytes` and decoded to UTF-8 as
/// `CSVReader` decodes a whole file: a UTF-8 BOM dropped; text that is not
/// valid UTF-8 is GB18030 (the caller finds out from `.notUTF8` and starts
/// again with `gb18030: true`). A character cut by a chunk's end is kept
/// for the next chunk, in both encodings.
struct CSVChunkDecoder {
  private let fd: Int32
  private let chunkBytes: Int
  private let converter: IconvBox?
  /// Raw bytes not decoded yet: the start of a character cut off.
  private var carry: [UInt8] = []
  private var started = false
  /// Decoded bytes held until a converted BOM (EF BB BF) can be recognised.
  private var head: [UInt8] = []
  private(set) var atEnd = false
  private(set) var encoding: CSVEncoding

  /// Opens `file`; nil when it cannot be opened.
  init?(file: String, gb18030: Bool, chunkBytes: Int) {
    let fd = open(file, O_RDONLY)
    guard fd >= 0 else { return nil }
    if gb18030 {
      guard let box = IconvBox() else {
        close(fd)
        return nil
      }
      converter = box
    } else {
      converter = nil
    }
    self.fd = fd
    self.chunkBytes = max(1, chunkBytes)
    encoding = gb18030 ? .gb18030 : .utf8
  }

  func finish() { close(fd) }

  /// Reads raw bytes to `carry` (at least `min` of them, unless the file ends).
  private mutating func fill(atLeast min: Int) throws(CSVStreamError) {
    var chunk = [UInt8](repeating: 0, count: chunkBytes)
    while carry.count < min, !atEnd {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .unreadable
      }
      if n == 0 {
        atEnd = true
        break
      }
      carry.append(contentsOf: chunk[..<n])
    }
  }

  /// Appends the next decoded text to `out`; false when the file is done.
  mutating func next(into out: inout [UInt8]) throws(CSVStreamError) -> Bool {
    if atEnd && carry.isEmpty && head.isEmpty { return false }
    if !started {
      started = true
      try fill(atLeast: 3)
      if carry.starts(with: [0xEF, 0xBB, 0xBF]) {
        carry.removeFirst(3)
        if converter == nil { encoding = .utf8BOM }
      }
    } else {
      try fill(atLeast: carry.count + 1)
    }
    if let converter {
      try convert(converter, into: &out)
    } else {
      try validate(into: &out)
    }
    return true
  }

  /// UTF-8: passes on what is valid, keeping a cut-off character.
  private mutating func validate(into out: inout [UInt8]) throws(CSVStreamError) {
    var cut = carry.count
    if !atEnd {
      // A lead byte among the last three whose sequence goes past the end.
      var k = carry.count - 1
      while k >= 0, k >= carry.count - 3, carry[k] & 0xC0 == 0x80 { k -= 1 }
      if k >= 0, k >= carry.count - 3 {
        let lead = carry[k]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        if k + length > carry.count { cut = k }
      }
    }
    let bad = carry.withUnsafeBufferPointer { CSVReader.invalidUTF8(UnsafeBufferPointer(rebasing: $0[..<cut])) }
    guard bad == nil else { throw .notUTF8 }
    out.append(contentsOf: carry[..<cut])
    carry.removeFirst(cut)
  }

  /// GB18030: converts what is complete, keeping a cut-off character.
  private mutating func convert(_ box: IconvBox, into out: inout [UInt8]) throws(CSVStreamError) {
    var produced = [UInt8](repeating: 0, count: carry.count * 2 + 8)
    var used = 0
    var incomplete = false
    let made: Int = carry.withUnsafeMutableBufferPointer { inBuf in
      produced.withUnsafeMutableBufferPointer { outBuf in
        guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return 0 }
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
        var inLeft = inBuf.count, outLeft = outBuf.count
        if iconv(box.cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
          if errno == EINVAL { incomplete = true } else { return -1 }
        }
        used = inBuf.count - inLeft
        return outBuf.count - outLeft
      }
    }
    guard made >= 0, !(incomplete && atEnd) else { throw .unreadable }
    carry.removeFirst(used)
    head.append(contentsOf: produced[..<made])
    // A UTF-8 BOM converted to GB18030 arrives as U+FEFF (EF BB BF): dropped.
    if box.checkBOM {
      if head.count < 3, !atEnd { return }
      if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
      box.checkBOM = false
    }
    out.append(contentsOf: head)
    head.removeAll(keepingCapacity: true)
  }
}

/// An iconv descriptor from GB18030 to UTF-8, closed with its owner.
final class IconvBox {
  let cd: iconv_t
  var checkBOM = true

  init?() {
    let cd = iconv_open("UTF-8", "GB18030")
    guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
    self.cd = cd
  }

  deinit { iconv_close(cd) }
}

/// Decoded text that raw rows point into; never changed once made.
final class CSVChunk: Sendable {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// A record of a table, as its bytes: a line with no quote that is not
/// blank. Its cells are the line split at commas, each trimmed of spaces and
/// tabs: what `CSVReader.parse` makes of the line, without a `String` per
/// cell (`FastLayout` types them from the bytes; a selected load looks at
/// the school id cell only).
struct CSVRawRow: Sendable {
  let chunk: CSVChunk
  /// The line, without its line end, in `chunk`.
  let start: Int
  let end: Int
  /// Its number in the file (1-based).
  let line: Int

  /// The line's bytes.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    chunk.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }

  /// The record `CSVReader.parse` makes of the line (without positions).
  var record: CSVRecord { record(positions: false) }

  /// The record `CSVReader.parse` makes of the line, with its cells' lines
  /// and columns when `positions`.
  func record(positions: Bool) -> CSVRecord {
    withBytes { bytes in
      var record = CSVRecord()
      var n = line
      // No quote, so no diagnostic: the parser cannot throw here.
      _ = try? CSVReader.parse(bytes, file: "", atEnd: true, line: &n, options: CSVParseOptions(positions: positions)) { r in
        record = r
        return false
      }
      return record
    }
  }

  /// Cell `index` of `line` (the row's bytes), trimmed; nil when the row
  /// has fewer cells.
  static func cell(_ index: Int, of line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    var start = 0, k = 0
    let n = line.count
    while k < index {
      while start < n, line[start] != UInt8(ascii: ",") { start += 1 }
      guard start < n else { return nil }
      start += 1
      k += 1
    }
    var end = start
    while end < n, line[end] != UInt8(ascii: ",") { end += 1 }
    return trimmed(start..<end, of: line)
  }

  /// Splits `line` into its first `n` cells at commas and gives each to
  /// `body`: its index, its range trimmed, and where it starts untrimmed.
  /// false when the row has fewer cells, a non-empty cell past the `n`th
  /// (both ragged: the parser's record says so), or `body` said false.
  @inline(__always)
  static func cells(
    _ n: Int, of line: UnsafeBufferPointer<UInt8>, _ body: (_ index: Int, _ cell: Range<Int>, _ start: Int) -> Bool
  ) -> Bool {
    let count = line.count
    var start = 0
    for i in 0..<n {
      guard start <= count else { return false }
      var end = start
      while end < count, line[end] != UInt8(ascii: ",") { end += 1 }
      guard body(i, trimmed(start..<end, of: line), start) else { return false }
      start = end + 1
    }
    while start < count {
      let b = line[start]
      guard b == UInt8(ascii: ",") || b == 0x20 || b == 0x09 else { return false }
      start += 1
    }
    return true
  }

  /// `range` without leading and trailing spaces and tabs.
  @inline(__always)
  static func trimmed(_ range: Range<Int>, of line: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    var s = range.lowerBound, e = range.upperBound
    while s < e, line[s] == 0x20 || line[s] == 0x09 { s += 1 }
    while e > s, line[e - 1] == 0x20 || line[e - 1] == 0x09 { e -= 1 }
    return s..<e
  }
}

/// A record of a stream read as rows: raw where it can be, else parsed.
enum CSVStreamRow: Sendable {
  case raw(CSVRawRow)
  case record(CSVRecord)
}

/// The records of a CSV file, read a chunk at a time (header first): what
/// `CSVReader.forEachRecord` gives for the whole file, in bounded memory.
struct CSVRecordStream {
  let file: String
  private var decoder: CSVChunkDecoder
  /// Decoded text from the start of a line not parsed yet.
  private var text: [UInt8] = []
  private var records: [CSVRecord] = []
  private var nextRecord = 0
  /// `nextRow`'s rows of the last chunk.
  private var rows: [CSVStreamRow] = []
  private var nextRowIndex = 0
  private var line = 1
  private var done = false
  private var eof = false
  private var needMore = true
  /// The header is parsed alone, with its positions and all its cells.
  private var headerRead = false
  /// How records after the header are parsed.
  var options: CSVParseOptions
  var encoding: CSVEncoding { decoder.encoding }

  /// Opens `file` in the given encoding; nil when it cannot be opened.
  init?(file: String, gb18030: Bool, chunkBytes: Int, options: CSVParseOptions = .full) {
    guard let d = CSVChunkDecoder(file: file, gb18030: gb18030, chunkBytes: chunkBytes) else { return nil }
    self.file = file
    self.options = options
    decoder = d
  }

  func finish() { decoder.finish() }

  /// The next record; nil at the end of the file.
  mutating func next() throws(CSVStreamError) -> CSVRecord? {
    while nextRecord == records.count {
      if done { return nil }
      records.removeAll(keepingCapacity: true)
      nextRecord = 0
      try refill()
    }
    defer { nextRecord += 1 }
    return records[nextRecord]
  }

  /// The next record, as raw bytes when it is a plain line (`CSVRawRow`,
  /// which knows its line: `record(positions:)` gives what `next()` would);
  /// nil at the end of the file. After the header, for a stream that keeps
  /// every cell; otherwise (and for any record `next()` has read ahead) as
  /// `next()` gives it.
  mutating func nextRow() throws(CSVStreamError) -> CSVStreamRow? {
    guard headerRead, nextRecord == records.count, options.only == nil else { return try next().map(CSVStreamRow.record) }
    while nextRowIndex == rows.count {
      if done { return nil }
      rows.removeAll(keepingCapacity: true)
      nextRowIndex = 0
      try refillRows()
    }
    defer { nextRowIndex += 1 }
    return rows[nextRowIndex]
  }

  /// `refill` for `nextRow`: plain lines kept as bytes in the chunk; a line
  /// with a quote (which may go on over several lines) parsed by `CSVReader`.
  private mutating func refillRows() throws(CSVStreamError) {
    if needMore && !eof {
      let more = try decoder.next(into: &text)
      eof = !more || decoder.atEnd
    }
    needMore = true
    let atEnd = eof, file = self.file, options = self.options
    var line = self.line
    // Raw rows as ranges first: the chunk is made (and the rest of the text
    // kept) only once it is known what was used.
    var found: [(start: Int, end: Int, line: Int, record: CSVRecord?)] = []
    let consumed: Int
    do {
      consumed = try text.withUnsafeBufferPointer { (buf) throws(Diagnostic) -> Int in
        let n = buf.count
        var i = 0
        while i < n {
          var j = i
          var blank = true, quoted = false
          while j < n {
            let b = buf[j]
            if b == 0x0A || b == 0x0D { break }
            if b == 0x22 {
              quoted = true
              break
            }
            if b != 0x2C && b != 0x20 && b != 0x09 { blank = false }
            j += 1
          }
          if quoted {
            var record: CSVRecord?
            let used = try CSVReader.parse(UnsafeBufferPointer(rebasing: buf[i...]), file: file, atEnd: atEnd, line: &line, options: options) { r in
              record = r
              return false
            }
            i += used
            guard let record else { break }  // cut off (or blank to the end)
            found.append((0, 0, 0, record))
            continue
          }
          if j == n, !atEnd { break }
          // The line end: CRLF, LF or a lone CR (a CR at the end may be a CRLF's).
          var next = j
          if j < n {
            if buf[j] == 0x0D {
              if j + 1 == n, !atEnd { break }
              if j + 1 < n, buf[j + 1] == 0x0A { next += 1 }
            }
            next += 1
          }
          if !blank { found.append((i, j, line, nil)) }
          line += 1
          i = next
        }
        return i
      }
    } catch {
      throw .syntax(error)
    }
    self.line = line
    if !found.isEmpty {
      let chunk = CSVChunk(text)
      rows.reserveCapacity(found.count)
      for f in found { rows.append(f.record.map(CSVStreamRow.record) ?? .raw(CSVRawRow(chunk: chunk, start: f.start, end: f.end, line: f.line))) }
    }
    if consumed > 0 { text = Array(text[consumed...]) }
    if eof && text.isEmpty { done = true }
  }

  /// Parses the records the next chunk completes.
  private mutating func refill() throws(CSVStreamError) {
    if needMore && !eof {
      let more = try decoder.next(into: &text)
      eof = !more || decoder.atEnd
    }
    var parsed: [CSVRecord] = []
    var line = self.line
    let file = self.file
    let header = !headerRead
    let options = header ? CSVParseOptions.full : self.options
    let atEnd = eof
    let consumed: Int
    do {
      consumed = try text.withUnsafeBufferPointer { (buf) throws(Diagnostic) -> Int in
        try CSVReader.parse(buf, file: file, atEnd: atEnd, line: &line, options: options) { (r) throws(Diagnostic) -> Bool in
          parsed.append(r)
          return !header  // the header alone: the rest with `options`
        }
      }
    } catch {
      throw .syntax(error)
    }
    self.line = line
    records = parsed
    if consumed > 0 { text.removeFirst(consumed) }
    // After the header, the rest of the text first; otherwise what is left is cut off.
    needMore = !(header && !parsed.isEmpty)
    if header, !parsed.isEmpty { headerRead = true }
    if eof && text.isEmpty { done = true }
  }

  /// Opens `file` and reads its first record (the header), in the encoding
  /// `CSVReader` would read it in. nil when the file cannot be streamed the
  /// same way (unreadable, or neither encoding): the whole reader says why.
  static func start(_ file: String, chunkBytes: Int, gb18030: Bool? = nil, options: CSVParseOptions = .full) -> (stream: CSVRecordStream, header: CSVRecord?)? {
    for gb in gb18030.map({ [$0] }) ?? [false, true] {
      guard var s = CSVRecordStream(file: file, gb18030: gb, chunkBytes: chunkBytes, options: options) else { return nil }
      do {
        let header = try s.next()
        // The encoding holds only if the whole file is valid UTF-8: the
        // caller reads on and starts again as GB18030 on `.notUTF8`.
        return (s, header)
      } catch .notUTF8 {
        s.finish()
        continue
      } catch {
        s.finish()
        return nil
      }
    }
    return nil
  }
}

/// `CSVRecordStream`'s two ways of reading, side by side.
package enum CSVStreamProbe {
  /// A record's cells, with each cell's line and column when read with positions.
  package struct Record: Equatable, Sendable {
    package var cells: [String]
    package var lines: [Int]
    package var columns: [Int]
  }

  /// The records of `file` after its header, read in chunks of
  /// `chunkBytes`, with or without positions: by `nextRow` (raw rows parsed
  /// with `CSVRawRow.record(positions:)`) or by `next`. nil when the stream
  /// stops (unreadable, not UTF-8, a syntax error). For tests and fuzzing:
  /// the two must agree.
  package static func records(of file: String, chunkBytes: Int, rows: Bool, positions: Bool = false) -> [Record]? {
    guard let (opened, header) = CSVRecordStream.start(file, chunkBytes: chunkBytes, gb18030: false), header != nil else { return nil }
    var stream = opened
    defer { stream.finish() }
    stream.options = CSVParseOptions(positions: positions)
    var out: [Record] = []
    func add(_ r: CSVRecord) { out.append(Record(cells: r.cells, lines: r.lines, columns: r.columns)) }
    do throws(CSVStreamError) {
      if rows {
        while let row = try stream.nextRow() {
          switch row {
          case .raw(let raw): add(raw.record(positions: positions))
          case .record(let record): add(record)
          }
        }
      } else {
        while let record = try stream.next() { add(record) }
      }
    } catch {
      return nil
    }
    return out
  }
}
