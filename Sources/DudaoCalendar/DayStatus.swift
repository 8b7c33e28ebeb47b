import DudaoDiagnostics

/// Whether one day is worked, and why.
public struct DayStatus: Sendable, Hashable {
  /// The kinds of day, by the order they are decided in: make-up day, holiday, weekday or weekend.
  public enum Kind: String, Sendable, Hashable {
    /// Monday to Friday, not a holiday.
    case workday
    /// Saturday or Sunday, neither holiday nor make-up day.
    case weekend
    /// A day off of a public holiday (weekend days inside the holiday included).
    case holiday
    /// A weekend day worked in exchange for a holiday (调休上班).
    case makeUpWorkday = "make_up_workday"
  }

  /// What the day is.
  public var kind: Kind
  /// The holiday's name for `.holiday`.
  public var holiday: String?
  /// True when the year has no arrangement file and the statutory fallback decided.
  public var provisional: Bool

  /// A day's status.
  public init(kind: Kind, holiday: String? = nil, provisional: Bool) {
    self.kind = kind
    self.holiday = holiday
    self.provisional = provisional
  }

  /// Working days are ordinary weekdays and make-up days.
  public var isWorkingDay: Bool { kind == .workday || kind == .makeUpWorkday }
}
