import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

@testable import DudaoSample

struct RosterCase: Sendable, CustomTestStringConvertible {
  var name: String
  var text: String
  var ext = "yaml"
  var code: String
  var line: Int
  var column: Int
  var testDescription: String { name }
}

@Suite struct InspectorRosterTests {
  @Test func readsYAML() throws {
    let path = try tempFile(
      """
      inspectors:
        - id: DX01
          name: 示例督学甲
          conflicts: ["3502130101", "3502130102"]
        - id: DX02
        - { id: DX03, conflicts: "S1；S2、S3" }
      """)
    let r = try InspectorRoster(file: path)
    #expect(r.inspectors.map(\.id) == ["DX01", "DX02", "DX03"])
    #expect(r.inspectors[0].name == "示例督学甲")
    #expect(r.inspectors[0].conflicts.map(\.school) == ["3502130101", "3502130102"])
    #expect(r.inspectors[0].conflicts[1].location == .init(file: path, line: 4, column: 31))
    #expect(r.inspectors[1].conflicts.isEmpty && r.inspectors[1].name == nil)
    #expect(r.inspectors[2].conflicts.map(\.school) == ["S1", "S2", "S3"])
    #expect(r.warnings.isEmpty)
  }

  @Test func readsCSVWithChineseHeaders() throws {
    let path = try tempFile("\u{FEFF}编号,姓名,回避学校,电话\r\nDX01,示例督学甲,S1;S2,123\r\nDX02,示例督学乙,,\r\n", ext: "csv")
    let r = try InspectorRoster(file: path)
    #expect(r.inspectors.map(\.id) == ["DX01", "DX02"])
    #expect(r.inspectors[0].conflicts.map(\.school) == ["S1", "S2"])
    #expect(r.inspectors[0].conflicts[0].location == .init(file: path, line: 2, column: 12))
    #expect(r.inspectors[1].conflicts.isEmpty)
    #expect(r.warnings.map(\.code) == ["sample.unknown-column"])
    #expect(r.warnings.first?.location == .init(file: path, line: 1, column: 12))
  }

  @Test func readsGB18030CSV() throws {
    // "id,name,conflicts\nDX01,督学,S1\n" with 督学 in GB18030 (B6BD D1A7).
    var bytes = Array("id,name,conflicts\nDX01,".utf8)
    bytes += [0xB6, 0xBD, 0xD1, 0xA7]
    bytes += Array(",S1\n".utf8)
    let r = try InspectorRoster(file: tempFile(Data(bytes), ext: "csv"))
    #expect(r.inspectors.first?.name == "督学")
  }

  @Test func theExampleFileLoads() throws {
    let r = try InspectorRoster(file: repoRoot + "/examples/inspectors.yaml")
    #expect(r.inspectors.count == 6)
    #expect(r.inspectors.allSatisfy { $0.name?.hasPrefix("示例") == true })
  }

