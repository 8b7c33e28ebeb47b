import DudaoDiagnostics

/// One inspector (督学) who may be sent to schools, and the schools they
/// must not visit (former workplace, relatives).
///
/// `name` is personal data: plans show it only when asked (`--show-names`).
public struct Inspector: Sendable, Hashable {
  /// A school the inspector must not visit, and where the file says so.
  public struct Conflict: Sendable, Hashable {
    public var school: String
    public var location: SourceLocation
    public init(school: String, location: SourceLocation) {
      self.school = school
      self.location = location
    }
  }

  public var id: String
  public var name: String?
  public var conflicts: [Conflict]
  public var location: SourceLocation

  public init(id: String, name: String? = nil, conflicts: [Conflict] = [], location: SourceLocation) {
    self.id = id
    self.name = name
    self.conflicts = conflicts
    self.location = location
  }
}
