import DudaoCalendar
import DudaoDiagnostics
import Testing

struct StatusCase: Sendable, CustomTestStringConvertible {
  var day: String
  var kind: DayStatus.Kind
  var holiday: String? = nil
  var provisional = false
  var testDescription: String { "\(day) \(kind.rawValue)" }
}

@Test(arguments: [
  StatusCase(day: "2026-01-04", kind: .makeUpWorkday),
  StatusCase(day: "2026-02-14", kind: .makeUpWorkday),
  StatusCase(day: "2026-02-15", kind: .holiday, holiday: "春节"),
  StatusCase(day: "2026-02-22", kind: .holiday, holiday: "春节"),
  StatusCase(day: "2026-02-24", kind: .workday),
  StatusCase(day: "2026-10-03", kind: .holiday, holiday: "国庆节"),
  StatusCase(day: "2026-10-11", kind: .weekend),
  StatusCase(day: "2026-10-09", kind: .workday),
  StatusCase(day: "2025-10-06", kind: .holiday, holiday: "国庆节、中秋节"),
  StatusCase(day: "2025-09-28", kind: .makeUpWorkday),
  // Fallback: 2024 revision from 2025 on.
  StatusCase(day: "2027-02-05", kind: .holiday, holiday: "春节", provisional: true),
  StatusCase(day: "2027-02-08", kind: .holiday, holiday: "春节", provisional: true),
  StatusCase(day: "2027-02-09", kind: .workday, provisional: true),
  StatusCase(day: "2027-04-05", kind: .holiday, holiday: "清明节", provisional: true),
  StatusCase(day: "2027-05-02", kind: .holiday, holiday: "劳动节", provisional: true),
  StatusCase(day: "2027-05-03", kind: .workday, provisional: true),
  StatusCase(day: "2027-06-09", kind: .holiday, holiday: "端午节", provisional: true),
  StatusCase(day: "2027-09-15", kind: .holiday, holiday: "中秋节", provisional: true),
  StatusCase(day: "2027-10-03", kind: .holiday, holiday: "国庆节", provisional: true),
  StatusCase(day: "2027-10-04", kind: .workday, provisional: true),
  StatusCase(day: "2027-10-09", kind: .weekend, provisional: true),
  // 2013 revision (2014–2024): 春节 初一 to 初三, 劳动节 one day.
  StatusCase(day: "2024-02-09", kind: .workday, provisional: true),
  StatusCase(day: "2024-02-12", kind: .holiday, holiday: "春节", provisional: true),
  StatusCase(day: "2024-05-02", kind: .workday, provisional: true),
  // 2007 revision (2008–2013): 春节 除夕 to 初二.
  StatusCase(day: "2010-02-13", kind: .holiday, holiday: "春节", provisional: true),
  StatusCase(day: "2010-02-16", kind: .workday, provisional: true),
  // 中秋 on 1 October.
  StatusCase(day: "2020-10-01", kind: .holiday, holiday: "国庆节、中秋节", provisional: true),
])
func dayStatus(_ c: StatusCase) throws {
  let calendar = try Fixture.standard()
  let status = try #require(calendar.status(of: Day(c.day)))
  #expect(status == DayStatus(kind: c.kind, holiday: c.holiday, provisional: c.provisional))
  #expect(calendar.isWorkingDay(Day(c.day)) == (c.kind == .workday || c.kind == .makeUpWorkday))
}

@Test func statutoryFallbackRange() {
  let calendar = HolidayCalendar()
  #expect(calendar.status(of: Day("2007-12-31")) == nil)
  #expect(calendar.status(of: Day("2101-01-01")) == nil)
  // Undecidable years still answer isWorkingDay, by weekends alone.
  #expect(calendar.isWorkingDay(Day("2101-01-01")) == false)
  #expect(calendar.isWorkingDay(Day("2101-01-03")) == true)
  let fallback = calendar.arrangement(for: 2027)
  #expect(fallback?.isStatutoryFallback == true)
  #expect(fallback?.notice.title == "全国年节及纪念日放假办法（2024年修订）")
  #expect(fallback?.holidays.reduce(0) { $0 + $1.days.count } == 13)
  #expect(calendar.arrangement(for: 2024)?.holidays.reduce(0) { $0 + $1.days.count } == 11)
}

@Test func overlayAddsAndReplacesYears() throws {
  let base = try Fixture.standard()
  let y2027 = HolidayArrangement(
    year: 2027, notice: .init(title: "国务院办公厅关于2027年部分节假日安排的通知（测试）"),
    holidays: [.init(name: "元旦", from: Day("2027-01-01"), to: Day("2027-01-03"))],
    workdays: [], source: "test")
  let replaced2026 = HolidayArrangement(
    year: 2026, notice: .init(title: "district copy"), holidays: [], workdays: [], source: "test")
  let overlay = try HolidayCalendar(arrangements: [y2027, replaced2026])
  let merged = overlay.inheriting(from: base)
  #expect(merged.years == [2025, 2026, 2027])
  #expect(merged.arrangements[2026]?.notice.title == "district copy")
  #expect(merged.school == base.school)
  #expect(merged.status(of: Day("2027-01-02")) == DayStatus(kind: .holiday, holiday: "元旦", provisional: false))
  #expect(merged.status(of: Day("2026-10-01"))?.kind == .workday)
  // A deadline in 2027 is no longer provisional once the year is added.
  let due = try merged.deadline(.workdays(3), from: Day("2027-04-01")).get()
  #expect(due.provisional == false)
  #expect(due.date == Day("2027-04-06"))
}

@Test func duplicateYearsInCode() {
  let a = HolidayArrangement(year: 2026, notice: .init(title: "a"), holidays: [], workdays: [], source: "a")
  #expect(throws: DiagnosticList.self) { try HolidayCalendar(arrangements: [a, a]) }
}

@Test func semesterLookup() throws {
  let school = try #require(try Fixture.standard().school)
  #expect(school.semester(containingOrAfter: Day("2026-08-15"))?.name == "2026—2027学年第一学期")
  #expect(school.semester(containingOrAfter: Day("2026-09-01"))?.to == Day("2027-01-22"))
  #expect(school.semester(containingOrAfter: Day("2027-07-10")) == nil)
}