  @Test(arguments: [
    RosterCase(name: "duplicate id", text: "inspectors:\n  - id: A\n  - id: B\n  - id: A\n", code: "sample.duplicate-inspector", line: 4, column: 9),
    RosterCase(name: "misspelt conflicts", text: "inspectors:\n  - id: A\n    conflict: [S1]\n", code: "sample.unknown-key", line: 3, column: 5),
    RosterCase(name: "unknown top-level key", text: "inspector:\n  - id: A\n", code: "sample.unknown-key", line: 1, column: 1),
    RosterCase(name: "missing id", text: "inspectors:\n  - name: 某\n", code: "sample.missing-inspector-id", line: 2, column: 5),
    RosterCase(name: "empty id", text: "inspectors:\n  - id: ''\n", code: "sample.missing-inspector-id", line: 2, column: 5),
    RosterCase(name: "inspectors not a list", text: "inspectors: A\n", code: "sample.wrong-type", line: 1, column: 13),
    RosterCase(name: "inspector not a mapping", text: "inspectors:\n  - A\n", code: "sample.wrong-type", line: 2, column: 5),
    RosterCase(name: "conflicts a mapping", text: "inspectors:\n  - id: A\n    conflicts: {x: 1}\n", code: "sample.wrong-type", line: 3, column: 16),
    RosterCase(name: "conflict a list", text: "inspectors:\n  - id: A\n    conflicts: [[S1]]\n", code: "sample.wrong-type", line: 3, column: 17),
    RosterCase(name: "name a list", text: "inspectors:\n  - id: A\n    name: [x]\n", code: "sample.wrong-type", line: 3, column: 11),
    RosterCase(name: "not a mapping", text: "- A\n", code: "sample.no-inspectors-list", line: 1, column: 1),
    RosterCase(name: "tab in id", text: "inspectors:\n  - id: \"A\\tB\"\n", code: "sample.bad-id", line: 2, column: 9),
    RosterCase(name: "YAML syntax", text: "inspectors: [\n", code: "yaml.syntax", line: 2, column: 1),
    RosterCase(name: "CSV without id column", text: "姓名,回避学校\n甲,S1\n", ext: "csv", code: "sample.no-id-column", line: 1, column: 1),
    RosterCase(name: "CSV duplicate column", text: "id,编号\nA,B\n", ext: "csv", code: "sample.duplicate-column", line: 1, column: 4),
    RosterCase(name: "CSV duplicate id", text: "id\nA\nA\n", ext: "csv", code: "sample.duplicate-inspector", line: 3, column: 1),
    RosterCase(name: "CSV empty id", text: "id,name\n,甲\n", ext: "csv", code: "sample.missing-inspector-id", line: 2, column: 1),
    RosterCase(name: "CSV line break in id", text: "id\n\"A\nB\"\n", ext: "csv", code: "sample.bad-id", line: 2, column: 1),
    RosterCase(name: "CSV unterminated quote", text: "id\n\"A\n", ext: "csv", code: "csv.unterminated-quote", line: 2, column: 1),
    RosterCase(name: "CSV empty file", text: "", ext: "csv", code: "sample.no-inspectors-list", line: 1, column: 1),
  ])
  func badInspectorFilesFailWithAPosition(_ c: RosterCase) throws {
    let path = try tempFile(c.text, ext: c.ext)
    #expect {
      try InspectorRoster(file: path)
    } throws: { e in
      guard let list = e as? DiagnosticList, let d = list.diagnostics.first else { return false }
      return d.code == c.code && d.location == .init(file: path, line: c.line, column: c.column)
    }
  }

  @Test func aMissingFileIsAnError() {
    #expect(throws: DiagnosticList.self) { try InspectorRoster(file: "/nonexistent/inspectors.yaml") }
    #expect(throws: DiagnosticList.self) { try InspectorRoster(file: "/nonexistent/inspectors.csv") }
  }
}

@Suite struct InspectorRosterLimitTests {
  @Test func aTooLargeCSVIsAnError() throws {
    var limits = YAMLLimits()
    limits.maxFileBytes = 16
    let path = try tempFile("id,name\nDX01,示例督学甲\nDX02,示例督学乙\n", ext: "csv")
    #expect {
      try InspectorRoster(file: path, limits: limits)
    } throws: { e in
      (e as? DiagnosticList)?.diagnostics.first?.code == "sample.file-too-large"
    }
  }

  /// Mutated good files give diagnostics or a roster, never a crash or hang.
  @Test(arguments: ["yaml", "csv"])
  func mutatedFilesNeverCrash(_ ext: String) throws {
    let good = ext == "yaml"
      ? try Data(contentsOf: URL(fileURLWithPath: repoRoot + "/examples/inspectors.yaml"))
      : Data("\u{FEFF}编号,姓名,回避学校\r\nDX01,示例督学甲,\"3502130101;3502130102\"\r\nDX02,示例督学乙,\r\n".utf8)
    var stream = RandomStream(seed: "mutate-\(ext)")
    let specials: [UInt8] = [0x22, 0x27, 0x2C, 0x3A, 0x3B, 0x0A, 0x0D, 0x09, 0x00, 0x5B, 0x7B, 0x2D, 0x26, 0x2A, 0xE5, 0xFF]
    for _ in 0..<150 {
      var bytes = [UInt8](good)
      for _ in 0..<(1 + stream.uniform(4)) {
        let i = stream.uniform(bytes.count)
        switch stream.uniform(3) {
        case 0: bytes[i] = specials[stream.uniform(specials.count)]
        case 1: bytes.remove(at: i)
        default: bytes.insert(specials[stream.uniform(specials.count)], at: i)
        }
        if bytes.isEmpty { bytes = [0x0A] }
      }
      let path = try tempFile(Data(bytes), ext: ext)
      switch Result(catching: { () throws(DiagnosticList) in try InspectorRoster(file: path) }) {
      case .success(let r): #expect(r.inspectors.allSatisfy { SampleInputs.isUsableID($0.id) })
      case .failure(let e): #expect(!e.diagnostics.isEmpty)
      }
      try? FileManager.default.removeItem(atPath: path)
    }
  }
}
