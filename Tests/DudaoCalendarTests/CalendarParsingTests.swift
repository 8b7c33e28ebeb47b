import DudaoCalendar
import DudaoDiagnostics
import DudaoYAML
import Testing

/// A small arrangement file: line 7 holds the first holiday, line 9 the first
/// make-up day (after `workdays:` on line 8), when `top` adds nothing.
func arrangement(
  year: String = "2026", holidays: [(String, String, String)] = [("国庆节", "2026-10-01", "2026-10-07")],
  workdays: [String] = ["2026-10-10"], extra: [(String, YAMLTree)] = []
) -> YAMLTree {
  .map(
    [
      ("year", .scalar(year)),
      ("notice", .map([("title", .scalar("T")), ("published", .scalar("2025-11-04"))])),
      ("source", .scalar("S")),
      ("holidays", .list(holidays.map { Fixture.holiday($0.0, $0.1, $0.2) })),
      ("workdays", .list(workdays.map(YAMLTree.scalar))),
    ] + extra)
}

struct ParseCase: Sendable, CustomTestStringConvertible {
  var name: String
  var files: [(String, YAMLTree)]
  var school: YAMLTree? = nil
  /// `file:line:col: code: English message`, sorted by location.
  var expected: [String]
  var testDescription: String { name }
}

func rendered(_ diagnostics: [Diagnostic]) -> [String] {
  diagnostics.map { "\($0.location.map(String.init(describing:)) ?? "-"): \($0.code): \($0.message.en)" }
}

func parse(_ files: [(String, YAMLTree)], school: YAMLTree? = nil) -> Result<HolidayCalendar, DiagnosticList> {
  Result { () throws(DiagnosticList) in
    try HolidayCalendar.parse(
      arrangements: files.map { $0.1.node(file: $0.0) }, school: school?.node(file: "calendar/school.yaml"))
  }
}

let f2026 = "calendar/2026.yaml"

@Test(arguments: [
  ParseCase(
    name: "impossible date", files: [(f2026, arrangement(holidays: [("国庆节", "2026-10-01", "2026-10-32")]))],
    expected: ["calendar/2026.yaml:7:40: calendar.bad-date: '2026-10-32' is not a valid date; write YYYY-MM-DD (e.g. 2026-10-01)"]),
  ParseCase(
    name: "to before from", files: [(f2026, arrangement(holidays: [("国庆节", "2026-10-07", "2026-10-01")]))],
    expected: ["calendar/2026.yaml:7:40: calendar.range-reversed: end date 2026-10-01 is before start date 2026-10-07"]),
  ParseCase(
    name: "a day both holiday and make-up day", files: [(f2026, arrangement(workdays: ["2026-10-03"]))],
    expected: ["calendar/2026.yaml:9:5: calendar.holiday-workday-conflict: 2026-10-03 is both a day off of '国庆节' and a make-up working day"]),
  ParseCase(
    name: "holiday outside the year", files: [(f2026, arrangement(holidays: [("元旦", "2025-12-31", "2026-01-01")]))],
    expected: ["calendar/2026.yaml:7:5: calendar.date-outside-year: date 2025-12-31 is outside this file's year 2026; each file lists its own year's days, so put it in the file for 2025"]),
  ParseCase(
    name: "make-up day outside the year", files: [(f2026, arrangement(workdays: ["2027-01-02"]))],
    expected: ["calendar/2026.yaml:9:5: calendar.date-outside-year: date 2027-01-02 is outside this file's year 2026; each file lists its own year's days, so put it in the file for 2027"]),
  ParseCase(
    name: "unknown key", files: [(f2026, arrangement(extra: [("holiday", .scalar("x"))]))],
    expected: ["calendar/2026.yaml:10:1: calendar.unknown-key: unknown key 'holiday' (allowed: year, notice, source, holidays, workdays)"]),
  ParseCase(
    name: "two files for one year",
    files: [(f2026, arrangement()), ("overlay/2026.yaml", arrangement())],
    expected: ["overlay/2026.yaml:1:7: calendar.duplicate-year: holiday arrangement for 2026 given twice"]),
  ParseCase(
    name: "file name and year disagree", files: [("calendar/2025.yaml", arrangement())],
    expected: ["calendar/2025.yaml:1:7: calendar.year-mismatch: the file name says 2025 but `year` says 2026"]),
  ParseCase(
    name: "not a year", files: [(f2026, arrangement(year: "20x6"))],
    expected: ["calendar/2026.yaml:1:7: calendar.bad-year: '20x6' is not a valid year; write a four-digit integer (e.g. 2026)"]),
  ParseCase(
    name: "overlapping holidays",
    files: [(f2026, arrangement(holidays: [("中秋节", "2026-09-25", "2026-10-01"), ("国庆节", "2026-10-01", "2026-10-07")]))],
    expected: ["calendar/2026.yaml:8:5: calendar.holiday-overlap: '国庆节' overlaps '中秋节' on 2026-10-01; write a combined holiday as one entry"]),
  ParseCase(
    name: "missing keys and wrong types",
    files: [(f2026, .map([("year", .scalar("2026")), ("notice", .scalar("国办发")), ("holidays", .scalar("none"))]))],
    expected: [
      "calendar/2026.yaml:1:1: calendar.missing-key: missing required key 'source'",
      "calendar/2026.yaml:2:9: calendar.wrong-type: expected the notice (title, number, published, url) here",
      "calendar/2026.yaml:3:11: calendar.wrong-type: expected a list of holidays here",
    ]),
  ParseCase(
    name: "holiday without a name",
    files: [(f2026, arrangement(extra: []).replacingHolidays(.list([.flow([("from", .scalar("2026-10-01"))])])))],
    expected: ["calendar/2026.yaml:7:5: calendar.missing-key: missing required key 'name'"]),
  ParseCase(
    name: "overlapping semesters", files: [],
    school: .map([
      ("source", .scalar("区教育局校历")),
      ("semesters", .list([
        Fixture.semester("第一学期", "2026-09-01", "2027-01-22"),
        Fixture.semester("第二学期", "2027-01-20", "2027-07-09"),
      ])),
    ]),
    expected: ["calendar/school.yaml:4:5: calendar.semester-overlap: semester '第二学期' overlaps '第一学期'"]),
  ParseCase(
    name: "semester ending before it starts", files: [],
    school: .map([
      ("source", .scalar("区教育局校历")),
      ("semesters", .list([Fixture.semester("第一学期", "2027-01-22", "2026-09-01")])),
    ]),
    expected: ["calendar/school.yaml:3:41: calendar.range-reversed: end date 2026-09-01 is before start date 2027-01-22"]),
])
func rejects(_ c: ParseCase) {
  switch parse(c.files, school: c.school) {
  case .success(let calendar):
    Issue.record("accepted; warnings: \(rendered(calendar.warnings))")
  case .failure(let list):
    #expect(rendered(list.diagnostics) == c.expected, "\(c.files.first.map { $0.1.document(file: $0.0).text } ?? "")")
  }
}

