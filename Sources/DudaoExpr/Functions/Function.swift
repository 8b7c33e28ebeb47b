/// One function of the language: how it may be called, its static typing
/// (for the checker) and its run-time body (dispatching on the values'
/// types, as arguments may be `dyn`).
struct Function: Sendable {
  enum Style: Sendable {
    /// `f(x)` only.
    case global
    /// `x.f(…)` only; the receiver is the first argument.
    case receiver
    /// Both `f(x)` and `x.f()`.
    case either
  }

  enum Body: Sendable {
    case unary(@Sendable (Value) throws(Fault) -> Value)
    case binary(@Sendable (Value, Value) throws(Fault) -> Value)
    case variadic(@Sendable ([Value]) throws(Fault) -> Value)
  }

  var name: String
  var style: Style
  /// Number of arguments, the receiver included.
  var arity: ClosedRange<Int>
  /// How to call it, for messages: `size(x) — x a string, list or map`.
  var usage: String
  /// The result type for these argument types (receiver first), or nil if
  /// no overload accepts them.
  var check: @Sendable ([CELType]) -> CELType?
  /// Walks its list arguments (cost grows with their length).
  var scansLists = false
  var body: Body
}

/// Every function, standard and domain, by name.
enum FunctionLibrary {
  static let functions: [String: Function] = {
    var table: [String: Function] = [:]
    for f in StandardFunctions.all + DomainFunctions.all { table[f.name] = f }
    return table
  }()

  /// Names callable as `x.f()`: the receiver macros and receiver functions,
  /// for suggestions.
  static let names: [String] = functions.keys.sorted() + ["all", "exists", "exists_one", "filter", "map", "count", "has"]
}

// MARK: Static typing helpers

extension CELType {
  /// The element type of a list (or `dyn`), nil for anything else.
  var elementType: CELType? {
    switch self {
    case .list(let e): e
    case .dyn: .dyn
    default: nil
    }
  }

  var isNumericOrDyn: Bool { isNumeric || self == .dyn }

  /// Types whose values `<` can order.
  var isOrderable: Bool {
    switch self {
    case .int, .uint, .double, .string, .enumeration, .bool, .date, .time, .dyn: true
    default: false
    }
  }
}
