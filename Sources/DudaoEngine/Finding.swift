import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// What a finding is about: a school, one of its classes or staff, or a district.
public struct Subject: Sendable, Hashable {
  /// `school`, `district`, or the entity of a `for_each` element (`class`, `staff`, …).
  public var kind: String
  public var id: String

  public init(kind: String, id: String) {
    self.kind = kind
    self.id = id
  }
}

/// The school a finding belongs to (no personal data: id and school name only).
public struct SchoolRef: Sendable, Hashable {
  public var id: String
  public var name: String

  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

/// The result of one rule on one subject, with everything a report needs.
public struct Finding: Sendable {
  /// Stable across runs: same school + rule + subject ⇒ same key.
  public var key: String
  public var school: SchoolRef
  public var subject: Subject
  /// The rule. Findings of one rule share it (one reference each, not a
  /// copy of its every field: a check of a province makes millions).
  public var rule: Rule {
    _read { yield ruleBox.rule }
    set { ruleBox = RuleBox(newValue) }
  }
  var ruleBox: RuleBox
  /// `rule.id` and `rule.severity`, read without copying the rule.
  public var ruleID: String { ruleBox.rule.id }
  public var severity: Severity { ruleBox.rule.severity }
  public var status: Status
  public var observed: Value?
  public var requirement: LocalizedText?
  public var message: LocalizedText?
  public var deadline: Deadline?
  public var responsible: LocalizedText?
  public var measures: LocalizedText?
  /// Missing field paths, for `unknown`.
  public var missing: [String]
  /// Why the finding has its status when that is not obvious (unset parameter,
  /// outside effective dates, the run-time error of a defective rule).
  public var detail: LocalizedText?
  /// Values this finding read that inspectors observed on site (they
  /// replaced the reported values; see `ObservationOverlay`).
  public var onSite: [OnSiteObservation] = []
}

/// A rule kept by reference (see `Finding.rule`).
final class RuleBox: Sendable {
  let rule: Rule
  init(_ rule: Rule) { self.rule = rule }
}

extension Finding {
  /// Findings in report order: school id, rule id, subject id.
  /// `reportOrder(b, a)` for neighbours: findings of one rule and school
  /// (most neighbours) compare their subjects only.
  static func outOfOrder(_ a: Finding, _ b: Finding) -> Bool {
    if a.ruleBox === b.ruleBox, a.school.id == b.school.id { return (b.subject.id, b.subject.kind) < (a.subject.id, a.subject.kind) }
    return reportOrder(b, a)
  }

  static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
    (a.school.id, a.ruleBox.rule.id, a.subject.id, a.subject.kind) < (b.school.id, b.ruleBox.rule.id, b.subject.id, b.subject.kind)
  }
}
