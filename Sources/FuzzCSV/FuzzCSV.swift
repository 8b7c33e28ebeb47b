import DudaoEngine
import DudaoRules
import Foundation
import FuzzSupport

/// The standard pack's data dictionary, to type the tables by.
let dictionary: DataDictionary = {
  do { return try PackLoader().load(FuzzSupport.repositoryRoot + "/rules").dictionary } catch {
    fatalError("the standard pack (a fixed input, not the fuzzer's) does not load: \(error)")
  }
}()
/// Built once: its field tables cost more than reading a small table.
let loader = DatasetLoader(dictionary: dictionary)
let scratch = FuzzSupport.scratchFolder("fuzz-csv")
/// The table names select the layout; a child table may be read with a
/// fixed school table, so that its rows are joined.
let tables = ["schools", "classes", "staff", "observations"]
let schoolTable = scratch + "/fixed/schools.csv"
let prepared: Void = {
  try? FileManager.default.createDirectory(atPath: scratch + "/fixed", withIntermediateDirectories: true)
  FuzzSupport.write(Array("学校代码,学校名称,办学类型\n3502130101,凤鸣小学,小学\n3502130102,云溪小学,小学\n".utf8), to: schoolTable)
}()

/// One input: a selector byte, then a CSV table in UTF-8. Selector bit 0:
/// the table as is, or converted to GB18030 (as Excel writes it; input that
/// is not UTF-8 is kept as is); bits 1–2: which table it is; bit 3: a child
/// table is read with the fixed school table (slower: two tables to lay out).
/// Also: the table streamed as raw rows equals its parsed records.
func fuzz(_ input: [UInt8]) {
  guard let selector = input.first else { return }
  _ = prepared
  var bytes = Array(input.dropFirst())
  if selector & 1 == 1, let converted = FuzzSupport.gb18030(bytes) { bytes = converted }
  let table = tables[Int(selector >> 1) % tables.count]
  let file = scratch + "/\(table).csv"
  FuzzSupport.write(bytes, to: file)
  let withSchools = table != "schools" && selector & 8 == 8
  _ = try? loader.load(paths: withSchools ? [schoolTable, file] : [file])
  // Child tables are streamed as raw rows: they must be the parser's
  // records, at any chunk size (here one taken from the input).
  let chunk = 1 + input.count % 61, positions = input.count % 2 == 0
  let rows = CSVStreamProbe.records(of: file, chunkBytes: chunk, rows: true, positions: positions)
  let records = CSVStreamProbe.records(of: file, chunkBytes: chunk, rows: false, positions: positions)
  if rows != records {
    fatalError("raw rows differ from the parsed records (chunk \(chunk)): \(String(describing: rows)) vs \(String(describing: records))")
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
