import DudaoCalendar
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// Everything a renderer needs, built once from a run: groups, counts and
/// the chosen language. Renderers only format; they never sort or count.
public struct ReportModel: Sendable {
  public struct SchoolGroup: Sendable {
    public var school: SchoolRef
    /// Failing first, then errors, unknowns, waived, passes, not applicable.
    public var findings: [Finding]
    public var counts: [Status: Int]
  }

  public var run: Run
  public var language: Language
  public var counts: [Status: Int]
  public var groups: [SchoolGroup]
  public var schoolCount: Int

  public init(_ run: Run, language: Language) {
    self.run = run
    self.language = language
    var counts: [Status: Int] = [:]
    for s in Status.allCases { counts[s] = 0 }
    var groups: [SchoolGroup] = []
    // District-wide findings (no school id) come in report order by rule,
    // then district: one section per district, by name.
    var districts: [String: SchoolGroup] = [:]
    for f in run.findings {
      counts[f.status, default: 0] += 1
      if f.school.id.isEmpty {
        districts[f.school.name, default: SchoolGroup(school: f.school, findings: [], counts: [:])].findings.append(f)
        districts[f.school.name]?.counts[f.status, default: 0] += 1
        continue
      }
      if groups.last?.school != f.school {
        groups.append(SchoolGroup(school: f.school, findings: [], counts: [:]))
      }
      groups[groups.count - 1].findings.append(f)
      groups[groups.count - 1].counts[f.status, default: 0] += 1
    }
    let schoolCount = groups.count
    groups += districts.keys.sorted().compactMap { districts[$0] }
    for i in groups.indices {
      // Stable: within a status, report order (rule id, subject id) is kept.
      groups[i].findings = groups[i].findings.enumerated().sorted { ($0.element.status, $0.offset) < ($1.element.status, $1.offset) }.map(\.element)
    }
    self.counts = counts
    // District-wide findings come after the schools.
    self.groups = groups
    self.schoolCount = schoolCount
  }

  func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
}

extension StreamFormat {
  /// Written a section at a time (the text and HTML reports): each school's
  /// kept findings, then each district's after the schools, rendered by
  /// `section` with their counts by status.
  mutating func sections(_ section: @escaping @Sendable (SchoolRef, [Finding], [Status: Int]) -> String) {
    group = { findings in
      guard let school = findings.first?.school else { return [] }
      var counts: [Status: Int] = [:]
      for f in findings { counts[f.status, default: 0] += 1 }
      return Array(section(school, findings, counts).utf8)
    }
    districtsLast = true
  }
}
