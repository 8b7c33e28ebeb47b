import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

private func nested(_ levels: Int) -> String {
  (0..<levels).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
}

@Test(arguments: [
  FailureCase("file too large", "a: 12345678\n", file: "big.yaml", code: "yaml.file-too-large", at: "0:0",
              limits: limits { $0.maxFileBytes = 8 }),
  FailureCase("scalar too large", "a: 12345678\nb: x\n", code: "yaml.scalar-too-large", at: "1:4",
              limits: limits { $0.maxScalarBytes = 7 }),
  FailureCase("scalar too large counts bytes", "a: 中文中文\n", code: "yaml.scalar-too-large", at: "1:4",
              limits: limits { $0.maxScalarBytes = 6 }),
  FailureCase("depth of flow sequences", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
              code: "yaml.depth-limit", at: "1:65"),
  FailureCase("depth of block mappings", nested(70), code: "yaml.depth-limit", at: "65:65"),
  FailureCase("depth limit lowered", "a: {b: [c]}\n", code: "yaml.depth-limit", at: "1:8", limits: limits { $0.maxDepth = 2 }),
  FailureCase("node count", "[1,2,3,4,5,6,7,8,9,10]", code: "yaml.node-limit", at: "1:20",
              limits: limits { $0.maxNodes = 10 }),
  FailureCase("node count through aliases", "a: &a [1, 2, 3]\nb: *a\n", code: "yaml.node-limit", at: "2:4",
              limits: limits { $0.maxNodes = 8 }),
])
func limitFailures(_ c: FailureCase) {
  expectFailure(c)
}

@Test func limitsAtTheBoundaryLoad() throws {
  let depth = limits { $0.maxDepth = 2 }
  _ = try YAMLLoader.load(string: "a: [b]\n", file: "t.yaml", limits: depth)
  let scalar = limits { $0.maxScalarBytes = 8 }
  _ = try YAMLLoader.load(string: "a: 12345678\n", file: "t.yaml", limits: scalar)
  let nodes = limits { $0.maxNodes = 11 }
  _ = try YAMLLoader.load(string: "[1,2,3,4,5,6,7,8,9,10]", file: "t.yaml", limits: nodes)
  let aliases = limits { $0.maxAliasNodes = 3 }
  _ = try YAMLLoader.load(string: "a: &a [1, 2]\nb: *a\n", file: "t.yaml", limits: aliases)
}

/// 100,000 unclosed brackets fail at the 65th, fast and without deep recursion.
@Test func hundredThousandBracketsFailFast() {
  let clock = ContinuousClock()
  var failure: Diagnostic?
  let elapsed = clock.measure {
    failure = loadFailure(String(repeating: "[", count: 100_000))
  }
  #expect(failure?.code == "yaml.depth-limit")
  #expect(failure?.location?.position == "1:65")
  #expect(elapsed < .milliseconds(500))
}

@Test func depthFixture() {
  let d = loadFailureAt(fixture("deep.yaml"))
  #expect(d?.code == "yaml.depth-limit")
  #expect(d?.location?.position == "3:7")
}

@Test func hugeScalarFixture() {
  let d = loadFailureAt(fixture("huge-scalar.yaml"), limits: limits { $0.maxScalarBytes = 1024 })
  #expect(d?.code == "yaml.scalar-too-large")
  #expect(d?.location?.position == "2:7")
}

@Test func fileTooLargeIsRefusedBeforeReading() {
  let d = loadFailureAt(fixture("too-large.yaml"), limits: limits { $0.maxFileBytes = 100 })
  #expect(d?.code == "yaml.file-too-large")
  #expect(d?.location?.line == 0)
  #expect(d?.location?.file.hasSuffix("too-large.yaml") == true)
}
