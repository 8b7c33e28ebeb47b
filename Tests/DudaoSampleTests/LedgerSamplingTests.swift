import DudaoDiagnostics
import DudaoLedger
import DudaoTestSupport
import Foundation
import Testing

/// The ledger queries behind --exclude-inspected-since and --weight-overdue.
@Suite struct LedgerSamplingTests {
  /// A report of failing findings (key, school, deadline) as of a date.
  static func report(asOf: String, _ items: [(key: String, school: String, deadline: String)]) throws -> LedgerReport {
    let findings = items.map { i in
      """
      {"key":"\(i.key)","school":{"id":"\(i.school)","name":"学校\(i.school)"},"subject":{"kind":"school","id":"\(i.school)"},\
      "rule":{"id":"PE.DAILY","title":"t","severity":"major","dimension":"d","sources":[]},"status":"fail",\
      "observed":null,"requirement":null,"message":null,\
      "deadline":{"date":"\(i.deadline)","provisional":false,"overdue":false,"basis":"within 30 days"},\
      "responsible":"校长","measures":null,"missing":[],"detail":null}
      """
    }
    let json = """
      {"schema":"dudao.report/v1","as_of":"\(asOf)","lang":"zh","pack":{"name":"p","version":"1","digest":"sha256:00"},\
      "summary":{},"findings":[\(findings.joined(separator: ","))],"warnings":[]}
      """
    return try LedgerReport(data: Data(json.utf8))
  }

  static func day(_ s: String) throws -> Day { try #require(Day(iso: s)) }

  @Test func inspectedSchoolsAndOverdueSchools() throws {
    let ledger = try Ledger(path: TestScratch.folder + "dudao-sample-\(UUID().uuidString).db")
    _ = try ledger.record(
      Self.report(asOf: "2026-03-01", [("aaaaaaaaaaaaaaaa", "S1", "2026-03-31"), ("bbbbbbbbbbbbbbbb", "S2", "2026-12-31")]),
      recordedAt: "2026-03-01T09:00:00Z")
    _ = try ledger.record(Self.report(asOf: "2026-10-10", [("cccccccccccccccc", "S3", "2026-11-09")]), recordedAt: "2026-10-10T09:00:00Z")
    #expect(try ledger.schoolsInspected(since: Self.day("2026-09-01")) == ["S3"])
    #expect(try ledger.schoolsInspected(since: Self.day("2026-10-10")) == ["S3"], "on the date counts")
    #expect(try ledger.schoolsInspected(since: Self.day("2026-10-11")) == [])
    #expect(try ledger.schoolsInspected(since: Self.day("2026-01-01")) == ["S1", "S2", "S3"])
    #expect(try ledger.schoolsWithOverdueFindings(asOf: Self.day("2026-11-23")) == ["S1", "S3"])
    #expect(try ledger.schoolsWithOverdueFindings(asOf: Self.day("2026-04-01")) == ["S1"])
  }

  /// A finding first opened long ago but seen again in a recent inspection covers the school.
  @Test func aFindingSeenAgainCountsAsInspected() throws {
    let ledger = try Ledger(path: TestScratch.folder + "dudao-sample-\(UUID().uuidString).db")
    _ = try ledger.record(Self.report(asOf: "2025-03-01", [("aaaaaaaaaaaaaaaa", "S1", "2025-03-31")]), recordedAt: "2025-03-01T09:00:00Z")
    #expect(try ledger.schoolsInspected(since: Self.day("2026-01-01")) == [])
    _ = try ledger.record(Self.report(asOf: "2026-05-01", [("aaaaaaaaaaaaaaaa", "S1", "2026-05-31")]), recordedAt: "2026-05-01T09:00:00Z")
    #expect(try ledger.schoolsInspected(since: Self.day("2026-01-01")) == ["S1"])
  }
}
