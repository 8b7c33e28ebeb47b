import DudaoDiagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The text encodings a CSV file is read in, detected from its bytes.
public enum CSVEncoding: String, Sendable {
  case utf8
  case utf8BOM = "utf8-bom"
  /// What Excel writes in Chinese locales ("CSV" without "UTF-8").
  case gb18030
}

/// One CSV record: its cells' texts and where each cell starts.
public struct CSVRecord: Sendable {
  public internal(set) var cells: [String] = []
  /// Line (1-based) and column (Unicode scalars, 1-based) of each cell.
  var lines: [Int] = []
  var columns: [Int] = []

  /// Where cell `i` starts; past the last cell, where the record starts.
  public func location(_ i: Int, file: String) -> SourceLocation {
    guard !lines.isEmpty else { return SourceLocation(file: file, line: 0, column: 0) }
    let j = i < lines.count ? i : 0
    return SourceLocation(file: file, line: lines[j], column: columns[j])
  }
}

/// Reads an RFC 4180 CSV file: quoted cells, doubled quotes, line breaks
/// inside quotes, CRLF or LF line ends. Works on bytes, a record at a time.
///
/// The file is decoded once up front: valid UTF-8 (with or without BOM) is
/// read as is, anything else is converted from GB18030. Unquoted cells are
/// trimmed of spaces and tabs; blank lines and rows of empty cells are skipped.
public struct CSVReader {
  let file: String
  /// The text as UTF-8, without BOM.
  let bytes: [UInt8]
  let encoding: CSVEncoding

  /// Decodes `data` read from `file`; throws when it is neither UTF-8 nor GB18030.
  public init(file: String, data: Data) throws(Diagnostic) {
    self.file = file
    var raw = [UInt8](data)
    let bom = raw.starts(with: [0xEF, 0xBB, 0xBF])
    if bom { raw.removeFirst(3) }
    let utf8Error = Self.invalidUTF8(raw)
    if utf8Error == nil {
      bytes = raw
      encoding = bom ? .utf8BOM : .utf8
      return
    }
    switch Self.fromGB18030(raw) {
    case .success(var utf8):
      // A UTF-8 file with BOM converted to GB18030 (e.g. by iconv) keeps its
      // BOM as 84 31 95 33, which decodes to U+FEFF: drop it like the UTF-8 one.
      if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
      bytes = utf8
      encoding = .gb18030
    case .failure(let e):
      // Neither: the bad byte is where the likelier encoding (the one that got further) failed.
      let offset = max(e.offset, utf8Error ?? 0)
      let line = 1 + raw[..<min(offset, raw.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      throw .csvEncoding(file, line: line)
    }
  }

  /// Calls `body` with every record, the header first. `body` returns false to stop.
  public func forEachRecord(_ body: (CSVRecord) throws(Diagnostic) -> Bool) throws(Diagnostic) {
    try bytes.withUnsafeBufferPointer { (buf) throws(Diagnostic) in try parse(buf, body) }
  }
}

private extension CSVReader {
  static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
  static let space: UInt8 = 0x20, tab: UInt8 = 0x09

  func parse(_ buf: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws(Diagnostic) -> Bool) throws(Diagnostic) {
    var line = 1
    _ = try Self.parse(buf, file: file, atEnd: true, line: &line, body)
  }
}

/// What the parser keeps of a record (for reading a table again quickly).
struct CSVParseOptions: Sendable {
  /// Each cell's line and column (for diagnostics).
  var positions = true
  /// Only this cell's text; the others are "" (but counted).
  var only: Int?

  static let full = CSVParseOptions()
}

extension CSVReader {
  /// Parses the records of `buf` (which starts at the start of a line) that
  /// are complete. Unless `atEnd`, a record is complete only when its line
  /// end is in `buf`: the record cut off at the end is left, and its start
  /// is returned, to be parsed again with more text after it. `line` is the
  /// number of the first line of `buf`, then of the returned offset's.
  /// Returns `buf.count` when all is parsed (or `body` stopped).
  static func parse(
    _ buf: UnsafeBufferPointer<UInt8>, file: String, atEnd: Bool, line: inout Int, options: CSVParseOptions = .full,
    _ body: (CSVRecord) throws(Diagnostic) -> Bool
  ) throws(Diagnostic) -> Int {
    let positions = options.positions
    let only = options.only ?? -1, all = options.only == nil
    // Whether a cell of the record is not empty (blank records are skipped).
    var filled = false
    let n = buf.count
    var record = CSVRecord()
    var scratch: [UInt8] = []
    var i = 0
    var recordStart = 0, recordLine = line
    // Columns are counted in scalars from the start of the line, incrementally.
    var lineStart = 0
    var colOffset = 0, colCount = 1
    func column(at offset: Int) -> Int {
      if colOffset < lineStart { colOffset = lineStart; colCount = 1 }
      while colOffset < offset {
        if buf[colOffset] & 0xC0 != 0x80 { colCount += 1 }
        colOffset += 1
      }
      return colCount
    }
    func emit() throws(Diagnostic) -> Bool {
      defer {
        // A fresh record sized as this one: `removeAll(keepingCapacity:)`
        // of an array the body kept a copy of allocates at least the old
        // capacity, which malloc's rounding makes creep up row after row.
        let n = record.cells.count
        record = CSVRecord()
        record.cells.reserveCapacity(n)
        if positions {
          record.lines.reserveCapacity(n)
          record.columns.reserveCapacity(n)
        }
        filled = false
      }
      if !filled { return true }
      return try body(record)
    }
    // The record being read goes on past `buf`: parse it again later.
    func cutOff() -> Int {
      line = recordLine
      return recordStart
    }
    while i < n {
      // Start of a cell.
      let keep = all || record.cells.count == only
      if positions {
        record.lines.append(line)
        record.columns.append(column(at: i))
      }
      if buf[i] == Self.quote {
        let openLine = line, openColumn = positions ? record.columns[record.columns.count - 1] : column(at: i)
        scratch.removeAll(keepingCapacity: true)
        i += 1
        var closed = false
        while i < n {
          let b = buf[i]
          if b == Self.quote {
            if i + 1 < n, buf[i + 1] == Self.quote {
              scratch.append(Self.quote)
              i += 2
              continue
            }
            if i + 1 == n, !atEnd { return cutOff() }
            i += 1
            closed = true
            break
          }
          if b == Self.lf {
            line += 1
            lineStart = i + 1
          }
          scratch.append(b)
          i += 1
        }
        guard closed else {
          if !atEnd { return cutOff() }
          throw .csvUnterminatedQuote(at: SourceLocation(file: file, line: openLine, column: openColumn))
        }
        if !scratch.isEmpty { filled = true }
        record.cells.append(keep ? String(decoding: scratch, as: UTF8.self) : "")
        // After the closing quote: a comma, a line end or the end of the file.
        if i < n, buf[i] != Self.comma, buf[i] != Self.lf, buf[i] != Self.cr {
          throw .csvTextAfterQuote(at: SourceLocation(file: file, line: line, column: column(at: i)))
        }
      } else {
        var start = i
        while i < n, buf[i] != Self.comma, buf[i] != Self.lf, buf[i] != Self.cr { i += 1 }
        if i == n, !atEnd { return cutOff() }
        var end = i
        while start < end, buf[start] == Self.space || buf[start] == Self.tab { start += 1 }
        while end > start, buf[end - 1] == Self.space || buf[end - 1] == Self.tab { end -= 1 }
        if start < end { filled = true }
        record.cells.append(start == end || !keep ? "" : String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self))
      }
      if i >= n {
        if !atEnd { return cutOff() }
        break
      }
      if buf[i] == Self.comma {
        i += 1
        if i == n {
          if !atEnd { return cutOff() }
          // A trailing comma at the end of the file: one more, empty cell.
          if positions {
            record.lines.append(line)
            record.columns.append(column(at: i))
          }
          record.cells.append("")
        }
        continue
      }
      // A line end: CRLF, LF or a lone CR.
      if buf[i] == Self.cr {
        if i + 1 == n, !atEnd { return cutOff() }
        if i + 1 < n, buf[i + 1] == Self.lf { i += 1 }
      }
      i += 1
      line += 1
      lineStart = i
      guard try emit() else { return i }
      recordStart = i
      recordLine = line
    }
    if !record.cells.isEmpty { _ = try emit() }
    return n
  }
}

private extension CSVReader {
  /// The offset of the first byte that is not strict UTF-8 (overlong forms,
  /// surrogates and values above U+10FFFF are not); nil when all is valid.
  static func invalidUTF8(_ b: [UInt8]) -> Int? {
    b.withUnsafeBufferPointer { invalidUTF8($0) }
  }

