import DudaoTestSupport
import Foundation
import Testing

/// Runs the built `dudao sample` as a user would.
struct Sample {
  var status: Int32
  var stdout: String
  var stderr: String

  static func run(_ args: [String]) throws -> Sample {
    let debug = repoRoot + "/.build/debug/dudao"
    let binary = FileManager.default.isExecutableFile(atPath: debug) ? debug : repoRoot + "/.build/release/dudao"
    let r = try CommandRun.run(binary, args, in: repoRoot)
    return Sample(status: r.status, stdout: r.stdout, stderr: r.stderr)
  }

  /// `dudao sample` on the example district and inspectors, plus `extra`.
  static func example(_ extra: [String]) throws -> Sample {
    try run(["sample", "--schools", "examples/district", "--inspectors", "examples/inspectors.yaml", "--seed", "2026-11-23 翔安区第1批"] + extra)
  }
}

@Suite struct SampleCommandTests {
  @Test func drawsTheExampleInChinese() throws {
    let r = try Sample.example(["--count", "4", "--strata", "level"])
    #expect(r.status == 0)
    #expect(r.stderr == "")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.prefix(4) == ["双随机抽查方案", "随机种子：2026-11-23 翔安区第1批", "输入摘要：sha256:b3eebb00111d0095a587f69e926e993c70566f23295be6000d3778d3b0f7b32b", "候选学校 8 所，按 level 分层；抽取 4 所，每组督学 2 人"])
    #expect(lines[4] == "1. 3502130401 厦门市翔安区鹭岛中学 [complete_secondary] —— 督学：DX03、DX02")
    #expect(lines.count == 8)
    #expect(!r.stdout.contains("示例督学"), "names are personal data")
  }

