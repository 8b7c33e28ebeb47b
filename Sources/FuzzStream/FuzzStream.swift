import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import Foundation
import FuzzSupport

// Differential target: a district of CSV tables, one of them the fuzzer's,
// checked two ways that must agree byte for byte — streamed (tables joined
// in batches, rows typed straight into slots, the fast evaluator) and read
// whole by the general evaluator — with the same exit status and the same
// diagnostics in the same order. A third way: the text report (or the
// HTML page, with GB18030 inputs) streamed (fast) against the whole run's
// (`Engine.evaluate`, district rules on the schools themselves,
// `TextReporter.render` / `HTMLReporter.render`). A fourth, for inputs with
// selector bit 3: a ledger run's tap (every finding recorded, failures of
// some rules waived, unknowns of others counted), streamed against the same
// done to the whole run. A difference is a crash (a finding).

let pack: RulePack = {
  do { return try PackLoader().load(FuzzSupport.repositoryRoot + "/rules") } catch {
    fatalError("the standard pack (a fixed input, not the fuzzer's) does not load: \(error)")
  }
}()
let engine: Engine = {
  do { return try Engine(pack: pack) } catch { fatalError("the standard pack does not compile: \(error)") }
}()
let asOf: Day = {
  guard let d = Day(iso: "2026-11-23") else { fatalError("a fixed date") }
  return d
}()
let format = CSVReporter.streamFormat(pack: pack, asOf: asOf, language: .zh)
let textFormat = TextReporter(color: false).streamFormat(pack: pack, asOf: asOf, language: .zh)
let htmlFormat = HTMLReporter().streamFormat(pack: pack, asOf: asOf, language: .en)
let jsonFormat = JSONReporter.streamFormat(pack: pack, asOf: asOf, language: .zh)
let scratch = FuzzSupport.scratchFolder("fuzz-stream")
let output = scratch + "/out.csv"
let folder = scratch + "/district"
/// The fixed district: three schools, some classes and staff.
let fixed: [(name: String, text: String)] = [
  ("schools.csv", "id,name,level,district,students,schedule.daily_pe_minutes,teaching.screen_minutes,teaching.total_minutes\nS1,甲校,primary,区1,500,60,100,1000\nS2,乙校,junior,区1,900,45,,\nS3,丙校,nine_year,区2,1500,~,400,1000\n"),
  ("classes.csv", "school_id,id,grade,students\nS1,S1-C1,3,46\nS2,S2-C1,8,57\nS1,S1-C2,4,40\n"),
  ("staff.csv", "school_id,id,role,subjects,weekly_periods,full_time\nS1,S1-T1,teacher,mental_health;pe,12,true\nS3,S3-T1,teacher,math,30,否\n"),
]
let prepared: Void = {
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
}()

struct Outcome: Equatable {
  var bytes: [UInt8]
  var exit: Int32
  var diagnostics: [String]
}

func text(_ d: [Diagnostic]) -> [String] {
  d.map { "\($0.code) \($0.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \($0.message.zh)" }
}

func check(streamed: Bool, batch: Int, chunk: Int, format: StreamFormat = format) -> Outcome {
  var loader = DatasetLoader(dictionary: pack.dictionary)
  loader.csvBatchSchools = streamed ? batch : 0
  loader.csvChunkBytes = chunk
  var check = StreamingCheck(engine: engine, loader: loader, asOf: asOf, keep: nil, threads: streamed ? 2 : 1)
  check.useFastPath = streamed
  do throws(DiagnosticList) {
    let summary = try check.run(paths: [folder], format: format, output: output)
    let bytes = FileManager.default.contents(atPath: output).map { [UInt8]($0) } ?? []
    return Outcome(bytes: bytes, exit: summary.exitStatus(strict: true), diagnostics: text(summary.warnings))
  } catch {
    return Outcome(bytes: [], exit: 2, diagnostics: text(error.diagnostics))
  }
}

/// The tap of the fourth comparison: records key and status; waives the
/// failures of rules with an even id length, tags the unknowns of the others.
let tap = FindingTap(
  record: { Array("\($0.key) \($0.status.rawValue)\n".utf8) }, adjust: adjust,
  warnings: { tags in
    tags.keys.sorted().map { Diagnostic(code: "fuzz.tag", severity: .warning, location: nil, message: .init(zh: "\($0): \(tags[$0] ?? 0)", en: "")) }
  })

func adjust(_ f: inout Finding) -> Int64? {
  let even = f.rule.id.utf8.count % 2 == 0
  if f.status == .fail, even {
    f.status = .waived
    f.detail = LocalizedText(zh: "豁免", en: "waived")
    return nil
  }
  return f.status == .unknown && !even ? Int64(f.rule.id.utf8.count) : nil
}

