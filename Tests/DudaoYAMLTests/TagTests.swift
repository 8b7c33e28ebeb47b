import DudaoDiagnostics
import DudaoYAML
import Testing

@Test func acceptedTagsAreResolved() throws {
  let source = """
    a: !!str 12
    b: !!int "12"
    c: !!float 1.5
    d: !!bool true
    e: !!null ~
    f: !!map {x: 1}
    g: !!seq [1]
    h: !<tag:yaml.org,2002:str> v
    i: &anchor !!int 7
    """
  let root = try YAMLLoader.load(string: source, file: "t.yaml")
  #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
  #expect(root["a"]?.int == nil)  // a `!!str` is text even when it looks like a number
  #expect(root["a"]?.text == "12")
  #expect(root["b"]?.scalar?.tag == "tag:yaml.org,2002:int")
  #expect(root["b"]?.int == 12)  // the tag makes the quoted text an integer
  #expect(root["c"]?.double == 1.5)
  #expect(root["d"]?.bool == true)
  #expect(root["e"]?.isNull == true)
  #expect(root["f"]?.int("x") == 1)
  #expect(root["g"]?.sequence?.count == 1)
  #expect(root["h"]?.scalar?.tag == "tag:yaml.org,2002:str")
  #expect(root["i"]?.int == 7)
}

@Test(arguments: [
  FailureCase("local tag", "a: !custom x\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("tag after anchor", "a: &x !custom y\n", code: "yaml.unsupported-tag", at: "1:7"),
  FailureCase("binary", "a: !!binary aGk=\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("set", "a: !!set {x, y}\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("omap", "a: !!omap [x: 1]\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("timestamp", "a: !!timestamp 2001-12-14\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("merge tag", "a: !!merge <<\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("non-specific tag", "a: ! x\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("tag on a block mapping", "a: !thing\n  b: 1\n", code: "yaml.unsupported-tag", at: "1:4"),
  FailureCase("tag on a key", "!custom k: 1\n", code: "yaml.unsupported-tag", at: "1:1"),
  FailureCase("core prefix redefined", "%TAG !! tag:example.com,2000:\n---\na: !!str x\n", code: "yaml.unsupported-tag",
              at: "3:4"),
  FailureCase("int that is not", "a: !!int abc\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("float that is not", "a: !!float 1.2.3\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("bool that is not", "a: !!bool yes\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("null that is not", "a: !!null x\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("map on a sequence", "a: !!map [1]\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("seq on a mapping", "a: !!seq {b: 1}\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("str on a sequence", "a: !!str\n  - 1\n", code: "yaml.tag-mismatch", at: "1:4"),
  FailureCase("map on a scalar", "a: !!map x\n", code: "yaml.tag-mismatch", at: "1:4"),
])
func tagFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func tagMessagesUseTheShortForm() throws {
  let d = try #require(loadFailure("a: !!binary aGk=\n"))
  #expect(d.message.en.hasPrefix("unsupported tag '!!binary'"))
  let m = try #require(loadFailure("a: !!int abc\n"))
  #expect(m.message.en == "'abc' is not an integer, as its tag !!int says: correct the value or remove the tag")
}
