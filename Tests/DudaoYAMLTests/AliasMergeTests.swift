import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

@Test(arguments: [
  FailureCase("undefined alias", "a: *nope\n", code: "yaml.undefined-alias", at: "1:4"),
  FailureCase("alias before its anchor", "a: *x\nb: &x 1\n", code: "yaml.undefined-alias", at: "1:4"),
  FailureCase("alias inside its own anchor", "a: &x [1, *x]\n", code: "yaml.alias-cycle", at: "1:11", note: "1:7"),
  FailureCase("alias inside its own block anchor", "a: &x\n  b: *x\n", code: "yaml.alias-cycle", at: "2:6", note: "2:3"),
  FailureCase("alias limit", "a: &a [1, 2]\nb: *a\nc: *a\n", code: "yaml.alias-limit", at: "3:4",
              limits: limits { $0.maxAliasNodes = 3 }),
  FailureCase("merge of a scalar", "a: &a 1\nm:\n  <<: *a\n", code: "yaml.merge-invalid", at: "3:7"),
  FailureCase("merge of a plain scalar", "m:\n  <<: x\n", code: "yaml.merge-invalid", at: "2:7"),
  FailureCase("merge of an empty value", "m:\n  <<:\n  a: 1\n", code: "yaml.merge-invalid", at: "2:6"),
  FailureCase("merge list with a scalar", "a: &a {x: 1}\nm:\n  <<: [*a, 2]\n", code: "yaml.merge-invalid", at: "3:12"),
  FailureCase("merge list with an aliased list", "a: &a [1]\nm:\n  <<: [*a]\n", code: "yaml.merge-invalid",
              at: "3:8"),
  FailureCase("merge of an aliased list of scalars", "a: &a [1]\nm:\n  <<: *a\n", code: "yaml.merge-invalid",
              at: "3:7"),
])
func aliasAndMergeFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func aliasCopiesTheAnchoredNodeWithItsLocations() throws {
  let root = try YAMLLoader.load(string: "base: &b\n  x: 1\nuse: *b\nlist: [*b, *b]\n", file: "t.yaml")
  let use = try #require(root["use"])
  #expect(use == root["base"])
  #expect(use.location.position == "2:3")
  #expect(root.at(["list", 1, "x"])?.location.position == "2:6")
}

@Test func laterAnchorWithTheSameNameWins() throws {
  let root = try YAMLLoader.load(string: "a: &x 1\nb: &x 2\nc: *x\nd: &x [&x 3, *x]\n", file: "t.yaml")
  #expect(root.int("c") == 2)
  #expect(root.at(["d", 1])?.int == 3)
}

@Test func mergeKeys() throws {
  let source = """
    base: &base {x: 1, y: 2}
    other: &other {x: 10, z: 30}
    single:
      <<: *base
      y: 3
    list:
      a: 0
      <<: [*base, *other]
      z: 31
    inline: {<<: {p: 1}, q: 2}
    """
  let root = try YAMLLoader.load(string: source, file: "t.yaml")
  let single = try #require(root["single"])
  #expect(single.keys == ["x", "y"])
  #expect(single.int("x") == 1)
  #expect(single.int("y") == 3)  // explicit key wins, and is no duplicate
  #expect(single.at(["x"])?.location.position == "1:17")  // merged entries keep their locations
  let list = try #require(root["list"])
  #expect(list.keys == ["a", "x", "y", "z"])  // merged where `<<` stood
  #expect(list.int("x") == 1)  // earlier in the list wins
  #expect(list.int("z") == 31)
  #expect(root["inline"]?.keys == ["p", "q"])
}

@Test func quotedMergeKeyIsAPlainKey() throws {
  let root = try YAMLLoader.load(string: "m:\n  '<<': 1\n", file: "t.yaml")
  #expect(root["m"]?.int("<<") == 1)
}

/// The classic "billion laughs" (9 levels of 10 aliases) must fail at once,
/// long before anything is copied.
@Test func billionLaughsFailsFast() {
  let clock = ContinuousClock()
  var failure: Diagnostic?
  let elapsed = clock.measure {
    failure = loadFailureAt(fixture("billion-laughs.yaml"))
  }
  #expect(failure?.code == "yaml.alias-limit")
  // Level e: 12,330 nodes from levels b-d, then 11,111 per alias; the 8th passes 100,000.
  #expect(failure?.location?.position == "5:29")
  #expect(elapsed < .milliseconds(500))
}

/// Many merges of a big mapping are counted like aliases.
@Test func mergeBombIsCounted() {
  var source = "base: &b {" + (0..<1000).map { "k\($0): \($0)" }.joined(separator: ", ") + "}\nuses:\n"
  for _ in 0..<200 { source += "  - <<: *b\n" }
  let d = loadFailure(source)
  #expect(d?.code == "yaml.alias-limit")
  #expect(d?.location?.position == "52:9")
}
