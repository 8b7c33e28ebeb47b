import DudaoDiagnostics
import Foundation

/// A whole CSV file as rows of cells, read by the same reader as datasets
/// (UTF-8 with or without BOM, or GB18030). For small tables: checklists,
/// exported findings read back.
public struct CSVTable: Sendable {
  public var rows: [[String]]
  public var encoding: CSVEncoding

  /// Reads `data` (from `file`, named in errors); throws when it is neither UTF-8 nor GB18030.
  public init(file: String, data: Data) throws(Diagnostic) {
    let reader = try CSVReader(file: file, data: data)
    var rows: [[String]] = []
    try reader.forEachRecord { (record) throws(Diagnostic) -> Bool in
      rows.append(record.cells)
      return true
    }
    // A BOM converted along with the text (iconv of a UTF-8 file with BOM)
    // arrives as U+FEFF at the start of the first cell.
    if let first = rows.first?.first, first.hasPrefix("\u{FEFF}") { rows[0][0] = String(first.dropFirst()) }
    self.rows = rows
    self.encoding = reader.encoding
  }
}
