import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// Inputs that the fuzz targets (docs/fuzzing.md) or their follow-up turned
/// up, fed through the public API: each must give its clean diagnostic.
@Suite struct FuzzRegressionTests {
  /// A child table whose school id column is wrong throughout: every row
  /// compared its id with every school's for a "did you mean" (2000 schools
  /// and 500 rows took 50 s in a debug build). Now a suggestion is worked
  /// out for the first few unknown ids only, each once.
  @Test func unknownSchoolIDsInEveryRowStayFast() throws {
    let schools = "id,name,level\n" + (0..<2000).map { "\(3_502_130_000 + $0),S\($0),primary\n" }.joined()
    let classes = "school_id,id,grade,students\n" + (0..<2000).map { "\(4_502_130_000 + $0),1-1,1,40\n" }.joined()
    let dir = try CSVTests.folder(["schools.csv": schools, "classes.csv": classes])
    guard case .failure(let e) = try CSVTests.load([dir + "/schools.csv", dir + "/classes.csv"]) else {
      Issue.record("expected unknown-school errors")
      return
    }
    let unknown = e.diagnostics.filter { $0.code == "csv.unknown-school" }
    #expect(unknown.count == 2000)
    // The cost was the suggestion for every row; only the first few ids get one (no timing asserted).
    #expect(unknown.filter { $0.message.en.contains("did you mean") }.count <= 20)
    let first = try #require(unknown.first)
    #expect(first.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } == "classes.csv:2:1")
    #expect(first.message.en.hasPrefix("column 'school_id': school id 4502130000 matches no school in the data"))
  }

  /// A DEL (U+007F) in a JSON Lines key or text: YAML refuses it (not a
  /// printable character), but the fast and flat readers took the text, so
  /// a line whose key had one was skipped as an unknown key by the fast
  /// reader and refused by the YAML path (FuzzJSON, eighth session). Both
  /// readers now leave such a text to the YAML path: every path gives its
  /// error, at its place.
  @Test func deleteCharacterGoesToTheYAMLPath() throws {
    let pack = try PackLoader().load(RuleExampleTests.root + "/rules")
    let probe = FastReaderProbe(dictionary: pack.dictionary)
    let lines = [
      "{\"id\": \"S001\", \"stud\u{7F}nts\": 1200}",
      "{\"id\": \"S002\", \"name\": \"学\u{7F}校\", \"level\": \"primary\"}",
      "{\"id\": \"S003\", \"classes\": [{\"id\": \"c\u{7F}1\", \"grade\": 1}]}",
    ]
    for line in lines {
      #expect(Array(line.utf8).withUnsafeBufferPointer { probe.disagreement($0) } == nil, "\(line.debugDescription)")
      let file = TestScratch.folder + "dudao-del-\(UUID().uuidString).jsonl"
      try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: file) }
      let whole = Result { () throws(DiagnosticList) in try DatasetLoader(dictionary: pack.dictionary).load(paths: [file]) }
      guard case .failure(let e) = whole else {
        Issue.record("\(line.debugDescription): expected an error")
        continue
      }
      #expect(e.diagnostics.first?.location?.line == 1)
      // The streamed check (fast reader first) stops with the same errors.
      let general = FastPathTests.errors(pack, [file], fast: false)
      #expect(general == e.diagnostics.map(FastPathTests.describe))
      #expect(FastPathTests.errors(pack, [file], fast: true) == general)
    }
  }

  /// A line of JSON Lines with lone CRs between its keys: YAML takes each CR
  /// as a line break and places an unknown key after them on a line of its
  /// own, while the fast reader counted columns across them (FuzzJSON,
  /// eighth session: column 39 against 6). The fast reader now leaves such
  /// a line with unknown keys to the YAML path.
  @Test func loneCarriageReturnsInALineWithUnknownKeys() throws {
    let pack = try PackLoader().load(RuleExampleTests.root + "/rules")
    let probe = FastReaderProbe(dictionary: pack.dictionary)
    let line = "{\"id\":\"U02\",\"备注\":\r\r\r\r\r       \r\r\r\rnull,\"clants\": 1200}"
    #expect(Array(line.utf8).withUnsafeBufferPointer { probe.disagreement($0) } == nil)
    // CRLF line ends are not lone CRs: such a line stays fast.
    let crlf = "{\"id\":\"U03\",\"备注\":null,\"clants\": 1200}\r"
    #expect(Array(crlf.utf8).withUnsafeBufferPointer { probe.disagreement($0) } == nil)
    let file = TestScratch.folder + "dudao-cr-\(UUID().uuidString).jsonl"
    try (line + "\n" + crlf + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let fast = try FastPathTests.run(pack, [file], keep: nil, fast: true)
    let general = try FastPathTests.run(pack, [file], keep: nil, fast: false)
    #expect(fast.warnings == general.warnings)
    #expect(fast.bytes == general.bytes)
    #expect(general.warnings.filter { $0.hasPrefix("data.unknown-field") }.count == 4, "\(general.warnings)")
  }
}
