import Testing

@testable import DudaoExpr

/// Comprehension macros (cel-spec "Macros").
@Test(arguments: [
  EvalCase(source: "[1, 2, 3].all(x, x > 0)", expected: "true"),
  EvalCase(source: "[1, 2, 0].all(x, x > 0)", expected: "false"),
  EvalCase(source: "[].all(x, x > 0)", expected: "true"),
  EvalCase(source: "['apple', 'banana'].all(f, f.size() > 3)", expected: "true"),
  EvalCase(source: "{'a': 1, 'b': 2}.all(k, k != 'b')", expected: "false"),
  EvalCase(source: "[1, 2, 3].exists(i, i % 2 != 0)", expected: "true"),
  EvalCase(source: "[].exists(i, i > 0)", expected: "false"),
  EvalCase(source: "{'x': 'foo', 'y': 'bar'}.exists(k, k.startsWith('z'))", expected: "false"),
  EvalCase(source: "[1, 2, 2].exists_one(i, i < 2)", expected: "true"),
  EvalCase(source: "[1, 2, 3, 4].exists_one(n, n % 2 == 0)", expected: "false"),
  EvalCase(source: "{'a': 'hello', 'aa': 'hellohello'}.exists_one(k, k.startsWith('a'))", expected: "false"),
  EvalCase(source: "[1, 2, 3].filter(x, x > 1)", expected: "[2,3]"),
  EvalCase(source: "['cat', 'dog', 'bird'].filter(p, p.size() == 3)", expected: #"["cat","dog"]"#),
  EvalCase(source: "{'one': 1, 'two': 2}.filter(k, k == 'one')", expected: #"["one"]"#),
  EvalCase(source: "[{'a': 10, 'b': 5, 'c': 20}].map(m, m.filter(key, m[key] > 10))", expected: #"[["c"]]"#),
  EvalCase(source: "[1, 2, 3].map(x, x * 2)", expected: "[2,4,6]"),
  EvalCase(source: "[1, 2, 3, 4].map(n, n % 2 == 0, n * 2)", expected: "[4,8]"),
  EvalCase(source: "{'one': 1, 'two': 2}.map(k, k)", expected: #"["one","two"]"#),
  EvalCase(source: "[1, 2, 3].count(x, x >= 2)", expected: "2"),
  EvalCase(source: "{'a': 1, 'b': 2}.count(k, k == 'a')", expected: "1"),
  // all/exists absorb errors like &&/||.
  EvalCase(source: "[0, 1].all(x, 1 / x > 0)", expected: "error: division by zero"),
  EvalCase(source: "[0, -1].all(x, 1 / x > 0)", expected: "false"),
  EvalCase(source: "[-1, 0].all(x, 1 / x > 0)", expected: "false"),
  EvalCase(source: "[0, 1].exists(x, 1 / x > 0)", expected: "true"),
  EvalCase(source: "[0, -1].exists(x, 1 / x > 0)", expected: "error: division by zero"),
  // The others are strict.
  EvalCase(source: "[0, 1].exists_one(x, 1 / x > 0)", expected: "error: division by zero"),
  EvalCase(source: "[0, 1].filter(x, 1 / x > 0)", expected: "error: division by zero"),
  EvalCase(source: "[0, 1].map(x, 1 / x)", expected: "error: division by zero"),
  EvalCase(source: "[0, 1].count(x, 1 / x > 0)", expected: "error: division by zero"),
  EvalCase(source: "[1, 2].all(x, x)", expected: "error: the condition of all() must be bool, not int"),
  EvalCase(source: "1.all(x, true)", expected: "error: all() needs a list or a map, not int"),
  // Scopes: the macro variable shadows, and nests.
  EvalCase(source: "[1, 2].map(x, [10, 20].map(x, x + 1))", expected: "[[11,21],[11,21]]"),
  EvalCase(source: "[1, 2].map(x, [10, 20].map(y, x + y))", expected: "[[11,21],[12,22]]"),
  EvalCase(source: "[[1, 2], [3]].map(l, l.all(x, x < 3))", expected: "[true,false]"),
  EvalCase(source: "[1, 2, 3].map(x, x * 2).filter(x, x > 2)", expected: "[4,6]"),
  EvalCase(source: "[1, 2].exists(x, x == 2) && [1].all(x, x == 1)", expected: "true"),
  EvalCase(source: "x", expected: "error: undeclared reference to 'x'"),
])
func macros(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

@Test func rootedNamesSkipMacroVariables() {
  #expect(evalToJSON("[1].exists(x, .x == 5)", ["x": .int(5)]) == "true")
  #expect(evalToJSON("[1].exists(x, x == 5)", ["x": .int(5)]) == "false")
}
