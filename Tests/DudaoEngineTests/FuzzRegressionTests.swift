import DudaoDiagnostics
import DudaoEngine
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
}
