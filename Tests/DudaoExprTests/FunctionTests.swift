import Testing

@testable import DudaoExpr

/// cel-spec standard functions and conversions.
@Test(arguments: [
  EvalCase(source: "size('hello')", expected: "5"),
  EvalCase(source: "'hello'.size()", expected: "5"),
  EvalCase(source: "size('中文')", expected: "2"),
  EvalCase(source: #"'fiance\u0301'.size()"#, expected: "7"),
  EvalCase(source: "size([1, 2, 3])", expected: "3"),
  EvalCase(source: "size({'a': 1})", expected: "1"),
  EvalCase(source: "size(1)", expected: "error: size() does not accept arguments of types (int); usage: size(x) — x a string, list or map"),
  EvalCase(source: "size(1, 2)", expected: "error: wrong number of arguments to size(); usage: size(x) — x a string, list or map"),
  EvalCase(source: "'hello world'.contains('o w')", expected: "true"),
  EvalCase(source: "'foobar'.contains('baz')", expected: "false"),
  EvalCase(source: "'abc'.contains('')", expected: "true"),
  EvalCase(source: "'中文课程'.contains('文课')", expected: "true"),
  EvalCase(source: "'foobar'.startsWith('foo')", expected: "true"),
  EvalCase(source: "'foobar'.endsWith('bar')", expected: "true"),
  EvalCase(source: "'foobar'.endsWith('foo')", expected: "false"),
  EvalCase(source: "'ab'.endsWith('xab')", expected: "false"),
  EvalCase(source: "contains('a', 'b')", expected: "error: contains() must be called as x.contains(…)"),
  EvalCase(source: "1.contains('b')", expected: "error: contains() does not accept arguments of types (int, string); usage: s.contains(t) — s and t strings"),
  EvalCase(source: "[1].size(2)", expected: "error: wrong number of arguments to size(); usage: size(x) — x a string, list or map"),
  EvalCase(source: "sizee([1])", expected: "error: unknown function 'sizee' (did you mean 'size'?)"),
  EvalCase(source: "[1].avg()", expected: "error: avg() cannot be called as x.avg(); write avg(x)"),
  // Conversions.
  EvalCase(source: "int(-1.9)", expected: "-1"),
  EvalCase(source: "int(1.9)", expected: "1"),
  EvalCase(source: "int('123')", expected: "123"),
  EvalCase(source: "int('-42')", expected: "-42"),
  EvalCase(source: "int(42u)", expected: "42"),
  EvalCase(source: "int(1e20)", expected: "error: 1e+20 is out of the int range"),
  EvalCase(source: "int(-9223372036854775808.0)", expected: "error: -9.223372036854776e+18 is out of the int range"),
  EvalCase(source: "int(0.0 / 0.0)", expected: "error: NaN is out of the int range"),
  EvalCase(source: "int('abc')", expected: "error: cannot convert 'abc' to int"),
  EvalCase(source: "int('1.5')", expected: "error: cannot convert '1.5' to int"),
  EvalCase(source: "int(18446744073709551615u)", expected: "error: 18446744073709551615u is out of the int range"),
  EvalCase(source: "int(true)", expected: "error: int() does not accept arguments of types (bool); usage: int(x) — x int, uint, double, string"),
  EvalCase(source: "uint(1)", expected: "1"),
  EvalCase(source: "uint(3.9)", expected: "3"),
  EvalCase(source: "uint('7')", expected: "7"),
  EvalCase(source: "uint(-1)", expected: "error: -1 is out of the uint range"),
  EvalCase(source: "uint(-0.5)", expected: "error: -0.5 is out of the uint range"),
  EvalCase(source: "uint(1e20)", expected: "error: 1e+20 is out of the uint range"),
  EvalCase(source: "uint('-1')", expected: "error: cannot convert '-1' to uint"),
  EvalCase(source: "double(10)", expected: "10.0"),
  EvalCase(source: "double(3u)", expected: "3.0"),
  EvalCase(source: "double('3.14')", expected: "3.14"),
  EvalCase(source: "double('x')", expected: "error: cannot convert 'x' to double"),
  EvalCase(source: "string(1.5)", expected: #""1.5""#),
  EvalCase(source: "string(2.0)", expected: #""2""#),
  EvalCase(source: "string(1e6)", expected: #""1e+06""#),
  EvalCase(source: "string(123456.0)", expected: #""123456""#),
  EvalCase(source: "string(0.0001)", expected: #""0.0001""#),
  EvalCase(source: "string(0.00001)", expected: #""1e-05""#),
  EvalCase(source: "string(-0.0)", expected: #""-0""#),
  EvalCase(source: "string(1.0 / 0.0)", expected: #""+Inf""#),
  EvalCase(source: "string(123)", expected: #""123""#),
  EvalCase(source: "string(123u)", expected: #""123""#),
  EvalCase(source: "string(true)", expected: #""true""#),
  EvalCase(source: "string('s')", expected: #""s""#),
  EvalCase(source: "string(date('2026-09-01'))", expected: #""2026-09-01""#),
  EvalCase(source: "string(time('08:20'))", expected: #""08:20""#),
  EvalCase(source: "string([1])", expected: "error: string() does not accept arguments of types (list); usage: string(x) — x a string, bool, number, date or time"),
  EvalCase(source: "bool('true')", expected: "true"),
  EvalCase(source: "bool('FALSE')", expected: "false"),
  EvalCase(source: "bool('t')", expected: "true"),
  EvalCase(source: "bool('yes')", expected: "error: cannot convert 'yes' to bool"),
  EvalCase(source: "type(1)", expected: #""int""#),
  EvalCase(source: "type(1u)", expected: #""uint""#),
  EvalCase(source: "type('a')", expected: #""string""#),
  EvalCase(source: "type(null)", expected: #""null_type""#),
  EvalCase(source: "type([])", expected: #""list""#),
  EvalCase(source: "type({})", expected: #""map""#),
  EvalCase(source: "type(int)", expected: #""type""#),
  EvalCase(source: "type(date('2026-01-01')) == date", expected: "true"),
  EvalCase(source: "dyn(3.0) == 3", expected: "true"),
  EvalCase(source: "dyn([1, 'a'])", expected: #"[1,"a"]"#),
])
func standardFunctions(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// `matches` with RE2 syntax, run by NSRegularExpression.
@Test(arguments: [
  EvalCase(source: "'foobar'.matches('foo.*')", expected: "true"),
  EvalCase(source: "matches('foobar', '^bar')", expected: "false"),
  EvalCase(source: "'foobar'.matches('bar')", expected: "true"),
  EvalCase(source: "'S001'.matches('^S[0-9]{3}$')", expected: "true"),
  EvalCase(source: "'S001\\n'.matches('^S[0-9]{3}$')", expected: "false"),
  EvalCase(source: "'a\\nb'.matches('(?m)^b$')", expected: "true"),
  EvalCase(source: "'a\\nb'.matches('a.b')", expected: "false"),
  EvalCase(source: "'a\\rb'.matches('a.b')", expected: "true"),
  EvalCase(source: "'a\\nb'.matches('(?s)a.b')", expected: "true"),
  EvalCase(source: "'１２３'.matches('\\\\d')", expected: "false"),
  EvalCase(source: "'123'.matches(r'^\\d+$')", expected: "true"),
  EvalCase(source: "'x y'.matches(r'\\s')", expected: "true"),
  EvalCase(source: "'中文'.matches(r'\\w')", expected: "false"),
  EvalCase(source: "'中文'.matches(r'\\p{Han}')", expected: "true"),
  EvalCase(source: "'ABC'.matches('(?i)abc')", expected: "true"),
  EvalCase(source: "'a{b'.matches('a{b')", expected: "true"),
  EvalCase(source: "'a{,2}'.matches('^a{,2}$')", expected: "true"),
  EvalCase(source: "'aa'.matches('^a{2}$')", expected: "true"),
  EvalCase(source: "'[x'.matches('[[]x')", expected: "true"),
  EvalCase(source: "'&'.matches('[a&&b]')", expected: "true"),
  EvalCase(source: "'5'.matches('[[:digit:]]')", expected: "true"),
  EvalCase(source: "'x'.matches('[[:^digit:]]')", expected: "true"),
  EvalCase(source: "'a.b'.matches(r'a\\.b')", expected: "true"),
  EvalCase(source: "'a+b'.matches(r'\\Qa+b\\E')", expected: "true"),
  EvalCase(source: "'A'.matches(r'\\x41')", expected: "true"),
  EvalCase(source: "'A'.matches(r'\\101')", expected: "true"),
  EvalCase(source: "'ab'.matches('(?P<first>a)b')", expected: "true"),
  EvalCase(source: "'-'.matches('[a-]')", expected: "true"),
  // What RE2 does not have is rejected with a clear error.
  EvalCase(source: "'aa'.matches(r'(a)\\1')", expected: "error: invalid regular expression: backreferences are not supported"),
  EvalCase(source: "'a'.matches('a(?=b)')", expected: "error: invalid regular expression: lookaround, atomic groups and comments are not supported"),
  EvalCase(source: "'a'.matches('a(?!b)')", expected: "error: invalid regular expression: lookaround, atomic groups and comments are not supported"),
  EvalCase(source: "'a'.matches('(?<=b)a')", expected: "error: invalid regular expression: lookaround, atomic groups and comments are not supported"),
  EvalCase(source: "'a'.matches('(?<!b)a')", expected: "error: invalid regular expression: lookaround, atomic groups and comments are not supported"),
  EvalCase(source: "'a'.matches('(?>a)')", expected: "error: invalid regular expression: lookaround, atomic groups and comments are not supported"),
  EvalCase(source: "'a'.matches('a*+')", expected: "error: invalid regular expression: nested or possessive repetition + is not supported"),
  EvalCase(source: "'a'.matches('a++')", expected: "error: invalid regular expression: nested or possessive repetition + is not supported"),
  EvalCase(source: "'a'.matches('a**')", expected: "error: invalid regular expression: nested or possessive repetition * is not supported"),
  EvalCase(source: "'a'.matches(r'a\\Z')", expected: "error: invalid regular expression: unsupported escape \\Z"),
  EvalCase(source: "'a'.matches(r'\\Ga')", expected: "error: invalid regular expression: unsupported escape \\G"),
  EvalCase(source: "'a'.matches('(?U)a*')", expected: "error: invalid regular expression: the flag U is not supported"),
  EvalCase(source: "'a'.matches('(?x)a')", expected: "error: invalid regular expression: invalid flag x"),
  EvalCase(source: "'a'.matches('*a')", expected: "error: invalid regular expression: missing argument to repetition operator *"),
  EvalCase(source: "'a'.matches('(a')", expected: "error: invalid regular expression: missing )"),
  EvalCase(source: "'a'.matches('a)')", expected: "error: invalid regular expression: unexpected )"),
  EvalCase(source: "'a'.matches('[a')", expected: "error: invalid regular expression: missing ]"),
  EvalCase(source: "'a'.matches('[z-a]')", expected: "error: invalid regular expression: invalid character class range"),
  EvalCase(source: "'a'.matches('[[:foo:]]')", expected: "error: invalid regular expression: invalid character class [:foo:]"),
  EvalCase(source: "'a'.matches(r'\\C')", expected: "error: invalid regular expression: unsupported escape \\C"),
  EvalCase(source: "'a'.matches(r'a\\')", expected: "error: invalid regular expression: trailing backslash"),
  // Catastrophic backtracking stops instead of hanging.
  EvalCase(
    source: "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'.matches('^(a|aa)+$')",
    expected: "error: regular expression took too long on this input"),
])
func regularExpressions(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

@Test func dynamicPatternsCompileAtRunTime() {
  let vars: [String: Value] = ["p": .string("^[0-9]+$"), "bad": .string("(a")]
  #expect(evalToJSON("'123'.matches(p)", vars) == "true")
  #expect(evalToJSON("'123'.matches(bad)", vars) == "error: invalid regular expression: missing )")
}

@Test func translationToICU() throws {
  #expect(try RE2Translator.translate(#"^\d+$"#) == #"^[0-9]+\z"#)
  #expect(try RE2Translator.translate("a.b") == #"a[^\n]b"#)
  #expect(try RE2Translator.translate("[[:alpha:]&]") == #"[A-Za-z\&]"#)
  #expect(try RE2Translator.translate("a{2,}?") == "a{2,}?")
  #expect(try RE2Translator.translate("(?P<n>x)") == "(?<n>x)")
}

@Test func repetitionCountsFollowRE2() {
  #expect(evalToJSON("'a'.matches('a{1001}')") == "error: invalid regular expression: bad repetition count {1001} (at most 1000)")
  #expect(evalToJSON("'a'.matches('a{3,2}')") == "error: invalid regular expression: bad repetition count {3,2} (at most 1000)")
  #expect(evalToJSON("'aaa'.matches('^a{1,1000}$')") == "true")
}
