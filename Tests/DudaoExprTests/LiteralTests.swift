import Testing

@testable import DudaoExpr

/// Literals and lexis (cel-spec "Syntax", "String and Bytes Values").
@Test(arguments: [
  EvalCase(source: "0", expected: "0"),
  EvalCase(source: "0x1F", expected: "31"),
  EvalCase(source: "0XfF", expected: "255"),
  EvalCase(source: "1u", expected: "1"),
  EvalCase(source: "0x10u", expected: "16"),
  EvalCase(source: "18446744073709551615u", expected: "18446744073709551615"),
  EvalCase(source: "1.5", expected: "1.5"),
  EvalCase(source: "1e3", expected: "1000.0"),
  EvalCase(source: "1E-2", expected: "0.01"),
  EvalCase(source: ".5", expected: "0.5"),
  EvalCase(source: ".700e1", expected: "7.0"),
  EvalCase(source: "1e20", expected: "1e+20"),
  EvalCase(source: "-9223372036854775808", expected: "-9223372036854775808"),
  EvalCase(source: "-0x8000000000000000", expected: "-9223372036854775808"),
  EvalCase(source: "- 5", expected: "-5"),
  EvalCase(source: "--5", expected: "5"),
  EvalCase(source: "-(-5)", expected: "5"),
  EvalCase(source: "-1.5", expected: "-1.5"),
  EvalCase(source: "true", expected: "true"),
  EvalCase(source: "false", expected: "false"),
  EvalCase(source: "null", expected: "null"),
  EvalCase(source: "[1, 2, 3,]", expected: "[1,2,3]"),
  EvalCase(source: "[]", expected: "[]"),
  EvalCase(source: "{'a': 1, 'b': [true]}", expected: #"{"a":1,"b":[true]}"#),
  EvalCase(source: "{1: 'x', true: 'y', 2u: 'z'}", expected: #"{"1":"x","true":"y","2":"z"}"#),
  EvalCase(source: "{}", expected: "{}"),
  EvalCase(source: "1 // a comment\n + 2", expected: "3"),
  // Strings and every escape.
  EvalCase(source: #"'a\nb'"#, expected: #""a\nb""#),
  EvalCase(source: #""tab\there""#, expected: #""tab\there""#),
  EvalCase(source: #"'\\ \" \' \` \?'"#, expected: #""\\ \" ' ` ?""#),
  EvalCase(source: #"'\a\b\f\r\v'"#, expected: #""\u0007\b\f\r\u000b""#),
  EvalCase(source: #"'\x41\X42'"#, expected: #""AB""#),
  EvalCase(source: #"'\u4e2d\U00006587'"#, expected: #""中文""#),
  EvalCase(source: #"'\101\377'"#, expected: #""Aÿ""#),
  EvalCase(source: #"'\303\277'"#, expected: #""Ã¿""#),
  EvalCase(source: #"r'\n\d'"#, expected: #""\\n\\d""#),
  EvalCase(source: #"R"\\""#, expected: #""\\\\""#),
  EvalCase(source: "'''x''x'''", expected: #""x''x""#),
  EvalCase(source: "\"\"\"line one\nline two\"\"\"", expected: #""line one\nline two""#),
  EvalCase(source: #"'""'"#, expected: #""\"\"""#),
  EvalCase(source: "'中文'", expected: #""中文""#),
  EvalCase(source: "r'''a\\'''", expected: #""a\\""#),
])
func literals(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// An expected syntax error: code, offset and English message.
struct ErrorCase: Sendable, CustomTestStringConvertible {
  var source: String
  var code: String
  var offset: Int
  var message: String
  var testDescription: String { source }
}

@Test(arguments: [
  ErrorCase(source: "1 +", code: "expr.syntax", offset: 3, message: "unexpected end of expression"),
  ErrorCase(source: "(1 + 2", code: "expr.syntax", offset: 6, message: "expected ')'"),
  ErrorCase(source: "[1, 2", code: "expr.syntax", offset: 5, message: "expected ']'"),
  ErrorCase(source: "1 2", code: "expr.syntax", offset: 2, message: "unexpected '2'"),
  ErrorCase(source: "a = 1", code: "expr.syntax", offset: 2, message: "unexpected '='; use '==' to compare"),
  ErrorCase(source: "a & b", code: "expr.syntax", offset: 2, message: "unexpected '&'; use '&&' for 'and'"),
  ErrorCase(source: "a # b", code: "expr.syntax", offset: 2, message: "unexpected character '#'"),
  ErrorCase(source: "'abc", code: "expr.syntax", offset: 0, message: "unterminated string"),
  ErrorCase(
    source: "'a\nb'", code: "expr.syntax", offset: 2,
    message: "line break in a string; use \\n or a triple-quoted string"),
  ErrorCase(source: #"'\s'"#, code: "expr.syntax", offset: 1, message: #"invalid escape sequence '\s'"#),
  ErrorCase(source: #"'\xZZ'"#, code: "expr.syntax", offset: 1, message: #"invalid escape sequence '\x'"#),
  ErrorCase(source: #"'\uD83D'"#, code: "expr.syntax", offset: 1, message: "invalid Unicode code point"),
  ErrorCase(source: #"'\U00110000'"#, code: "expr.syntax", offset: 1, message: "invalid Unicode code point"),
  ErrorCase(source: #"'\400'"#, code: "expr.syntax", offset: 1, message: #"invalid escape sequence '\4'"#),
  ErrorCase(source: "9223372036854775808", code: "expr.syntax", offset: 0, message: "number '9223372036854775808' is out of range"),
  ErrorCase(source: "18446744073709551616u", code: "expr.syntax", offset: 0, message: "number '18446744073709551616' is out of range"),
  ErrorCase(source: "1e400", code: "expr.syntax", offset: 0, message: "number '1e400' is out of range"),
  ErrorCase(source: "12abc", code: "expr.syntax", offset: 0, message: "invalid number '12abc'"),
  ErrorCase(source: "1.5u", code: "expr.syntax", offset: 0, message: "invalid number '1.5u'"),
  ErrorCase(source: "b'abc'", code: "expr.unsupported", offset: 0, message: "bytes are not supported"),
  ErrorCase(source: "1 + BR'x'", code: "expr.unsupported", offset: 4, message: "bytes are not supported"),
  ErrorCase(source: "if", code: "expr.syntax", offset: 0, message: "'if' is a reserved word and cannot be used as a name"),
  ErrorCase(source: "1 + while(2)", code: "expr.syntax", offset: 4, message: "'while' is a reserved word and cannot be used as a name"),
  ErrorCase(source: "in", code: "expr.syntax", offset: 0, message: "unexpected 'in'"),
  ErrorCase(source: "a.", code: "expr.syntax", offset: 2, message: "unexpected end of expression"),
  ErrorCase(source: "a.1", code: "expr.syntax", offset: 1, message: "unexpected '0.1'"),
  ErrorCase(source: "Foo{a: 1}", code: "expr.unsupported", offset: 3, message: "object construction (Name{...}) is not supported"),
  ErrorCase(source: "[1].all(1, true)", code: "expr.syntax", offset: 8, message: "the first argument of all() must be a variable name, like x"),
  ErrorCase(source: "has(a)", code: "expr.syntax", offset: 0, message: "has() needs a field selection, like has(school.schedule)"),
  ErrorCase(source: "a ? b", code: "expr.syntax", offset: 5, message: "expected ':'"),
])
func syntaxErrors(_ c: ErrorCase) {
  do {
    _ = try Parser.parse(c.source)
    Issue.record("parsed without error")
  } catch {
    #expect(error.code == c.code)
    #expect(error.offset == c.offset)
    #expect(error.message.en == c.message)
    #expect(!error.message.zh.isEmpty)
  }
}

@Test func reservedWordsAreFineAsFieldsAndReceiverFunctions() throws {
  _ = try Parser.parse("a.if + a.package")
  #expect(evalToJSON("{'if': 1}.if") == "1")
}

@Test func positionsCountUnicodeScalars() {
  do {
    _ = try Parser.parse("'中文' + #")
    Issue.record("parsed without error")
  } catch {
    #expect(error.offset == 7)
  }
}
