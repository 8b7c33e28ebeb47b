import DudaoDiagnostics
import Foundation
import GRDB
import Testing
@testable import DudaoLedger

@Suite struct LedgerScenarioTests {
  /// open → seen → passing → closed → reopened (反弹) → overdue → waived → waiver expired.
  @Test func threeInspections() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    let s1 = try ledger.record(
      report(asOf: "2026-03-01", [Item(key: keyA, deadline: "2026-03-31"), Item(key: keyB, deadline: "2026-03-31")]),
      inspector: "督导组A", recordedAt: "t1")
    #expect(s1.recorded == 2 && s1.events == 2)

    let s2 = try ledger.record(
      report(asOf: "2026-04-01", [Item(key: keyA, deadline: "2026-05-01"), Item(key: keyB, status: "pass")]),
      recordedAt: "t2")
    #expect((s2.seen, s2.passing, s2.recorded) == (1, 1, 0))
    let b = try ledger.finding(key: keyB)
    #expect(b.state == .open && b.passingAwaitingClose)  // passing data never closes
    #expect(try ledger.finding(key: keyA).deadline == "2026-03-31")  // the first deadline stands

    try ledger.close(key: keyB, evidence: "已补配教师", by: "县督导室", on: day("2026-04-05"))
    #expect(try ledger.finding(key: keyB).state == .closed)

    let s3 = try ledger.record(
      report(asOf: "2026-05-01", [Item(key: keyA), Item(key: keyB, deadline: "2026-05-31")]), recordedAt: "t3")
    #expect((s3.seen, s3.reopened) == (1, 1))
    let b3 = try ledger.finding(key: keyB)
    #expect(b3.state == .open && b3.reopenCount == 1 && b3.deadline == "2026-05-31" && b3.closedOn == nil)

    let overdue = try ledger.overdue(asOf: day("2026-06-01"))
    #expect(overdue.map(\.key) == [keyA, keyB])
    #expect(overdue.map { $0.daysOverdue(on: day("2026-06-01")) } == [62, 1])

    #expect(try ledger.waive(.key(keyA), reason: "校舍改造", approvedBy: "市教育局", until: day("2026-06-30"), on: day("2026-06-02")) == 1)
    #expect(try ledger.findings(status: .waived, asOf: day("2026-06-15")).map(\.key) == [keyA])
    #expect(try ledger.overdue(asOf: day("2026-06-15")).map(\.key) == [keyB])
    // After `until` the finding is live again, in listings and at the next inspection.
    #expect(try ledger.findings(status: .overdue, asOf: day("2026-07-01")).map(\.key) == [keyA, keyB])
    let s4 = try ledger.record(report(asOf: "2026-07-02", [Item(key: keyA)]), recordedAt: "t4")
    #expect((s4.waiverExpired, s4.seen) == (1, 1))
    #expect(try ledger.finding(key: keyA).state == .open)

    #expect(try ledger.history(key: keyA).map(\.kind) == [.recorded, .seen, .seen, .waived, .waiverExpired, .seen])
    #expect(try ledger.history(key: keyB).map(\.kind) == [.recorded, .passing, .closed, .reopened])
    #expect(try ledger.verify().count == 10)
  }

  @Test func sameReportIsNotRecordedTwice() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    let r = try report(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB)])
    _ = try ledger.record(r, recordedAt: "t")
    #expect(throws: Diagnostic.duplicateInspection("2026-03-01-" + r.digest.dropFirst(7).prefix(12))) {
      try ledger.record(r, recordedAt: "t")
    }
    let again = try ledger.record(r, inspectionID: "second", recordedAt: "t")
    #expect((again.recorded, again.seen) == (0, 2))
    #expect(try ledger.findings(status: .all, asOf: day("2026-03-01")).count == 2)
  }

  @Test func ruleWaiverCoversLaterFindings() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA, rule: "R1")]), recordedAt: "t")
    #expect(try ledger.waive(.rule("R1", school: "S001"), reason: "r", approvedBy: "市局", until: day("2026-12-31"), on: day("2026-03-02")) == 1)
    let s = try ledger.record(
      report(asOf: "2026-04-01", [Item(key: keyB, rule: "R1"), Item(key: keyC, rule: "R1", school: "S002")]), recordedAt: "t")
    #expect((s.recorded, s.waived) == (2, 1))
    #expect(try ledger.findings(status: .waived, asOf: day("2026-04-01")).map(\.key) == [keyA, keyB])
  }

  @Test func actionsCheckState() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA)]), recordedAt: "t")
    #expect(throws: Diagnostic.unknownKey("nope")) { try ledger.close(key: "nope", evidence: "e", by: "r", on: day("2026-03-02")) }
    #expect(throws: Diagnostic.emptyText("--evidence")) { try ledger.close(key: keyA, evidence: " ", by: "r", on: day("2026-03-02")) }
    #expect(throws: Diagnostic.badState(keyA, "open", "重新打开")) { try ledger.reopen(key: keyA, reason: "x", by: "r", on: day("2026-03-02")) }
    let file = Attachment(name: "证明.pdf", data: Data("pdf".utf8))
    try ledger.close(key: keyA, evidence: "e", by: "r", on: day("2026-03-02"), attachments: [file, file])
    #expect(try ledger.attachment(hash: file.hash) == file)
    try ledger.reopen(key: keyA, reason: "复查未整改", by: "市督导组", on: day("2026-03-10"))
    #expect(try ledger.finding(key: keyA).reopenCount == 1)
  }

  @Test func badReports() throws {
    #expect(throws: Diagnostic.self) { try LedgerReport(data: Data("{".utf8)) }
    #expect(throws: Diagnostic.badReport("<report>", "schema “x” ≠ dudao.report/v1")) {
      try LedgerReport(data: Data(#"{"schema":"x","as_of":"2026-01-01","pack":{"name":"p","version":"1","digest":"d"},"findings":[]}"#.utf8))
    }
    #expect(throws: Diagnostic.badReport("<report>", "finding key “zz”")) {
      try LedgerReport(data: Data(reportJSON(asOf: "2026-01-01", [Item(key: "zz")]).utf8))
    }
  }

  @Test func csvOpensInExcel() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(report(asOf: "2026-03-01", [Item(key: keyA, deadline: "2026-03-05")]), recordedAt: "t")
    let csv = LedgerExport(asOf: day("2026-03-10")).csv(try ledger.findings(status: .all, asOf: day("2026-03-10")))
    #expect(csv.hasPrefix("\u{FEFF}学校,学校代码,规则,对象,严重程度,状态,首次发现,最近发现,整改期限,逾期天数,责任方,销号日期,整改证据,问题编号\r\n"))
    #expect(csv.hasSuffix("第S001小学,S001,PE.DAILY,school:S001,major,逾期,2026-03-01,2026-03-01,2026-03-05,5,校长,,,\(keyA)\r\n"))
    #expect(LedgerExport.csvField("=1+1") == "'=1+1" && LedgerExport.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
  }
}