  /// Converts GB18030 to UTF-8; on failure, the offset of the first bad byte.
  static func fromGB18030(_ input: [UInt8]) -> Result<[UInt8], GB18030Error> {
    #if canImport(Glibc)
      let cd = iconv_open("UTF-8", "GB18030")
      guard let cd, cd != iconv_t(bitPattern: -1) else { return .failure(GB18030Error(offset: 0)) }
      defer { iconv_close(cd) }
      // Every GB18030 sequence of k bytes becomes at most 2k UTF-8 bytes.
      var out = [UInt8](repeating: 0, count: input.count * 2 + 4)
      var input = input
      let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
        out.withUnsafeMutableBufferPointer { outBuf in
          guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return 0 }
          var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
          var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
          var inLeft = inBuf.count, outLeft = outBuf.count
          if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return -(inBuf.count - inLeft) - 1 }
          return outBuf.count - outLeft
        }
      }
      guard produced >= 0 else { return .failure(GB18030Error(offset: -produced - 1)) }
      out.removeLast(out.count - produced)
      return .success(out)
    #else
      let enc = String.Encoding(rawValue: 0x8000_0632)
      guard let s = String(data: Data(input), encoding: enc) else { return .failure(GB18030Error(offset: 0)) }
      return .success(Array(s.utf8))
    #endif
  }
}

/// Where GB18030 decoding failed.
struct GB18030Error: Error {
  var offset: Int
}

extension CSVReader {
  /// `invalidUTF8` over memory (a line of JSON Lines, read in place).
  static func invalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = p.count
    guard let base = p.baseAddress else { return nil }
    var i = 0
    while i < n {
      // Eight ASCII bytes at a time (no byte with its high bit set).
      while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
      guard i < n else { break }
      let c = p[i]
      if c < 0x80 {
        i += 1
        continue
      }
      func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
      switch c {
      case 0xC2...0xDF:
        guard cont(1) else { return i }
        i += 2
      case 0xE0...0xEF:
        guard cont(1), cont(2) else { return i }
        let c1 = p[i + 1]
        if c == 0xE0 && c1 < 0xA0 || c == 0xED && c1 > 0x9F { return i }
        i += 3
      case 0xF0...0xF4:
        guard cont(1), cont(2), cont(3) else { return i }
        let c1 = p[i + 1]
        if c == 0xF0 && c1 < 0x90 || c == 0xF4 && c1 > 0x8F { return i }
        i += 4
      default:
        return i
      }
    }
    return nil
  }
}
