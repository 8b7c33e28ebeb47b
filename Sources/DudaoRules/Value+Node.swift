import DudaoDiagnostics
import DudaoExpr
import DudaoYAML

extension Value {
  /// A value from an untyped YAML/JSON node (YAML 1.2 core schema: plain
  /// scalars may be null, bool, int or double; quoted scalars are strings).
  /// Used for parameters and bindings; datasets use the dictionary's types.
  public init(untyped node: Node) {
    switch node.kind {
    case .scalar(let s):
      if node.isNull { self = .null }
      else if s.style != .plain || s.tag == "tag:yaml.org,2002:str" { self = .string(s.text) }
      else if let b = node.bool { self = .bool(b) }
      else if let i = node.int { self = .int(i) }
      else if let d = node.double { self = .double(d) }
      else { self = .string(s.text) }
    case .sequence(let items):
      self = .list(items.map(Value.init(untyped:)))
    case .mapping(let entries):
      self = .map(MapValue(entries.map { (key: Value.string($0.key.text ?? ""), value: Value(untyped: $0.value)) }))
    }
  }

  /// The CEL type of a parameter value, for the checker.
  var inferredType: CELType {
    switch self {
    case .null: .dyn
    case .bool: .bool
    case .int: .int
    case .uint: .uint
    case .double: .double
    case .string: .string
    case .date: .date
    case .time: .time
    case .type: .type
    case .list(let items):
      .list(items.first.map(\.inferredType) ?? .dyn)
    case .map: .map(.string, .dyn)
    }
  }
}
