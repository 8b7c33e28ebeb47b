import DudaoDiagnostics

/// A runtime value of the expression language.
///
/// `==` here is structural (Swift's, for tables and tests); the language's
/// own equality (`1 == 1.0` is true) is `Value.celEquals`. Dates are
/// `Day`s; `type` values carry the type's name (`"int"`, `"list"`, …).
public enum Value: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  case uint(UInt64)
  case double(Double)
  case string(String)
  case list([Value])
  case map(MapValue)
  case date(Day)
  case time(TimeOfDay)
  case type(String)

  /// The name of the value's runtime type, as `type(x)` returns it.
  public var typeName: String {
    switch self {
    case .null: "null_type"
    case .bool: "bool"
    case .int: "int"
    case .uint: "uint"
    case .double: "double"
    case .string: "string"
    case .list: "list"
    case .map: "map"
    case .date: "date"
    case .time: "time"
    case .type: "type"
    }
  }

  /// The names that denote type values in expressions (`type(1) == int`).
  static let typeNames: Set<String> = [
    "null_type", "bool", "int", "uint", "double", "string", "list", "map", "date", "time", "type",
  ]
}
