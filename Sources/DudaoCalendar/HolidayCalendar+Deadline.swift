import DudaoDiagnostics

extension HolidayCalendar {
  /// The deadline for `term` on evaluation date `asOf`.
  ///
  /// - `immediately`: `asOf`.
  /// - `days(N)`: `asOf + N`, moved on while it is a rest day (weekend or
  ///   holiday; a make-up working day does not move). 民法典 第二百零一条: the
  ///   first day counted is the day after `asOf`; 第二百零三条: a period ending
  ///   on a rest day ends on the first working day after it.
  /// - `workdays(N)`: the N-th working day after `asOf`, make-up days included.
  /// - `by(D)`: D; overdue when D is before `asOf`.
  /// - `semesterEnd`: the last day of the semester containing `asOf`, or in a
  ///   vacation, of the next semester.
  ///
  /// N = 0 gives `asOf` itself for both counts (rule files cannot say 0: they
  /// write `immediately`); N above ``RectifyTerm/maximumCount`` is an error.
  /// The deadline is provisional when any day whose kind was looked up (the
  /// last day and the days it moved over for `days`, every day counted for
  /// `workdays`) lies in a year without an arrangement file.
  public func deadline(_ term: RectifyTerm, from asOf: Day) -> Result<Deadline, DeadlineError> {
    let counted: Result<(Day, [Int]), DeadlineError>
    var overdue = false
    switch term {
    case .immediately:
      counted = .success((asOf, []))
    case .by(let day):
      counted = .success((day, []))
      overdue = day < asOf
    case .semesterEnd:
      guard let school else { return .failure(.noSchoolCalendar) }
      guard let semester = school.semester(containingOrAfter: asOf) else { return .failure(.noSemester(after: asOf)) }
      counted = .success((semester.to, []))
    case .days(let n):
      counted = calendarDays(n, from: asOf)
    case .workdays(let n):
      counted = workingDays(n, from: asOf)
    }
    return counted.map { date, years in
      let basis = term.basis(due: date)
      return Deadline(
        date: date, provisional: !years.isEmpty, overdue: overdue, basis: basis.en, basisText: basis,
        provisionalYears: years)
    }
  }
}

extension RectifyTerm {
  /// How a deadline was reached, e.g. `within 30 days` / `30天内`, or
  /// `by semester_end (2026-01-16)` / `学期末（2026-01-16）前`.
  func basis(due: Day) -> LocalizedText {
    switch self {
    case .immediately: .init(zh: "立行立改", en: "immediately")
    case .days(let n): .init(zh: "\(n)天内", en: "within \(n) \(n == 1 ? "day" : "days")")
    case .workdays(let n): .init(zh: "\(n)个工作日内", en: "within \(n) \(n == 1 ? "workday" : "workdays")")
    case .by(let day): .init(zh: "\(day)前", en: "by \(day)")
    case .semesterEnd: .init(zh: "学期末（\(due)）前", en: "by semester_end (\(due))")
    }
  }
}

private extension HolidayCalendar {
  /// Longest run of rest days looked through before giving up. Real calendars
  /// rest at most nine days in a row; only a file declaring months of holidays
  /// reaches this.
  static let restDayScanLimit = 366

  /// `n` calendar days after `asOf`, moved on to a working day; with the
  /// provisional years looked at.
  func calendarDays(_ n: Int, from asOf: Day) -> Result<(Day, [Int]), DeadlineError> {
    guard (0...RectifyTerm.maximumCount).contains(n) else { return .failure(.countOutOfRange(n)) }
    guard n > 0 else { return .success((asOf, [])) }
    var cache: [Int: YearTable] = [:]
    var provisional: Set<Int> = []
    guard var day = asOf.adding(days: n) else { return .failure(.unsupportedYear(asOf.year + 1)) }
    for _ in 0...Self.restDayScanLimit {
      guard let status = status(of: day, cache: &cache) else { return .failure(.unsupportedYear(day.year)) }
      if status.provisional { provisional.insert(day.year) }
      if status.isWorkingDay { return .success((day, provisional.sorted())) }
      // 第二百零三条: a period cannot end on a rest day.
      guard let next = day.adding(days: 1) else { return .failure(.unsupportedYear(day.year + 1)) }
      day = next
    }
    return .failure(.noWorkingDay(after: asOf))
  }

  /// The `n`-th working day after `asOf`, with the provisional years looked at.
  func workingDays(_ n: Int, from asOf: Day) -> Result<(Day, [Int]), DeadlineError> {
    guard (0...RectifyTerm.maximumCount).contains(n) else { return .failure(.countOutOfRange(n)) }
    var cache: [Int: YearTable] = [:]
    var provisional: Set<Int> = []
    var day = asOf
    var counted = 0
    var restRun = 0
    while counted < n {
      guard let next = day.adding(days: 1) else { return .failure(.unsupportedYear(day.year + 1)) }
      day = next
      guard let status = status(of: day, cache: &cache) else { return .failure(.unsupportedYear(day.year)) }
      if status.provisional { provisional.insert(day.year) }
      if status.isWorkingDay {
        counted += 1
        restRun = 0
      } else {
        restRun += 1
        if restRun > Self.restDayScanLimit { return .failure(.noWorkingDay(after: asOf)) }
      }
    }
    return .success((day, provisional.sorted()))
  }
}
