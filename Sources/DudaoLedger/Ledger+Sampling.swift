import DudaoDiagnostics
import GRDB

/// What `dudao sample` asks the ledger (docs/sampling.md).
extension Ledger {
  /// Schools covered by an inspection dated on or after `since`.
  ///
  /// An inspection covers a school when the ledger holds an event of that
  /// inspection for one of the school's findings (recorded, seen again,
  /// reopened, passing). A school whose every finding passed and had never
  /// failed leaves no trace, so it is not covered.
  public func schoolsInspected(since: Day) throws(Diagnostic) -> Set<String> {
    try read { db in
      try Set(
        String.fetchAll(
          db,
          sql: """
            SELECT DISTINCT f.school_id FROM events e
            JOIN inspections i ON i.id = e.inspection
            JOIN findings f ON f.key = e.key
            WHERE i.as_of >= ?
            """,
          arguments: [since.description]))
    }
  }

  /// Schools with at least one finding overdue on `asOf` (as `ledger overdue` lists them).
  public func schoolsWithOverdueFindings(asOf: Day) throws(Diagnostic) -> Set<String> {
    try Set(overdue(asOf: asOf).map(\.schoolID))
  }
}
