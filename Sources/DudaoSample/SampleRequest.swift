import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules

/// What the user asked for (`dudao sample` options), checked and turned into
/// canonical `SampleInputs` together with the schools and inspectors.
public struct SampleRequest: Sendable {
  public var seed: String
  public var count: Int
  /// School fields to stratify by, in order (e.g. `district`, `level`).
  public var strata: [String]
  public var teamSize: Int
  /// nil: unbounded.
  public var maxPerInspector: Int?
  /// Tickets of a school with overdue findings; 1: no weighting.
  public var weight: Int

  /// Largest `--weight-overdue`: keeps ticket totals far from overflow.
  public static let maxWeight = 1000

  public init(seed: String, count: Int, strata: [String] = [], teamSize: Int = 2, maxPerInspector: Int? = nil, weight: Int = 1) {
    self.seed = seed
    self.count = count
    self.strata = strata
    self.teamSize = teamSize
    self.maxPerInspector = maxPerInspector
    self.weight = weight
  }

  /// The school fields one may stratify by: top-level fields of `school` with
  /// one value (text, choice, number, yes/no, date), in dictionary order.
  public static func strataFields(_ dictionary: DataDictionary) -> [String] {
    (dictionary.entity("school")?.fields ?? []).filter { f in
      switch f.type {
      case .string, .int, .bool, .date, .enumeration: f.name != "id" && f.name != "name" && !f.personal
      default: false
      }
    }.map(\.name)
  }

  /// Checks the request against the data and builds the inputs of the draw.
  ///
  /// - `excluded`: ids of schools not to draw (inspected recently);
  /// - `overdue`: ids of schools with overdue findings (weighted when `weight` > 1).
  ///
  /// Returns the warnings (unknown conflict schools, missing stratum values).
  public func inputs(
    schools: [SchoolRecord], dictionary: DataDictionary, roster: InspectorRoster,
    excluded: Set<String> = [], overdue: Set<String> = []
  ) throws(DiagnosticList) -> (inputs: SampleInputs, warnings: [Diagnostic]) {
    var diags: [Diagnostic] = []
    checkOptions(dictionary, &diags)
    var candidates: [SampleInputs.School] = []
    var known: Set<String> = []
    for s in schools {
      known.insert(s.id)
      guard SampleInputs.isUsableID(s.id) else {
        diags.append(.sampleBadID(s.id, at: s.location))
        continue
      }
      if excluded.contains(s.id) { continue }
      candidates.append(.init(id: s.id, stratum: stratum(of: s, &diags), tickets: overdue.contains(s.id) ? weight : 1))
    }
    if count >= 1, count > candidates.count {
      diags.append(.sampleCountTooLarge(count, candidates: candidates.count, excluded: schools.count - candidates.count))
    }
    if roster.inspectors.isEmpty {
      diags.append(.sampleNoInspectors)
    } else if teamSize > roster.inspectors.count {
      diags.append(.sampleTeamTooLarge(teamSize, inspectors: roster.inspectors.count))
    }
    for i in roster.inspectors {
      for c in i.conflicts where !known.contains(c.school) {
        diags.append(.sampleUnknownConflictSchool(c.school, inspector: i.id, at: c.location))
      }
    }
    let errors = diags.filter { $0.severity == .error }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    let inputs = SampleInputs(
      seed: seed, count: count, strata: strata, teamSize: teamSize, maxPerInspector: maxPerInspector,
      weight: weight, schools: candidates,
      inspectors: roster.inspectors.map { .init(id: $0.id, conflicts: $0.conflicts.map(\.school)) })
    return (inputs, diags)
  }
}

private extension SampleRequest {
  func checkOptions(_ dictionary: DataDictionary, _ diags: inout [Diagnostic]) {
    if !SampleInputs.isUsableID(seed) { diags.append(.sampleBadSeed) }
    if count < 1 { diags.append(.sampleBadNumber("--count", count, min: 1)) }
    if teamSize < 1 { diags.append(.sampleBadNumber("--team-size", teamSize, min: 1)) }
    if let k = maxPerInspector, k < 1 { diags.append(.sampleBadNumber("--max-per-inspector", k, min: 1)) }
    if weight < 1 || weight > Self.maxWeight { diags.append(.sampleBadWeight(weight, max: Self.maxWeight)) }
    let available = Self.strataFields(dictionary)
    var seen: Set<String> = []
    for f in strata {
      if !available.contains(f) { diags.append(.sampleUnknownStratumField(f, available: available)) }
      if !seen.insert(f).inserted { diags.append(.sampleDuplicateStratumField(f)) }
    }
  }

  /// The school's values of the `strata` fields joined by `/`; a missing value is "" (with a warning).
  func stratum(of school: SchoolRecord, _ diags: inout [Diagnostic]) -> String {
    guard !strata.isEmpty else { return "" }
    let map: MapValue? = if case .map(let m) = school.value { m } else { nil }
    return strata.map { field -> String in
      let text: String
      switch map?[.string(field)] {
      case .string(let s)?: text = s
      case .int(let i)?: text = String(i)
      case .bool(let b)?: text = b ? "true" : "false"
      case .date(let d)?: text = d.description
      default:
        diags.append(.sampleMissingStratumValue(school.id, field: field, at: school.location))
        return ""
      }
      // The key is a field of the canonical inputs: no TAB or line break.
      if !text.isEmpty, !SampleInputs.isUsableID(text) {
        diags.append(.sampleBadStratumValue(school.id, field: field, at: school.location))
      }
      return text
    }.joined(separator: "/")
  }
}
