import Testing

@testable import DudaoExpr

/// Arithmetic (cel-spec "Arithmetic Operators", "Overflow").
@Test(arguments: [
  EvalCase(source: "2 + 3 * 4", expected: "14"),
  EvalCase(source: "(2 + 3) * 4", expected: "20"),
  EvalCase(source: "10 - 4 - 3", expected: "3"),
  EvalCase(source: "7 / 2", expected: "3"),
  EvalCase(source: "-7 / 2", expected: "-3"),
  EvalCase(source: "7 % 3", expected: "1"),
  EvalCase(source: "-7 % 3", expected: "-1"),
  EvalCase(source: "7.0 / 2.0", expected: "3.5"),
  EvalCase(source: "0.1 + 0.2", expected: "0.30000000000000004"),
  EvalCase(source: "6u % 4u", expected: "2"),
  EvalCase(source: "13u * 3u", expected: "39"),
  EvalCase(source: "-(5)", expected: "-5"),
  EvalCase(source: "-(3.14)", expected: "-3.14"),
  EvalCase(source: "'ab' + 'cd'", expected: #""abcd""#),
  EvalCase(source: "[1] + [2, 3]", expected: "[1,2,3]"),
  EvalCase(source: "[1] + ['a']", expected: #"[1,"a"]"#),
  // Errors.
  EvalCase(source: "7 / 0", expected: "error: division by zero"),
  EvalCase(source: "7 % 0", expected: "error: modulus by zero"),
  EvalCase(source: "7u / 0u", expected: "error: division by zero"),
  EvalCase(source: "7u % 0u", expected: "error: modulus by zero"),
  EvalCase(source: "9223372036854775807 + 1", expected: "error: integer overflow"),
  EvalCase(source: "-9223372036854775808 - 1", expected: "error: integer overflow"),
  EvalCase(source: "9223372036854775807 * 2", expected: "error: integer overflow"),
  EvalCase(source: "-9223372036854775808 / -1", expected: "error: integer overflow"),
  EvalCase(source: "-9223372036854775808 % -1", expected: "error: integer overflow"),
  EvalCase(source: "-(-9223372036854775808)", expected: "error: integer overflow"),
  EvalCase(source: "0u - 1u", expected: "error: integer overflow"),
  EvalCase(source: "18446744073709551615u + 1u", expected: "error: integer overflow"),
  EvalCase(source: "18446744073709551615u * 2u", expected: "error: integer overflow"),
  // Doubles follow IEEE 754.
  EvalCase(source: "1.0 / 0.0", expected: "Infinity"),
  EvalCase(source: "-1.0 / 0.0", expected: "-Infinity"),
  EvalCase(source: "0.0 / 0.0", expected: "NaN"),
  EvalCase(source: "1e308 * 10.0", expected: "Infinity"),
  // No implicit conversions between numeric types.
  EvalCase(source: "1 + 1u", expected: "error: no operator '+' for int and uint; convert first with double(…) or int(…)"),
  EvalCase(source: "1 + 1.0", expected: "error: no operator '+' for int and double; convert first with double(…) or int(…)"),
  EvalCase(source: "'a' + 1", expected: "error: no operator '+' for string and int"),
  EvalCase(source: "1.5 % 1.0", expected: "error: no operator '%' for double and double"),
  EvalCase(source: "-'a'", expected: "error: no operator '-' for string"),
  EvalCase(source: "-1u", expected: "error: no operator '-' for uint"),
  EvalCase(source: "!1", expected: "error: no operator '!' for int"),
])
func arithmetic(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// Equality and ordering (cel-spec "Equality", "Ordering").
@Test(arguments: [
  EvalCase(source: "1 == 1.0", expected: "true"),
  EvalCase(source: "1u == 1", expected: "true"),
  EvalCase(source: "1 == 1.5", expected: "false"),
  EvalCase(source: "1 == 'a'", expected: "false"),
  EvalCase(source: "1 != 'a'", expected: "true"),
  EvalCase(source: "null == null", expected: "true"),
  EvalCase(source: "null == 0", expected: "false"),
  EvalCase(source: "[1, 2] == [1.0, 2u]", expected: "true"),
  EvalCase(source: "[1, 2] == [1, 2, 3]", expected: "false"),
  EvalCase(source: "[[1], ['a']] == [[1], ['a']]", expected: "true"),
  EvalCase(source: "{'a': 1, 'b': 2} == {'b': 2, 'a': 1.0}", expected: "true"),
  EvalCase(source: "{'a': 1} == {'a': 2}", expected: "false"),
  EvalCase(source: "{'a': 1} == {'b': 1}", expected: "false"),
  EvalCase(source: "{1: 'x'} == {1u: 'x'}", expected: "true"),
  EvalCase(source: "0.0 / 0.0 == 0.0 / 0.0", expected: "false"),
  EvalCase(source: "0.0 / 0.0 != 0.0 / 0.0", expected: "true"),
  EvalCase(source: "'abc' == 'abc'", expected: "true"),
  // Composed and precomposed é are different code points.
  EvalCase(source: #"'\u00e9' == 'e\u0301'"#, expected: "false"),
  EvalCase(source: "type(1) == int", expected: "true"),
  EvalCase(source: "type(1) == string", expected: "false"),
  EvalCase(source: "type(type(1)) == type(string)", expected: "true"),
  EvalCase(source: "1 < 1.5", expected: "true"),
  EvalCase(source: "2u > -1", expected: "true"),
  EvalCase(source: "-1 < 1u", expected: "true"),
  EvalCase(source: "1 >= 18446744073709551615u", expected: "false"),
  EvalCase(source: "9007199254740993 > 9007199254740992.0", expected: "true"),
  EvalCase(source: "9223372036854775807 < 9223372036854775808.0", expected: "true"),
  EvalCase(source: "18446744073709551615u < 1e30", expected: "true"),
  EvalCase(source: "2.5 <= 2", expected: "false"),
  EvalCase(source: "3 >= 3.0", expected: "true"),
  EvalCase(source: "'a' < 'b'", expected: "true"),
  EvalCase(source: "'B' < 'a'", expected: "true"),
  EvalCase(source: "'ab' < 'abc'", expected: "true"),
  EvalCase(source: "'中' > 'z'", expected: "true"),
  EvalCase(source: #"'\uffff' < '\U0001F600'"#, expected: "true"),
  EvalCase(source: "false < true", expected: "true"),
  EvalCase(source: "0.0 / 0.0 < 1.0", expected: "false"),
  EvalCase(source: "0.0 / 0.0 >= 1.0", expected: "false"),
  EvalCase(source: "1 < 'a'", expected: "error: no operator '<' for int and string"),
  EvalCase(source: "[1] < [2]", expected: "error: no operator '<' for list and list"),
  EvalCase(source: "null < 1", expected: "error: no operator '<' for null_type and int"),
])
func comparisons(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// `&&`, `||`, `!`, `?:` with error and unknown absorption (cel-spec
/// "Logical Operators").
@Test(arguments: [
  EvalCase(source: "false && 1 / 0 > 0", expected: "false"),
  EvalCase(source: "1 / 0 > 0 && false", expected: "false"),
  EvalCase(source: "true || 1 / 0 > 0", expected: "true"),
  EvalCase(source: "1 / 0 > 0 || true", expected: "true"),
  EvalCase(source: "true && 1 / 0 > 0", expected: "error: division by zero"),
  EvalCase(source: "1 / 0 > 0 || false", expected: "error: division by zero"),
  EvalCase(source: "1 / 0 > 0 && 2 % 0 > 0", expected: "error: division by zero"),
  EvalCase(source: "true && 1", expected: "error: an operand of && or || must be bool, not int"),
  EvalCase(source: "false && 1", expected: "false"),
  EvalCase(source: "1 || true", expected: "true"),
  EvalCase(source: "!true", expected: "false"),
  EvalCase(source: "!!true", expected: "true"),
  EvalCase(source: "!(1 / 0 > 0)", expected: "error: division by zero"),
  EvalCase(source: "true ? 1 : 2", expected: "1"),
  EvalCase(source: "false ? 'a' : 'b'", expected: #""b""#),
  EvalCase(source: "true ? 1 / 0 : 2", expected: "error: division by zero"),
  EvalCase(source: "false ? 1 / 0 : 2", expected: "2"),
  EvalCase(source: "('hello'.size() > 10) ? 1 / 0 : 42", expected: "42"),
  EvalCase(source: "1 ? 2 : 3", expected: "error: the condition must be bool, not int"),
  EvalCase(source: "true ? (false ? 1 : 2) : 3", expected: "2"),
  // cel-spec grammar: the middle operand is a ConditionalOr.
  EvalCase(source: "true ? false ? 1 : 2 : 3", expected: "error: expected ':'"),
  EvalCase(source: "false ? 1 : true ? 2 : 3", expected: "2"),
  EvalCase(source: "true || false && false", expected: "true"),
  EvalCase(source: "1 < 2 == true", expected: "true"),
])
func logic(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// `in`, indexing and field selection on literals.
@Test(arguments: [
  EvalCase(source: "2 in [1, 2, 3]", expected: "true"),
  EvalCase(source: "2.0 in [1, 2, 3]", expected: "true"),
  EvalCase(source: "'a' in ['b', 'c']", expected: "false"),
  EvalCase(source: "'a' in [1, 'a']", expected: "true"),
  EvalCase(source: "'key1' in {'key1': 'v'}", expected: "true"),
  EvalCase(source: "3 in {1: 'one'}", expected: "false"),
  EvalCase(source: "1u in {1: 'one'}", expected: "true"),
  EvalCase(source: "1 in 1", expected: "error: no operator 'in' for int and int"),
  EvalCase(source: "[1, 2, 3][1]", expected: "2"),
  EvalCase(source: "[1, 2, 3][1u]", expected: "2"),
  EvalCase(source: "[1, 2, 3][3]", expected: "error: index 3 out of range (list size 3)"),
  EvalCase(source: "[1, 2, 3][-1]", expected: "error: index -1 out of range (list size 3)"),
  EvalCase(source: "[1][1.5]", expected: "error: index 1.5 out of range (list size 1)"),
  EvalCase(source: "[1]['a']", expected: "error: no operator '[]' for list and string"),
  EvalCase(source: "{'a': 1}['a']", expected: "1"),
  EvalCase(source: "{'a': 1}.a", expected: "1"),
  EvalCase(source: "{'a': {'b': [5]}}.a.b[0]", expected: "5"),
  EvalCase(source: "{'a': 1}['b']", expected: "error: no such key: b"),
  EvalCase(source: "{'a': 1}.k", expected: "error: no such key: k"),
  EvalCase(source: "{1: 'x'}[2]", expected: "error: no such key: 2"),
  EvalCase(source: "{1: 'x'}[1.0]", expected: #""x""#),
  EvalCase(source: "1.a", expected: "error: cannot select field 'a' on a value of type int"),
  EvalCase(source: "{'a': 1, 'a': 2}", expected: "error: duplicate map key: 'a'"),
  EvalCase(source: "{1.5: 1}", expected: "error: map keys must be int, uint, bool or string, not double"),
  EvalCase(source: "{'a': null}.a", expected: "null"),
])
func membershipAndSelection(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}
