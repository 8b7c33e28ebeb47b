import DudaoDiagnostics
import DudaoTestSupport
import Foundation
@testable import DudaoLedger

/// A fresh ledger in its own temporary file.
func tempLedgerPath() -> String {
  TestScratch.folder + "dudao-ledger-\(UUID().uuidString).db"
}

func day(_ s: String) -> Day {
  Day(iso: s) ?? Day(year: 1970, month: 1, day: 1)!
}

/// One finding of a synthetic report.
struct Item {
  var key: String
  var status = "fail"
  var rule = "PE.DAILY"
  var school = "S001"
  var deadline: String? = nil
}

/// A `dudao.report/v1` document with the given findings.
func reportJSON(asOf: String, _ items: [Item]) -> String {
  let findings = items.map { i in
    """
    {"key":"\(i.key)","school":{"id":"\(i.school)","name":"第\(i.school)小学"},"subject":{"kind":"school","id":"\(i.school)"},\
    "rule":{"id":"\(i.rule)","title":"t","severity":"major","dimension":"d","sources":[]},"status":"\(i.status)",\
    "observed":null,"requirement":null,"message":null,\
    "deadline":\(i.deadline.map { "{\"date\":\"\($0)\",\"provisional\":false,\"overdue\":false,\"basis\":\"within 30 days\"}" } ?? "null"),\
    "responsible":"校长","measures":null,"missing":[],"detail":null}
    """
  }
  return """
    {"schema":"dudao.report/v1","as_of":"\(asOf)","lang":"zh","pack":{"name":"p","version":"1","digest":"sha256:00"},\
    "summary":{},"findings":[\(findings.joined(separator: ","))],"warnings":[]}
    """
}

func report(asOf: String, _ items: [Item]) throws -> LedgerReport {
  try LedgerReport(data: Data(reportJSON(asOf: asOf, items).utf8))
}

let keyA = "aaaaaaaaaaaaaaaa"
let keyB = "bbbbbbbbbbbbbbbb"
let keyC = "cccccccccccccccc"
