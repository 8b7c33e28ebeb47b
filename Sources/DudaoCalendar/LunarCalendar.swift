import DudaoDiagnostics

/// The dates of the Chinese calendar (农历) that fix statutory holidays: 正月初一,
/// 除夕, 端午 (五月初五) and 中秋 (八月十五), for Gregorian years 1901–2100.
///
/// The calendar is a table of lunar years rather than an ephemeris: one word
/// per year, decoded here. Months from 1929 on follow Beijing time (UTC+8, as
/// the Purple Mountain Observatory tables and ICU do); months before 1929
/// follow Beijing local mean time (116°25′ E), as the calendar of the time was
/// reckoned, which starts 1914's tenth month, 1916's first month and 1920's
/// tenth month one day earlier than a UTC+8 computation would (the new moons
/// fell between 23:45 LMT and 00:05 UTC+8). The tests compare every day of
/// 1929–2100 with Foundation's `Calendar(identifier: .chinese)` and check the
/// festivals against published dates.
///
/// Two month starts in the range fall within a minute of a new moon at
/// midnight (2057-09-29 and 2097-08-08), so the lengths of 2057's eighth and
/// 2097's sixth month differ between published tables; no festival date this
/// type answers depends on them.
public enum LunarCalendar {
  /// Gregorian years whose lunar year (starting at its 正月初一) is in the table.
  public static let years: ClosedRange<Int> = 1901...2100

  /// 正月初一 (Chinese New Year's Day) falling in Gregorian `year`; nil outside ``years``.
  public static func newYear(_ year: Int) -> Day? {
    guard let entry = entry(year), let jan1 = Day(year: year, month: 1, day: 1) else { return nil }
    return jan1.adding(days: entry >> 17)
  }

  /// 除夕, the last day of the twelfth month (its 29th or 30th): the day before
  /// the 正月初一 of Gregorian `year`, and always in that same year.
  public static func newYearsEve(_ year: Int) -> Day? {
    newYear(year)?.adding(days: -1)
  }

  /// Day `day` of the ordinary (non-leap) month `month` of the lunar year that
  /// starts in Gregorian `year`; nil outside ``years`` or past the month's end.
  public static func day(month: Int, day: Int, ofLunarYearStartingIn year: Int) -> Day? {
    guard (1...12).contains(month), let entry = entry(year), let start = newYear(year) else { return nil }
    let leap = entry & 0xF
    // A leap month follows its namesake, so every later month moves one place on.
    let index = month - 1 + (leap != 0 && leap < month ? 1 : 0)
    guard (1...monthLength(entry, index)).contains(day) else { return nil }
    let offset = (0..<index).reduce(0) { $0 + monthLength(entry, $1) }
    return start.adding(days: offset + day - 1)
  }

  /// 端午节: the fifth day of the fifth month.
  public static func dragonBoatFestival(_ year: Int) -> Day? {
    day(month: 5, day: 5, ofLunarYearStartingIn: year)
  }

  /// 中秋节: the fifteenth day of the eighth month.
  public static func midAutumnFestival(_ year: Int) -> Day? {
    day(month: 8, day: 15, ofLunarYearStartingIn: year)
  }

  /// The leap month (闰月) of the lunar year starting in `year`: 0 when none, nil outside ``years``.
  public static func leapMonth(_ year: Int) -> Int? {
    entry(year).map { $0 & 0xF }
  }

  /// Month lengths (29 or 30) of the lunar year starting in `year`, in order of
  /// occurrence: 12 months, or 13 with the leap month right after its namesake.
  public static func monthLengths(_ year: Int) -> [Int]? {
    guard let entry = entry(year) else { return nil }
    return (0..<((entry & 0xF) == 0 ? 12 : 13)).map { monthLength(entry, $0) }
  }
}

private extension LunarCalendar {
  static func entry(_ year: Int) -> Int? {
    years.contains(year) ? table[year - years.lowerBound] : nil
  }

  static func monthLength(_ entry: Int, _ index: Int) -> Int {
    (entry >> (4 + index)) & 1 == 1 ? 30 : 29
  }