@Suite struct LedgerStorageTests {
  @Test func migratesAnEmptyFile() throws {
    let path = tempLedgerPath()
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    let ledger = try Ledger(path: path)
    #expect(try ledger.verify() == ChainCheck(count: 0, head: LedgerEvent.genesis))
    let mode = try ledger.queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    // Reopening runs no migration twice.
    _ = try Ledger(path: path)
  }

  @Test func notADatabase() throws {
    let path = tempLedgerPath()
    try Data("not sqlite at all, just some text that is long enough".utf8).write(to: URL(fileURLWithPath: path))
    #expect { try Ledger(path: path) } throws: { ($0 as? Diagnostic)?.code == "ledger.storage" }
  }

  /// Two connections writing at once (as two processes do): nothing lost or duplicated.
  @Test func concurrentWriters() async throws {
    let path = tempLedgerPath()
    _ = try Ledger(path: path)
    let reports = try (0..<8).map { n in
      try report(asOf: "2026-03-0\(n + 1)", (0..<50).map { Item(key: String(format: "%016x", n * 1000 + $0)) })
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for r in reports {
        group.addTask { _ = try Ledger(path: path).record(r, recordedAt: "t") }
      }
      try await group.waitForAll()
    }
    let ledger = try Ledger(path: path)
    #expect(try ledger.verify().count == 400)
    #expect(try ledger.findings(status: .all, asOf: day("2026-03-09")).count == 400)
  }
}

/// Migration v2 (`inspection_schools`): passing schools count as inspected, and v1 files are filled in.
@Suite struct InspectionSchoolsTests {
  @Test func everySchoolOfTheReportIsCoveredEvenWhenItPasses() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    _ = try ledger.record(
      report(asOf: "2026-03-01", [Item(key: keyA, school: "S1"), Item(key: keyB, status: "pass", school: "S2")]), recordedAt: "t")
    #expect(try ledger.schoolsInspected(since: day("2026-01-01")) == ["S1", "S2"])
    #expect(try ledger.schoolsInspected(since: day("2026-03-02")) == [])
  }

  @Test func aVersion1FileIsMigratedAndFilledInFromItsEvents() throws {
    let path = tempLedgerPath()
    do {
      let queue = try DatabaseQueue(path: path)
      try Migrations.migrator.migrate(queue, upTo: "v1")
      try queue.write { db in
        try db.execute(sql: "INSERT INTO inspections VALUES ('i1', '2026-03-01', 'p', '1', 'sha256:00', NULL, 'sha256:11', 't')")
        try db.execute(sql: """
          INSERT INTO findings (key, school_id, school_name, rule_id, subject_kind, subject_id, severity, status, first_seen, last_seen)
          VALUES ('\(keyA)', 'S9', '第九小学', 'R', 'school', 'S9', 'major', 'open', '2026-03-01', '2026-03-01')
          """)
        try db.execute(sql: "INSERT INTO events (key, inspection, kind, day, payload, prev_hash, hash) VALUES ('\(keyA)', 'i1', 'recorded', '2026-03-01', '{}', 'x', 'y')")
      }
      #expect(try queue.read { try Bool.fetchOne($0, sql: "SELECT 1 FROM sqlite_master WHERE name = 'inspection_schools'") } == nil)
    }
    let ledger = try Ledger(path: path)
    #expect(try ledger.schoolsInspected(since: day("2026-01-01")) == ["S9"])
    let applied = try ledger.queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    #expect(applied == ["v1", "v2-inspection-schools"])
  }
}