  @Test func speaksEnglish() throws {
    let r = try Sample.example(["--count", "1", "--lang", "en"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("Random inspection plan (双随机)\nseed: 2026-11-23 翔安区第1批\n"))
    #expect(r.stdout.contains("8 candidate school(s); 1 drawn, 2 inspector(s) per team\n"))
  }

  @Test func jsonIsTheFixedSchemaAndReproducible() throws {
    let a = try Sample.example(["--count", "3", "--strata", "district,level", "--format", "json"])
    let b = try Sample.example(["--count", "3", "--strata", "district,level", "--format", "json"])
    #expect(a.status == 0)
    #expect(a.stdout == b.stdout)
    let plan = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
    #expect(Set(plan.keys) == ["seed", "digest", "count", "schools", "unstaffed"])
    let schools = try #require(plan["schools"] as? [[String: Any]])
    #expect(schools.count == 3)
    #expect(schools.allSatisfy { Set($0.keys) == ["id", "stratum", "team"] && ($0["team"] as? [String])?.count == 2 })
    #expect((schools.first?["stratum"] as? String)?.hasPrefix("翔安区/") == true)
  }

  /// The digest covers what the draw uses, not file bytes: the same district
  /// as YAML files or as CSV tables gives the same plan.
  @Test func theSameSchoolsInAnotherFormatGiveTheSamePlan() throws {
    let args = ["--inspectors", "examples/inspectors.yaml", "--seed", "x", "--count", "3", "--strata", "district,level", "--format", "json"]
    let yaml = try Sample.run(["sample", "--schools", "examples/district"] + args)
    let csv = try Sample.run(["sample", "--schools", "examples/district-csv"] + args)
    #expect(yaml.status == 0)
    #expect(yaml.stdout == csv.stdout)
  }

  @Test func namesOnlyWhenAsked() throws {
    let r = try Sample.example(["--count", "2", "--format", "json", "--show-names"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("\"names\": {"))
    #expect(r.stdout.contains("示例督学"))
    let text = try Sample.example(["--count", "1", "--show-names"])
    #expect(text.stdout.contains(" 示例督学"))
  }

  @Test func csvOpensInExcel() throws {
    let out = TestScratch.folder + "dudao-sample-\(UUID().uuidString).csv"
    let r = try Sample.example(["--count", "2", "--format", "csv", "--output", out])
    #expect(r.status == 0 && r.stdout == "")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(csv.hasPrefix("序号,学校代码,学校名称,分层,督学,状态\r\n1,"))
    #expect(csv.hasSuffix(",已派组\r\n"))
  }

  @Test func anUnstaffedSchoolExitsOneWithThePlan() throws {
    let inspectors = try tempFile("inspectors:\n  - { id: A, conflicts: [\"3502130101\"] }\n  - { id: B }\n")
    let r = try Sample.run([
      "sample", "--schools", "examples/district", "--inspectors", inspectors, "--seed", "x", "--count", "8", "--format", "json",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.contains("\"unstaffed\": [\n    {\n      \"id\": \"3502130101\",\n      \"reason\": \"conflicts\"\n    }\n  ]"))
    let text = try Sample.run(["sample", "--schools", "examples/district", "--inspectors", inspectors, "--seed", "x", "--count", "8"])
    #expect(text.status == 1)
    #expect(text.stdout.contains("3502130101 厦门市翔安区凤鸣小学 —— 未能配齐督学：回避后可派督学不足 2 人"))
  }

  @Test func writeInputsThenReplayGivesTheSamePlan() throws {
    let inputs = TestScratch.folder + "dudao-sample-\(UUID().uuidString).txt"
    let first = try Sample.example(["--count", "4", "--strata", "level", "--format", "json", "--write-inputs", inputs, "--max-per-inspector", "2"])
    #expect(first.status == 0)
    let replay = try Sample.run(["sample", "--replay", inputs, "--format", "json"])
    #expect(replay.status == 0)
    #expect(replay.stdout == first.stdout)
    #expect(try String(contentsOfFile: inputs, encoding: .utf8).contains("max_per_inspector\t2\n"))
  }

  struct BadCall: Sendable, CustomTestStringConvertible {
    var name: String
    var args: [String]
    var stderr: [String]
    var testDescription: String { name }
  }

  @Test(arguments: [
    BadCall(name: "unknown stratum field", args: ["--count", "2", "--strata", "county"], stderr: ["错误[sample.unknown-stratum-field]", "district", "level"]),
    BadCall(name: "count 0", args: ["--count", "0"], stderr: ["错误[sample.bad-number]: --count 为 0，应不小于 1"]),
    BadCall(name: "count above schools", args: ["--count", "9"], stderr: ["错误[sample.count-too-large]: --count 9 超过可抽学校数 8（已排除 0 所）"]),
    BadCall(name: "exclusion without ledger", args: ["--count", "1", "--exclude-inspected-since", "2026-01-01"], stderr: ["--ledger"]),
    BadCall(name: "weighting without ledger", args: ["--count", "1", "--weight-overdue", "3"], stderr: ["--ledger"]),
    BadCall(name: "missing ledger file", args: ["--count", "1", "--exclude-inspected-since", "2026-01-01", "--ledger", "/nonexistent/x.db"], stderr: ["错误[sample.no-ledger]: 找不到台账数据库：/nonexistent/x.db"]),
    BadCall(name: "bad date", args: ["--count", "1", "--exclude-inspected-since", "2026-13-01", "--ledger", "examples/inspectors.yaml"], stderr: ["cli.bad-date"]),
    BadCall(name: "replay with data", args: ["--count", "1", "--replay", "x.txt"], stderr: ["--replay"]),
    BadCall(name: "missing data file", args: ["--count", "1", "--schools", "/nonexistent"], stderr: ["/nonexistent"]),
    BadCall(name: "bad format", args: ["--count", "1", "--format", "html"], stderr: ["html"]),
  ])
  func badInputExitsTwo(_ c: BadCall) throws {
    let r = try Sample.example(c.args)
    #expect(r.status == 2)
    #expect(r.stdout == "")
    for s in c.stderr { #expect(r.stderr.contains(s), "\(r.stderr)") }
  }

  @Test func aDuplicateInspectorNamesFileLineAndColumn() throws {
    let inspectors = try tempFile("inspectors:\n  - id: A\n  - id: A\n")
    let r = try Sample.run(["sample", "--schools", "examples/district", "--inspectors", inspectors, "--seed", "x", "--count", "1", "--team-size", "1", "--lang", "en"])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("\(inspectors):3:9: error[sample.duplicate-inspector]: inspector id 'A' appears twice; list each inspector once"))
    #expect(r.stderr.contains("\(inspectors):2:9: note: first defined here"))
  }

  @Test func anUnknownConflictSchoolWarnsAndDraws() throws {
    let inspectors = try tempFile("inspectors:\n  - { id: A, conflicts: [X1] }\n  - { id: B }\n")
    let r = try Sample.run(["sample", "--schools", "examples/district", "--inspectors", inspectors, "--seed", "x", "--count", "1"])
    #expect(r.status == 0)
    #expect(r.stderr.hasPrefix("\(inspectors):2:26: 警告[sample.unknown-conflict-school]: 督学 A 的回避学校“X1”不在学校数据中"))
  }

  @Test func aBadReplayListingExitsTwo() throws {
    let listing = try tempFile("dudao.sample/v2\n", ext: "txt")
    let r = try Sample.run(["sample", "--replay", listing])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("\(listing):1:1: 错误[sample.bad-inputs]"))
  }

  /// check → ledger record → sample --exclude-inspected-since / --weight-overdue.
  @Test func usesTheLedger() throws {
    let report = TestScratch.folder + "dudao-sample-\(UUID().uuidString).json"
    let db = TestScratch.folder + "dudao-sample-\(UUID().uuidString).db"
    // Three of the eight schools are checked and recorded: every school of the report counts as inspected.
    let check = try Sample.run([
      "check", "--as-of", "2026-09-10", "--format", "json", "--output", report, "examples/district/xa01_fengming_primary.yaml",
      "examples/district/xa02_yunxi_primary.yaml", "examples/district/xa03_haihui_primary.yaml",
    ])
    #expect(check.status == 1)
    #expect(try Sample.run(["ledger", "record", report, "--ledger", db]).status == 0)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
    let findings = try #require(parsed["findings"] as? [[String: Any]])
    let schools = Set(findings.compactMap { ($0["school"] as? [String: Any])?["id"] as? String }.filter { !$0.isEmpty })
    #expect(schools.count == 3)
    let out = TestScratch.folder + "dudao-sample-\(UUID().uuidString).txt"
    let r = try Sample.example([
      "--count", String(8 - schools.count), "--exclude-inspected-since", "2026-09-01", "--ledger", db, "--format", "json", "--write-inputs", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    for s in schools { #expect(!r.stdout.contains("\"\(s)\"")) }
    let text = try Sample.example(["--count", "1", "--exclude-inspected-since", "2026-09-01", "--ledger", db])
    #expect(text.stdout.contains("候选学校 \(8 - schools.count) 所（已排除近期检查过的 \(schools.count) 所）；抽取 1 所"))
    let tooMany = try Sample.example(["--count", "8", "--exclude-inspected-since", "2026-09-01", "--ledger", db])
    #expect(tooMany.status == 2)
    #expect(tooMany.stderr.contains("已排除 \(schools.count) 所"))
    let weighted = try Sample.example(["--count", "2", "--weight-overdue", "5", "--as-of", "2027-06-01", "--ledger", db, "--write-inputs", out])
    #expect(weighted.status == 0, "\(weighted.stderr)")
    let listing = try String(contentsOfFile: out, encoding: .utf8)
    #expect(listing.contains("weight\t5\n"))
    let heavy = listing.split(separator: "\n").filter { $0.hasPrefix("school\t") && $0.hasSuffix("\t5") }.map { String($0.split(separator: "\t")[1]) }
    #expect(!heavy.isEmpty)
    #expect(Set(heavy).isSubset(of: schools), "only schools with (overdue) findings get tickets")
  }
}