@Test func warningsDoNotStopLoading() throws {
  let calendar = try parse([(f2026, arrangement(workdays: ["2026-10-10", "2026-10-12", "2026-10-10"]))]).get()
  #expect(rendered(calendar.warnings) == [
    "calendar/2026.yaml:10:5: calendar.workday-on-weekday: make-up working day 2026-10-12 is a weekday, a working day anyway; check the notice",
    "calendar/2026.yaml:11:5: calendar.duplicate-workday: make-up working day 2026-10-10 is listed twice",
  ])
  #expect(calendar.warnings.allSatisfy { $0.severity == .warning })
}

@Test func exampleSchoolCalendarWarns() throws {
  let calendar = try Fixture.standard()
  #expect(rendered(calendar.warnings) == [
    "calendar/school.yaml:1:10: calendar.school-example: the school calendar is an example (example: true), so semester_end deadlines use example dates; set your district's semester dates and remove `example`"
  ])
  #expect(calendar.school?.isExample == true)
  #expect(calendar.school?.semesters.count == 4)
}

@Test func readsTheStandardArrangements() throws {
  let calendar = try Fixture.standard()
  #expect(calendar.years == [2025, 2026])
  let notice = try #require(calendar.arrangements[2025]?.notice)
  #expect(notice.number == "国办发明电〔2024〕12号")
  #expect(notice.published == Day("2024-11-12"))
  #expect(calendar.arrangements[2026]?.notice.number == nil)
  #expect(calendar.arrangements[2026]?.holidays.map(\.days.count) == [3, 9, 3, 5, 3, 3, 7])
  #expect(calendar.arrangements[2026]?.location == SourceLocation(file: "calendar/2026.yaml", line: 1, column: 7))
}

extension YAMLTree {
  /// The same top-level mapping with `holidays` replaced.
  func replacingHolidays(_ holidays: YAMLTree) -> YAMLTree {
    guard case .map(let entries) = self else { return self }
    return .map(entries.map { $0.0 == "holidays" ? ($0.0, holidays) : $0 })
  }
}
