import DudaoDiagnostics
import DudaoExpr

/// The facts about one school, typed by the data dictionary.
public struct SchoolRecord: Sendable {
  public var id: String
  public var name: String
  public var district: String?
  /// The `school` binding rules see (nulls removed, so absent means unknown).
  public var value: Value
  public var location: SourceLocation
}

/// All schools of a check, in input order.
public struct Dataset: Sendable {
  public var schools: [SchoolRecord]
  /// Problems that do not stop the check (fields the dictionary does not know).
  public var warnings: [Diagnostic]

  public init(schools: [SchoolRecord], warnings: [Diagnostic] = []) {
    self.schools = schools
    self.warnings = warnings
  }
}
