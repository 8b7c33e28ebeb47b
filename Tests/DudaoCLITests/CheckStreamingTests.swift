import DudaoTestSupport
import Foundation
import Testing

/// `check --format csv` streams; its limits and progress as a user meets them.
@Suite struct CheckStreamingTests {
  static let lines = """
    {"id":"S1","name":"一小","level":"primary","district":"甲区","students":900,"schedule":{"daily_pe_minutes":45,"big_break_minutes":30},"teaching":{"screen_minutes":200,"total_minutes":1000},"classes":[{"id":"1-1","grade":1,"students":48}],"staff":[{"id":"T1","role":"teacher","subjects":["math"],"full_time":true,"weekly_periods":22}]}
    {"id":"S2","name":"二中","level":"junior","district":"甲区","students":500,"schedule":{"daily_pe_minutes":60,"big_break_minutes":30},"teaching":{"screen_minutes":100,"total_minutes":1000},"classes":[{"id":"7-1","grade":7,"students":40}],"staff":[{"id":"T1","role":"teacher","subjects":["mental_health"],"full_time":true,"weekly_periods":12}]}

    """

  @Test func failingFindingsAsCSV() throws {
    let data = try CLI.file(Self.lines, ext: "jsonl")
    let out = TestScratch.folder + "dudao-cli-\(UUID().uuidString).csv"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let r = try CLI.run(["check", "--rules", "Benchmarks/pack", "--as-of", "2026-11-23", "--format", "csv", "--status", "fail", "--output", out, "--lang", "en", data])
    #expect(r.status == 1)
    let csv = try String(decoding: Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
    let rules = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[2] }
    #expect(rules == ["R1", "R4", "R5", "R8", "R9", "R9"])
    // Not a terminal: no progress line.
    #expect(!r.stderr.contains("schools checked"))
  }

  /// A warning on every line of a large file: each printed with its own
  /// line's excerpt around the column (the file is read once for all of
  /// them; it used to be read again per warning, past 64 MB without end).
  @Test func warningOnEveryLineShowsItsLine() throws {
    var text = ""
    for i in 0..<3000 {
      // A different unknown key per line: different warnings, none summed up.
      text += #"{"id":"S\#(i)","name":"校\#(i)","level":"primary","district":"甲区","students":100,"zzz\#(i)":\#(i),"note":""#
      text += String(repeating: "x", count: 500) + "\"}\n"
    }
    let data = try CLI.file(text, ext: "jsonl")
    let out = TestScratch.folder + "dudao-cli-\(UUID().uuidString).csv"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let r = try CLI.run(["check", "--rules", "Benchmarks/pack", "--as-of", "2026-11-23", "--format", "csv", "--output", out, "--lang", "en", data])
    #expect(r.status == 0)  // no data for the rules: unknown, not failed
    let warnings = r.stderr.components(separatedBy: "warning[data.unknown-field]").count - 1
    #expect(warnings >= 3000)
    for i in [0, 1234, 2999] {
      #expect(r.stderr.contains("\(data):\(i + 1):"))
      #expect(r.stderr.contains(#"  | {"id":"S\#(i)","name":"校\#(i)","#))
    }
  }

  /// The same warning on every line (an export's extra column): the first
  /// five with their excerpts, then one line with how many more and where
  /// the last is; other warnings keep their place. The JSON report lists all.
  @Test func repeatedWarningIsSummedUp() throws {
    var text = ""
    for i in 0..<40 {
      let extra = i == 20 ? #","studnets":3"# : ""
      text += #"{"export_batch":"2026-11","id":"S\#(i)","level":"primary","students":100\#(extra)}"# + "\n"
    }
    let data = try CLI.file(text, ext: "jsonl")
    let out = TestScratch.folder + "dudao-cli-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let r = try CLI.run(["check", "--rules", "Benchmarks/pack", "--as-of", "2026-11-23", "--format", "json", "--output", out, data])
    #expect(r.status == 0)
    #expect(r.stderr.components(separatedBy: "警告[data.unknown-field]: 数据字典中没有字段 school.export_batch").count - 1 == 5)
    #expect(r.stderr.contains("\(data):5:2: 警告[data.unknown-field]"))
    #expect(!r.stderr.contains("\(data):6:2: 警告"))
    #expect(r.stderr.contains("警告[data.unknown-field]: 同样的警告另有 35 处，最后一处在 \(data):40:2，不再逐条列出"))
    #expect(r.stderr.contains("\(data):21:"), "the other warning keeps its place")
    let report = try String(contentsOfFile: out, encoding: .utf8)
    #expect(report.components(separatedBy: "school.export_batch").count - 1 == 40)
    let en = try CLI.run(["check", "--rules", "Benchmarks/pack", "--as-of", "2026-11-23", "--format", "csv", "--output", out, "--lang", "en", data])
    #expect(en.stderr.contains("warning[data.unknown-field]: 35 more of the same warnings, the last at \(data):40:2, not listed one by one"))
  }

  @Test func schoolTooLarge() throws {
    let big = "{\"id\":\"S3\",\"name\":\"" + String(repeating: "长", count: 400_000) + "\"}\n"
    let data = try CLI.file(Self.lines + big, ext: "jsonl")
    let r = try CLI.run(["check", "--rules", "Benchmarks/pack", "--format", "csv", "--max-school-mb", "1", "--lang", "en", data])
    #expect(r.status == 2)
    #expect(r.stderr.contains("\(data):3:1: error[data.line-too-long]"))
    #expect(r.stderr.contains("--max-school-mb"))
  }

  @Test func badLimit() throws {
    let data = try CLI.file(Self.lines, ext: "jsonl")
    let r = try CLI.run(["check", "--format", "csv", "--max-nodes", "0", data])
    #expect(r.status != 0)
    #expect(r.stderr.contains("--max-nodes"))
  }
}
