import DudaoCalendar
import DudaoDiagnostics
import DudaoRules

/// The outcome of one evaluation: findings sorted in report order.
public struct Run: Sendable {
  public var pack: RulePack
  public var asOf: Day
  public var findings: [Finding]
  /// Provisional calendars, unknown data fields, deadlines that could not be computed.
  public var warnings: [Diagnostic]

  public func count(_ status: Status) -> Int { findings.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }

  /// DESIGN: 0 no failing finding; 1 at least one `fail` (and, under
  /// `--strict`, `unknown` or `error`).
  public func exitStatus(strict: Bool) -> Int32 {
    for f in findings {
      if f.status == .fail { return 1 }
      if strict && (f.status == .unknown || f.status == .error) { return 1 }
    }
    return 0
  }
}
