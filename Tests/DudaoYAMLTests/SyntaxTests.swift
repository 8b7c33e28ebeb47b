import DudaoDiagnostics
import DudaoYAML
import Testing

@Test(arguments: [
  FailureCase("unclosed bracket", "a: [1, 2\n", code: "yaml.syntax", at: "2:1", note: "1:4"),
  FailureCase("unclosed brace at end of file", "a: {b: 1", code: "yaml.syntax", at: "1:9", note: "1:4"),
  FailureCase("unclosed brace before last line break", "a: {b: 1\n", code: "yaml.syntax", at: "2:1", note: "1:4"),
  FailureCase("unclosed double quote", "a: \"abc\n", code: "yaml.syntax", at: "2:1", note: "1:4"),
  FailureCase("unclosed single quote", "a: 'abc", code: "yaml.syntax", at: "1:8", note: "1:4"),
  FailureCase("indented key", "a: 1\n b: 2\n", code: "yaml.syntax", at: "2:3"),
  FailureCase("tab indentation", "a:\n\t- b\n", code: "yaml.syntax", at: "2:1"),
  FailureCase("value starting with @", "a: @x\n", code: "yaml.syntax", at: "1:4"),
  FailureCase("value starting with backtick", "a: `x`\n", code: "yaml.syntax", at: "1:4"),
  FailureCase("line without colon", "a: 1\nb\nc: 2\n", code: "yaml.syntax", at: "3:1", note: "2:1"),
  FailureCase("unknown escape", #"a: "x\qy""#, code: "yaml.syntax", at: "1:6", note: "1:4"),
  FailureCase("list item after a value", "a: b\n- c\n", code: "yaml.syntax", at: "2:1", note: "1:1"),
  FailureCase("undefined tag handle", "a: !e!x y\n", code: "yaml.syntax", at: "1:4"),
  FailureCase("text after closing quote", "a: \"x\" y\nb: 1\n", code: "yaml.syntax", at: "1:8", note: "1:1"),
  FailureCase("anchor without name", "a: & x\n", code: "yaml.syntax", at: "1:5", note: "1:4"),
  FailureCase("content after document end", "a: 1\n...\nb: 2\n", code: "yaml.syntax", at: "3:1"),
  FailureCase("indentation indicator 0", "a: |0\n  x\n", code: "yaml.syntax", at: "1:5", note: "1:4"),
])
func syntaxFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func syntaxMessagesAreTranslatedAndKeepLibyamlText() throws {
  let d = try #require(loadFailure("a: [1, 2\n"))
  #expect(d.message.zh == "“[”开始的列表没有正确结束：各项之间用英文逗号“,”分隔，最后用“]”结束")
  #expect(d.message.en == "the list opened with '[' does not end properly: separate items with ',' and close it with ']' [did not find expected ',' or ']' (while parsing a flow sequence)]")
  #expect(d.notes.first?.message.en == "the list starts here")
  let tab = try #require(loadFailure("a:\n\t- b\n"))
  #expect(tab.message.zh.contains("Tab"))
}

@Test func untranslatedProblemFallsBackToLibyamlText() throws {
  let d = try #require(loadFailure("a: |0\n  x\n"))
  #expect(d.message.en == "YAML syntax error: found an indentation indicator equal to 0 (while scanning a block scalar)")
  #expect(d.message.zh.hasPrefix("YAML 语法错误："))
}

@Test func renderedSyntaxErrorPointsAtTheProblem() throws {
  let source = "名称: [一班, 二班\n"
  let d = try #require(loadFailure(source, file: "s.yaml"))
  let text = d.rendered(in: .zh) { _ in source }
  #expect(text.hasPrefix("s.yaml:2:1: 错误[yaml.syntax]: "))
}

@Test func truncatedFileSaysSoAndPointsAtTheUnfinishedCollection() throws {
  let source = #"{"a": [1, {"b": "#
  let d = try #require(loadFailure(source, file: "x.json"))
  #expect(d.location?.position == "1:17")
  #expect(d.message.en.hasPrefix("the file ends unexpectedly"))
  #expect(d.notes.first?.location?.position == "1:11")
  #expect(d.notes.first?.message.en == "the unfinished mapping starts here")
}

@Test func unclosedQuoteKeepsItsOwnMessage() throws {
  let d = try #require(loadFailureAt(fixture("truncated.yaml")))
  #expect(d.message.en.hasPrefix("the file ends inside a quoted string"))
  #expect(d.notes.first?.location?.position == "2:9")
}
