import DudaoDiagnostics
import DudaoEngine
import Foundation
import Testing

@testable import DudaoSample

@Suite struct SampleRequestTests {
  static let rows: [(id: String, district: String, level: String)] = [
    ("S03", "翔安区", "primary"), ("S01", "翔安区", "junior"), ("S02", "同安区", "primary"), ("S04", "同安区", "primary"),
  ]

  func roster(_ entries: [(String, [String])]) -> InspectorRoster {
    let loc = SourceLocation(file: "i.yaml", line: 1, column: 1)
    return InspectorRoster(inspectors: entries.map { Inspector(id: $0.0, conflicts: $0.1.map { .init(school: $0, location: loc) }, location: loc) })
  }

  func build(_ request: SampleRequest, roster: InspectorRoster? = nil, excluded: Set<String> = [], overdue: Set<String> = []) throws -> (inputs: SampleInputs, warnings: [Diagnostic]) {
    let dictionary = try #require(standardDictionary)
    return try request.inputs(
      schools: schools(schoolsYAML(Self.rows)), dictionary: dictionary,
      roster: roster ?? self.roster([("I2", []), ("I1", ["S01"])]), excluded: excluded, overdue: overdue)
  }

  func errors(_ request: SampleRequest, roster: InspectorRoster? = nil, excluded: Set<String> = []) throws -> [String] {
    do {
      _ = try build(request, roster: roster, excluded: excluded)
      return []
    } catch let e as DiagnosticList {
      return e.diagnostics.map { "\($0.code): \($0.message.en)" }
    }
  }

