import DudaoDiagnostics
import DudaoEngine
import DudaoRules

extension ReportModel {
  /// Counts of one group of findings (a rule, a school, a dimension) by status.
  public struct Tally: Sendable {
    public var key: String
    public var label: String
    public var counts: [Status: Int] = [:]

    /// Failures among the findings that were decided (pass + fail).
    public var failureRate: Double {
      let fail = counts[.fail] ?? 0, decided = fail + (counts[.pass] ?? 0)
      return decided == 0 ? 0 : Double(fail) / Double(decided)
    }
  }

  /// Counts by `Status.countIndex` (a streamed summary's) as the model
  /// keeps them: the statuses that occur.
  static func counts(_ c: [Int]) -> [Status: Int] {
    var out: [Status: Int] = [:]
    for s in Status.allCases where s.countIndex < c.count && c[s.countIndex] > 0 { out[s] = c[s.countIndex] }
    return out
  }

  /// A streamed summary's counts per monitoring dimension, in report order
  /// (`byDimension` of the whole run).
  static func byDimension(_ summary: StreamingCheck.Summary) -> [Tally] {
    dimensionOrder(summary.keptByDimension.keys).map { Tally(key: $0, label: $0, counts: counts(summary.keptByDimension[$0] ?? [])) }
  }

  /// Per rule, in rule-id order.
  public var byRule: [Tally] { tally(by: { ($0.rule.id, t($0.rule.title)) }) }

  /// Per monitoring dimension (rules without one: "—"): seed 002's five
  /// dimensions first in its order, then 办学条件 and 成长环境, then others by name.
  public var byDimension: [Tally] {
    let tallies = tally(by: { ($0.rule.dimension ?? "—", $0.rule.dimension ?? "—") })
    let byKey = Dictionary(uniqueKeysWithValues: tallies.map { ($0.key, $0) })
    return Self.dimensionOrder(byKey.keys).compactMap { byKey[$0] }
  }

  /// Dimension names in report order: seed 002's five, then 办学条件 and 成长环境, then others by name.
  public static func dimensionOrder(_ names: some Sequence<String>) -> [String] {
    let order = Catalogue.dimensionOrder
    return names.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
  }

  /// A dimension's name in the report's language (the pack writes them in Chinese).
  public func dimensionName(_ name: String) -> String { Self.dimensionName(name, language: language) }

  /// A dimension's name in `language`.
  public static func dimensionName(_ name: String, language: Language) -> String {
    guard language == .en, let en = dimensionsEN[name] else { return name }
    return "\(en) (\(name))"
  }

  static let dimensionsEN = [
    "品德行为": "Moral conduct", "学业水平": "Academic achievement", "学习品质": "Learning qualities",
    "实践创新": "Practice and innovation", "身心健康": "Physical and mental health", "办学条件": "School conditions",
    "成长环境": "Growth environment",
  ]

  /// Per school (district-wide findings excluded), in report order.
  public var bySchool: [Tally] {
    groups.filter { !$0.school.id.isEmpty }.map { Tally(key: $0.school.id, label: $0.school.name, counts: $0.counts) }
  }

  private func tally(by key: (Finding) -> (String, String)) -> [Tally] {
    var index: [String: Int] = [:]
    var out: [Tally] = []
    for f in run.findings {
      let (k, label) = key(f)
      let i = index[k] ?? {
        out.append(Tally(key: k, label: label))
        index[k] = out.count - 1
        return out.count - 1
      }()
      out[i].counts[f.status, default: 0] += 1
    }
    return out.sorted { $0.key < $1.key }
  }
}

extension ReportModel.SchoolGroup {
  /// Failing findings per rule severity.
  public var failuresBySeverity: [Severity: Int] {
    var out: [Severity: Int] = [:]
    for f in findings where f.status == .fail { out[f.rule.severity, default: 0] += 1 }
    return out
  }
}
