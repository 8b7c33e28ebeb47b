import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An unlinked temporary file (a spill, a log): it has no name once open,
/// so it is gone when closed, even if the process is killed. Positioned
/// reads and writes; closed with the value's owner (`close`).
struct ScratchFile {
  let fd: Int32

  /// A new file in the temporary folder; nil when none can be made.
  init?(_ name: String) {
    var template = Array((NSTemporaryDirectory() + "/dudao-\(name)-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { b -> Int32 in
      guard let base = b.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else { return nil }
    template.withUnsafeBufferPointer { b in
      if let base = b.baseAddress { _ = unlink(base) }
    }
    self.fd = fd
  }

  func close() {
    #if canImport(Glibc)
      _ = Glibc.close(fd)
    #elseif canImport(Darwin)
      _ = Darwin.close(fd)
    #endif
  }

  /// All of `bytes` at `offset`; false on a write error.
  func write(_ bytes: [UInt8], at offset: Int) -> Bool {
    bytes.withUnsafeBytes { raw -> Bool in
      guard let base = raw.baseAddress else { return true }
      var done = 0
      while done < raw.count {
        let n = pwrite(fd, base + done, raw.count - done, off_t(offset + done))
        if n <= 0 { return false }
        done += n
      }
      return true
    }
  }

  /// `count` bytes from `offset` into `out` at `start` (which has room); false on a read error or a short file.
  func read(_ count: Int, at offset: Int, into out: inout [UInt8], start: Int) -> Bool {
    out.withUnsafeMutableBytes { raw -> Bool in
      guard let base = raw.baseAddress else { return count == 0 }
      var done = 0
      while done < count {
        let n = pread(fd, base + start + done, count - done, off_t(offset + done))
        if n <= 0 { return false }
        done += n
      }
      return true
    }
  }

  /// `v` as four bytes, little-endian (the record formats of spills and logs).
  static func put(_ v: Int, _ out: inout [UInt8]) {
    let u = UInt32(truncatingIfNeeded: v)
    out.append(UInt8(u & 0xFF))
    out.append(UInt8((u >> 8) & 0xFF))
    out.append(UInt8((u >> 16) & 0xFF))
    out.append(UInt8(u >> 24))
  }
}
