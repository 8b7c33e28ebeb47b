import DudaoCalendar
import DudaoDiagnostics
import Testing

struct DeadlineCase: Sendable, CustomTestStringConvertible {
  var name: String
  var term: RectifyTerm
  var asOf: String
  var date: String
  var basis: String
  var provisionalYears: [Int] = []
  var overdue = false
  var testDescription: String { name }
}

@Test(arguments: [
  // 民法典 第二百零三条: 10-03 is a holiday, so the period ends on 10-08.
  DeadlineCase(name: "5 days into 国庆 2026 move to the first working day", term: .days(5), asOf: "2026-09-28", date: "2026-10-08", basis: "within 5 days"),
  DeadlineCase(name: "30 days from 2026-09-28", term: .days(30), asOf: "2026-09-28", date: "2026-10-28", basis: "within 30 days"),
  DeadlineCase(name: "1 day landing on 国庆 2026", term: .days(1), asOf: "2026-09-30", date: "2026-10-08", basis: "within 1 day"),
  DeadlineCase(name: "days ending on a Sunday move to Monday", term: .days(5), asOf: "2026-03-03", date: "2026-03-09", basis: "within 5 days"),
  DeadlineCase(name: "days ending on make-up Sunday 2025-09-28 stay", term: .days(2), asOf: "2025-09-26", date: "2025-09-28", basis: "within 2 days"),
  DeadlineCase(name: "days ending on make-up Saturday 2026-02-14 stay", term: .days(3), asOf: "2026-02-11", date: "2026-02-14", basis: "within 3 days"),
  DeadlineCase(name: "days ending in 春节 2026 move past it", term: .days(5), asOf: "2026-02-12", date: "2026-02-24", basis: "within 5 days"),
  DeadlineCase(name: "10 workdays across 春节 2026 with make-up 02-14 and 02-28", term: .workdays(10), asOf: "2026-02-11", date: "2026-03-03", basis: "within 10 workdays"),
  DeadlineCase(name: "3 workdays: make-up 02-14, then after the holiday", term: .workdays(3), asOf: "2026-02-12", date: "2026-02-24", basis: "within 3 workdays"),
  DeadlineCase(name: "1 workday on the eve of 国庆 2025 is make-up Sunday 09-28", term: .workdays(1), asOf: "2025-09-26", date: "2025-09-28", basis: "within 1 workday"),
  DeadlineCase(name: "5 workdays across 国庆 2025", term: .workdays(5), asOf: "2025-09-26", date: "2025-10-10", basis: "within 5 workdays"),
  DeadlineCase(name: "6 workdays across 国庆 2025 end on make-up Saturday 10-11", term: .workdays(6), asOf: "2025-09-26", date: "2025-10-11", basis: "within 6 workdays"),
  DeadlineCase(name: "10 workdays across 国庆 2026 with make-up 10-10", term: .workdays(10), asOf: "2026-09-28", date: "2026-10-16", basis: "within 10 workdays"),
  DeadlineCase(name: "immediately on a holiday is that day", term: .immediately, asOf: "2026-10-03", date: "2026-10-03", basis: "immediately"),
  DeadlineCase(name: "by a past date is overdue", term: .by(Day("2023-12-31")), asOf: "2026-09-01", date: "2023-12-31", basis: "by 2023-12-31", overdue: true),
  DeadlineCase(name: "by the evaluation date is not overdue", term: .by(Day("2026-09-01")), asOf: "2026-09-01", date: "2026-09-01", basis: "by 2026-09-01"),
  DeadlineCase(name: "by a later date", term: .by(Day("2026-12-31")), asOf: "2026-09-01", date: "2026-12-31", basis: "by 2026-12-31"),
  DeadlineCase(name: "semester_end inside a semester", term: .semesterEnd, asOf: "2025-10-01", date: "2026-01-16", basis: "by semester_end (2026-01-16)"),
  DeadlineCase(name: "semester_end on a semester's last day", term: .semesterEnd, asOf: "2026-01-16", date: "2026-01-16", basis: "by semester_end (2026-01-16)"),
  DeadlineCase(name: "semester_end in winter vacation is the next semester's end", term: .semesterEnd, asOf: "2026-02-01", date: "2026-07-10", basis: "by semester_end (2026-07-10)"),
  DeadlineCase(name: "0 days is the evaluation day itself", term: .days(0), asOf: "2026-10-03", date: "2026-10-03", basis: "within 0 days"),
  DeadlineCase(name: "0 workdays is the evaluation day itself", term: .workdays(0), asOf: "2026-10-03", date: "2026-10-03", basis: "within 0 workdays"),
  // Years without a file: the statutory fallback decides, and says so.
  DeadlineCase(name: "3 workdays over 清明 2027 (fallback)", term: .workdays(3), asOf: "2027-04-01", date: "2027-04-07", basis: "within 3 workdays", provisionalYears: [2027]),
  DeadlineCase(name: "2 days onto 中秋 2030 (fallback)", term: .days(2), asOf: "2030-09-10", date: "2030-09-13", basis: "within 2 days", provisionalYears: [2030]),
  DeadlineCase(name: "30 days from 2026-12-15 end in 2027", term: .days(30), asOf: "2026-12-15", date: "2027-01-14", basis: "within 30 days", provisionalYears: [2027]),
  DeadlineCase(name: "12 days onto 元旦 2027 roll over a weekend", term: .days(12), asOf: "2026-12-20", date: "2027-01-04", basis: "within 12 days", provisionalYears: [2027]),
  DeadlineCase(name: "10 days ending in 2026 only look at 2026", term: .days(10), asOf: "2026-12-20", date: "2026-12-30", basis: "within 10 days"),
  DeadlineCase(name: "15 workdays from 2026-12-20 skip 元旦 2027", term: .workdays(15), asOf: "2026-12-20", date: "2027-01-11", basis: "within 15 workdays", provisionalYears: [2027]),
  DeadlineCase(name: "春节 2027 fallback: 除夕 to 初三 rest", term: .workdays(1), asOf: "2027-02-04", date: "2027-02-09", basis: "within 1 workday", provisionalYears: [2027]),
])
func deadline(_ c: DeadlineCase) throws {
  let calendar = try Fixture.standard()
  let result = try calendar.deadline(c.term, from: Day(c.asOf)).get()
  #expect(result.date == Day(c.date))
  #expect(result.basis == c.basis)
  #expect(result.provisionalYears == c.provisionalYears)
  #expect(result.provisional == !c.provisionalYears.isEmpty)
  #expect(result.overdue == c.overdue)
}