  /// One word per lunar year, from the one whose 正月初一 falls in 1901: bits 0–3
  /// the leap month (0 = none); bit 4 + i set when the i-th month in order of
  /// occurrence (leap month included) has 30 days, clear for 29; bits 17–22 the
  /// 正月初一 as days after 1 January of the same Gregorian year.
  static let table: [Int] = [
    0x627520, 0x4CEA50, 0x3964A5, 0x5C64B0, 0x44A9B0, 0x315564, 0x5656A0, 0x40B590, 0x2B7522, 0x507520,  // 1901–1910
    0x3BB256, 0x60B250, 0x48A4B0, 0x334AB5, 0x582AD0, 0x4256B0, 0x2CB692, 0x52DA90, 0x3FD927, 0x64E920,  // 1911–1920
    0x4CD250, 0x37A4D5, 0x5CA560, 0x462B60, 0x2F5B54, 0x566D40, 0x40EA90, 0x2DE922, 0x50E920, 0x3AD266,  // 1921–1930
    0x5E52B0, 0x48A570, 0x332B65, 0x58B5A0, 0x446D40, 0x2EEC93, 0x527490, 0x3D6937, 0x62A930, 0x4C52B0,  // 1931–1940
    0x34A5B6, 0x5AAAD0, 0x4656A0, 0x31B554, 0x56BA40, 0x40B490, 0x2BA932, 0x50A950, 0x3952D7, 0x5E5360,  // 1941–1950
    0x48AAD0, 0x355AA5, 0x585B20, 0x42DA50, 0x2FD4A3, 0x54D4A0, 0x3CA958, 0x60A970, 0x4C5560, 0x36AB56,  // 1951–1960
    0x5AAD50, 0x466D20, 0x30EA54, 0x56EA50, 0x4064A0, 0x28C973, 0x4EA9B0, 0x3B55A7, 0x5E56A0, 0x48B690,  // 1961–1970
    0x357525, 0x5AB520, 0x42B250, 0x2D64B4, 0x52A4B0, 0x3D4AB8, 0x602AD0, 0x4A56D0, 0x36B696, 0x5CDA90,  // 1971–1980
    0x46D920, 0x31D254, 0x56D250, 0x41A4DA, 0x64A560, 0x4E2B60, 0x385B56, 0x5E6D50, 0x48EA90, 0x35E925,  // 1981–1990
    0x5AE920, 0x44D260, 0x2CA563, 0x50A570, 0x3D4D68, 0x6235A0, 0x4A6D50, 0x376C95, 0x5C7490, 0x466930,  // 1991–2000
    0x2F52B4, 0x5452B0, 0x3EA5B0, 0x2B55A2, 0x4E56A0, 0x39B557, 0x60BA40, 0x4AB490, 0x33A935, 0x58A950,  // 2001–2010
    0x4252D0, 0x2CAAD4, 0x50AB50, 0x3D5AA9, 0x625D20, 0x4CDA50, 0x37D4A6, 0x5CD4A0, 0x46C950, 0x3152E4,  // 2011–2020
    0x545560, 0x3EAB50, 0x2B5B22, 0x506D20, 0x38EA56, 0x5E7250, 0x4864B0, 0x32C975, 0x56CAB0, 0x4255A0,  // 2021–2030
    0x2CAD63, 0x52B690, 0x3D752B, 0x62B520, 0x4CB250, 0x37A4B6, 0x5AA4B0, 0x444AB0, 0x2E55B5, 0x545AD0,  // 2031–2040
    0x3EB6A0, 0x2BB522, 0x50D920, 0x3BD257, 0x5ED250, 0x48A550, 0x334AD5, 0x584B60, 0x405B50, 0x2CDAA3,  // 2041–2050
    0x52EC90, 0x3FE928, 0x62E920, 0x4CD260, 0x36A566, 0x5AA570, 0x444D60, 0x2E6D54, 0x547550, 0x407490,  // 2051–2060
    0x28E933, 0x4E6930, 0x3952B7, 0x5E52B0, 0x46A5B0, 0x3355A5, 0x5856A0, 0x42B650, 0x2D74A4, 0x52B4A0,  // 2061–2070
    0x3DA958, 0x62A950, 0x4A52D0, 0x34AAD6, 0x5AAB50, 0x465AA0, 0x2EBA54, 0x54DA50, 0x40D4A0, 0x2BC953,  // 2071–2080
    0x4EC960, 0x3994E7, 0x5E5560, 0x48AB50, 0x335B25, 0x586D20, 0x42EA50, 0x2EE4A4, 0x5068B0, 0x3AC978,  // 2081–2090
    0x604AB0, 0x4A55B0, 0x34AD66, 0x5AB6A0, 0x467520, 0x317254, 0x54B250, 0x3EA8B0, 0x2949B2, 0x4E4AB0,  // 2091–2100
  ]
}
