import DudaoDiagnostics
import DudaoTestSupport
import Foundation
import Testing
@testable import DudaoLedger

/// Real `dudao` processes on one ledger file: concurrent writers and `kill -9`.
@Suite(.serialized) struct ProcessTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static var binary: String? {
    [".build/debug/dudao", ".build/release/dudao"].map { root + "/" + $0 }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// A report file of `count` failing findings with keys distinct per `batch`.
  func reportFile(batch: Int, count: Int) throws -> String {
    let path = TestScratch.folder + "dudao-ledger-report-\(UUID().uuidString).json"
    let items = (0..<count).map { Item(key: String(format: "%08x%08x", batch, $0), school: "S\($0 % 100)", deadline: "2026-04-01") }
    try reportJSON(asOf: String(format: "2026-03-%02d", batch % 28 + 1), items).write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func start(_ binary: String, _ args: [String]) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
  }

  @Test func twoProcessesRecordAtOnce() throws {
    guard let binary = Self.binary else { return }
    let db = tempLedgerPath()
    let reports = try (1...2).map { try reportFile(batch: $0, count: 2000) }
    let procs = try reports.map { try start(binary, ["ledger", "record", $0, "--ledger", db]) }
    for p in procs { p.waitUntilExit() }
    #expect(procs.map(\.terminationStatus) == [0, 0])
    let ledger = try Ledger(path: db)
    #expect(try ledger.verify().count == 4000)
    #expect(try ledger.findings(status: .all, asOf: day("2026-03-01")).count == 4000)
  }

  /// Killing a recording process at any moment leaves the whole inspection or none of it.
  @Test func killDuringRecord() throws {
    guard let binary = Self.binary else { return }
    let db = tempLedgerPath()
    let n = 3000
    var inspections = 0
    for batch in 1...8 {
      let file = try reportFile(batch: batch, count: n)
      let p = try start(binary, ["ledger", "record", file, "--ledger", db])
      usleep(UInt32.random(in: 20_000...250_000))
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      if p.terminationReason == .exit && p.terminationStatus == 0 { inspections += 1 }
    }
    let ledger = try Ledger(path: db)
    let events = try ledger.verify().count
    let findings = try ledger.findings(status: .all, asOf: day("2026-03-01")).count
    #expect(events == findings && findings % n == 0)
    #expect(findings / n >= inspections)
  }
}
