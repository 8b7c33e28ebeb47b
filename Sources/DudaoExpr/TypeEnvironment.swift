/// The variables an expression may read and their static types, e.g.
/// `school`, `params`, `as_of` (a `date` the engine binds).
public struct TypeEnvironment: Sendable {
  public var variables: [String: CELType]

  public init(variables: [String: CELType]) {
    self.variables = variables
  }
}
