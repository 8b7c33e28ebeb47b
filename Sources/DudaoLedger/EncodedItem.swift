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
  /// Per field, where its bytes are in `block` (nil: the field is nil).
  private var ranges: [Range<Int>?]

  /// Each item of `block` in order; `ByteFields.Damaged` if the bytes are not what `encoded` writes.
  static func each(in block: [UInt8], _ body: (EncodedItem) throws -> Void) throws {
    var item = EncodedItem(block: block, ranges: Array(repeating: nil, count: 11))
    var r = ByteFields.Reader(block)
    while !r.atEnd {
      for f in 0..<11 {
        item.ranges[f] = try r.nextRange()
        // Only the last three fields may be nil.
        guard item.ranges[f] != nil || f >= Field.deadline.rawValue else { throw ByteFields.Damaged() }
      }
      try body(item)
    }
  }

  func bytes(_ f: Field) -> ArraySlice<UInt8> { block[ranges[f.rawValue] ?? 0..<0] }

  func string(_ f: Field) -> String { String(decoding: bytes(f), as: UTF8.self) }

  func optional(_ f: Field) -> String? { ranges[f.rawValue] == nil ? nil : string(f) }

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
