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
  /// On-site observations that replaced reported values (`Engine.prepare`).
  public internal(set) var onSite: [OnSiteObservation] = []
  /// Problems found while preparing the school (observations that do not fit).
  var preparationWarnings: [Diagnostic] = []
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
