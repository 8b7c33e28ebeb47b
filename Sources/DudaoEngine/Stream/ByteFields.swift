/// Strings one after the other in a compact binary form, for the records a
/// streamed check keeps in a temporary file (`FindingTap`): each field its
/// UTF-8 length (4 bytes, little-endian; all ones for nil), then its bytes.
public enum ByteFields {
  public static func put(_ s: String?, to out: inout [UInt8]) {
    guard let s else { return put(length: UInt32.max, to: &out) }
    put(length: UInt32(s.utf8.count), to: &out)
    out += s.utf8
  }

  /// Four bytes, little-endian (no array literal: this runs for every field of every finding).
  @inline(__always)
  static func put(length n: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: n))
    out.append(UInt8(truncatingIfNeeded: n >> 8))
    out.append(UInt8(truncatingIfNeeded: n >> 16))
    out.append(UInt8(truncatingIfNeeded: n >> 24))
  }

  /// Reads back what `put` wrote.
  public struct Reader {
    let bytes: [UInt8]
    var at = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var atEnd: Bool { at >= bytes.count }

    /// The next field (nil where `put` wrote nil).
    public mutating func optional() throws(Damaged) -> String? {
      try nextRange().map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Where the next field's bytes are (nil where `put` wrote nil), without reading them.
    public mutating func nextRange() throws(Damaged) -> Range<Int>? {
      guard at + 4 <= bytes.count else { throw Damaged() }
      let n = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
      at += 4
      if n == UInt32.max { return nil }
      guard Int(n) <= bytes.count - at else { throw Damaged() }
      defer { at += Int(n) }
      return at..<at + Int(n)
    }

    /// The next field, which `put` wrote as a string.
    public mutating func string() throws(Damaged) -> String {
      guard let s = try optional() else { throw Damaged() }
      return s
    }
  }

  /// Bytes that `put` did not write.
  public struct Damaged: Error, CustomStringConvertible, Equatable {
    public init() {}
    public var description: String { "damaged temporary file of recorded findings" }
  }
}
