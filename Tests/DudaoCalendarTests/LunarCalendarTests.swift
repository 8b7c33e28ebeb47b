import DudaoCalendar
import DudaoDiagnostics
import Foundation
import Testing

struct FestivalCase: Sendable, CustomTestStringConvertible {
  var year: Int
  var newYear: String
  var dragonBoat: String
  var midAutumn: String
  var qingming: String
  var testDescription: String { String(year) }
}

/// Published dates (State Council holiday notices, observatory almanacs).
let festivals: [FestivalCase] = [
  .init(year: 2020, newYear: "2020-01-25", dragonBoat: "2020-06-25", midAutumn: "2020-10-01", qingming: "2020-04-04"),
  .init(year: 2021, newYear: "2021-02-12", dragonBoat: "2021-06-14", midAutumn: "2021-09-21", qingming: "2021-04-04"),
  .init(year: 2022, newYear: "2022-02-01", dragonBoat: "2022-06-03", midAutumn: "2022-09-10", qingming: "2022-04-05"),
  .init(year: 2023, newYear: "2023-01-22", dragonBoat: "2023-06-22", midAutumn: "2023-09-29", qingming: "2023-04-05"),
  .init(year: 2024, newYear: "2024-02-10", dragonBoat: "2024-06-10", midAutumn: "2024-09-17", qingming: "2024-04-04"),
  .init(year: 2025, newYear: "2025-01-29", dragonBoat: "2025-05-31", midAutumn: "2025-10-06", qingming: "2025-04-04"),
  .init(year: 2026, newYear: "2026-02-17", dragonBoat: "2026-06-19", midAutumn: "2026-09-25", qingming: "2026-04-05"),
  .init(year: 2027, newYear: "2027-02-06", dragonBoat: "2027-06-09", midAutumn: "2027-09-15", qingming: "2027-04-05"),
  .init(year: 2028, newYear: "2028-01-26", dragonBoat: "2028-05-28", midAutumn: "2028-10-03", qingming: "2028-04-04"),
  .init(year: 2029, newYear: "2029-02-13", dragonBoat: "2029-06-16", midAutumn: "2029-09-22", qingming: "2029-04-04"),
  .init(year: 2030, newYear: "2030-02-03", dragonBoat: "2030-06-05", midAutumn: "2030-09-12", qingming: "2030-04-05"),
  .init(year: 2031, newYear: "2031-01-23", dragonBoat: "2031-06-24", midAutumn: "2031-10-01", qingming: "2031-04-05"),
  .init(year: 2032, newYear: "2032-02-11", dragonBoat: "2032-06-12", midAutumn: "2032-09-19", qingming: "2032-04-04"),
  .init(year: 2033, newYear: "2033-01-31", dragonBoat: "2033-06-01", midAutumn: "2033-09-08", qingming: "2033-04-04"),
  .init(year: 2034, newYear: "2034-02-19", dragonBoat: "2034-06-20", midAutumn: "2034-09-27", qingming: "2034-04-05"),
  .init(year: 2035, newYear: "2035-02-08", dragonBoat: "2035-06-10", midAutumn: "2035-09-16", qingming: "2035-04-05"),
]

@Test(arguments: festivals)
func festivalDates(_ c: FestivalCase) {
  #expect(LunarCalendar.newYear(c.year) == Day(c.newYear))
  #expect(LunarCalendar.newYearsEve(c.year) == Day(c.newYear).adding(days: -1))
  #expect(LunarCalendar.dragonBoatFestival(c.year) == Day(c.dragonBoat))
  #expect(LunarCalendar.midAutumnFestival(c.year) == Day(c.midAutumn))
  #expect(SolarTerm.qingming(c.year) == Day(c.qingming))
}

struct EveCase: Sendable, CustomTestStringConvertible {
  var year: Int, eve: String, lastDayOfMonth12: Int
  var testDescription: String { "除夕 \(eve) is 腊月\(lastDayOfMonth12 == 29 ? "二十九" : "三十")" }
}

/// 除夕 is the twelfth month's last day, which may be its 29th: 2025–2029 have
/// no 腊月三十 at all.
@Test(arguments: [
  EveCase(year: 2023, eve: "2023-01-21", lastDayOfMonth12: 30),
  EveCase(year: 2024, eve: "2024-02-09", lastDayOfMonth12: 30),
  EveCase(year: 2025, eve: "2025-01-28", lastDayOfMonth12: 29),
  EveCase(year: 2026, eve: "2026-02-16", lastDayOfMonth12: 29),
  EveCase(year: 2027, eve: "2027-02-05", lastDayOfMonth12: 29),
  EveCase(year: 2028, eve: "2028-01-25", lastDayOfMonth12: 29),
  EveCase(year: 2029, eve: "2029-02-12", lastDayOfMonth12: 29),
])
func newYearsEve(_ c: EveCase) throws {
  #expect(LunarCalendar.newYearsEve(c.year) == Day(c.eve))
  let previous = try #require(LunarCalendar.monthLengths(c.year - 1))
  #expect(previous.last == c.lastDayOfMonth12)
}

