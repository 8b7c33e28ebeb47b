/// The variables of one evaluation: the subject's data (`school`, `class`,
/// …), `params`, `as_of`.
public struct Activation: Sendable {
  /// Values by variable name.
  public var variables: [String: Value]

  /// The variables by name, e.g. `["school": school, "as_of": .date(day)]`.
  public init(_ variables: [String: Value]) {
    self.variables = variables
  }
}
