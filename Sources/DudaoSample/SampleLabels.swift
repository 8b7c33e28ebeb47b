/// What a plan is shown with besides ids: school names (public) and, only
/// with `--show-names`, inspector names (personal data).
public struct SampleLabels: Sendable {
  public var schoolNames: [String: String]
  /// nil: names are not shown.
  public var inspectorNames: [String: String]?
  /// How many schools were left out as inspected recently (shown in the text).
  public var excluded: Int
  public init(schoolNames: [String: String] = [:], inspectorNames: [String: String]? = nil, excluded: Int = 0) {
    self.schoolNames = schoolNames
    self.inspectorNames = inspectorNames
    self.excluded = excluded
  }

  func inspector(_ id: String) -> String {
    guard let name = inspectorNames?[id], !name.isEmpty else { return id }
    return "\(id) \(name)"
  }
}
