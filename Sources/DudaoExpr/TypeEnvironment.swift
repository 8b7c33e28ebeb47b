/// The variables an expression may read and their static types, e.g.
/// `school`, `params`, `as_of` (a `date` the engine binds).
public struct TypeEnvironment: Sendable {
  /// Static types by variable name.
  public var variables: [String: CELType]

  /// The environment of these variables.
  public init(variables: [String: CELType]) {
    self.variables = variables
  }
}
