import DudaoTestSupport
import Foundation
import Testing

/// `dudao explain --rules OVERLAY` with no rule id lists every overlay change with its file.
@Suite struct ExplainChangesTests {
  func overlay(_ overrides: String) throws -> String {
    let dir = TestScratch.folder + "dudao-explain-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let yaml = "name: test-overlay\nversion: \"1\"\nextends: \(CLI.root)/rules\noverrides:\n" + overrides
    try yaml.write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
    return dir
  }

  @Test func listsEveryChangeWithItsFile() throws {
    let dir = try overlay("  PE.DAILY_ACTIVITY: { params: { min_minutes: 70 } }\n  PE.BIG_BREAK: { rectify: { within: 10 workdays } }\n")
    let r = try CLI.run(["explain", "--rules", dir])
    #expect(r.status == 0)
    #expect(r.stdout.contains("覆盖包的修改（2 条规则）"))
    #expect(r.stdout.contains("[test-overlay] 参数 min_minutes：60 → 70  (\(dir)/pack.yaml:5:"))
    #expect(r.stdout.contains("[test-overlay] 整改要求：within: 30 days → within: 10 workdays  (\(dir)/pack.yaml:6:"))
  }

  @Test func looseningOverlayFailsLintWithItsPosition() throws {
    let dir = try overlay("  PE.DAILY_ACTIVITY: { params: { min_minutes: 45 } }\n")
    let r = try CLI.run(["lint", dir])
    #expect(r.status == 2)
    #expect(r.stderr.contains("\(dir)/pack.yaml:5:"))
    #expect(r.stderr.contains("rules.loosened-standard"))
    #expect(r.stderr.contains("loosen:"))
  }

  @Test func statedLooseningIsShown() throws {
    let dir = try overlay("  PE.DAILY_ACTIVITY:\n    params: { min_minutes: 45 }\n    loosen: 示例理由\n")
    #expect(try CLI.run(["lint", dir]).status == 0)
    let r = try CLI.run(["explain", "--rules", dir, "PE.DAILY_ACTIVITY"])
    #expect(r.stdout.contains("放宽：下限 min_minutes 从 60 降到 45（理由：示例理由）"))
  }
}
