import DudaoEngine

/// One finding as `LedgerReport.Item.encoded` wrote it (`ByteFields`),
/// read in place: recording looks at every finding of a run (2.2 million
/// failing and several million passing at national scale) but needs more
/// than its key, school and status only for a new failing one. A field
/// becomes a `String` only when asked for.
struct EncodedItem {
  enum Field: Int {
    case key, schoolID, schoolName, ruleID, severity, subjectKind, subjectID, status, deadline, responsible, message
  }

  let block: [UInt8]
  /// Per field, where its bytes start in `block` and how many there are (-1: nil).
  private var starts: [Int]
  private var counts: [Int]

  /// Each item of `block` in order; `ByteFields.Damaged` if the bytes are not what `encoded` writes.
  static func each(in block: [UInt8], _ body: (EncodedItem) throws -> Void) throws {
    var item = EncodedItem(block: block, starts: Array(repeating: 0, count: 11), counts: Array(repeating: 0, count: 11))
    var at = 0
    while at < block.count {
      for f in 0..<11 {
        guard at + 4 <= block.count else { throw ByteFields.Damaged() }
        let n = UInt32(block[at]) | UInt32(block[at + 1]) << 8 | UInt32(block[at + 2]) << 16 | UInt32(block[at + 3]) << 24
        at += 4
        if n == UInt32.max {
          // Only the last three fields may be nil.
          guard f >= Field.deadline.rawValue else { throw ByteFields.Damaged() }
          item.starts[f] = at
          item.counts[f] = -1
          continue
        }
        guard Int(n) <= block.count - at else { throw ByteFields.Damaged() }
        item.starts[f] = at
        item.counts[f] = Int(n)
        at += Int(n)
      }
      try body(item)
    }
  }

  func bytes(_ f: Field) -> ArraySlice<UInt8> {
    let n = max(counts[f.rawValue], 0)
    return block[starts[f.rawValue]..<starts[f.rawValue] + n]
  }

  func string(_ f: Field) -> String { String(decoding: bytes(f), as: UTF8.self) }

  func optional(_ f: Field) -> String? { counts[f.rawValue] < 0 ? nil : string(f) }

  func has(_ f: Field, _ text: StaticString) -> Bool {
    let b = bytes(f)
    return b.count == text.utf8CodeUnitCount && text.withUTF8Buffer { b.elementsEqual($0) }
  }

  /// The key's 16 lowercase hex digits as a number (`KnownFindings.pack`), without making a `String`.
  var packedKey: UInt64? { KnownFindings.pack(bytes(.key)) }

  /// The whole item.
  var item: LedgerReport.Item {
    LedgerReport.Item(
      key: string(.key), schoolID: string(.schoolID), schoolName: string(.schoolName), ruleID: string(.ruleID),
      severity: string(.severity), subjectKind: string(.subjectKind), subjectID: string(.subjectID), status: string(.status),
      deadline: optional(.deadline), responsible: optional(.responsible), message: optional(.message))
  }
}
