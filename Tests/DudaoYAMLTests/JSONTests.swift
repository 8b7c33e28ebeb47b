import DudaoDiagnostics
import DudaoYAML
import Testing

@Test func jsonFixtureLoads() throws {
  let root = try YAMLLoader.load(file: fixture("school.json"))
  let school = try #require(root["school"])
  #expect(school.string("name") == "实验小学 🏫")  // surrogate pair escape
  #expect(school.string("url") == "http://example.edu.cn/")  // `\/`
  #expect(school.int("students") == 1200)
  #expect(school["students"]?.scalar?.style == .plain)  // a JSON number is a plain scalar
  #expect(school["id"]?.scalar?.style == .doubleQuoted)  // a JSON string stays a string
  #expect(school.at(["classes", 0])?.string("note") == "😀😀")
}

@Test(arguments: [
  PositionCase(name: "tab-indented key", source: "", file: "school.json", path: ["school", "?id"], at: "3:3"),
  PositionCase(name: "value after tabs", source: "", file: "school.json", path: ["school", "id"], at: "3:9"),
  PositionCase(name: "string with surrogates", source: "", file: "school.json", path: ["school", "name"], at: "4:11"),
  PositionCase(name: "before surrogates", source: "", file: "school.json", path: ["school", "classes", 0, "grade"],
               at: "8:26"),
  PositionCase(name: "string of surrogates", source: "", file: "school.json",
               path: ["school", "classes", 0, "note"], at: "8:37"),
  PositionCase(name: "key after surrogates", source: "", file: "school.json",
               path: ["school", "classes", 0, "?students"], at: "8:65"),
  PositionCase(name: "value after surrogates", source: "", file: "school.json",
               path: ["school", "classes", 0, "students"], at: "8:77"),
])
func jsonPositions(_ c: PositionCase) throws {
  let root = try YAMLLoader.load(file: fixture(c.file))
  let node = try #require(root.at(c.path))
  #expect(node.location.position == c.at)
}

@Test func jsonBytesWithTabsAndEscapes() throws {
  let root = try YAMLLoader.load(string: "\t{\"a\":\t[1,\t\"\\u0041\\u00e9\"],\n\t\"b\": \"\\ud83d\\ude00\"}\t\n", file: "x.JSON")
  #expect(root.location.position == "1:2")
  #expect(root.at(["a", 1])?.text == "Aé")
  #expect(root.at(["a", 1])?.location.position == "1:12")
  #expect(root.string("b") == "😀")
}

@Test(arguments: [
  FailureCase("tab before JSON in a YAML file", "\t{\"a\": 1}", file: "x.yaml", code: "yaml.syntax", at: "1:1"),
  FailureCase("position after a surrogate pair", #"{"a": "\ud83d\ude00", "a": 1}"#, file: "x.json",
              code: "yaml.duplicate-key", at: "1:23", note: "1:2"),
  FailureCase("lone surrogate", #"{"a": "\ud800"}"#, file: "x.json", code: "yaml.syntax", at: "1:10", note: "1:7"),
  FailureCase("missing comma", #"{"a": 1 "b": 2}"#, file: "x.json", code: "yaml.syntax", at: "1:12", note: "1:1"),
  FailureCase("truncated JSON object", "{\n\t\"a\": 1,\n", file: "x.json", code: "yaml.syntax", at: "3:1", note: "1:1"),
])
func jsonFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func jsonLines() throws {
  let nodes = try YAMLLoader.loadLines(file: fixture("schools.jsonl"))
  #expect(nodes.map { $0.string("id") } == ["S001", "S002", "S003"])
  #expect(nodes.map(\.location.line) == [1, 4, 6])
  #expect(nodes[1].at(["classes", 0, "id"])?.location.position == "4:35")
  #expect(nodes[2].location.position == "6:2")
  #expect(nodes[2].string("name") == "实验")
}

@Test(arguments: [
  FailureCase("syntax error on line 3", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": [1}\n", file: "x.jsonl", code: "yaml.syntax",
              at: "3:9", note: "3:7"),
  FailureCase("duplicate key on line 2", "{\"a\": 1}\n{\"a\": 2, \"a\": 3}\n", file: "x.jsonl",
              code: "yaml.duplicate-key", at: "2:10", note: "2:2"),
  FailureCase("bad UTF-8 on line 2", bytes: Array("{\"a\": 1}\n{\"a\": \"".utf8) + [0xFF], file: "x.jsonl",
              code: "yaml.invalid-utf8", at: "2:8"),
  FailureCase("alias budget across lines", "[&a [1, 2], *a]\n[&b [1, 2], *b]\n", file: "x.jsonl",
              code: "yaml.alias-limit", at: "2:13", limits: limits { $0.maxAliasNodes = 5 }),
  FailureCase("file too large", "{}\n{}\n", file: "x.jsonl", code: "yaml.file-too-large", at: "0:0",
              limits: limits { $0.maxFileBytes = 5 }),
])
func jsonLinesFailures(_ c: FailureCase) {
  do {
    _ = try YAMLLoader.loadLines(bytes: c.source, file: c.file, limits: c.limits)
    Issue.record("loaded")
  } catch {
    #expect(error.code == c.code)
    #expect(error.location?.position == c.at)
    #expect(error.location?.file == c.file)
    if let note = c.note { #expect(error.notes.first?.location?.position == note) }
  }
}

