/// The variables of one evaluation: the subject's data (`school`, `class`,
/// …), `params`, `as_of`.
public struct Activation: Sendable {
  public var variables: [String: Value]

  public init(_ variables: [String: Value]) {
    self.variables = variables
  }
}
