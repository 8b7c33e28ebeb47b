import DudaoDiagnostics
import Foundation
import Testing
@testable import DudaoLedger

/// Large reports are decoded a batch of findings at a time.
@Suite struct ReportSplitterTests {
  func key(_ i: Int) -> String { String(repeating: "0", count: 16 - String(i, radix: 16).count) + String(i, radix: 16) }

  @Test func manyFindingsAcrossBatchesKeepTheirOrder() throws {
    let items = (0..<9000).map { Item(key: key($0), status: $0 % 3 == 0 ? "fail" : "pass") }
    let r = try report(asOf: "2026-03-01", items)
    #expect(r.findings.count == 9000)
    #expect(r.findings.map(\.key) == items.map(\.key))
    #expect(r.findings[8999].status == "pass")
  }

  @Test func bracesAndQuotesInsideStringsDoNotConfuseTheSplit() throws {
    var json = reportJSON(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB)])
    json = json.replacingOccurrences(of: #""name":"第S001小学""#, with: #""name":"第\"]}{[小学 \\ \u005d""#)
    json = json.replacingOccurrences(of: #""summary":{}"#, with: #""summary":{"note":"\"findings\": [1,2]"}"#)
    let r = try LedgerReport(data: Data(json.utf8))
    #expect(r.findings.map(\.key) == [keyA, keyB])
    #expect(r.findings[0].schoolName == "第\"]}{[小学 \\ ]")
  }

  @Test func aBrokenFindingDeepInTheReportIsNamedByItsIndex() throws {
    var items = (0..<5000).map { Item(key: key($0)) }
    items[4500].key = "X"
    var json = reportJSON(asOf: "2026-03-01", items)
    json = json.replacingOccurrences(of: #"{"key":"X","#, with: "{")
    #expect(throws: Diagnostic.badReport("<report>", "missing field findings.4500.key")) {
      try LedgerReport(data: Data(json.utf8))
    }
  }

  @Test func truncatedReportIsAnErrorNotACrash() throws {
    let json = reportJSON(asOf: "2026-03-01", [Item(key: keyA), Item(key: keyB)])
    for cut in stride(from: 1, to: json.utf8.count, by: 7) {
      #expect(throws: Diagnostic.self) { try LedgerReport(data: Data(json.utf8.prefix(cut))) }
    }
  }

  @Test func findingsThatAreNotObjectsAreRejected() throws {
    let json = #"{"schema":"dudao.report/v1","as_of":"2026-01-01","pack":{"name":"p","version":"1","digest":"d"},"findings":[1,2]}"#
    #expect(throws: Diagnostic.self) { try LedgerReport(data: Data(json.utf8)) }
  }
}
