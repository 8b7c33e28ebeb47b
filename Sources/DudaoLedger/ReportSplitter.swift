import Foundation

/// Splits a `dudao.report/v1` JSON report into its head (every top-level
/// field, with `findings` emptied) and the byte ranges of its findings, so
/// that a report of millions of findings is decoded a batch at a time rather
/// than as one tree (a 10,000-school report with passes is gigabytes).
///
/// Only the structure is scanned (strings, escapes, nesting); the pieces are
/// then decoded by `JSONDecoder`, which reports any real syntax error. Nil
/// when the text is not an object with a `findings` array: the caller then
/// decodes the whole text to get the decoder's own message.
struct ReportSplitter {
  var head: Data
  var elements: [Range<Int>]

  init?(_ data: Data) {
    var elements: [Range<Int>] = []
    var arrayRange: Range<Int>?
    let found: Bool = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
      let b = raw.bindMemory(to: UInt8.self)
      let n = b.count
      var i = 0
      var depth = 0
      var keyStart = -1
      var arrayStart = -1
      var elementStart = -1
      func skipSpace(_ j: Int) -> Int {
        var j = j
        while j < n, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09 { j += 1 }
        return j
      }
      while i < n {
        let c = b[i]
        switch c {
        case UInt8(ascii: "\""):
          let start = i + 1
          i += 1
          while i < n, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
          guard i < n else { return false }
          if depth == 1 && arrayStart < 0 {
            keyStart = start
            let key = UnsafeRawBufferPointer(rebasing: raw[start..<i])
            let colon = skipSpace(i + 1)
            if key.elementsEqual("findings".utf8), colon < n, b[colon] == UInt8(ascii: ":") {
              let bracket = skipSpace(colon + 1)
              if bracket < n, b[bracket] == UInt8(ascii: "[") {
                arrayStart = bracket
                depth += 1
                i = bracket
              }
            }
          }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          if arrayStart >= 0 && arrayRange == nil && depth == 2 { elementStart = i }
          depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          guard depth >= 0 else { return false }
          if arrayStart >= 0 && arrayRange == nil {
            if depth == 2 && elementStart >= 0 {
              elements.append(elementStart..<(i + 1))
              elementStart = -1
            } else if depth == 1 {
              arrayRange = arrayStart..<(i + 1)
            }
          }
        default:
          // A scalar element (number, true, …) of the findings array: the decoder will reject it.
          if arrayStart >= 0 && arrayRange == nil && depth == 2 && elementStart < 0 && c > 0x20 && c != UInt8(ascii: ",") {
            return false
          }
        }
        i += 1
      }
      _ = keyStart
      return depth == 0 && arrayRange != nil
    }
    guard found, let arrayRange else { return nil }
    var head = Data(data[data.startIndex..<(data.startIndex + arrayRange.lowerBound)])
    head.append(contentsOf: Array("[]".utf8))
    head.append(data[(data.startIndex + arrayRange.upperBound)...])
    self.head = head
    self.elements = elements
  }
}