struct DeadlineErrorCase: Sendable, CustomTestStringConvertible {
  var name: String
  var term: RectifyTerm
  var asOf: String
  var error: DeadlineError
  var zh: String
  var testDescription: String { name }
}

@Test(arguments: [
  DeadlineErrorCase(
    name: "a million workdays", term: .workdays(1_000_000), asOf: "2026-09-01", error: .countOutOfRange(1_000_000),
    zh: "整改期限 1000000 超出范围：天数或工作日数应为 0 至 3660"),
  DeadlineErrorCase(
    name: "negative days", term: .days(-1), asOf: "2026-09-01", error: .countOutOfRange(-1),
    zh: "整改期限 -1 超出范围：天数或工作日数应为 0 至 3660"),
  DeadlineErrorCase(
    name: "semester_end after the last semester", term: .semesterEnd, asOf: "2027-08-01", error: .noSemester(after: Day("2027-08-01")),
    zh: "整改时限为学期末，但校历中没有包含 2027-08-01 或在其后的学期；请在 calendar/school.yaml 中补充学期"),
  DeadlineErrorCase(
    name: "past the statutory fallback", term: .workdays(5), asOf: "2100-12-28", error: .unsupportedYear(2101),
    zh: "无法确定 2101 年的工作日：规则包没有 calendar/2101.yaml，法定节假日推算只适用于 2008—2100 年"),
  DeadlineErrorCase(
    name: "before the statutory fallback", term: .days(3), asOf: "2007-06-01", error: .unsupportedYear(2007),
    zh: "无法确定 2007 年的工作日：规则包没有 calendar/2007.yaml，法定节假日推算只适用于 2008—2100 年"),
])
func deadlineError(_ c: DeadlineErrorCase) throws {
  let calendar = try Fixture.standard()
  let result = calendar.deadline(c.term, from: Day(c.asOf))
  #expect(result == .failure(c.error))
  #expect(c.error.message.zh == c.zh)
  #expect(c.error.diagnostic(at: nil).code.hasPrefix("deadline."))
}

@Test func semesterEndWithoutSchoolCalendar() {
  let result = HolidayCalendar().deadline(.semesterEnd, from: Day("2026-09-01"))
  #expect(result == .failure(.noSchoolCalendar))
}

/// The cap keeps the longest count quick: ten years of workdays, one pass.
@Test func longestCountFinishes() throws {
  let calendar = try Fixture.standard()
  let result = try calendar.deadline(.workdays(RectifyTerm.maximumCount), from: Day("2026-01-01")).get()
  #expect(result.date.year == 2040)
  #expect(result.provisionalYears == Array(2027...2040))
  #expect(calendar.deadline(.workdays(RectifyTerm.maximumCount + 1), from: Day("2026-01-01")) == .failure(.countOutOfRange(3661)))
}

@Test func provisionalWarningNamesTheYear() throws {
  let calendar = try Fixture.standard()
  let result = try calendar.deadline(.workdays(3), from: Day("2027-04-01")).get()
  let warning = try #require(result.warnings.first)
  #expect(result.warnings.count == 1)
  #expect(warning.code == "calendar.provisional")
  #expect(warning.severity == .warning)
  #expect(warning.message.zh.contains("rules/calendar/2027.yaml"))
  #expect(warning.message.en.contains("no holiday arrangement for 2027"))
  #expect(Diagnostic.provisionalCalendar(year: 2027) == warning)
}

@Test func basisText() throws {
  let calendar = try Fixture.standard()
  let asOf = Day("2025-10-01")
  let texts = try [RectifyTerm.days(30), .workdays(10), .immediately, .by(Day("2025-12-31")), .semesterEnd].map {
    try calendar.deadline($0, from: asOf).get().basisText.zh
  }
  #expect(texts == ["30天内", "10个工作日内", "立行立改", "2025-12-31前", "学期末（2026-01-16）前"])
}

/// A file that makes a whole year a holiday cannot make a count run forever.
@Test func allHolidayYearStops() throws {
  let arrangement = HolidayArrangement(
    year: 2026, notice: .init(title: "test"),
    holidays: [.init(name: "all", from: Day("2026-01-01"), to: Day("2026-12-31"))], workdays: [], source: "test")
  let calendar = try HolidayCalendar(arrangements: [arrangement])
  #expect(calendar.deadline(.workdays(1), from: Day("2026-01-01")) == .failure(.noWorkingDay(after: Day("2026-01-01"))))
  #expect(calendar.deadline(.days(1), from: Day("2025-12-31")) == .failure(.noWorkingDay(after: Day("2025-12-31"))))
}
