import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

@testable import DudaoSample

/// The repository root (tests read docs/ and rules/ from it).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A fresh temporary file holding `text` (each test its own).
func tempFile(_ text: String, ext: String = "yaml") throws -> String {
  try tempFile(Data(text.utf8), ext: ext)
}

func tempFile(_ data: Data, ext: String) throws -> String {
  let path = TestScratch.folder + "dudao-sample-\(UUID().uuidString).\(ext)"
  try data.write(to: URL(fileURLWithPath: path))
  return path
}

/// The standard pack's data dictionary, loaded once.
let standardDictionary: DataDictionary? = try? PackLoader().load(repoRoot + "/rules").dictionary

/// Schools typed by the standard dictionary from a `schools:` YAML text.
func schools(_ yaml: String) throws -> [SchoolRecord] {
  let dictionary = try #require(standardDictionary)
  return try DatasetLoader(dictionary: dictionary).load(paths: [tempFile(yaml)]).schools
}

/// `n` schools S01… spread over districts and levels as given.
func schoolsYAML(_ rows: [(id: String, district: String, level: String)]) -> String {
  "schools:\n" + rows.map { "  - { id: \"\($0.id)\", name: 测试学校\($0.id), district: \($0.district), level: \($0.level) }\n" }.joined()
}

/// Inputs built directly (no files): schools "S00"… and inspectors "I0"….
func syntheticInputs(
  seed: String, schools n: Int, inspectors m: Int, count: Int, teamSize: Int = 2, maxPer: Int? = nil,
  weight: Int = 1, conflicts: [String: [String]] = [:], strata: (Int) -> String = { _ in "" }
) -> SampleInputs {
  SampleInputs(
    seed: seed, count: count, strata: [], teamSize: teamSize, maxPerInspector: maxPer, weight: weight,
    schools: (0..<n).map { .init(id: String(format: "S%02d", $0), stratum: strata($0)) },
    inspectors: (0..<m).map { .init(id: "I\($0)", conflicts: conflicts["I\($0)"] ?? []) })
}

/// One fenced block after `<!-- vector NAME KIND -->` in docs/sampling.md, with its final line break.
func docVector(_ name: String, _ kind: String) throws -> String {
  let doc = try String(contentsOfFile: repoRoot + "/docs/sampling.md", encoding: .utf8)
  let lines = doc.split(separator: "\n", omittingEmptySubsequences: false)
  let marker = try #require(lines.firstIndex(of: "<!-- vector \(name) \(kind) -->"), "no vector \(name) \(kind) in docs/sampling.md")
  let open = marker + 1
  try #require(open < lines.count && lines[open].hasPrefix("```"))
  let close = try #require(lines[(open + 1)...].firstIndex(of: "```"))
  return lines[(open + 1)..<close].map { $0 + "\n" }.joined()
}
