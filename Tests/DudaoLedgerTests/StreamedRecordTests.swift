import DudaoDiagnostics
import DudaoEngine
import Foundation
import GRDB
import Testing
@testable import DudaoLedger

/// `dudao check --record` records from the check's temporary file
/// (`Ledger.record(asOf:pack:findings:)`), never holding the findings: the
/// ledger must end up exactly as recording the same findings as a report.
@Suite struct StreamedRecordTests {
  static let keyD = "dddddddddddddddd"
  static let keyE = "eeeeeeeeeeeeeeee"

  /// Every table's rows, as text (the report digest left out: a report's is
  /// over its file's bytes, a run's over its findings).
  static func dump(_ path: String) throws -> [String] {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
      var out: [String] = []
      for sql in [
        "SELECT id, as_of, pack_name, pack_version, pack_digest, inspector, recorded_at FROM inspections ORDER BY rowid",
        "SELECT * FROM inspection_schools ORDER BY rowid", "SELECT * FROM findings ORDER BY rowid",
        "SELECT * FROM events ORDER BY seq", "SELECT * FROM chain_head",
      ] {
        out += try Row.fetchAll(db, sql: sql).map { $0.description }
      }
      return out
    }
  }

  /// The items of a report, through the encoding the check's temporary file uses.
  static func streamed(_ r: LedgerReport) -> ((LedgerReport.Item) throws -> Void) throws -> Void {
    let bytes = r.findings.flatMap(\.encoded)
    return { each in try LedgerReport.Item.decode(bytes, each) }
  }

  @Test func sameLedgerAsRecordingTheReport() throws {
    let first = try report(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB, school: "S002"), Item(key: keyC, school: "S003")])
    let second = try report(asOf: "2026-04-01", [
      Item(key: keyA, status: "waived"), Item(key: keyB, status: "pass", school: "S002"), Item(key: keyC, status: "unknown", school: "S003"),
      Item(key: Self.keyD, school: "", deadline: "2026-05-01"), Item(key: Self.keyE, rule: "R2", school: "S004", deadline: "2026-04-30"),
    ])
    var dumps: [[String]] = []
    var summaries: [RecordSummary] = []
    for streamed in [false, true] {
      let path = tempLedgerPath()
      let ledger = try Ledger(path: path)
      _ = try ledger.record(first, inspectionID: "I1", recordedAt: "t1")
      _ = try ledger.waive(.rule("R2", school: nil), reason: "施工", approvedBy: "督导室", until: day("2026-12-31"), on: day("2026-03-02"))
      if streamed {
        summaries.append(try ledger.record(asOf: second.asOf, pack: second.pack, findings: Self.streamed(second), inspectionID: "I2", inspector: "A", recordedAt: "t2"))
      } else {
        summaries.append(try ledger.record(second, inspectionID: "I2", inspector: "A", recordedAt: "t2"))
      }
      dumps.append(try Self.dump(path))
    }
    #expect(summaries[0] == summaries[1])
    #expect((summaries[1].seen, summaries[1].passing, summaries[1].recorded, summaries[1].waived) == (1, 1, 2, 1))
    #expect(dumps[0] == dumps[1])
    #expect(dumps[1].contains { $0.contains("S004") })
  }

  /// The default inspection id is the date and the run's digest over the
  /// pack digest, the date and each finding's key and status; recording the
  /// same run again is refused.
  @Test func defaultIDIsTheRunDigest() throws {
    let r = try report(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB, status: "pass")])
    var digest = LedgerReport.RunDigest(pack: r.pack, asOf: r.asOf)
    for f in r.findings { digest.add(f) }
    let ledger = try Ledger(path: tempLedgerPath())
    let s = try ledger.record(asOf: r.asOf, pack: r.pack, findings: Self.streamed(r), recordedAt: "t")
    #expect(s.inspection == "2026-03-01-" + digest.value.dropFirst("sha256:".count).prefix(12))
    #expect(throws: Diagnostic.duplicateInspection(s.inspection)) {
      try ledger.record(asOf: r.asOf, pack: r.pack, findings: Self.streamed(r), recordedAt: "t")
    }
    // A different status is a different run.
    let changed = try report(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB)])
    #expect(try ledger.record(asOf: changed.asOf, pack: changed.pack, findings: Self.streamed(changed), recordedAt: "t").inspection != s.inspection)
  }

  /// `ledger record` reads a report a batch at a time: the same findings as
  /// reading it whole, each time it is read; a bad finding in a later batch
  /// stops the recording before anything is written.
  @Test func reportReadABatchAtATime() throws {
    let items = (0..<5000).map { i in Item(key: String(format: "%016x", i), status: i % 3 == 0 ? "pass" : "fail", school: "S\(i % 97)") }
    let json = reportJSON(asOf: "2026-03-01", items)
    let reader = try LedgerReportReader(data: Data(json.utf8))
    var read: [LedgerReport.Item] = []
    try reader.forEach { read.append($0) }
    #expect(read == (try LedgerReport(data: Data(json.utf8))).findings)
    var again = 0
    try reader.forEach { _ in again += 1 }
    #expect(read.count == 5000 && again == 5000)

    var bad = items
    bad[4500].key = "not-a-key"
    let badReader = try LedgerReportReader(data: Data(reportJSON(asOf: "2026-03-01", bad).utf8))
    let path = tempLedgerPath()
    let ledger = try Ledger(path: path)
    #expect(throws: Diagnostic.badReport("<report>", "finding key “not-a-key”")) {
      try ledger.record(asOf: badReader.asOf, pack: badReader.pack, digest: badReader.digest, findings: { try badReader.forEach($0) }, recordedAt: "t")
    }
    #expect(try ledger.findings(status: .all, asOf: day("2026-03-01")).isEmpty)
    // The report's own digest names the inspection, as recording it whole does.
    let s = try ledger.record(asOf: reader.asOf, pack: reader.pack, digest: reader.digest, findings: { try reader.forEach($0) }, recordedAt: "t")
    #expect(s.inspection == "2026-03-01-" + reader.digest.dropFirst("sha256:".count).prefix(12))
    #expect(s.recorded == 5000 - 1667)
  }

  /// Recording tells its progress every 10,000 findings and at the end.
  @Test func progressWhileRecording() throws {
    let items = (0..<25_000).map { i in
      LedgerReport.Item(
        key: String(format: "%016x", i), schoolID: "S\(i % 50)", schoolName: "s", ruleID: "R", severity: "major", subjectKind: "school",
        subjectID: "S\(i % 50)", status: i % 2 == 0 ? "fail" : "pass", deadline: nil, responsible: nil, message: nil)
    }
    var calls: [[Int]] = []
    let ledger = try Ledger(path: tempLedgerPath())
    let s = try ledger.record(
      asOf: "2026-03-01", pack: .init(name: "p", version: "1", digest: "sha256:00"), findings: { each in for i in items { try each(i) } },
      recordedAt: "t", progress: { calls.append([$0, $1]) })
    #expect(s.recorded == 12_500)
    #expect(calls == [[10_000, 25_000], [20_000, 25_000], [25_000, 25_000]])
  }

  /// Keys the engine makes are held as numbers, any other key as text; both are found again.
  @Test func knownFindingsByKey() {
    #expect(KnownFindings.pack("00000000000000ff") == 255)
    #expect(KnownFindings.pack("ffffffffffffffff") == UInt64.max)
    for odd in ["", "0", "00000000000000FF", "000000000000000g", "00000000000000000", "0000000000000００"] {
      #expect(KnownFindings.pack(odd) == nil, "\(odd)")
    }
    var known = KnownFindings()
    known[keyA] = (.open, true)
    known["AAAAAAAAAAAAAAAA"] = (.closed, false)
    known["x"] = (.waived, false)
    #expect(known[keyA]?.state == .open && known[keyA]?.passing == true)
    #expect(known["AAAAAAAAAAAAAAAA"]?.state == .closed)
    #expect(known["x"]?.state == .waived)
    #expect(known[keyB] == nil)
    known[keyA] = nil
    #expect(known[keyA] == nil)
  }

  @Test func itemsRoundTrip() throws {
    let items = [
      LedgerReport.Item(
        key: keyA, schoolID: "S1", schoolName: "第一小学", ruleID: "PE.DAILY", severity: "major", subjectKind: "class", subjectID: "三(2)班",
        status: "fail", deadline: "2026-03-31", responsible: "校长", message: "每天体育活动 45 分钟，\n少于 60 分钟"),
      LedgerReport.Item(
        key: keyB, schoolID: "", schoolName: "", ruleID: "R", severity: "minor", subjectKind: "district", subjectID: "",
        status: "pass", deadline: nil, responsible: nil, message: ""),
    ]
    var back: [LedgerReport.Item] = []
    try LedgerReport.Item.decode(items.flatMap(\.encoded), { back.append($0) })
    #expect(back == items)
    // Damaged bytes are an error, never a crash.
    let bytes = items.flatMap(\.encoded)
    for cut in [1, 3, 10, bytes.count / 2] {
      #expect(throws: ByteFields.Damaged.self) { try LedgerReport.Item.decode(Array(bytes.dropLast(cut)), { _ in }) }
    }
    #expect(throws: ByteFields.Damaged.self) { try LedgerReport.Item.decode([0xFE, 0xFF, 0xFF, 0x7F, 0x41], { _ in }) }
    // A required field that is nil.
    #expect(throws: ByteFields.Damaged.self) { try LedgerReport.Item.decode([0xFF, 0xFF, 0xFF, 0xFF], { _ in }) }
  }
}
