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
// `TextReporter.render` / `HTMLReporter.render`). A difference is a crash
// (a finding).

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
