import DudaoDiagnostics

/// The working-day calendar deadlines are counted on: the yearly holiday
/// arrangements of a rule pack (`calendar/YYYY.yaml`), the statutory fallback
/// for years without one, and the school calendar (`calendar/school.yaml`).
///
/// A day is a working day when it is a make-up working day (调休上班); else not
/// when it is a holiday; else when it is Monday to Friday. A year without an
/// arrangement falls back to weekends plus the holidays of
/// 《全国年节及纪念日放假办法》, and everything decided that way is marked
/// provisional.
///
/// ```swift
/// let calendar = try HolidayCalendar.load(directory: "rules/calendar")
/// let due = try calendar.deadline(.workdays(10), from: Day(iso: "2026-09-28")!).get()
/// // due.date == 2026-10-16 (10-10 is a make-up Saturday), due.basis == "within 10 workdays"
/// ```
public struct HolidayCalendar: Sendable, Hashable {
  /// The arrangements read from files, by year.
  public private(set) var arrangements: [Int: HolidayArrangement]
  /// The school calendar, if the pack has one.
  public private(set) var school: SchoolCalendar?
  /// Warnings found while reading the files (errors are thrown instead).
  public internal(set) var warnings: [Diagnostic]
  private var tables: [Int: YearTable]

  /// A calendar without arrangement files: every year falls back to the statutory holidays.
  public init() {
    self.init(checked: [:], school: nil, warnings: [])
  }

  /// A calendar from arrangements built in code. Throws `calendar.duplicate-year`
  /// when two arrangements describe the same year.
  public init(arrangements: [HolidayArrangement], school: SchoolCalendar? = nil) throws(DiagnosticList) {
    var byYear: [Int: HolidayArrangement] = [:]
    var errors: [Diagnostic] = []
    for arrangement in arrangements {
      if let first = byYear[arrangement.year] {
        errors.append(.calendarDuplicateYear(arrangement.year, at: arrangement.location, first: first.location))
      } else {
        byYear[arrangement.year] = arrangement
      }
    }
    guard errors.isEmpty else { throw DiagnosticList(errors) }
    self.init(checked: byYear, school: school, warnings: [])
  }

  init(checked arrangements: [Int: HolidayArrangement], school: SchoolCalendar?, warnings: [Diagnostic]) {
    self.arrangements = arrangements
    self.school = school
    self.warnings = warnings
    self.tables = arrangements.mapValues(YearTable.init)
  }

  /// Years with an arrangement file, ascending.
  public var years: [Int] { arrangements.keys.sorted() }

  /// The arrangement for `year`: the pack's, else the statutory fallback
  /// (`isStatutoryFallback`), else nil for a year the fallback cannot compute
  /// (before 2008, after 2100).
  public func arrangement(for year: Int) -> HolidayArrangement? {
    arrangements[year] ?? StatutoryHolidays.arrangement(for: year)
  }

  /// What kind of day `day` is; nil when its year has no arrangement and the
  /// fallback cannot compute it.
  public func status(of day: Day) -> DayStatus? {
    var cache: [Int: YearTable] = [:]
    return status(of: day, cache: &cache)
  }

  /// Whether `day` is worked. For a year neither the pack nor the statutory
  /// fallback covers, only weekends rest (use ``status(of:)`` to tell).
  public func isWorkingDay(_ day: Day) -> Bool {
    status(of: day)?.isWorkingDay ?? !day.isWeekend
  }

  /// This calendar laid over `base`, as an overlay pack over the pack it
  /// extends: this calendar's years replace the base's same years, the other
  /// base years stay, and this school calendar replaces the base's when present.
  public func inheriting(from base: HolidayCalendar) -> HolidayCalendar {
    HolidayCalendar(
      checked: base.arrangements.merging(arrangements) { _, own in own },
      school: school ?? base.school,
      warnings: base.warnings + warnings)
  }

  /// Status with a per-call cache of fallback years, so counting thousands of
  /// days computes each statutory year once.
  func status(of day: Day, cache: inout [Int: YearTable]) -> DayStatus? {
    let table: YearTable
    if let own = tables[day.year] {
      table = own
    } else if let cached = cache[day.year] {
      table = cached
    } else if let fallback = StatutoryHolidays.arrangement(for: day.year) {
      table = YearTable(fallback)
      cache[day.year] = table
    } else {
      return nil
    }
    return table.status(of: day)
  }
}

/// One year's arrangement as lookups by day ordinal.
struct YearTable: Sendable, Hashable {
  var holidays: [Int: String] = [:]
  var workdays: Set<Int> = []
  var provisional: Bool

  init(_ arrangement: HolidayArrangement) {
    provisional = arrangement.isStatutoryFallback
    for holiday in arrangement.holidays {
      for day in holiday.days {
        // Two statutory holidays can share a day (中秋 on 1 October): keep both names.
        holidays[day.ordinal] = holidays[day.ordinal].map { "\($0)、\(holiday.name)" } ?? holiday.name
      }
    }
    workdays = Set(arrangement.workdays.map(\.ordinal))
  }

  func status(of day: Day) -> DayStatus {
    if workdays.contains(day.ordinal) { return DayStatus(kind: .makeUpWorkday, provisional: provisional) }
    if let name = holidays[day.ordinal] { return DayStatus(kind: .holiday, holiday: name, provisional: provisional) }
    return DayStatus(kind: day.isWeekend ? .weekend : .workday, provisional: provisional)
  }
}
