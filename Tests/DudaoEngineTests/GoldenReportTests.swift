import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import Foundation
import Testing

/// The JSON, text and CSV reports of the example district, compared byte for byte
/// with reviewed goldens. `DUDAO_RECORD=1 swift test` rewrites them; review the diff.
@Suite struct GoldenReportTests {
  static let root = RuleExampleTests.root

  static func report(pack: String, format: String, lang: Language) throws -> String {
    let loaded = try PackLoader().load(root + "/" + pack)
    let dataset = try DatasetLoader(dictionary: loaded.dictionary).load(paths: [root + "/examples/district"])
    var run = try Engine(pack: loaded).evaluate(dataset, asOf: Day(iso: "2026-11-23")!)
    // Paths in warnings are machine-specific: make them relative.
    for i in run.warnings.indices {
      if let loc = run.warnings[i].location { run.warnings[i].location?.file = loc.file.replacingOccurrences(of: root + "/", with: "") }
    }
    let model = ReportModel(run, language: lang)
    switch format {
    case "json": return JSONReporter().render(model)
    case "csv": return CSVReporter().render(model)
    default: return TextReporter(color: false).render(model)
    }
  }

  @Test(arguments: [
    ("rules", "json", Language.zh, "district.json"),
    ("examples/overlays/xiangan", "json", Language.en, "district-overlay.en.json"),
    ("rules", "text", Language.zh, "district.txt"),
    ("examples/overlays/xiangan", "text", Language.en, "district-overlay.en.txt"),
    ("rules", "csv", Language.zh, "district.csv"),
  ])
  func matchesGolden(_ pack: String, _ format: String, _ lang: Language, _ golden: String) throws {
    let actual = try Self.report(pack: pack, format: format, lang: lang)
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens/" + golden).path
    if ProcessInfo.processInfo.environment["DUDAO_RECORD"] == "1" {
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    // Bytes, not String(contentsOfFile:), which drops the CSV's BOM.
    let expected = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    #expect(actual == expected, "report differs from \(golden); run DUDAO_RECORD=1 swift test and review the diff")
  }
}
