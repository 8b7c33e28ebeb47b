import DudaoDiagnostics

/// The public holidays fixed by 《全国年节及纪念日放假办法》, for a year whose
/// arrangement notice is not in the pack: no make-up days, no bridging of
/// weekends, which only the yearly notice decides.
///
/// Three revisions apply by year: the 2007 one (in force 2008: 春节 除夕 to
/// 初二, 劳动节 one day), the 2013 one (in force 2014: 春节 初一 to 初三) and the
/// 2024 one (in force 2025: 春节 除夕 to 初三, 劳动节 1–2 May).
enum StatutoryHolidays {
  /// Years the fallback can describe: from the 2007 revision to the end of the lunar table.
  static let years: ClosedRange<Int> = 2008...LunarCalendar.years.upperBound

  static func arrangement(for year: Int) -> HolidayArrangement? {
    guard years.contains(year),
      let newYear = LunarCalendar.newYear(year),
      let qingming = SolarTerm.qingming(year),
      let dragonBoat = LunarCalendar.dragonBoatFestival(year),
      let midAutumn = LunarCalendar.midAutumnFestival(year)
    else { return nil }
    let revision: (title: String, springFirst: Int, springLast: Int, labourDays: Int) =
      switch year {
      case ..<2014: ("全国年节及纪念日放假办法（2007年修订）", -1, 1, 1)
      case ..<2025: ("全国年节及纪念日放假办法（2013年修订）", 0, 2, 1)
      default: ("全国年节及纪念日放假办法（2024年修订）", -1, 2, 2)
      }
    func fixed(_ name: String, _ month: Int, _ firstDay: Int, _ days: Int) -> HolidayArrangement.Holiday? {
      guard let from = Day(year: year, month: month, day: firstDay), let to = from.adding(days: days - 1) else { return nil }
      return .init(name: name, from: from, to: to)
    }
    func lunar(_ name: String, _ day: Day, _ first: Int = 0, _ last: Int = 0) -> HolidayArrangement.Holiday? {
      guard let from = day.adding(days: first), let to = day.adding(days: last) else { return nil }
      return .init(name: name, from: from, to: to)
    }
    let holidays = [
      fixed("元旦", 1, 1, 1),
      lunar("春节", newYear, revision.springFirst, revision.springLast),
      lunar("清明节", qingming),
      fixed("劳动节", 5, 1, revision.labourDays),
      lunar("端午节", dragonBoat),
      fixed("国庆节", 10, 1, 3),
      lunar("中秋节", midAutumn),
    ].compactMap { $0 }
    // Date order; on a tie (中秋 on 1 October) the order above, 国庆节 first.
    let ordered = holidays.enumerated().sorted { ($0.element.from, $0.offset) < ($1.element.from, $1.offset) }.map(\.element)
    return HolidayArrangement(
      year: year,
      notice: .init(title: revision.title),
      holidays: ordered,
      workdays: [],
      source: "按周末和《全国年节及纪念日放假办法》推算（无调休）；国务院办公厅公布\(year)年节假日安排后，以 rules/calendar/\(year).yaml 为准",
      isStatutoryFallback: true)
  }
}
