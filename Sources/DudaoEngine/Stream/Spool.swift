import Foundation

/// A temporary file holding the rendered rows of each school while a
/// streaming check runs, so that memory does not grow with the output;
/// written out in school-id order at the end. Owns its file descriptor.
final class Spool: @unchecked Sendable {
  struct Entry: Sendable {
    var id: String
    var offset: Int
    var length: Int
  }

  private let fd: Int32
  private var size = 0
  private var pending: [UInt8] = []

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/dudao-spool-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    // Unlinked at once: the space is freed however the process ends.
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Appends one school's rows; where they are.
  func append(_ rows: [UInt8], id: String) -> Entry {
    let e = Entry(id: id, offset: size, length: rows.count)
    size += rows.count
    pending += rows
    if pending.count >= 1 << 20 { flush() }
    return e
  }

  private func flush() {
    var done = 0
    pending.withUnsafeBytes { b in
      while done < b.count {
        let n = systemWrite(fd, b.baseAddress! + done, b.count - done)
        if n <= 0 { break }
        done += n
      }
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// Writes `head`, then the rows of every entry sorted by school id, to
  /// `path` (or standard output); consecutive entries are copied together.
  /// `dropFirst` bytes of the first entry written are left out (a separator
  /// the first row must not have); `tail` comes last.
  func write(head: [UInt8], index: [Entry], dropFirst: Int = 0, tail: [UInt8] = [], to path: String?) throws {
    flush()
    let out: Int32
    if let path {
      out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard out >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    } else {
      out = 1
    }
    defer { if path != nil { close(out) } }
    try Self.put(out, head)
    var order = index.indices.sorted { index[$0].id < index[$1].id }
    var index = index
    if let firstEntry = order.first, dropFirst > 0 {
      // The first entry, shortened, as an entry of its own.
      let n = min(dropFirst, index[firstEntry].length)
      index.append(Entry(id: index[firstEntry].id, offset: index[firstEntry].offset + n, length: index[firstEntry].length - n))
      order[0] = index.count - 1
    }
    var buffer: [UInt8] = []
    var copyInKernel = true
    var i = 0
    while i < order.count {
      // A run of entries that sit one after the other in the spool.
      var start = index[order[i]].offset
      var end = start + index[order[i]].length
      var j = i + 1
      while j < order.count, index[order[j]].offset == end {
        end += index[order[j]].length
        j += 1
      }
      // In the kernel (no copy through this process) while it can; else read and write.
      while copyInKernel, start < end {
        var offset = off_t(start)
        let n = sendfile(out, fd, &offset, min(end - start, 1 << 30))
        if n > 0 {
          start += n
        } else if n < 0, errno == EINTR {
          continue
        } else if n < 0, errno == EINVAL || errno == ENOSYS {
          copyInKernel = false
        } else {
          throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
      }
      if start < end, buffer.isEmpty { buffer = [UInt8](repeating: 0, count: 4 << 20) }
      while start < end {
        let n = min(buffer.count, end - start)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, n, off_t(start)) }
        guard got > 0 else { throw POSIXError(.EIO) }
        try Self.put(out, buffer[0..<got])
        start += got
      }
      i = j
    }
    try Self.put(out, tail)
  }

  /// Calls `body` with the bytes of every entry, sorted by school id.
  func read(_ index: [Entry], _ body: ([UInt8]) throws -> Void) throws {
    for e in index.sorted(by: { $0.id < $1.id }) { try body(try bytes(of: e)) }
  }

  /// The bytes of one entry.
  func bytes(of e: Entry) throws -> [UInt8] {
    flush()
    var bytes = [UInt8](repeating: 0, count: e.length)
    var done = 0
    while done < e.length {
      let got = bytes.withUnsafeMutableBytes { b in pread(fd, b.baseAddress! + done, e.length - done, off_t(e.offset + done)) }
      if got < 0, errno == EINTR { continue }
      guard got > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      done += got
    }
    return bytes
  }

  private static func put(_ fd: Int32, _ bytes: [UInt8]) throws { try put(fd, bytes[...]) }

  private static func put(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws {
    var done = 0
    try bytes.withUnsafeBytes { b in
      while done < b.count {
        let n = systemWrite(fd, b.baseAddress! + done, b.count - done)
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        done += n
      }
    }
  }
}

/// POSIX `write` (the name is taken inside `Spool`).
private func systemWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int { write(fd, buf, n) }
