import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// A ledger run streamed (`check --record/--ledger`): the tap sees every
/// finding of the whole run, in report order and before any change; its
/// changes (waivers) are counted, filtered and written exactly as when they
/// are applied to the whole run.
@Suite struct FindingTapTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var pack: String
    var data: String?
    var keep: Set<Status>?
    var threads: Int
    var csv: Bool
    var testDescription: String {
      "\(pack) \(data ?? "generated") keep=\(keep.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all") threads=\(threads) \(csv ? "csv" : "json")"
    }
  }

  /// What the test tap records of a finding.
  static func line(_ f: Finding) -> [UInt8] { Array("\(f.key) \(f.status.rawValue) \(f.school.id) \(f.rule.id)\n".utf8) }

  /// Waives every failure of a rule whose id ends in 1 or starts with `PE`;
  /// tags (without changing) the unknown findings of rules ending in 3.
  static func adjust(_ f: inout Finding) -> Int64? {
    if f.status == .fail, f.rule.id.hasSuffix("1") || f.rule.id.hasPrefix("PE") {
      f.status = .waived
      f.detail = LocalizedText(zh: "豁免", en: "waived")
      return nil
    }
    return f.status == .unknown && f.rule.id.hasSuffix("3") ? 3 : nil
  }

  static let tap = FindingTap(
    record: line, adjust: adjust,
    warnings: { tags in tags.keys.sorted().map { Diagnostic(code: "test.tag", severity: .warning, location: nil, message: .init(zh: "\($0): \(tags[$0] ?? 0)", en: "")) } })

  @Test(arguments: [
    Case(pack: "Benchmarks/pack", data: nil, keep: nil, threads: 1, csv: true),
    Case(pack: "Benchmarks/pack", data: nil, keep: [.fail, .waived], threads: 2, csv: true),
    Case(pack: "Benchmarks/pack", data: nil, keep: [.waived], threads: 2, csv: false),
    Case(pack: "rules", data: nil, keep: nil, threads: 2, csv: false),
    Case(pack: "rules", data: nil, keep: [.unknown], threads: 1, csv: true),
    Case(pack: "rules", data: "examples/district-csv", keep: nil, threads: 2, csv: true),
    Case(pack: "rules", data: "examples/district", keep: [.waived, .fail], threads: 2, csv: false),
  ])
  func sameAsTheWholeRunAdjusted(_ c: Case) throws {
    let root = StreamingTests.root
    let pack = try PackLoader().load(root + "/" + c.pack)
    let asOf = Day(iso: "2026-11-23")!
    var temp: String?
    if c.data == nil { temp = try StreamingTests.temp(StreamingTests.district(250)) }
    defer { if let temp { try? FileManager.default.removeItem(atPath: temp) } }
    let paths = [c.data.map { root + "/" + $0 } ?? temp ?? ""]

    // The whole run: recorded as it is, then adjusted, counted, filtered.
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: paths)
    var run = try Engine(pack: pack).evaluate(dataset, asOf: asOf)
    let recorded = run.findings.flatMap(Self.line)
    var tags: [Int64: Int] = [:]
    for i in run.findings.indices {
      if let t = Self.adjust(&run.findings[i]) { tags[t, default: 0] += 1 }
    }
    run.warnings += Self.tap.warnings(tags)
    let exit = run.exitStatus(strict: true)
    let counts = Status.allCases.map { s in run.findings.filter { $0.status == s }.count }
    if let keep = c.keep { run.findings = run.findings.filter { keep.contains($0.status) } }
    let model = ReportModel(run, language: .zh)
    let expected = c.csv ? CSVReporter().render(model) : JSONReporter().render(model)
    #expect(run.findings.contains { $0.status == .waived } || c.keep == [.unknown])

    var check = StreamingCheck(engine: try Engine(pack: pack), loader: DatasetLoader(dictionary: pack.dictionary), asOf: asOf, keep: c.keep, threads: c.threads)
    check.batchBytes = 3000
    check.tap = Self.tap
    let format = c.csv ? CSVReporter.streamFormat(pack: pack, asOf: asOf, language: .zh) : JSONReporter.streamFormat(pack: pack, asOf: asOf, language: .zh)
    let checked = try check.prepare(paths: paths, format: format)
    let out = TestScratch.folder + "dudao-tap-out-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    try checked.write(to: out)
    let actual = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
    // Compared as Bools: the texts are too long for a useful message.
    let sameOutput = actual == expected
    #expect(sameOutput, "output differs: \(actual.utf8.count) bytes against \(expected.utf8.count)")
    var streamedRecord: [UInt8] = []
    try checked.forEachRecorded { streamedRecord += $0 }
    let sameRecord = streamedRecord == recorded
    #expect(sameRecord, "recorded: \(streamedRecord.count) bytes against \(recorded.count)")
    // Read back again: the same bytes.
    var again: [UInt8] = []
    try checked.forEachRecorded { again += $0 }
    let sameAgain = again == recorded
    #expect(sameAgain)
    #expect(Status.allCases.map(checked.summary.count) == counts)
    #expect(checked.summary.exitStatus(strict: true) == exit)
    #expect(checked.summary.warnings.map(\.message.zh) == run.warnings.map(\.message.zh))
  }

  /// A tap without `record` (waivers only) keeps nothing to read back.
  @Test func withoutRecordNothingIsKept() throws {
    let pack = try PackLoader().load(StreamingTests.root + "/Benchmarks/pack")
    let file = try StreamingTests.temp(StreamingTests.district(40))
    defer { try? FileManager.default.removeItem(atPath: file) }
    var check = StreamingCheck(engine: try Engine(pack: pack), loader: DatasetLoader(dictionary: pack.dictionary), asOf: Day(iso: "2026-11-23")!, keep: nil, threads: 2)
    check.tap = FindingTap(record: nil, adjust: Self.adjust, warnings: { _ in [] })
    let checked = try check.prepare(paths: [file], format: CSVReporter.streamFormat(pack: pack, asOf: Day(iso: "2026-11-23")!, language: .zh))
    var calls = 0
    try checked.forEachRecorded { _ in calls += 1 }
    #expect(calls == 0)
    #expect(checked.summary.count(.waived) > 0)
  }
}