  @Test func buildsCanonicalInputsWithStrataExclusionsAndTickets() throws {
    let built = try build(
      SampleRequest(seed: "s", count: 2, strata: ["district", "level"], weight: 3), excluded: ["S04"], overdue: ["S02"])
    #expect(built.warnings.isEmpty)
    #expect(
      built.inputs.canonicalText == """
        dudao.sample/v1
        seed\ts
        count\t2
        strata\tdistrict\tlevel
        team_size\t2
        max_per_inspector\tnone
        weight\t3
        school\tS01\t翔安区/junior\t1
        school\tS02\t同安区/primary\t3
        school\tS03\t翔安区/primary\t1
        inspector\tI1\tS01
        inspector\tI2

        """)
  }

  @Test func theStrataFieldsComeFromTheDictionary() throws {
    let fields = SampleRequest.strataFields(try #require(standardDictionary))
    #expect(fields.contains("district") && fields.contains("level"))
    #expect(!fields.contains("id") && !fields.contains("name") && !fields.contains("classes"))
  }

  @Test func anUnknownStratumFieldListsTheAvailableOnes() throws {
    let e = try errors(SampleRequest(seed: "s", count: 1, strata: ["county"]))
    #expect(e.count == 1)
    #expect(e.first?.hasPrefix("sample.unknown-stratum-field: --strata: 'county' cannot be used for strata; available: ") == true)
    #expect(e.first?.contains("district") == true && e.first?.contains("level") == true)
  }

  struct BadRequest: Sendable, CustomTestStringConvertible {
    var name: String
    var request: SampleRequest
    var expected: [String]
    var testDescription: String { name }
  }

  @Test(arguments: [
    BadRequest(name: "count 0", request: .init(seed: "s", count: 0), expected: ["sample.bad-number: --count is 0; it must be at least 1"]),
    BadRequest(name: "negative count", request: .init(seed: "s", count: -3), expected: ["sample.bad-number: --count is -3; it must be at least 1"]),
    BadRequest(
      name: "count above schools", request: .init(seed: "s", count: 5),
      expected: ["sample.count-too-large: --count 5 exceeds the 4 schools that may be drawn (0 excluded); draw fewer"]),
    BadRequest(name: "team 0", request: .init(seed: "s", count: 1, teamSize: 0), expected: ["sample.bad-number: --team-size is 0; it must be at least 1"]),
    BadRequest(
      name: "team above inspectors", request: .init(seed: "s", count: 1, teamSize: 3),
      expected: ["sample.team-too-large: --team-size 3 is larger than the 2 inspectors; use smaller teams or add inspectors"]),
    BadRequest(
      name: "max 0", request: .init(seed: "s", count: 1, maxPerInspector: 0),
      expected: ["sample.bad-number: --max-per-inspector is 0; it must be at least 1"]),
    BadRequest(
      name: "weight 0", request: .init(seed: "s", count: 1, weight: 0),
      expected: ["sample.bad-number: --weight-overdue is 0; it must be between 1 and 1000"]),
    BadRequest(
      name: "empty seed", request: .init(seed: "", count: 1),
      expected: ["sample.bad-seed: --seed must not be empty or contain a tab or line break; use a public text, e.g. a lottery result"]),
    BadRequest(
      name: "seed with a line break", request: .init(seed: "a\nb", count: 1),
      expected: ["sample.bad-seed: --seed must not be empty or contain a tab or line break; use a public text, e.g. a lottery result"]),
    BadRequest(
      name: "stratum field twice", request: .init(seed: "s", count: 1, strata: ["level", "level"]),
      expected: ["sample.duplicate-stratum-field: --strata names 'level' twice"]),
  ])
  func badRequestsAreErrors(_ c: BadRequest) throws {
    #expect(try errors(c.request) == c.expected)
  }

  @Test func exclusionsCountAgainstTheCandidates() throws {
    #expect(
      try errors(.init(seed: "s", count: 3), excluded: ["S01", "S02"])
        == ["sample.count-too-large: --count 3 exceeds the 2 schools that may be drawn (2 excluded); draw fewer"])
  }

  @Test func anEmptyRosterIsAnError() throws {
    #expect(try errors(.init(seed: "s", count: 1), roster: roster([])) == ["sample.no-inspectors: the inspectors file lists nobody; list at least one inspector"])
  }

  @Test func anUnknownConflictSchoolIsAWarning() throws {
    let built = try build(.init(seed: "s", count: 1, teamSize: 1), roster: roster([("I1", ["S99"])]))
    #expect(built.warnings.map(\.code) == ["sample.unknown-conflict-school"])
    #expect(built.inputs.inspectors == [.init(id: "I1", conflicts: ["S99"])])
  }

  @Test func aMissingStratumValueIsAWarningAndAnEmptyValue() throws {
    let dictionary = try #require(standardDictionary)
    let data = try schools("schools:\n  - { id: S1, level: primary }\n  - { id: S2, district: 翔安区, level: junior }\n")
    let built = try SampleRequest(seed: "s", count: 1, strata: ["district", "level"], teamSize: 1)
      .inputs(schools: data, dictionary: dictionary, roster: roster([("I", [])]))
    #expect(built.warnings.map(\.code) == ["sample.missing-stratum-value"])
    #expect(built.inputs.schools.map(\.stratum) == ["/primary", "翔安区/junior"])
  }
}

@Suite struct SampleRequestBadDataTests {
  func codes(_ yaml: String, strata: [String] = []) throws -> [String] {
    let dictionary = try #require(standardDictionary)
    let loc = SourceLocation(file: "i.yaml", line: 1, column: 1)
    do {
      _ = try SampleRequest(seed: "s", count: 1, strata: strata, teamSize: 1)
        .inputs(schools: schools(yaml), dictionary: dictionary, roster: InspectorRoster(inspectors: [Inspector(id: "I", location: loc)]))
      return []
    } catch let e as DiagnosticList {
      return e.diagnostics.map { "\($0.code) \($0.location.map { "\($0.line):\($0.column)" } ?? "-")" }
    }
  }

  @Test func aSchoolIDWithATabIsAnErrorAtTheSchool() throws {
    #expect(try codes("schools:\n  - { id: \"S1\" }\n  - { id: \"S\\t2\" }\n") == ["sample.bad-id 3:5"])
  }

  @Test func aStratumValueWithALineBreakIsAnErrorAtTheSchool() throws {
    #expect(try codes("schools:\n  - { id: S1, district: \"翔安\\n区\" }\n", strata: ["district"]) == ["sample.bad-stratum-value 2:5"])
  }
}
