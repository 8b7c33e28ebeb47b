import DudaoDiagnostics
import GRDB

/// What `dudao sample` asks the ledger (docs/sampling.md).
extension Ledger {
  /// Schools covered by an inspection dated on or after `since`: every
  /// school of the recorded report, passing or failing (table
  /// `inspection_schools`; for inspections recorded before that table
  /// existed, the schools with findings in them).
  public func schoolsInspected(since: Day) throws(Diagnostic) -> Set<String> {
    try read { db in
      try Set(
        String.fetchAll(
          db,
          sql: """
            SELECT DISTINCT s.school_id FROM inspection_schools s
            JOIN inspections i ON i.id = s.inspection
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