/// The JSON report's strings: escaped exactly as before it was written as
/// bytes (quotes, backslashes, control characters, U+2028/2029), anything
/// else (CJK, emoji) as it is; whole and streamed the same.
@Suite struct JSONEscapeTests {
  @Test func escapes() throws {
    let name = "甲\"乙\\丙\u{01}\u{1B}\n\t\r\u{2028}\u{2029}😀\u{7F}é"
    let line = #"{"id":"S1","name":"甲\"乙\\丙\u0001\u001b\n\t\r\u2028\u2029😀\u007fé","level":"primary","district":"区","schedule":{"daily_pe_minutes":30}}"#
    let file = try StreamingTests.temp(line + "\n")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let pack = try PackLoader().load(StreamingTests.root + "/Benchmarks/pack")
    let asOf = Day(iso: "2026-11-23")!
    let run = try Engine(pack: pack).evaluate(try DatasetLoader(dictionary: pack.dictionary).load(paths: [file]), asOf: asOf)
    let whole = JSONReporter().render(ReportModel(run, language: .zh))
    #expect(whole.contains(#""name": "甲\"乙\\丙\u0001\u001b\n\t\r\u2028\u2029😀\#u{7F}é""#))
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any])
    let findings = try #require(parsed["findings"] as? [[String: Any]])
    let school = try #require(findings.lazy.compactMap { $0["school"] as? [String: Any] }.first { $0["id"] as? String == "S1" })
    #expect(school["name"] as? String == name)

    let check = StreamingCheck(engine: try Engine(pack: pack), loader: DatasetLoader(dictionary: pack.dictionary), asOf: asOf, keep: nil, threads: 1)
    let out = TestScratch.folder + "dudao-escape-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: out) }
    _ = try check.run(paths: [file], format: JSONReporter.streamFormat(pack: pack, asOf: asOf, language: .zh), output: out)
    #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self) == whole)
  }
}
