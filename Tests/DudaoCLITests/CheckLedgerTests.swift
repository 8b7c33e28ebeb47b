import DudaoTestSupport
import Foundation
import Testing

/// `dudao check --record` and `check --ledger DB` (waivers applied in checks).
@Suite struct CheckLedgerTests {
  /// Yunxi primary (3502130102) has 45 minutes of daily PE: PE.DAILY_ACTIVITY fails.
  static let school = "3502130102"

  func freshDB() -> String { TestScratch.folder + "dudao-check-ledger-\(UUID().uuidString).db" }

  @Test func recordOpensTheFailingFindings() throws {
    let db = freshDB()
    let r = try CLI.run(["check", "--record", "--ledger", db, "--inspector", "督导组A", "--as-of", "2026-11-23", "examples/district"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("已记入台账"))
    let list = try CLI.run(["ledger", "list", "--ledger", db, "--format", "json"])
    #expect(list.status == 0)
    #expect(list.stdout.contains("PE.DAILY_ACTIVITY"))
    // The same run is not recorded twice.
    let again = try CLI.run(["check", "--record", "--ledger", db, "--as-of", "2026-11-23", "examples/district"])
    #expect(again.status == 2)
    #expect(again.stderr.contains("ledger.duplicate-inspection"))
  }

  @Test func activeWaiverTurnsTheFindingWaivedAndExpiredOneWarns() throws {
    let db = freshDB()
    #expect(try CLI.run(["check", "--record", "--ledger", db, "--as-of", "2026-11-23", "examples/district"]).status == 1)
    let w = try CLI.run([
      "ledger", "waive", "--ledger", db, "--rule", "PE.DAILY_ACTIVITY", "--school", Self.school,
      "--reason", "操场改造施工期间", "--approved-by", "区教育局督导室", "--until", "2026-12-31",
    ])
    #expect(w.status == 0)

    let during = try CLI.run(["check", "--ledger", db, "--as-of", "2026-11-30", "--format", "json", "examples/district"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(during.stdout.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]])
    let waived = findings.filter { ($0["status"] as? String) == "waived" }
    #expect(waived.count == 1)
    let rule = try #require(waived.first?["rule"] as? [String: Any])
    #expect(rule["id"] as? String == "PE.DAILY_ACTIVITY")
    #expect((waived.first?["detail"] as? String)?.contains("操场改造施工期间") == true)
    #expect(!during.stderr.contains("waiver-expired"))

    // CSV rows come from the fast path unless a ledger is used: the waiver must show there too.
    let csv = try CLI.run(["check", "--ledger", db, "--as-of", "2026-11-30", "--format", "csv", "--status", "waived", "examples/district"])
    #expect(csv.status == 1)
    let rows = csv.stdout.split(whereSeparator: \.isNewline).dropFirst()
    #expect(rows.count == 1)
    #expect(rows.first?.contains("已豁免") == true)
    #expect(rows.first?.contains(Self.school) == true)

    let after = try CLI.run(["check", "--ledger", db, "--as-of", "2027-01-05", "examples/district"])
    #expect(after.status == 1)
    #expect(after.stdout.contains("已于 2026-12-31 到期"))
    #expect(!after.stdout.contains("[已豁免]"))
  }

  @Test func recordingAWaivedReportKeepsTheFindingSeen() throws {
    let db = freshDB()
    let first = try CLI.run(["check", "--record", "--ledger", db, "--as-of", "2026-11-23", "examples/district"])
    #expect(first.status == 1)
    let opened = try #require(first.stderr.firstMatch(of: /新立项 (\d+)/)?.1)
    _ = try CLI.run([
      "ledger", "waive", "--ledger", db, "--rule", "PE.DAILY_ACTIVITY", "--school", Self.school,
      "--reason", "施工", "--approved-by", "督导室", "--until", "2026-12-31",
    ])
    // A JSON report written under the waiver says `waived`; recording it still counts the finding as seen.
    let json = TestScratch.folder + "dudao-waived-\(UUID().uuidString).json"
    let c = try CLI.run(["check", "--ledger", db, "--as-of", "2026-12-01", "--format", "json", "--output", json, "examples/district"])
    #expect(c.status == 1)
    #expect(try String(contentsOfFile: json, encoding: .utf8).contains(#""status": "waived""#))
    let r = try CLI.run(["ledger", "record", "--ledger", db, json])
    #expect(r.status == 0)
    #expect(r.stdout.contains("再次发现 \(opened)"))
  }

  /// The run recorded is the run reported: as many opened as failing findings in the report.
  @Test func recordedFindingsAreTheReportedOnes() throws {
    let db = freshDB()
    let r = try CLI.run(["check", "--record", "--ledger", db, "--as-of", "2026-11-23", "--format", "json", "--threads", "2", "examples/district-csv"])
    #expect(r.status == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let failing = try #require(report["findings"] as? [[String: Any]]).filter { ($0["status"] as? String) == "fail" }
    #expect(!failing.isEmpty)
    #expect(r.stderr.contains("新立项 \(failing.count)，"))
    let list = try CLI.run(["ledger", "list", "--ledger", db, "--format", "json"])
    for f in failing { #expect(list.stdout.contains(try #require(f["key"] as? String))) }
  }

  /// `--ledger` naming a file that does not exist: a warning, no waivers, and no file created.
  @Test func missingLedgerIsNotCreated() throws {
    let db = freshDB()
    let r = try CLI.run(["check", "--ledger", db, "--as-of", "2026-11-23", "--format", "json", "examples/district"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("warning[ledger.missing]") || r.stderr.contains("警告[ledger.missing]"))
    #expect(r.stderr.contains(db))
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  /// Data that cannot be used: exit 2, nothing recorded, no ledger file created.
  @Test func badDataRecordsNothing() throws {
    let db = freshDB()
    let bad = try CLI.file("{\"id\": \"S1\", \"name\": \"x\"\n", ext: "jsonl")
    let r = try CLI.run(["check", "--record", "--ledger", db, bad])
    #expect(r.status == 2)
    #expect(!r.stderr.contains("已记入台账"))
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func inspectorWithoutRecordIsAUsageError() throws {
    let r = try CLI.run(["check", "--inspector", "A", "examples/district"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("--record"))
  }

  @Test func unusableLedgerExits2() throws {
    let path = try CLI.file("not a database", ext: "db")
    let r = try CLI.run(["check", "--ledger", path, "examples/district"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("ledger.storage"))
  }
}
