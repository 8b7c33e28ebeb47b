import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// The HTML report is self-contained and renders every value from data as text.
@Suite struct HTMLReportTests {
  static let asOf = Day(iso: "2026-11-23")!

  static func model(_ files: [String: String], lang: Language = .zh) throws -> ReportModel {
    let pack = try ObservationTests.pack.get()
    let dir = TestScratch.folder + "dudao-html-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [dir])
    return ReportModel(try Engine(pack: pack).evaluate(dataset, asOf: asOf), language: lang)
  }

  static func district() throws -> ReportModel {
    let pack = try ObservationTests.pack.get()
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [RuleExampleTests.root + "/examples/district"])
    return ReportModel(try Engine(pack: pack).evaluate(dataset, asOf: asOf), language: .zh)
  }

  static let hostile = """
    school:
      id: "X<1>&\\"'"
      name: "<script>alert('学校')</script>"
      level: junior
      district: "<b>区</b>"
      students: 900
      schedule: { daily_pe_minutes: 70, big_break_minutes: 20 }
      classes:
        - { id: "\\"><img src=x onerror=alert(1)>", grade: 7, students: 60 }
      observations:
        - { date: 2026-11-20, item: schedule.big_break_minutes, value: 20, note: "<iframe src='http://evil'>" }
    """

  @Test func valuesFromDataAreEscaped() throws {
    let html = HTMLReporter().render(try Self.model(["a.yaml": Self.hostile, "b.yaml": ObservationTests.plain]))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<iframe"))
    #expect(!html.contains("<b>区</b>"))
    #expect(html.contains("&lt;script&gt;alert(&#39;学校&#39;)&lt;/script&gt;"))
    #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    #expect(html.contains("&lt;iframe src=&#39;http://evil&#39;&gt;"))
    // The hostile id still makes a working anchor, linked from the overview.
    let anchor = HTMLPage.anchor("school-", "X<1>&\"'")
    #expect(anchor == "school-X.3c1.3e.26.22.27")
    #expect(html.contains("id=\"\(anchor)\"") && html.contains("href=\"#\(anchor)\""))
  }

  /// Every `src`/`href`/`url(` in the page: only in-page anchors.
  static func references(_ html: String) -> [String] {
    var out: [String] = []
    for attr in ["src=", "href=", "url(", "@import"] {
      var rest = html[...]
      while let r = rest.range(of: attr) {
        let tail = rest[r.upperBound...].prefix(80)
        out.append(attr + tail.prefix { $0 != " " && $0 != ">" })
        rest = rest[r.upperBound...]
      }
    }
    return out
  }

  @Test func districtReportIsSelfContained() throws {
    let html = HTMLReporter().render(try Self.district())
    let refs = Self.references(html)
    #expect(!refs.isEmpty)
    for r in refs { #expect(r.hasPrefix("href=\"#"), "external reference \(r)") }
    #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
  }

  @Test func districtReportHasOverviewChartsSchoolsAndSignatures() throws {
    let model = try Self.district()
    let html = HTMLReporter().render(model)
    #expect(html.contains("<h2>总览</h2>"))
    for chart in ["各规则不合格率", "各校问题数", "各监测维度状态分布"] { #expect(html.contains("<h3>\(chart)</h3>")) }
    #expect(html.components(separatedBy: "<svg ").count == 4)
    // One section per school, each linked from the overview and with a signature block.
    for g in model.groups where !g.school.id.isEmpty {
      let a = HTMLPage.anchor("school-", g.school.id)
      #expect(html.contains("<section class=\"school\" id=\"\(a)\">"))
      #expect(html.contains("<a href=\"#\(a)\">"))
    }
    #expect(html.components(separatedBy: "<h3>反馈会签字</h3>").count - 1 == model.schoolCount)
    for who in ["督学", "学校负责人", "日期"] { #expect(html.contains("<th>\(who)</th>")) }
    // Print: A4, a page per school.
    #expect(html.contains("@page { size: A4;") && html.contains("section.school { break-before: page; }"))
    // A failing finding's row: rule, observed vs required, deadline, responsible party.
    #expect(html.contains("<b>PE.BIG_BREAK</b>"))
    #expect(html.contains("实际：20<br>要求：每天大课间体育活动不少于 30 分钟"))
    #expect(html.contains("<span class=\"nowrap\">2026-12-23</span><br><span class=\"small\">30天内</span>"))
    #expect(html.contains("PE.BIG_BREAK") && html.contains("14% (1/7)"))
  }

  @Test func observedOnSiteIsShownWithTheDate() throws {
    let html = HTMLReporter().render(try Self.model(["a.yaml": Self.hostile]))
    #expect(html.contains("<span class=\"onsite\">现场核查（2026-11-20）：大课间体育活动时间 20（学校填报 20）"))
  }

  @Test func englishReport() throws {
    let html = HTMLReporter().render(try Self.model(["a.yaml": ObservationTests.plain], lang: .en))
    #expect(html.contains("<html lang=\"en\">") && html.contains("<h1>Supervision feedback report</h1>"))
    #expect(html.contains("<h3>Feedback meeting signatures</h3>"))
    // One school: no district overview.
    #expect(!html.contains("<h2>Overview</h2>"))
  }
}

/// `--format csv`: the ledger's columns, readable back as UTF-8 and as GB18030.
@Suite struct CSVReportTests {
  static func iconv(_ data: Data, to encoding: String) throws -> Data {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/iconv") else {
      Issue.record("iconv not found at /usr/bin/iconv (Debian: libc-bin)")
      return Data()
    }
    let dir = TestScratch.folder + "dudao-iconv-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try data.write(to: URL(fileURLWithPath: dir + "/in.csv"))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", encoding, "-o", dir + "/out.csv", dir + "/in.csv"]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    return try Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))
  }

  static let ledgerHeaders = ["学校", "学校代码", "规则", "对象", "严重程度", "状态", "首次发现", "最近发现", "整改期限", "逾期天数", "责任方", "销号日期", "整改证据", "问题编号"]

  @Test(arguments: ["utf8-bom", "gb18030", "gb18030-without-bom"])
  func readsBackWithTheLedgerHeaders(_ encoding: String) throws {
    let model = try HTMLReportTests.district()
    let csv = CSVReporter().render(model)
    var data = Data(csv.utf8)
    #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
    if encoding == "gb18030-without-bom" { data = try Self.iconv(Data(String(csv.dropFirst()).utf8), to: "GB18030") }
    if encoding == "gb18030" { data = try Self.iconv(data, to: "GB18030") }
    let table = try CSVTable(file: "findings.csv", data: data)
    #expect(table.encoding == (encoding == "utf8-bom" ? .utf8BOM : .gb18030))
    let header = try #require(table.rows.first)
    #expect(Array(header.prefix(14)) == Self.ledgerHeaders)
    #expect(FindingTable.headers(.zh) == Self.ledgerHeaders)
    #expect(header.count == 22)
    // One row per finding; a failing one with its deadline and the check's date as first/last seen.
    #expect(table.rows.count == 1 + model.run.findings.count)
    let row = try #require(table.rows.first { $0[2] == "PE.BIG_BREAK" && $0[5] == "不合格" })
    #expect(row[0] == "厦门市翔安区海晖小学" && row[3] == "school:3502130103" && row[4] == "major")
    #expect(row[6] == "2026-11-23" && row[7] == "2026-11-23" && row[8] == "2026-12-23" && row[9] == "")
    #expect(row[11] == "" && row[12] == "")
    #expect(row[15] == "20")
  }

  @Test func englishHeaders() throws {
    let pack = try ObservationTests.pack.get()
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [RuleExampleTests.root + "/examples/district"])
    let csv = CSVReporter().render(ReportModel(try Engine(pack: pack).evaluate(dataset, asOf: HTMLReportTests.asOf), language: .en))
    #expect(csv.hasPrefix("\u{FEFF}school,school_id,rule,subject,severity,status,first_seen,last_seen,deadline,days_overdue,responsible,closed_on,evidence,key,title,observed,requirement,message,measures,source,missing,on_site\r\n"))
  }

  @Test func formulaLikeCellsAreDefused() {
    #expect(FindingTable.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(FindingTable.field("-5") == "-5")
    #expect(FindingTable.field("@SUM(A1)") == "'@SUM(A1)")
  }
}
