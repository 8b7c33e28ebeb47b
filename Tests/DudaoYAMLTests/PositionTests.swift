import DudaoDiagnostics
import DudaoYAML
import Testing

struct PositionCase: Sendable, CustomTestStringConvertible {
  var name: String
  var source: String
  var file = "test.yaml"
  var path: [Step]
  var at: String

  var testDescription: String { "\(name) \(path)" }
}

private let block = """
  school:
    name: 实验小学
    classes:
      - id: c1
        grade: 3
  """

private let literal = """
  a: |
    line1
    line2
  b: >
    f1
    f2
  c: [x]
  """

private let properties = """
  a: &x !!str  hello
  b: &m
    c: 1
  d: !!seq
    - 1
  e: &z
  f: [&q [1], !!str x]
  g: !!str
    # a comment between tag and content
    text
  """

@Test(arguments: [
  PositionCase(name: "block mapping at its first key", source: block, path: ["school"], at: "2:3"),
  PositionCase(name: "block key", source: block, path: ["?school"], at: "1:1"),
  PositionCase(name: "scalar after CJK key", source: block, path: ["school", "name"], at: "2:9"),
  PositionCase(name: "nested key", source: block, path: ["school", "?classes"], at: "3:3"),
  PositionCase(name: "block sequence at its dash", source: block, path: ["school", "classes"], at: "4:5"),
  PositionCase(name: "mapping in sequence", source: block, path: ["school", "classes", 0], at: "4:7"),
  PositionCase(name: "deep scalar", source: block, path: ["school", "classes", 0, "grade"], at: "5:14"),
  PositionCase(name: "flow root", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: [], at: "1:1"),
  PositionCase(name: "flow sequence", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["a"], at: "1:5"),
  PositionCase(name: "flow item", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["a", 1], at: "1:9"),
  PositionCase(name: "quoted item at its quote", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["a", 2], at: "1:13"),
  PositionCase(name: "flow key", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["?b"], at: "1:19"),
  PositionCase(name: "flow mapping", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["b"], at: "1:22"),
  PositionCase(name: "nested flow value", source: #"{a: [1, 22, "x"], b: {c: d}}"#, path: ["b", "c"], at: "1:26"),
  PositionCase(name: "after CJK text", source: "名称: 实验小学 # 注释\n班级: [一班, 二班]", path: ["名称"], at: "1:5"),
  PositionCase(name: "flow item after CJK", source: "名称: 实验小学 # 注释\n班级: [一班, 二班]", path: ["班级", 1], at: "2:10"),
  PositionCase(name: "literal block at its indicator", source: literal, path: ["a"], at: "1:4"),
  PositionCase(name: "folded block at its indicator", source: literal, path: ["b"], at: "4:4"),
  PositionCase(name: "after blocks", source: literal, path: ["c", 0], at: "7:5"),
  PositionCase(name: "after BOM", source: "\u{FEFF}a: 1\nb: 2", path: ["a"], at: "1:4"),
  PositionCase(name: "key after BOM", source: "\u{FEFF}a: 1\nb: 2", path: ["?a"], at: "1:1"),
  PositionCase(name: "second line after BOM", source: "\u{FEFF}a: 1\nb: 2", path: ["b"], at: "2:4"),
  PositionCase(name: "CRLF line ends", source: "a: 1\r\nb: [x, y]\r\n", path: ["b", 1], at: "2:8"),
  // libyaml ends lines at NEL, U+2028 and U+2029 as well; positions follow libyaml.
  PositionCase(name: "after a line separator", source: "a: x\u{2028}b: y", path: ["b"], at: "2:4"),
  PositionCase(name: "scalar after anchor and tag", source: properties, path: ["a"], at: "1:14"),
  PositionCase(name: "anchored block mapping at first key", source: properties, path: ["b"], at: "3:3"),
  PositionCase(name: "tagged block sequence at dash", source: properties, path: ["d"], at: "5:3"),
  PositionCase(name: "anchored empty value after anchor", source: properties, path: ["e"], at: "6:6"),
  PositionCase(name: "anchored flow sequence at bracket", source: properties, path: ["f", 0], at: "7:8"),
  PositionCase(name: "tagged flow scalar", source: properties, path: ["f", 1], at: "7:19"),
  PositionCase(name: "content after comment", source: properties, path: ["g"], at: "10:3"),
  PositionCase(name: "empty document", source: "", path: [], at: "1:1"),
  PositionCase(name: "comment-only document", source: "# nothing\n", path: [], at: "1:1"),
])
func nodePositions(_ c: PositionCase) throws {
  let root = try YAMLLoader.load(string: c.source, file: c.file)
  let node = try #require(root.at(c.path))
  #expect(node.location.position == c.at)
  #expect(node.location.file == c.file)
}

@Test func emptyFileIsNull() throws {
  let root = try YAMLLoader.load(string: "", file: "empty.yaml")
  #expect(root.isNull)
  #expect(root.location == DudaoDiagnostics.SourceLocation(file: "empty.yaml", line: 1, column: 1))
}

struct TextOffsetCase: Sendable, CustomTestStringConvertible {
  var name: String
  var source: String
  var key: String
  var offset: Int
  var at: String?  // nil: textStart is nil, the node location is used

  var testDescription: String { name }
}

@Test(arguments: [
  TextOffsetCase(name: "plain", source: "check: a >= 1", key: "check", offset: 5, at: "1:13"),
  TextOffsetCase(name: "plain after CJK", source: "检查: 学校.人数 > 1", key: "检查", offset: 3, at: "1:8"),
  TextOffsetCase(name: "double quoted", source: #"check: "a >= 1""#, key: "check", offset: 2, at: "1:11"),
  TextOffsetCase(name: "single quoted", source: "check: 'a'", key: "check", offset: 0, at: "1:9"),
  TextOffsetCase(name: "literal block, second line", source: "check: |\n  line1\n  line2\n", key: "check", offset: 8,
                 at: "3:5"),
  TextOffsetCase(name: "literal after empty line", source: "check: |\n\n    x\n", key: "check", offset: 1, at: "3:5"),
  TextOffsetCase(name: "double quoted with escape", source: #"check: "a\tb""#, key: "check", offset: 2, at: nil),
  TextOffsetCase(name: "folded block", source: "check: >\n  a\n  b\n", key: "check", offset: 2, at: nil),
  TextOffsetCase(name: "literal with indentation indicator", source: "check: |2\n   x\n", key: "check", offset: 0, at: nil),
  TextOffsetCase(name: "multi-line plain", source: "check: a\n  b\n", key: "check", offset: 2, at: nil),
])
func textOffsets(_ c: TextOffsetCase) throws {
  let root = try YAMLLoader.load(string: c.source, file: "t.yaml")
  let node = try #require(root[c.key])
  if let at = c.at {
    #expect(node.textStart != nil)
    #expect(node.location(ofTextOffset: c.offset).position == at)
  } else {
    #expect(node.textStart == nil)
    #expect(node.location(ofTextOffset: c.offset) == node.location)
  }
}
