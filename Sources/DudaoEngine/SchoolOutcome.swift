import DudaoCalendar
import DudaoDiagnostics

/// What evaluating one school gives: the findings kept (in report order),
/// how many findings of each status there were in all, and the warnings.
public struct SchoolOutcome: Sendable {
  public var findings: [Finding]
  /// Counts of every status, kept or not, indexed by `Status.countIndex`.
  public var counts: [Int]
  public var warnings: [Diagnostic]
  /// Years whose deadlines used the provisional calendar.
  public var provisional: Set<Int>

  public func count(_ status: Status) -> Int { counts[status.countIndex] }
}

extension Status {
  /// Position of the status in `Status.allCases` (and in count arrays).
  public var countIndex: Int {
    switch self {
    case .fail: 0
    case .error: 1
    case .unknown: 2
    case .waived: 3
    case .pass: 4
    case .notApplicable: 5
    }
  }
}

/// Where evaluation puts its results; `keep` nil keeps every finding.
struct Sink {
  let keep: Set<Status>?
  /// `keep` as bits by `countIndex` (asked once per finding: no hashing).
  private let keepBits: UInt32
  var findings: [Finding] = []
  var counts = [Int](repeating: 0, count: Status.allCases.count)
  var warnings: [Diagnostic] = []
  var provisional: Set<Int> = []

  init(keep: Set<Status>?) {
    self.keep = keep
    keepBits = keep.map { $0.reduce(0) { $0 | 1 << UInt32($1.countIndex) } } ?? ~0
  }

  /// Deadlines by term: every finding of a rule on one date has the same one.
  var deadlines: [RectifyTerm: Result<Deadline, DeadlineError>] = [:]

  func keeps(_ s: Status) -> Bool { keepBits & 1 << UInt32(s.countIndex) != 0 }

  /// What the sink holds now, to undo a rule's partial results.
  struct Mark {
    var findings: Int
    var counts: [Int]
    var warnings: Int
    var provisional: Set<Int>
  }

  func mark() -> Mark { Mark(findings: findings.count, counts: counts, warnings: warnings.count, provisional: provisional) }

  mutating func rollBack(to m: Mark) {
    findings.removeSubrange(m.findings...)
    counts = m.counts
    warnings.removeSubrange(m.warnings...)
    provisional = m.provisional
  }

  /// The deadline of a failure of `rule` (nil without one), noting its
  /// provisional years, or warning `deadline.unavailable` at the rule.
  mutating func deadline(of rule: CompiledRule, from asOf: Day, _ calendar: HolidayCalendar) -> Deadline? {
    guard let term = rule.rectify?.term else { return nil }
    switch deadline(term, from: asOf, calendar) {
    case .success(let d):
      provisional.formUnion(d.provisionalYears)
      return d
    case .failure(let e):
      warnings.append(Diagnostic(code: "deadline.unavailable", severity: .warning, location: rule.rule.location, message: e.message))
      return nil
    }
  }

  mutating func deadline(_ term: RectifyTerm, from asOf: Day, _ calendar: HolidayCalendar) -> Result<Deadline, DeadlineError> {
    if let d = deadlines[term] { return d }
    let d = calendar.deadline(term, from: asOf)
    deadlines[term] = d
    return d
  }
}

/// Deadlines by rectification term for one evaluation date.
public struct DeadlineTable: Sendable {
  var terms: [RectifyTerm: Result<Deadline, DeadlineError>] = [:]
}
