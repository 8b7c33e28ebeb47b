import Testing

@testable import DudaoExpr

@Test(arguments: [
  EvalCase(source: "1 + 2", expected: "3"),
  EvalCase(source: "4.0 / 2.0", expected: "2.0"),
  EvalCase(source: "1.0 / 0.0", expected: "Infinity"),
  EvalCase(source: "7 / 0", expected: "error: division by zero"),
  EvalCase(source: "9223372036854775807 + 1", expected: "error: integer overflow"),
  EvalCase(source: "false && 1 / 0 > 0", expected: "false"),
])
func smoke(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}
