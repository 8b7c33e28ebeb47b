import DudaoTestSupport
import Foundation
import Testing

/// `dudao template` and `dudao impact` as a user runs them.
@Suite struct TemplateImpactCLITests {
  func tempDir() throws -> String {
    let dir = TestScratch.folder + "dudao-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func csvTemplateWritesTablesAndGuide() throws {
    let dir = try tempDir()
    let r = try CLI.run(["template", "--format", "csv", "--output", dir])
    #expect(r.status == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(names == ["classes.csv", "rectification_items.csv", "schools.csv", "staff.csv", "填表说明.md"])
    let bytes = try #require(FileManager.default.contents(atPath: dir + "/schools.csv"))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])  // UTF-8 BOM: Excel opens it as UTF-8
    let schools = String(decoding: bytes, as: UTF8.self)
    #expect(schools.contains("学校代码"))
  }

  @Test func yamlTemplateIsAFileToFill() throws {
    let dir = try tempDir()
    let r = try CLI.run(["template", "--format", "yaml", "--output", dir])
    #expect(r.status == 0)
    let yaml = try String(contentsOfFile: dir + "/school.yaml", encoding: .utf8)
    #expect(yaml.contains("school:"))
    #expect(yaml.contains("#"))
  }

  @Test func badTemplateFormatIsAUsageError() throws {
    let r = try CLI.run(["template", "--format", "xlsx"])
    #expect(r.status == 2)
  }

  func overlay(_ overrides: String) throws -> String {
    let dir = try tempDir()
    try "name: impact-test\nversion: \"1\"\nextends: \(CLI.root)/rules\noverrides:\n\(overrides)"
      .write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
    return dir
  }

  @Test func impactOfATighterFloorNamesTheRuleAndSchool() throws {
    let new = try overlay("  PE.DAILY_ACTIVITY: { params: { min_minutes: 70 } }\n")
    let r = try CLI.run(["impact", "--as-of", "2026-11-23", "rules", new, "examples/district"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("PE.DAILY_ACTIVITY"))
    #expect(r.stdout.contains("状态变化 1"))
    let j = try CLI.run(["impact", "--as-of", "2026-11-23", "--format", "json", "rules", new, "examples/district"])
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
    #expect(obj["schema"] as? String == "dudao.impact/v1")
  }

  @Test func impactOnMissingDataExits2() throws {
    let r = try CLI.run(["impact", "rules", "rules", "/nonexistent/data"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("/nonexistent/data"))
  }
}