/// The tap's comparison: the streamed check's JSON report (its totals
/// count the findings as adjusted; failures, waived and unknown findings
/// kept) and recorded bytes, against the whole run recorded,
/// adjusted, filtered and rendered.
func tapped(batch: Int, chunk: Int) {
  let keep: Set<Status> = [.fail, .waived, .unknown]
  var loader = DatasetLoader(dictionary: pack.dictionary)
  loader.csvBatchSchools = batch
  loader.csvChunkBytes = chunk
  var check = StreamingCheck(engine: engine, loader: loader, asOf: asOf, keep: keep, threads: 2)
  check.tap = tap
  var streamed: Outcome
  var recorded: [UInt8] = []
  do {
    let checked = try check.prepare(paths: [folder], format: jsonFormat)
    try checked.write(to: output)
    try checked.forEachRecorded { recorded += $0 }
    let bytes = FileManager.default.contents(atPath: output).map { [UInt8]($0) } ?? []
    streamed = Outcome(bytes: bytes, exit: checked.summary.exitStatus(strict: true), diagnostics: text(checked.summary.warnings))
  } catch let error as DiagnosticList {
    streamed = Outcome(bytes: [], exit: 2, diagnostics: text(error.diagnostics))
  } catch {
    fatalError("reading back the recorded findings: \(error)")
  }
  var whole: Outcome
  var wholeRecorded: [UInt8] = []
  do throws(DiagnosticList) {
    var run = engine.evaluate(try DatasetLoader(dictionary: pack.dictionary).load(paths: [folder]), asOf: asOf)
    wholeRecorded = run.findings.flatMap { tap.record?($0) ?? [] }
    var tags: [Int64: Int] = [:]
    for i in run.findings.indices {
      if let t = adjust(&run.findings[i]) { tags[t, default: 0] += 1 }
    }
    run.warnings += tap.warnings(tags)
    let exit = run.exitStatus(strict: true)
    run.findings = run.findings.filter { keep.contains($0.status) }
    whole = Outcome(bytes: Array(JSONReporter().render(ReportModel(run, language: .zh)).utf8), exit: exit, diagnostics: text(run.warnings))
  } catch {
    whole = Outcome(bytes: [], exit: 2, diagnostics: text(error.diagnostics))
  }
  expectSame(streamed, whole, "the streamed check under a tap (batch \(batch), chunk \(chunk)) and the whole run adjusted")
  expectSame(
    Outcome(bytes: recorded, exit: 0, diagnostics: []), Outcome(bytes: wholeRecorded, exit: 0, diagnostics: []),
    "the findings the tap recorded and the whole run's")
}

/// One input: a selector byte, then a CSV table in UTF-8. Selector bits
/// 0–1: the table it replaces (schools, classes, staff) or, for 3, a table
/// added beside them (`more.csv`, its kind found from its header); bit 2:
/// converted to GB18030; bits 3–5: the streamed batch (1–8 schools); bits
/// 6–7: the streamed chunk (1, 7, 64 or 1 MB bytes).
func fuzz(_ input: [UInt8]) {
  guard let selector = input.first else { return }
  _ = prepared
  var bytes = Array(input.dropFirst())
  if selector & 4 == 4, let converted = FuzzSupport.gb18030(bytes) { bytes = converted }
  let which = Int(selector & 3)
  for (k, f) in fixed.enumerated() {
    FuzzSupport.write(k == which ? bytes : Array(f.text.utf8), to: folder + "/" + f.name)
  }
  let extra = folder + "/more.csv"
  if which == 3 { FuzzSupport.write(bytes, to: extra) } else { try? FileManager.default.removeItem(atPath: extra) }
  let batch = Int(selector >> 3 & 7) + 1
  let chunk = [1, 7, 64, 1 << 20][Int(selector >> 6)]
  let streamed = check(streamed: true, batch: batch, chunk: chunk)
  let whole = check(streamed: false, batch: batch, chunk: chunk)
  // The text report (or, selector bit 2 set, the HTML page): streamed against the whole run.
  let html = selector & 4 == 4
  let streamedReport = check(streamed: true, batch: batch, chunk: chunk, format: html ? htmlFormat : textFormat)
  let wholeReport: Outcome
  do throws(DiagnosticList) {
    let run = engine.evaluate(try DatasetLoader(dictionary: pack.dictionary).load(paths: [folder]), asOf: asOf)
    let page = html ? HTMLReporter().render(ReportModel(run, language: .en)) : TextReporter(color: false).render(ReportModel(run, language: .zh))
    wholeReport = Outcome(bytes: Array(page.utf8), exit: run.exitStatus(strict: true), diagnostics: text(run.warnings))
  } catch {
    wholeReport = Outcome(bytes: [], exit: 2, diagnostics: text(error.diagnostics))
  }
  expectSame(streamedReport, wholeReport, "the streamed \(html ? "HTML" : "text") report (batch \(batch), chunk \(chunk)) and the whole run's")
  expectSame(streamed, whole, "streamed (fast, batch \(batch), chunk \(chunk)) and whole (general) checks")
  if selector & 8 == 8 { tapped(batch: batch, chunk: chunk) }
}

/// Stops with both outcomes when they differ (a finding).
func expectSame(_ a: Outcome, _ b: Outcome, _ what: String) {
  guard a != b else { return }
  fatalError(
    """
    \(what) differ:
    exit \(a.exit) vs \(b.exit); \(a.bytes.count) vs \(b.bytes.count) bytes
    \(a.diagnostics.joined(separator: "\n"))
    ---
    \(b.diagnostics.joined(separator: "\n"))
    ---
    \(String(decoding: a.bytes.prefix(4000), as: UTF8.self))
    ---
    \(String(decoding: b.bytes.prefix(4000), as: UTF8.self))
    """)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
