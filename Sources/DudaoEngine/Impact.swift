import DudaoCalendar
import DudaoDiagnostics

/// How findings change between two rule packs on the same data: findings
/// (matched by `key`) that appear, disappear, change status or change
/// deadline, with counts per rule and per school.
///
/// ```swift
/// let old = try Engine(pack: PackLoader().load("rules")).evaluate(data, asOf: day)
/// let new = try Engine(pack: PackLoader().load("examples/overlays/xiangan")).evaluate(data, asOf: day)
/// let impact = Impact(old: old, new: new)   // impact.changes, impact.byRule, impact.bySchool
/// ```
public struct Impact: Sendable {
  /// What happened to one finding key.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// Only the new pack produces it (a rule added or re-enabled, a new subject).
    case appeared
    /// Only the old pack produces it (a rule removed or disabled).
    case disappeared
    /// Both produce it with different statuses (`pass` → `fail`).
    case statusChanged = "status_changed"
    /// Same status, different deadline (a failing finding's term changed).
    case deadlineChanged = "deadline_changed"

    public var label: LocalizedText {
      switch self {
      case .appeared: .init(zh: "新增", en: "appeared")
      case .disappeared: .init(zh: "消失", en: "disappeared")
      case .statusChanged: .init(zh: "状态变化", en: "status changed")
      case .deadlineChanged: .init(zh: "时限变化", en: "deadline changed")
      }
    }
  }

  /// One changed finding: the old and new versions (one is nil for appeared/disappeared).
  public struct Change: Sendable {
    public var key: String
    public var kind: Kind
    public var old: Finding?
    public var new: Finding?

    /// Whichever version exists, the new one first: for school, rule, subject.
    public var finding: Finding? { new ?? old }
    /// A failing finding that the change creates (new `fail` where there was none).
    public var isNewFailure: Bool { new?.status == .fail && old?.status != .fail }
    /// A failing finding that the change removes.
    public var isResolvedFailure: Bool { old?.status == .fail && new?.status != .fail }
  }

  /// Counts of the changes of one rule or one school.
  public struct Summary: Sendable {
    /// A rule id, or a school id (empty for district-wide findings).
    public var id: String
    /// The rule title or school name.
    public var title: LocalizedText
    public var counts: [Kind: Int]
    public var newFailures: Int
    public var resolvedFailures: Int
  }

  public var old: Run
  public var new: Run
  /// Every change, in report order of the finding (school, rule, subject).
  public var changes: [Change]
  /// Per rule with at least one change, by rule id.
  public var byRule: [Summary]
  /// Per school with at least one change, by school id (district-wide last).
  public var bySchool: [Summary]

  public init(old: Run, new: Run) {
    self.old = old
    self.new = new
    var oldByKey: [String: Finding] = [:]
    for f in old.findings { oldByKey[f.key] = f }
    var newKeys: Set<String> = []
    var changes: [Change] = []
    for f in new.findings {
      newKeys.insert(f.key)
      guard let o = oldByKey[f.key] else {
        changes.append(Change(key: f.key, kind: .appeared, old: nil, new: f))
        continue
      }
      if o.status != f.status {
        changes.append(Change(key: f.key, kind: .statusChanged, old: o, new: f))
      } else if o.deadline != f.deadline {
        changes.append(Change(key: f.key, kind: .deadlineChanged, old: o, new: f))
      }
    }
    for f in old.findings where !newKeys.contains(f.key) {
      changes.append(Change(key: f.key, kind: .disappeared, old: f, new: nil))
    }
    changes.sort { a, b in
      guard let fa = a.finding, let fb = b.finding else { return a.key < b.key }
      return (fa.school.id.isEmpty ? 1 : 0, fa.school.id, fa.rule.id, fa.subject.id, fa.subject.kind, a.key)
        < (fb.school.id.isEmpty ? 1 : 0, fb.school.id, fb.rule.id, fb.subject.id, fb.subject.kind, b.key)
    }
    self.changes = changes
    self.byRule = Self.summaries(changes, id: { $0.rule.id }, title: { $0.rule.title })
      .sorted { $0.id < $1.id }
    self.bySchool = Self.summaries(changes, id: { $0.school.id }, title: { LocalizedText($0.school.name) })
      .sorted { ($0.id.isEmpty ? 1 : 0, $0.id, $0.title.zh) < ($1.id.isEmpty ? 1 : 0, $1.id, $1.title.zh) }
  }

  /// Number of changes of each kind.
  public func count(_ kind: Kind) -> Int { changes.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) } }
}

private extension Impact {
  static func summaries(_ changes: [Change], id: (Finding) -> String, title: (Finding) -> LocalizedText) -> [Summary] {
    var out: [String: Summary] = [:]
    for c in changes {
      guard let f = c.finding else { continue }
      // District findings have no school id: group them by district name.
      let key = id(f).isEmpty ? "\u{1F}" + f.school.name : id(f)
      var s = out[key] ?? Summary(id: id(f), title: title(f), counts: [:], newFailures: 0, resolvedFailures: 0)
      s.counts[c.kind, default: 0] += 1
      if c.isNewFailure { s.newFailures += 1 }
      if c.isResolvedFailure { s.resolvedFailures += 1 }
      out[key] = s
    }
    return Array(out.values)
  }
}
