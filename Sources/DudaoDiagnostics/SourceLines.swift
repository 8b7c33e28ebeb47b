#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The source lines that diagnostics point at, for the excerpt under each
/// message: every file is read once, in one pass of fixed-size chunks,
/// keeping only the lines asked for (and of each at most what an excerpt
/// shows), so that a thousand warnings on a file of a gigabyte cost one
/// read of it and no more memory than the lines themselves.
public struct SourceLines: Sendable {
  /// At most this many bytes of a line are kept (a line of JSON Lines is a
  /// whole school): the excerpt shows 400 characters around the column.
  static let keptBytes = 16 << 10
  /// At most this many bytes of lines in all; lines past it get no excerpt.
  static let budget = 64 << 20

  private var lines: [String: [Int: String]] = [:]

  /// The lines of `diagnostics`' locations; `texts`: files already in memory
  /// (by path), read from there instead of the disk.
  public init(for diagnostics: [Diagnostic], texts: [String: String] = [:]) {
    var wanted: [String: Set<Int>] = [:]
    for d in diagnostics {
      if let l = d.location, l.line >= 1 { wanted[l.file, default: []].insert(l.line) }
    }
    for (file, numbers) in wanted {
      if let text = texts[file] {
        lines[file] = Self.lines(numbers, of: text)
      } else if let found = Self.lines(numbers, inFile: file) {
        lines[file] = found
      }
    }
  }

  /// Line `number` (from 1) of `file`, without its line break; nil when it
  /// was not asked for or cannot be read.
  public func line(_ file: String, _ number: Int) -> String? { lines[file]?[number] }

  /// The lines `numbers` of `text`.
  static func lines(_ numbers: Set<Int>, of text: String) -> [Int: String] {
    var text = text
    return text.withUTF8 { b in
      var scan = Scan(numbers)
      scan.feed(b)
      return scan.finish()
    }
  }

  /// The lines `numbers` of the file at `path`, read in chunks of 1 MB; nil
  /// when it cannot be opened.
  static func lines(_ numbers: Set<Int>, inFile path: String) -> [Int: String]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var scan = Scan(numbers)
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
    defer { chunk.deallocate() }
    while !scan.done {
      let n = read(fd, chunk.baseAddress, chunk.count)
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      scan.feed(UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: n))
    }
    return scan.finish()
  }

  /// Lines split at LF (a CR before it is dropped), fed in any pieces.
  struct Scan {
    let wanted: Set<Int>
    let last: Int
    var number = 1
    var current: [UInt8] = []
    var found: [Int: String] = [:]
    var kept = 0

    init(_ wanted: Set<Int>) {
      self.wanted = wanted
      last = wanted.max() ?? 0
    }

    var done: Bool { number > last }

    mutating func feed(_ b: UnsafeBufferPointer<UInt8>) {
      guard let base = b.baseAddress else { return }
      var s = 0
      while s < b.count, !done {
        let e = memchr(base + s, 0x0A, b.count - s).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? b.count
        if wanted.contains(number), current.count < SourceLines.keptBytes, kept < SourceLines.budget {
          current += UnsafeBufferPointer(rebasing: b[s..<min(e, s + SourceLines.keptBytes - current.count)])
        }
        guard e < b.count else { return }
        end()
        s = e + 1
      }
    }

    private mutating func end() {
      if wanted.contains(number), kept < SourceLines.budget {
        // A line cut at `keptBytes` keeps a CR it may end with (it is not its end).
        if current.last == 0x0D, current.count < SourceLines.keptBytes { current.removeLast() }
        found[number] = String(decoding: current, as: UTF8.self)
        kept += current.count
      }
      current.removeAll(keepingCapacity: true)
      number += 1
    }

    /// The lines found; the last line counts even without a final LF.
    mutating func finish() -> [Int: String] {
      if !done { end() }
      return found
    }
  }
}
