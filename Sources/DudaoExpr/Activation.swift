/// The variables of one evaluation: the subject's data (`school`, `class`,
/// …), `params`, `as_of`.
///
/// Stored as a short list of (name, value) pairs: an evaluation binds a
/// handful of variables, and the engine builds one activation per subject
/// (millions per district), so no hashing.
public struct Activation: Sendable {
  private var pairs: [(name: String, value: Value)]

  /// Values by variable name.
  public var variables: [String: Value] {
    get { Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) }
    set { pairs = newValue.map { ($0.key, $0.value) } }
  }

  /// The variables by name, e.g. `["school": school, "as_of": .date(day)]`.
  public init(_ variables: [String: Value]) {
    pairs = variables.map { ($0.key, $0.value) }
  }

  /// The variables in this order (a later duplicate name wins).
  public init(pairs: [(name: String, value: Value)]) {
    self.pairs = pairs
  }

  /// The value of a variable, if bound.
  public subscript(name: String) -> Value? {
    for p in pairs.reversed() where p.name == name { return p.value }
    return nil
  }

  /// Binds `name` (replacing an earlier binding).
  public mutating func bind(_ name: String, _ value: Value) {
    if let i = pairs.firstIndex(where: { $0.name == name }) {
      pairs[i].value = value
    } else {
      pairs.append((name, value))
    }
  }
}
