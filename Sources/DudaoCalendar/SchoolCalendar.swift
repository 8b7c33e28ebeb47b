import DudaoDiagnostics

/// Semester dates (校历), a local decision of each district's education bureau:
/// what `by: semester_end` counts to.
public struct SchoolCalendar: Sendable, Hashable {
  /// One semester, first to last day inclusive.
  public struct Semester: Sendable, Hashable {
    /// e.g. 2025—2026学年第一学期.
    public var name: String
    public var from: Day
    public var to: Day
    public var location: SourceLocation?

    /// A semester from `from` to `to` inclusive.
    public init(name: String, from: Day, to: Day, location: SourceLocation? = nil) {
      self.name = name
      self.from = from
      self.to = to
      self.location = location
    }
  }

  /// Semesters in date order, not overlapping.
  public var semesters: [Semester]
  /// Who set these dates (a district's 校历 notice), or that they are an example.
  public var source: String
  /// True for the example calendar shipped with the standard pack, which a
  /// district must replace with its own dates.
  public var isExample: Bool
  public var location: SourceLocation?

  /// A school calendar; `semesters` are put in date order.
  public init(semesters: [Semester], source: String, isExample: Bool = false, location: SourceLocation? = nil) {
    self.semesters = semesters.sorted { $0.from < $1.from }
    self.source = source
    self.isExample = isExample
    self.location = location
  }

  /// The semester containing `day`, or when `day` falls between semesters
  /// (a vacation), the next one to start; nil after the last semester.
  public func semester(containingOrAfter day: Day) -> Semester? {
    semesters.first { day <= $0.to }
  }
}
