import DudaoDiagnostics
import Testing

@testable import DudaoExpr

/// One expression and what `dudao eval` would print for it: the JSON of
/// the value, `error: <message>` or `unknown: <paths>`.
struct EvalCase: Sendable, CustomTestStringConvertible {
  var source: String
  var expected: String
  var testDescription: String { source }
}

/// Parses, compiles and evaluates `source` against `variables`; renders the
/// outcome as the CLI does.
func evalToJSON(_ source: String, _ variables: [String: Value] = [:]) -> String {
  let ast: AST
  do { ast = try Parser.parse(source) } catch { return "error: \(error.message.en)" }
  switch Program(ast).evaluate(Activation(variables)) {
  case .value(let v): return v.jsonText
  case .unknown(let paths): return "unknown: " + paths.joined(separator: ", ")
  case .error(let e): return "error: \(e.message.en)"
  }
}

/// A map with string keys from Swift literals.
func record(_ fields: KeyValuePairs<String, Value>) -> Value {
  .map(MapValue(fields: fields.map { ($0.key, $0.value) }))
}