struct QingmingEdge: Sendable, CustomTestStringConvertible {
  var year: Int, day: Int, why: String
  var testDescription: String { "\(year)-04-0\(day): \(why)" }
}

/// The years whose 清明 moment lies nearest to Beijing midnight.
@Test(arguments: [
  QingmingEdge(year: 2071, day: 5, why: "00:10 on the 5th"),
  QingmingEdge(year: 1943, day: 6, why: "00:11 on the 6th"),
  QingmingEdge(year: 1976, day: 4, why: "23:47 on the 4th"),
  QingmingEdge(year: 2042, day: 4, why: "23:40 on the 4th"),
  QingmingEdge(year: 1910, day: 6, why: "00:23 on the 6th"),
])
func qingmingNearMidnight(_ c: QingmingEdge) {
  #expect(SolarTerm.qingming(c.year) == Day(year: c.year, month: 4, day: c.day))
}

/// April day of 清明 for 1901–2100 from the published solar-term table
/// (the 1900–2100 `sTermInfo` table of the common Chinese calendar libraries).
let publishedQingming =
  "56655665566555655565556555655565556555655565555555"
  + "55555555555555555555555554555455545554555455545554"
  + "55545554455445544554455445544554455445544454445444"
  + "54445444544454445444544444444444444444444444444445"

@Test func qingmingMatchesPublishedTable() {
  let published = Array(publishedQingming)
  #expect(published.count == 200)
  for year in SolarTerm.years {
    let expected = Day(year: year, month: 4, day: published[year - 1901].wholeNumberValue ?? 0)
    #expect(SolarTerm.qingming(year) == expected, "清明 \(year)")
  }
  #expect(SolarTerm.qingming(1900) == nil)
  #expect(SolarTerm.qingming(2101) == nil)
}

@Test func tableIsContinuous() throws {
  // Each lunar year ends the day before the next one's 正月初一.
  for year in LunarCalendar.years.dropLast() {
    let start = try #require(LunarCalendar.newYear(year))
    let next = try #require(LunarCalendar.newYear(year + 1))
    let lengths = try #require(LunarCalendar.monthLengths(year))
    #expect(start.days(to: next) == lengths.reduce(0, +), "lunar year \(year)")
    #expect(lengths.count == (LunarCalendar.leapMonth(year) == 0 ? 12 : 13))
  }
  #expect(LunarCalendar.newYear(1900) == nil)
  #expect(LunarCalendar.newYear(2101) == nil)
  #expect(LunarCalendar.day(month: 13, day: 1, ofLunarYearStartingIn: 2026) == nil)
  #expect(LunarCalendar.day(month: 1, day: 31, ofLunarYearStartingIn: 2026) == nil)
}

/// Before 1929 the calendar followed Beijing local mean time: the new moon of
/// 1916-02-03 23:50 LMT (00:05 UTC+8) began the year on the 3rd.
@Test func beforeStandardTime() {
  #expect(LunarCalendar.newYear(1916) == Day("1916-02-03"))
  #expect(LunarCalendar.newYear(1901) == Day("1901-02-19"))
  #expect(LunarCalendar.newYear(1928) == Day("1928-01-23"))
}

/// Every month start of 1929–2100 agrees with ICU's Chinese calendar (UTC+8).
@Test func agreesWithFoundationChineseCalendar() throws {
  var chinese = Calendar(identifier: .chinese)
  var gregorian = Calendar(identifier: .gregorian)
  let beijing = try #require(TimeZone(secondsFromGMT: 8 * 3600))
  chinese.timeZone = beijing
  gregorian.timeZone = beijing
  for year in 1929...2100 {
    let start = try #require(LunarCalendar.newYear(year))
    let leap = try #require(LunarCalendar.leapMonth(year))
    var offset = 0
    for (index, length) in try #require(LunarCalendar.monthLengths(year)).enumerated() {
      let day = try #require(start.adding(days: offset))
      let date = try #require(gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)))
      let c = chinese.dateComponents([.month, .day, .isLeapMonth], from: date)
      let isLeap = leap != 0 && index == leap
      let month = index + 1 - (leap != 0 && index >= leap ? 1 : 0)
      #expect(c.month == month && c.day == 1 && c.isLeapMonth == isLeap, "\(year) month #\(index + 1) at \(day)")
      offset += length
    }
  }
}
