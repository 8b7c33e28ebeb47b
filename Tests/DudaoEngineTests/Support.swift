import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import DudaoTestSupport
import DudaoYAML
import Foundation

/// A throwaway pack folder per test (Swift Testing runs tests in parallel).
struct TempPack {
  let root: String

  init(files: [String: String], function: String = #function) throws {
    root = TestScratch.folder + "dudao-test-\(UUID().uuidString)"
    for (path, text) in files {
      let full = root + "/" + path
      try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
  }

  func path(_ rel: String = "") -> String { rel.isEmpty ? root : root + "/" + rel }

  static let dictionary = """
    entities:
      school:
        fields:
          id: { type: string, required: true }
          name: { type: string }
          level: { type: enum, values: [primary, junior, nine_year, senior, complete_secondary, twelve_year] }
          district: { type: string }
          students: { type: int, min: 0 }
          special: { type: bool }
          schedule:
            type: object
            fields:
              daily_pe_minutes: { type: int, min: 0, max: 1440 }
          classes: { type: list, of: class }
          staff: { type: list, of: staff }
      class:
        fields:
          id: { type: string }
          grade: { type: int, min: 1, max: 12 }
          students: { type: int, min: 0 }
      staff:
        fields:
          id: { type: string }
          name: { type: string, personal: true }
          role: { type: string }
          subjects: { type: list, of: string }
          weekly_periods: { type: int }
    """

  static let packYAML = """
    name: test-pack
    version: "1"
    dictionary: dictionary.yaml
    defaults:
      rectify:
        critical: { within: immediately }
        major: { within: 30 days }
        minor: { within: 90 days }
    """

  static let source = """
        sources: [ { document: 《测试文件》, clause: 一, quote: 测试原文 } ]
    """

  /// A pack with the test dictionary and one rules file.
  static func with(rules: String, extra: [String: String] = [:]) throws -> TempPack {
    var files = ["pack.yaml": packYAML, "dictionary.yaml": dictionary, "rules/r.yaml": rules]
    for (k, v) in extra { files[k] = v }
    return try TempPack(files: files)
  }

  func load() throws(DiagnosticList) -> RulePack { try PackLoader().load(root) }

  func dataset(_ yaml: String, in pack: RulePack) throws -> Dataset {
    // Outside the pack folder: every .yaml in the pack is a rule file.
    let file = root + "-data-\(UUID().uuidString).yaml"
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    return try DatasetLoader(dictionary: pack.dictionary).load(paths: [file])
  }

  func run(_ data: String, asOf: String = "2026-09-01") throws -> Run {
    let pack = try load()
    return try Engine(pack: pack).evaluate(dataset(data, in: pack), asOf: Day(iso: asOf)!)
  }
}
