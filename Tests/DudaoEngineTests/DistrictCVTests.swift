import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// The 优质均衡 inter-school coefficient of variation (DISTRICT.CV_*): the
/// rules of the standard pack against CVs computed by hand with the
/// enrolment-weighted method of policy.md §5b.
@Suite struct DistrictCVTests {
  static let root = RuleExampleTests.root
  static let pack = Result { try PackLoader().load(root + "/rules") }

  /// CV = S / X̄ with X̄ = Σ(P·x)/ΣP and S = √(Σ (P/ΣP)(x − X̄)²), written out.
  static func weightedCV(numerators: [Double], students: [Double]) -> Double {
    let total = students.reduce(0, +)
    let values = zip(numerators, students).map { $0 / $1 }
    let mean = numerators.reduce(0, +) / total
    let variance = zip(values, students).map { x, p in p / total * (x - mean) * (x - mean) }.reduce(0, +)
    return variance.squareRoot() / mean
  }

  static func run(_ yaml: String) throws -> Run {
    let file = TestScratch.folder + "dudao-cv-\(UUID().uuidString).yaml"
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let pack = try Self.pack.get()
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [file])
    return try Engine(pack: pack).evaluate(dataset, asOf: try #require(Day(iso: "2026-11-23")))
  }

  static func level(_ observed: Value?, _ key: String) -> Value? {
    guard case .map(let m)? = observed else { return nil }
    return m[.string(key)]
  }

  /// The worked example of the official method (policy.md §5b: 5 小学,
  /// 在校生数 45/37/89/76/55, 图书册数 279/137/935/160/402, "差异系数即为0.52"),
  /// put into the equipment-value indicator: a CV does not depend on the unit.
  @Test func publishedWorkedExample() throws {
    let students: [Double] = [45, 37, 89, 76, 55]
    let totals: [Double] = [279, 137, 935, 160, 402]
    let byHand = Self.weightedCV(numerators: totals, students: students)
    #expect(abs(byHand - 0.5153) < 0.0001)
    var yaml = "schools:\n"
    for (i, (p, x)) in zip(students, totals).enumerated() {
      yaml += "  - { id: S\(i), district: 例县, level: primary, students: \(Int(p)), facilities: { equipment_value_yuan: \(x) } }\n"
    }
    let run = try Self.run(yaml)
    let f = try #require(run.findings.first { $0.rule.id == "DISTRICT.CV_EQUIPMENT_VALUE" })
    #expect(f.subject == Subject(kind: "district", id: "例县"))
    #expect(f.status == .fail, "0.515 > 0.50")
    #expect(Self.level(f.observed, "primary") == .double((byHand * 1000).rounded() / 1000))
    #expect(Self.level(f.observed, "junior") == .null)
    #expect(f.message?.zh.contains("生均教学仪器设备值的校际差异系数超标：小学 0.515（5 所，限 0.5）") == true, "\(f.message?.zh ?? "")")
  }

  /// Levels are separate populations: a junior school far from the primary
  /// schools changes neither CV, and each level has its own limit (0.45 junior).
  @Test func primaryAndJuniorAreComputedSeparately() throws {
    let run = try Self.run("""
      schools:
        - { id: P1, district: 例县, level: primary, students: 1000, teachers: { backbone_county: 10 } }
        - { id: P2, district: 例县, level: primary, students: 500, teachers: { backbone_county: 5 } }
        - { id: J1, district: 例县, level: junior, students: 900, teachers: { backbone_county: 27 } }
        - { id: J2, district: 例县, level: junior, students: 300, teachers: { backbone_county: 1 } }
        - { id: N1, district: 例县, level: nine_year, students: 2000, teachers: { backbone_county: 0 } }
      """)
    let f = try #require(run.findings.first { $0.rule.id == "DISTRICT.CV_BACKBONE_TEACHERS" })
    let junior = Self.weightedCV(numerators: [27, 1], students: [900, 300])
    #expect(Self.level(f.observed, "primary") == .double(0))
    #expect(Self.level(f.observed, "junior") == .double((junior * 1000).rounded() / 1000))
    #expect(junior > 0.45)
    #expect(f.status == .fail)
    // The other indicators have no data for these schools: unknown, naming the field.
    let rooms = try #require(run.findings.first { $0.rule.id == "DISTRICT.CV_MULTIMEDIA_ROOMS" })
    #expect(rooms.status == .unknown)
    #expect(rooms.missing.contains { $0.hasSuffix("facilities.multimedia_rooms") })
  }

  /// The example district: key teachers per 100 students differ widely
  /// between the four primary schools (32, 16, 6 and 1 for 1180, 860, 1520 and 236 students).
  @Test func exampleDistrictFailsOnKeyTeachersOnly() throws {
    let pack = try Self.pack.get()
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [Self.root + "/examples/district"])
    let run = try Engine(pack: pack).evaluate(dataset, asOf: try #require(Day(iso: "2026-11-23")))
    let cv = run.findings.filter { $0.rule.id.hasPrefix("DISTRICT.CV_") }
    #expect(cv.count == 7)
    #expect(cv.filter { $0.status == .fail }.map(\.rule.id) == ["DISTRICT.CV_BACKBONE_TEACHERS"])
    let byHand = Self.weightedCV(numerators: [32, 16, 6, 1], students: [1180, 860, 1520, 236])
    let f = try #require(cv.first { $0.status == .fail })
    #expect(Self.level(f.observed, "primary") == .double((byHand * 1000).rounded() / 1000))
    #expect(abs(byHand - 0.7054) < 0.0001)
  }
}
