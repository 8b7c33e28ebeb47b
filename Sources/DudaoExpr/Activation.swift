/// The variables of one evaluation: the subject's data (`school`, `class`,
/// …), `params`, `as_of`.
///
/// Stored as a short list of (name, value) pairs: an evaluation binds a
/// handful of variables, and the engine builds one activation per subject
/// (millions per district), so no hashing.
public struct Activation: Sendable {
  private var pairs: [(name: String, value: Value)]
  /// Variables bound to a failure instead of a value (rare: a district
  /// rule's list formed from per-school parts, one of them unknown).
  private(set) var failures: [(name: String, result: EvalResult)] = []

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
    failures.removeAll { $0.name == name }
    if let i = pairs.firstIndex(where: { $0.name == name }) {
      pairs[i].value = value
    } else {
      pairs.append((name, value))
    }
  }

  /// Binds `name` to an evaluation result: its value, or a failure that
  /// reading the variable raises exactly as evaluating the expression it
  /// stands for would (`unknown` with its paths, unsorted as given, or the
  /// error), so that the absorption rules (`true || unknown`) apply to it.
  public mutating func bind(_ name: String, _ result: EvalResult) {
    if case .value(let v) = result { return bind(name, v) }
    pairs.removeAll { $0.name == name }
    failures.removeAll { $0.name == name }
    failures.append((name, result))
  }

  /// The failure `name` is bound to, if any.
  func failure(_ name: String) -> Interrupt? {
    for f in failures.reversed() where f.name == name {
      switch f.result {
      case .value: return nil
      case .unknown(let paths): return .unknown(paths)
      case .error(let e): return .error(e)
      }
    }
    return nil
  }
}
