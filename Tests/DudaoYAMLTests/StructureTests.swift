import DudaoDiagnostics
import DudaoYAML
import Testing

@Test(arguments: [
  FailureCase("duplicate key", "a: 1\nb: 2\na: 3\n", code: "yaml.duplicate-key", at: "3:1", note: "1:1"),
  FailureCase("duplicate flow key", "{a: 1, a: 2}", code: "yaml.duplicate-key", at: "1:8", note: "1:2"),
  FailureCase("nested duplicate", "x:\n  k: 1\n  k: 2\n", code: "yaml.duplicate-key", at: "3:3", note: "2:3"),
  FailureCase("duplicate by text, quoted or not", "1: a\n'1': b\n", code: "yaml.duplicate-key", at: "2:1", note: "1:1"),
  FailureCase("duplicate through an alias key", "k: &k a\na: 1\n*k : 2\n", code: "yaml.duplicate-key", at: "3:1",
              note: "2:1"),
  FailureCase("duplicate JSON key", #"{"a": 1, "a": 2}"#, file: "d.json", code: "yaml.duplicate-key", at: "1:10",
              note: "1:2"),
  FailureCase("two merge keys", "m:\n  <<: {a: 1}\n  <<: {b: 2}\n", code: "yaml.duplicate-key", at: "3:3", note: "2:3"),
  FailureCase("complex key: explicit flow sequence", "? [a, b]\n: 1\n", code: "yaml.complex-key", at: "1:3"),
  FailureCase("complex key: flow mapping", "{a: 1}: x\n", code: "yaml.complex-key", at: "1:1"),
  FailureCase("complex key: flow sequence", "[a]: x\n", code: "yaml.complex-key", at: "1:1"),
  FailureCase("complex key: block mapping", "? a: 1\n: x\n", code: "yaml.complex-key", at: "1:3"),
  FailureCase("complex key: alias of a mapping", "a: &m {x: 1}\n*m : 2\n", code: "yaml.complex-key", at: "2:1"),
  FailureCase("two documents", "a: 1\n---\nb: 2\n", code: "yaml.multiple-documents", at: "2:1"),
  FailureCase("two explicit documents", "--- 1\n--- 2\n", code: "yaml.multiple-documents", at: "2:1"),
  FailureCase("document after end marker", "a: 1\n...\n---\nb: 2\n", code: "yaml.multiple-documents", at: "3:1"),
])
func structureFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func duplicateKeyNoteSaysFirstDefinedHere() throws {
  let d = try #require(loadFailure("a: 1\na: 2\n"))
  #expect(d.rendered(in: .en) == "test.yaml:2:1: error[yaml.duplicate-key]: key 'a' appears twice in the same mapping: write each key once; remove or merge one of them\n  test.yaml:1:1: note: first defined here")
}

@Test func duplicateKeyFixture() {
  do {
    _ = try YAMLLoader.load(file: fixture("duplicate-key.yaml"))
    Issue.record("loaded")
  } catch {
    #expect(error.code == "yaml.duplicate-key")
    #expect(error.location?.position == "7:7")
    #expect(error.notes.first?.location?.position == "5:7")
    #expect(error.location?.file.hasSuffix("duplicate-key.yaml") == true)
  }
}

@Test func oneExplicitDocumentLoads() throws {
  let root = try YAMLLoader.load(string: "---\na: 1\n...\n", file: "t.yaml")
  #expect(root.int("a") == 1)
}
