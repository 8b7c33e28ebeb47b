import DudaoDiagnostics
import DudaoExpr
import Foundation
import Testing

@testable import DudaoEngine

/// The lean read of CSV tables with errors (`leanCSV`): chunks instead of
/// whole files, child rows on disk instead of in memory, the same errors.
@Suite struct CSVLeanReadTests {
  /// Rows come back in the order added, across the 1 MB flushes, after a
  /// truncation both inside the buffer and back into the written file.
  @Test func childLogKeepsRowsAcrossFlushes() throws {
    let log = try #require(CSVChildLog())
    func row(_ k: Int) -> CSVChildRow {
      CSVChildRow(
        schoolID: "S\(k % 997)", listField: k % 3 == 0 ? "classes" : "staff",
        value: k % 5 == 0 ? .map(MapValue([])) : .map(MapValue([(key: .string("id"), value: .string("工号-\(k)"))])),
        location: SourceLocation(file: k % 2 == 0 ? "a.csv" : "目录/b.csv", line: k + 2, column: 1),
        joinLocation: SourceLocation(file: k % 2 == 0 ? "a.csv" : "目录/b.csv", line: k + 2, column: 3 + k % 4),
        joinHeader: k % 3 == 0 ? "school_id" : "学校代码")
    }
    func text(_ r: CSVChildRow) -> String {
      var id = "-"
      if case .map(let m) = r.value, case .string(let s)? = m[.string("id")] { id = s }
      return "\(r.schoolID) \(r.listField) \(r.joinHeader) \(id) \(r.location) \(r.joinLocation)"
    }
    var expected: [String] = []
    for k in 0..<30_000 {
      log.append(row(k))
      expected.append(text(row(k)))
    }
    let mark = log.mark
    for k in 30_000..<60_000 { log.append(row(k)) }  // past at least one more flush
    log.truncate(to: mark)
    for k in 60_000..<60_100 {
      log.append(row(k))
      expected.append(text(row(k)))
    }
    let inBuffer = log.mark
    for k in 60_100..<60_110 { log.append(row(k)) }
    log.truncate(to: inBuffer)
    #expect(log.count == expected.count)
    var got: [String] = []
    let ok = log.forEach { r in
      got.append("\(r.schoolID) \(r.listField) \(r.joinHeader) \(r.id ?? "-") \(r.location) \(r.joinLocation)")
    }
    #expect(ok)
    #expect(!log.failed)
    #expect(got == expected)
  }

  /// Duplicate element ids far apart in shuffled tables, more unknown
  /// schools than get suggestions, a bad cell, a YAML school with its own
  /// staff: the lean read gives exactly the whole read's errors, with any
  /// chunk size (GB18030 found after the first chunks too).
  @Test(arguments: [false, true])
  func sameErrorsAsTheWholeRead(_ gb: Bool) throws {
    var files = CSVStreamTests.tables(40, order: .shuffled, gb: gb)
    var more = ["学校代码,工号,岗位类别,任教学科,是否专职,周课时"]
    let d = CSVStreamTests.district(40)
    let someone = try #require(d.staff.first { !$0.isEmpty }?.first)
    more.append(someone)  // the same staff member again: a duplicate id
    for k in 0..<25 { more.append("Q\(k),Q\(k)-T1,teacher,math,true,10") }
    let first = try #require(someone.split(separator: ",").first)
    more.append("\(first),\(first)-T99,teacher,math,true,很多")
    files["staff_more.csv"] = gb ? CSVStreamTests.gb18030(more.joined(separator: "\n") + "\n") : Data((more.joined(separator: "\n") + "\n").utf8)
    files["z-school.yaml"] = Data(
      """
      school:
        id: Y1
        name: 外校
        staff: [ { id: Y1-T1, role: teacher } ]

      """.utf8)
    files["staff_y.csv"] = Data("学校代码,工号,岗位类别\nY1,Y1-T1,teacher\nY1,Y1-T2,teacher\n".utf8)
    let dir = try CSVStreamTests.folder(files)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let dictionary = try CSVStreamTests.pack.get().dictionary
    func errors(lean: Bool, chunk: Int) -> [Diagnostic] {
      var loader = DatasetLoader(dictionary: dictionary)
      loader.leanCSV = lean
      loader.csvChunkBytes = chunk
      do {
        _ = try loader.load(paths: [dir])
        return []
      } catch {
        return error.diagnostics
      }
    }
    let whole = errors(lean: false, chunk: 1 << 20)
    #expect(whole.count >= 28, "\(whole.map(\.code))")
    #expect(whole.contains { $0.code == "data.duplicate-id" && $0.message.zh.contains("Y1-T1") }, "\(whole.map { "\($0.code) \($0.message.zh)" })")
    for chunk in [1, 7, 1 << 20] {
      #expect(errors(lean: true, chunk: chunk) == whole, "chunk \(chunk)")
    }
  }
}
