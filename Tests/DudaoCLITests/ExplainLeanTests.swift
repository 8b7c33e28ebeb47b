import DudaoTestSupport
import Foundation
import Testing

/// `explain --data` and `checklist` load only the school asked for (issue 7):
/// the same output as loading the data whole, and no errors of the schools
/// left out (a duplicate id among them, a CSV row that does not type).
@Suite struct ExplainLeanTests {
  static let asOf = ["--as-of", "2026-11-23"]
  static let checklist = "examples/inspection/xa01-checklist-2026-11-20.yaml"

  /// A copy of an example folder, `change`d, in a fresh temporary folder.
  static func copy(_ example: String, _ change: (String) throws -> Void) throws -> String {
    let dir = TestScratch.folder + "dudao-lean-\(UUID().uuidString)"
    try FileManager.default.copyItem(atPath: CLI.root + "/" + example, toPath: dir)
    try change(dir)
    return dir
  }

  /// examples/district with a second copy of 云溪小学 (3502130102): a duplicate id.
  static func duplicatedYAML() throws -> String {
    try copy("examples/district") { dir in
      try FileManager.default.copyItem(atPath: dir + "/xa02_yunxi_primary.yaml", toPath: dir + "/zz_copy.yaml")
    }
  }

  /// examples/district-csv with a class of 启航中学 (3502130201) whose size is not a number.
  static func brokenCSV() throws -> String {
    try copy("examples/district-csv") { dir in
      let path = dir + "/classes.csv"
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let broken = text.replacingOccurrences(of: "\n3502130201,7-1,7,", with: "\n3502130201,7-1,7,abc")
      #expect(broken != text)
      try broken.write(toFile: path, atomically: true, encoding: .utf8)
    }
  }

  static func remove(_ paths: String...) { for p in paths { try? FileManager.default.removeItem(atPath: p) } }

  /// `original` and `changed` give the same output (status, stdout, stderr);
  /// `changed` once failed: the whole load reported the other schools' errors.
  static func same(_ original: [String], _ changed: [String]) throws {
    let a = try CLI.run(original + asOf)
    let b = try CLI.run(changed + asOf)
    #expect(a.status == 0, "\(original): \(a.stderr)")
    #expect(b.status == a.status && b.stdout == a.stdout && b.stderr == a.stderr, "\(changed): \(b.stderr)")
  }

  @Test func explainIsTheWholeLoadsOnOneSchool() throws {
    let yaml = try Self.duplicatedYAML()
    let csv = try Self.brokenCSV()
    defer { Self.remove(yaml, csv) }
    for rule in ["CLASS.SIZE", "PE.BIG_BREAK", "STAFF.PSYCH_TEACHER"] {
      try Self.same(["explain", rule, "--data", "examples/district", "--school", "3502130301"], ["explain", rule, "--data", yaml, "--school", "3502130301"])
      try Self.same(
        ["explain", rule, "--data", "examples/district-csv", "--data", Self.checklist, "--school", "3502130101", "--lang", "en"],
        ["explain", rule, "--data", csv, "--data", Self.checklist, "--school", "3502130101", "--lang", "en"])
      // Without --school: the first school of the data.
      try Self.same(["explain", rule, "--data", "examples/district-csv"], ["explain", rule, "--data", csv])
    }
  }

  @Test func checklistIsTheWholeLoadsOnOneSchool() throws {
    let yaml = try Self.duplicatedYAML()
    let csv = try Self.brokenCSV()
    defer { Self.remove(yaml, csv) }
    for format in ["text", "yaml", "csv", "html"] {
      try Self.same(["checklist", "--school", "3502130401", "--format", format, "examples/district"], ["checklist", "--school", "3502130401", "--format", format, yaml])
      try Self.same(
        ["checklist", "--school", "3502130101", "--format", format, "--lang", "en", "examples/district-csv", Self.checklist],
        ["checklist", "--school", "3502130101", "--format", format, "--lang", "en", csv, Self.checklist])
    }
  }

  /// Errors of the school asked for, and a duplicate of its id, are still reported.
  @Test func errorsOfTheAskedSchoolAreReported() throws {
    let yaml = try Self.duplicatedYAML()
    let csv = try Self.brokenCSV()
    defer { Self.remove(yaml, csv) }
    let duplicate = try CLI.run(["checklist", "--school", "3502130102", yaml] + Self.asOf)
    #expect(duplicate.status == 2)
    #expect(duplicate.stderr.contains("zz_copy.yaml:7:3: 错误[data.duplicate-school]: 学校代码 3502130102 重复出现"), "\(duplicate.stderr)")
    #expect(duplicate.stderr.contains("xa02_yunxi_primary.yaml:7:3: 说明: 首次出现于此"))
    let cell = try CLI.run(["explain", "CLASS.SIZE", "--data", csv, "--school", "3502130201"] + Self.asOf)
    #expect(cell.status == 2)
    #expect(cell.stderr.contains("classes.csv:21:18: 错误[data.wrong-type]"), "\(cell.stderr)")
  }

  /// An id the data lacks: the messages as before, with the data's first ids.
  @Test func unknownSchool() throws {
    let checklist = try CLI.run(["checklist", "--school", "9999", "examples/district"] + Self.asOf)
    #expect(checklist.status == 2)
    #expect(
      checklist.stderr == "error[checklist.unknown-school]: 数据中没有学校代码为 “9999” 的学校；数据中的学校代码："
        + "3502130101, 3502130102, 3502130103, 3502130201, 3502130301, 3502130401, 3502130501, 3502130104\n")
    let explain = try CLI.run(["explain", "CLASS.SIZE", "--data", "examples/district-csv", "--school", "9999", "--lang", "en"] + Self.asOf)
    #expect(explain.status == 2 && explain.stderr == "error[cli.unknown-school]: no school 9999 in the data\n")
  }

  /// A district rule: every district's finding, from the whole data streamed.
  @Test func districtRuleSeesEverySchool() throws {
    let r = try CLI.run(["explain", "DISTRICT.OVERSIZE_SHARE", "--data", "examples/district", "--school", "3502130301"] + Self.asOf)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.hasSuffix(
        "\n  在 厦门市翔安区明德学校（3502130301）上的结果，评估日期 2026-11-23：\n    读取的数据：\n"
          + "    district 翔安区: pass（合格） 实际 0.0217，要求 56 人以上大班额不超过义务教育班级总数的 5%\n"), "\(r.stdout)")
    let en = try CLI.run(["explain", "DISTRICT.TEACHER_EXCHANGE", "--data", "examples/district-csv", "--lang", "en"] + Self.asOf)
    #expect(en.status == 0, "\(en.stderr)")
    #expect(
      en.stdout.hasSuffix(
        "\n  on 厦门市翔安区凤鸣小学 (3502130101), as of 2026-11-23:\n    values read:\n"
          + "    district 翔安区: pass（pass） observed 0.115, required at least 10% of eligible teachers rotated, at least 20% of them key teachers\n"), "\(en.stdout)")
  }
}
