import DudaoTestSupport
import Foundation
import Testing

/// `dudao checklist` → filled on site → `dudao check` with the data uses the observations.
@Suite struct ChecklistCLITests {
  static let school = "examples/district/xa03_haihui_primary.yaml"

  /// The checklist with `value`s filled in for the given items, and the date.
  static func fill(_ yaml: String, date: String?, values: [String: String]) -> String {
    var out: [String] = []
    var pending: String?
    for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let date, line.hasPrefix("  date:") { out.append("  date: \(date)"); continue }
      if line.hasPrefix("  - item: ") {
        let item = line.dropFirst("  - item: ".count).split(separator: " ").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        pending = item.flatMap { values[$0] }
      }
      if line == "    value:", let v = pending {
        out.append("    value: \(v)")
        pending = nil
        continue
      }
      out.append(line)
    }
    return out.joined(separator: "\n")
  }

  @Test func yamlRoundTrip() throws {
    let r = try CLI.run(["checklist", "--school", "3502130103", "--as-of", "2026-11-23", "--format", "yaml", Self.school])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("checklist:\n  school_id: \"3502130103\"\n"))
    #expect(r.stdout.contains("  - item: \"schedule.big_break_minutes\"   # 大课间体育活动时间\n    rule: \"PE.BIG_BREAK\"\n    reported: 20\n    value:\n    note:\n"))
    // The school reported 20 minutes of big break (fail); on site it was 30, and 7-1... was counted at 58.
    let filled = Self.fill(r.stdout, date: "2026-11-20", values: ["schedule.big_break_minutes": "30", "classes[1-1].students": "58"])
    let path = try CLI.file(filled)
    let check = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", Self.school, path])
    #expect(check.status == 1, "\(check.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
    let findings = try #require(json["findings"] as? [[String: Any]])
    func finding(_ rule: String, _ subject: String) -> [String: Any]? {
      findings.first { ($0["rule"] as? [String: Any])?["id"] as? String == rule && ($0["subject"] as? [String: Any])?["id"] as? String == subject }
    }
    let bigBreak = try #require(finding("PE.BIG_BREAK", "3502130103"))
    #expect(bigBreak["status"] as? String == "pass")
    #expect(bigBreak["observed"] as? Int == 30)
    let obs = try #require((bigBreak["observations"] as? [[String: Any]])?.first)
    #expect(obs["date"] as? String == "2026-11-20" && obs["reported"] as? Int == 20 && obs["value"] as? Int == 30)
    let oversize = try #require(finding("CLASS.OVERSIZE", "1-1"))
    #expect(oversize["status"] as? String == "fail" && oversize["observed"] as? Int == 58)
    // The text report says where the value came from.
    let text = try CLI.run(["check", "--as-of", "2026-11-23", Self.school, path])
    #expect(text.stdout.contains("现场核查（2026-11-20）：班级 1-1 班额 58（学校填报"))
  }

  @Test func unfilledChecklistChangesNothing() throws {
    let r = try CLI.run(["checklist", "--school", "3502130103", "--as-of", "2026-11-23", "--format", "yaml", Self.school])
    let path = try CLI.file(r.stdout)
    let with = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", Self.school, path])
    let without = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", Self.school])
    #expect(with.stdout == without.stdout && with.status == without.status)
  }

  @Test func csvRoundTrip() throws {
    let r = try CLI.run(["checklist", "--school", "3502130103", "--as-of", "2026-11-23", "--format", "csv", Self.school])
    #expect(r.status == 0, "\(r.stderr)")
    var lines = r.stdout.components(separatedBy: "\r\n")
    #expect(lines[0] == "\u{FEFF}学校代码,规则编号,观察事项,查看要点,学校填报值,观察日期,观察结果,备注")
    let i = try #require(lines.firstIndex { $0.contains(",schedule.big_break_minutes,") })
    #expect(lines[i].hasSuffix(",20,,,"))
    lines[i] = String(lines[i].dropLast(3)) + ",2026-11-20,30,全校跑操"
    let path = try CLI.file(lines.joined(separator: "\r\n"), ext: "csv")
    let check = try CLI.run(["check", "--as-of", "2026-11-23", Self.school, path])
    // Haihui fails other rules of the pack; the big break observed at 30 minutes now passes.
    #expect(!check.stdout.contains("PE.BIG_BREAK"), "\(check.stdout)\(check.stderr)")
    let before = try CLI.run(["check", "--as-of", "2026-11-23", Self.school])
    #expect(before.stdout.contains("PE.BIG_BREAK"))
    #expect(!check.stderr.contains("警告"), "\(check.stderr)")
    let verbose = try CLI.run(["check", "--as-of", "2026-11-23", "--verbose", Self.school, path])
    #expect(verbose.stdout.contains("现场核查（2026-11-20）：大课间体育活动时间 30（学校填报 20）；全校跑操"))
  }

  @Test(arguments: ["text", "html"])
  func printableFormats(_ format: String) throws {
    let r = try CLI.run(["checklist", "--school", "3502130103", "--as-of", "2026-11-23", "--format", format, Self.school])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("督导现场检查表"))
    #expect(r.stdout.contains("PE.BIG_BREAK"))
    #expect(r.stdout.contains("按填报数据不合格"))
    #expect(r.stdout.contains("督学"))
  }

  @Test func reportedYesNoReadsAsChinese() throws {
    let r = try CLI.run(["checklist", "--school", "3502130401", "--as-of", "2026-11-23", "--format", "text", "examples/district"])
    #expect(r.stdout.contains("学校填报：国家课程开齐开足 是"))
    #expect(!r.stdout.contains("学校填报：国家课程开齐开足 true"))
  }

  @Test func unknownSchoolExits2NamingTheIDs() throws {
    let r = try CLI.run(["checklist", "--school", "9999", Self.school])
    #expect(r.status == 2)
    #expect(r.stderr.contains("error[checklist.unknown-school]") && r.stderr.contains("3502130103"))
  }

  @Test func badDataExits2WithPosition() throws {
    let bad = try CLI.file("school:\n  id: S1\n  students: 很多\n")
    let r = try CLI.run(["checklist", "--school", "S1", bad])
    #expect(r.status == 2)
    #expect(r.stderr.contains(bad + ":3:13: 错误[data.wrong-type]"), "\(r.stderr)")
  }

  @Test func badChecklistGivenToCheckExits2WithPosition() throws {
    let filled = try CLI.file("checklist: { school_id: \"3502130103\", date: 2026-11-20 }\nobservations:\n  - { item: schedule.big_break_minutes, value: 半小时 }\n")
    let r = try CLI.run(["check", Self.school, filled])
    #expect(r.status == 2)
    #expect(r.stderr.contains(filled + ":3:48: 错误[checklist.wrong-type]"), "\(r.stderr)")
    #expect(r.stderr.contains("应为整数"))
  }

  @Test func helpShowsAnExample() throws {
    let r = try CLI.run(["checklist", "--help"])
    #expect(r.status == 0 && r.stdout.contains("dudao checklist --school 3502130401"))
  }

  @Test func checkWritesHTML() throws {
    let out = TestScratch.folder + "dudao-\(UUID().uuidString).html"
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "html", "--output", out, "examples/district"])
    #expect(r.status == 1, "\(r.stderr)")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("督导检查反馈报告"))
  }

  @Test func checkWritesCSVWithLedgerColumns() throws {
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "csv", "--status", "fail", "examples/district"])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix("\u{FEFF}学校,学校代码,规则,对象,严重程度,状态,首次发现,最近发现,整改期限,逾期天数,责任方,销号日期,整改证据,问题编号,"))
    let json = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "json", "examples/district"])
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    let failing = try #require(summary["fail"] as? Int)
    #expect(failing > 0)
    #expect(r.stdout.components(separatedBy: "\r\n").count == 1 + failing + 1)  // header, the failing findings, the empty string after the last CRLF
  }
}

/// The bundled filled checklist (examples/inspection) turns a school that passes on paper into three findings.
@Suite struct InspectionExampleTests {
  @Test func exampleChecklistFailsWhatWasSeen() throws {
    let args = ["check", "--as-of", "2026-11-20", "--status", "fail", "examples/district", "examples/inspection/xa01-checklist-2026-11-20.yaml"]
    let r = try CLI.run(args)
    #expect(r.status == 1, "\(r.stderr)")
    let school = r.stdout.components(separatedBy: "■ ").first { $0.hasPrefix("厦门市翔安区凤鸣小学") } ?? ""
    #expect(school.contains("不合格 3"))
    #expect(school.contains("现场核查（2026-11-20）：班级 3-1 班额 57（学校填报 45）"))
    #expect(school.contains("现场核查（2026-11-20）：大课间体育活动时间 20（学校填报 30）"))
    // No observation was refused (a refused one is a warning in the report).
    #expect(!r.stdout.contains("未采用") && !r.stdout.contains("没有日期"), "\(r.stdout)")
  }
}
