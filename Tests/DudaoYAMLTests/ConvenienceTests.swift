import DudaoDiagnostics
import DudaoYAML
import Testing

private let rule = """
  id: PE.DAILY_ACTIVITY
  title: {zh: 每天体育活动不少于1小时}
  severity: major
  params: {min_minutes: 60, ratio: 0.3, strict: true}
  levels: [primary, junior]
  note: ~
  quoted: "60"
  """

@Test func keyedLookups() throws {
  let root = try YAMLLoader.load(string: rule, file: "rule.yaml")
  #expect(root.keys == ["id", "title", "severity", "params", "levels", "note", "quoted"])
  #expect(root.string("id") == "PE.DAILY_ACTIVITY")
  #expect(root.string("note") == nil)  // null is not text
  #expect(root.string("missing") == nil)
  #expect(root.string("levels") == nil)  // not a scalar
  #expect(root.mapping("title")?.string("zh") == "每天体育活动不少于1小时")
  #expect(root.mapping("levels") == nil)
  #expect(root.sequence("levels")?.compactMap(\.text) == ["primary", "junior"])
  let params = try #require(root.mapping("params"))
  #expect(params.int("min_minutes") == 60)
  #expect(params.double("ratio") == 0.3)
  #expect(params.bool("strict") == true)
  #expect(root.int("quoted") == nil)  // a quoted number is text
  #expect(root["quoted"]?.isQuoted == true)
  #expect(root.entry("severity")?.key.location.position == "3:1")
  #expect(root.entry("severity")?.value.location.position == "3:11")
}

struct KindCase: Sendable, CustomTestStringConvertible {
  var source: String
  var en: String
  var testDescription: String { source }
}

@Test(arguments: [
  KindCase(source: "{a: 1}", en: "a mapping"),
  KindCase(source: "[1]", en: "a list"),
  KindCase(source: "~", en: "null"),
  KindCase(source: "true", en: "a boolean"),
  KindCase(source: "42", en: "an integer"),
  KindCase(source: "4.5", en: "a number"),
  KindCase(source: "'42'", en: "text"),
  KindCase(source: "学校", en: "text"),
])
func kindNames(_ c: KindCase) throws {
  let node = try YAMLLoader.load(string: c.source, file: "k.yaml")
  #expect(node.kindName.en == c.en)
  #expect(!node.kindName.zh.isEmpty)
}

@Test func equalityIgnoresTextStart() {
  let location = DudaoDiagnostics.SourceLocation(file: "f.yaml", line: 1, column: 1)
  var a = Node(.scalar(Node.Scalar(text: "x")), at: location)
  let b = a
  a.textStart = location
  #expect(a == b)
  #expect(a.hashValue == b.hashValue)
}
