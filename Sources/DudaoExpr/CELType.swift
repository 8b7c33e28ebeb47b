/// A static type, as the checker infers it.
///
/// `dyn` is any type (checked at run time); `object` is a record with known
/// fields (school, class, staff member, params); `enumeration` is a string
/// restricted to the listed values.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
  case int, uint, double, bool, string, null, date, time, dyn, type
  case list(CELType)
  case map(CELType, CELType)
  /// A record with known fields (school, class, staff, params).
  case object(ObjectType)
  /// A string restricted to these values: it type-checks as `string`, and
  /// comparing it with a string literal not in the set is a checker error.
  case enumeration([String])

  /// The type as messages write it: `int`, `list(string)`, `school`.
  public var description: String {
    switch self {
    case .int: "int"
    case .uint: "uint"
    case .double: "double"
    case .bool: "bool"
    case .string: "string"
    case .null: "null"
    case .date: "date"
    case .time: "time"
    case .dyn: "dyn"
    case .type: "type"
    case .list(let e): "list(\(e))"
    case .map(let k, let v): "map(\(k), \(v))"
    case .object(let o): o.name
    case .enumeration: "string"
    }
  }
}

extension CELType {
  /// A value of type `self` may be passed where `target` is expected.
  /// `dyn` fits everything both ways; an enumeration is a string; an object
  /// is a `map(string, …)`.
  func isAssignable(to target: CELType) -> Bool {
    switch (self, target) {
    case (.dyn, _), (_, .dyn): true
    case (.enumeration, .string), (.string, .enumeration), (.enumeration, .enumeration): true
    case (.list(let a), .list(let b)): a.isAssignable(to: b)
    case (.map(let ka, let va), .map(let kb, let vb)): ka.isAssignable(to: kb) && va.isAssignable(to: vb)
    case (.object, .map(let k, _)): CELType.string.isAssignable(to: k)
    case (.object(let a), .object(let b)): a == b
    default: self == target
    }
  }

  var isNumeric: Bool { self == .int || self == .uint || self == .double }
  var isStringLike: Bool {
    if case .enumeration = self { return true }
    return self == .string
  }

  /// The enumeration's values, if it is one.
  var enumValues: [String]? {
    if case .enumeration(let v) = self { return v }
    return nil
  }

  /// The type both may have: the same type, string for enumerations mixed
  /// with strings, else `dyn`.
  static func common(_ a: CELType, _ b: CELType) -> CELType {
    if a == b { return a }
    if a.isStringLike && b.isStringLike { return .string }
    switch (a, b) {
    case (.list(let x), .list(let y)): return .list(common(x, y))
    case (.map(let k1, let v1), .map(let k2, let v2)): return .map(common(k1, k2), common(v1, v2))
    default: return .dyn
    }
  }
}
