import DudaoDiagnostics

/// One year's public holidays and make-up working days (调休上班), as a notice of
/// the General Office of the State Council (国务院办公厅关于YYYY年部分节假日安排的通知)
/// sets them, or as the statutory fallback computes them for a year without one.
///
/// A file describes the days of its own calendar year only: a day the notice
/// places in a neighbouring year belongs to that year's file.
public struct HolidayArrangement: Sendable, Hashable {
  /// The notice the arrangement comes from.
  public struct Notice: Sendable, Hashable {
    /// Full title, e.g. 国务院办公厅关于2026年部分节假日安排的通知.
    public var title: String
    /// Document number (文号), e.g. 国办发明电〔2024〕12号, when known.
    public var number: String?
    /// Publication date, when known.
    public var published: Day?
    /// Where the text can be read.
    public var url: String?

    /// A notice; only the title is required in code (files also require `published`).
    public init(title: String, number: String? = nil, published: Day? = nil, url: String? = nil) {
      self.title = title
      self.number = number
      self.published = published
      self.url = url
    }
  }

  /// A run of consecutive days off (放假), weekends inside it included.
  public struct Holiday: Sendable, Hashable {
    /// 元旦, 春节, 清明节, …
    public var name: String
    /// First and last day off, inclusive.
    public var from: Day
    public var to: Day
    /// Where the entry is written, for diagnostics.
    public var location: SourceLocation?

    /// Days off from `from` to `to` inclusive (`from` ≤ `to`; files are checked for it).
    public init(name: String, from: Day, to: Day, location: SourceLocation? = nil) {
      self.name = name
      self.from = from
      self.to = to
      self.location = location
    }

    /// Every day from `from` to `to`, in order.
    public var days: [Day] {
      guard from <= to else { return [] }
      return (0...from.days(to: to)).compactMap { from.adding(days: $0) }
    }
  }

  /// The Gregorian year described.
  public var year: Int
  public var notice: Notice
  public var holidays: [Holiday]
  /// Make-up working days: weekend days worked in exchange for a longer holiday.
  public var workdays: [Day]
  /// Where the data was taken from (the notice, a web page, a decision).
  public var source: String
  /// True when computed from 《全国年节及纪念日放假办法》 because the pack has no
  /// arrangement for the year: deadlines counting such days are provisional.
  public var isStatutoryFallback: Bool
  /// The file (its `year:` key) the arrangement was read from.
  public var location: SourceLocation?

  /// An arrangement built in code; ``HolidayCalendar/parse(arrangements:school:)`` builds and checks them from files.
  public init(
    year: Int, notice: Notice, holidays: [Holiday], workdays: [Day], source: String,
    isStatutoryFallback: Bool = false, location: SourceLocation? = nil
  ) {
    self.year = year
    self.notice = notice
    self.holidays = holidays
    self.workdays = workdays
    self.source = source
    self.isStatutoryFallback = isStatutoryFallback
    self.location = location
  }
}
