import DudaoDiagnostics

/// A finding's rectification deadline (整改时限) and how it was reached.
public struct Deadline: Sendable, Hashable {
  /// The last day to rectify, inclusive.
  public var date: Day
  /// Some day counted falls in a year without an arrangement file, so the
  /// statutory fallback decided it: the date may move once the year's notice is added.
  public var provisional: Bool
  /// A `by:` date already past on the evaluation date.
  public var overdue: Bool
  /// The term as stated, in English: `within 30 days`, `within 10 workdays`,
  /// `immediately`, `by 2023-12-31`, `by semester_end (2026-01-16)`.
  public var basis: String
  /// The same in both languages for reports: 30天内, 10个工作日内, 立行立改, 2023-12-31前, 学期末（2026-01-16）前.
  public var basisText: LocalizedText
  /// The years that fell back to the statutory rule, ascending.
  public var provisionalYears: [Int]

  /// A deadline; ``HolidayCalendar/deadline(_:from:)`` computes them.
  public init(
    date: Day, provisional: Bool = false, overdue: Bool = false, basis: String,
    basisText: LocalizedText, provisionalYears: [Int] = []
  ) {
    self.date = date
    self.provisional = provisional
    self.overdue = overdue
    self.basis = basis
    self.basisText = basisText
    self.provisionalYears = provisionalYears
  }

  /// One `calendar.provisional` warning per provisional year.
  public var warnings: [Diagnostic] {
    provisionalYears.map { Diagnostic.provisionalCalendar(year: $0) }
  }
}

/// Why a deadline could not be computed.
public enum DeadlineError: Error, Sendable, Hashable {
  /// N is negative or above ``RectifyTerm/maximumCount``.
  case countOutOfRange(Int)
  /// `semester_end` with no school calendar in the pack.
  case noSchoolCalendar
  /// `semester_end` on a date after the last semester of the school calendar.
  case noSemester(after: Day)
  /// A day to count lies in a year with no arrangement file that the statutory
  /// fallback cannot compute either (before 2008 or after 2100).
  case unsupportedYear(Int)
  /// No working day within the scanned span: the arrangement files make
  /// (nearly) every day a holiday.
  case noWorkingDay(after: Day)

  /// Stable code: `deadline.count-out-of-range`, `deadline.no-school-calendar`,
  /// `deadline.no-semester`, `deadline.unsupported-year`, `deadline.no-working-day`.
  public var code: String {
    switch self {
    case .countOutOfRange: "deadline.count-out-of-range"
    case .noSchoolCalendar: "deadline.no-school-calendar"
    case .noSemester: "deadline.no-semester"
    case .unsupportedYear: "deadline.unsupported-year"
    case .noWorkingDay: "deadline.no-working-day"
    }
  }

  /// What went wrong and what to do, in Chinese and English.
  public var message: LocalizedText {
    switch self {
    case .countOutOfRange(let n):
      .init(
        zh: "整改期限 \(n) 超出范围：天数或工作日数应为 0 至 \(RectifyTerm.maximumCount)",
        en: "rectification period \(n) out of range: days or workdays must be 0 to \(RectifyTerm.maximumCount)")
    case .noSchoolCalendar:
      .init(
        zh: "整改时限为学期末，但规则包没有校历（calendar/school.yaml）",
        en: "the deadline is semester_end but the pack has no school calendar (calendar/school.yaml)")
    case .noSemester(let day):
      .init(
        zh: "整改时限为学期末，但校历中没有包含 \(day) 或在其后的学期；请在 calendar/school.yaml 中补充学期",
        en: "the deadline is semester_end but no semester of the school calendar contains or follows \(day); add it to calendar/school.yaml")
    case .unsupportedYear(let year):
      .init(
        zh: "无法确定 \(year) 年的工作日：规则包没有 calendar/\(year).yaml，法定节假日推算只适用于 \(StatutoryHolidays.years.lowerBound)—\(StatutoryHolidays.years.upperBound) 年",
        en: "cannot tell the working days of \(year): the pack has no calendar/\(year).yaml and the statutory fallback covers \(StatutoryHolidays.years.lowerBound)–\(StatutoryHolidays.years.upperBound) only")
    case .noWorkingDay(let day):
      .init(
        zh: "\(day) 之后很长一段时间内没有工作日，请检查节假日安排文件",
        en: "no working day for a long time after \(day); check the holiday arrangement files")
    }
  }

  /// The error as a diagnostic, e.g. at the rule's `rectify` key.
  public func diagnostic(at location: SourceLocation?) -> Diagnostic {
    Diagnostic(code: code, location: location, message: message)
  }
}
