import DudaoCalendar
import DudaoDiagnostics
import DudaoRules

/// How findings change between two rule packs on the same data: findings
/// (matched by `key`) that appear, disappear, change status or change
/// deadline, with counts per rule and per school.
///
/// ```swift
/// let old = try Engine(pack: PackLoader().load("rules")).evaluate(data, asOf: day)
/// let new = try Engine(pack: PackLoader().load("examples/overlays/xiangan")).evaluate(data, asOf: day)
/// let impact = Impact(old: old, new: new)   // impact.changes, impact.byRule, impact.bySchool
/// ```
///
/// `Impact.streamed` forms the same impact from two streamed checks, in
/// memory that does not grow with the number of schools.
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

  /// A rule as a change names it.
  public struct RuleRef: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
  }

  /// One version of a finding: what the impact compares.
  public struct Side: Sendable, Hashable {
    public var status: Status
    public var deadline: Deadline?
  }

  /// One changed finding: its school, rule and subject (of the new version
  /// where there is one), and the old and new versions (one is nil for
  /// appeared/disappeared).
  public struct Change: Sendable {
    public var key: String
    public var kind: Kind
    public var school: SchoolRef
    public var rule: RuleRef
    public var subject: Subject
    public var old: Side?
    public var new: Side?

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

  public var oldPack: RulePack
  public var newPack: RulePack
  public var asOf: Day
  /// Schools with findings under the new pack.
  public var schools: Int
  /// Every change, in report order of the finding (school, rule, subject;
  /// district-wide ones last). Empty from `streamed`, which hands them out as it goes.
  public var changes: [Change]
  /// Changes of each kind, and new and resolved failures, over all changes.
  public var totals: [Kind: Int]
  public var newFailures: Int
  public var resolvedFailures: Int
  /// Per rule with at least one change, by rule id.
  public var byRule: [Summary]
  /// Per school with at least one change, by school id (district-wide last).
  public var bySchool: [Summary]

  public init(old: Run, new: Run) {
    var tally = Tally()
    let changes = Self.diff(old: old.findings.map(Entry.init), new: new.findings.map(Entry.init))
    tally.add(changes)
    self.init(
      oldPack: old.pack, newPack: new.pack, asOf: new.asOf,
      schools: Set(new.findings.map(\.school.id).filter { !$0.isEmpty }).count, changes: changes, tally: tally)
  }

  init(oldPack: RulePack, newPack: RulePack, asOf: Day, schools: Int, changes: [Change], tally: Tally) {
    self.oldPack = oldPack
    self.newPack = newPack
    self.asOf = asOf
    self.schools = schools
    self.changes = changes
    totals = tally.totals
    newFailures = tally.newFailures
    resolvedFailures = tally.resolvedFailures
    byRule = tally.byRule.values.sorted { $0.id < $1.id }
    bySchool = tally.bySchool.values.sorted { ($0.id.isEmpty ? 1 : 0, $0.id, $0.title.zh) < ($1.id.isEmpty ? 1 : 0, $1.id, $1.title.zh) }
  }

  /// Number of changes of each kind.
  public func count(_ kind: Kind) -> Int { totals[kind] ?? 0 }
}

extension Impact {
  /// A finding as the impact compares it.
  struct Entry {
    var key: String
    var school: SchoolRef
    var rule: RuleRef
    var subject: Subject
    var side: Side

    init(_ f: Finding) {
      key = f.key
      school = f.school
      rule = RuleRef(id: f.rule.id, title: f.rule.title)
      subject = f.subject
      side = Side(status: f.status, deadline: f.deadline)
    }

    init(key: String, school: SchoolRef, rule: RuleRef, subject: Subject, side: Side) {
      self.key = key
      self.school = school
      self.rule = rule
      self.subject = subject
      self.side = side
    }
  }

  /// The changes between two sets of findings (all of them, or one
  /// school's), in report order.
  static func diff(old: [Entry], new: [Entry]) -> [Change] {
    var oldByKey: [String: Entry] = [:]
    for e in old { oldByKey[e.key] = e }
    var newKeys: Set<String> = []
    var changes: [Change] = []
    func change(_ e: Entry, _ kind: Kind, old: Side?, new: Side?) -> Change {
      Change(key: e.key, kind: kind, school: e.school, rule: e.rule, subject: e.subject, old: old, new: new)
    }
    for e in new {
      newKeys.insert(e.key)
      guard let o = oldByKey[e.key] else {
        changes.append(change(e, .appeared, old: nil, new: e.side))
        continue
      }
      if o.side.status != e.side.status {
        changes.append(change(e, .statusChanged, old: o.side, new: e.side))
      } else if o.side.deadline != e.side.deadline {
        changes.append(change(e, .deadlineChanged, old: o.side, new: e.side))
      }
    }
    for e in old where !newKeys.contains(e.key) {
      changes.append(change(e, .disappeared, old: e.side, new: nil))
    }
    changes.sort { a, b in
      (a.school.id.isEmpty ? 1 : 0, a.school.id, a.rule.id, a.subject.id, a.subject.kind, a.key)
        < (b.school.id.isEmpty ? 1 : 0, b.school.id, b.rule.id, b.subject.id, b.subject.kind, b.key)
    }
    return changes
  }

  /// Running counts of changes: in total, per rule and per school.
  struct Tally {
    var totals: [Kind: Int] = [:]
    var newFailures = 0
    var resolvedFailures = 0
    var byRule: [String: Summary] = [:]
    var bySchool: [String: Summary] = [:]

    mutating func add(_ changes: [Change]) {
      for c in changes {
        totals[c.kind, default: 0] += 1
        if c.isNewFailure { newFailures += 1 }
        if c.isResolvedFailure { resolvedFailures += 1 }
        Self.add(c, key: c.rule.id, id: c.rule.id, title: c.rule.title, to: &byRule)
        // District findings have no school id: grouped by district name.
        let school = c.school.id.isEmpty ? "\u{1F}" + c.school.name : c.school.id
        Self.add(c, key: school, id: c.school.id, title: LocalizedText(c.school.name), to: &bySchool)
      }
    }

    private static func add(_ c: Change, key: String, id: String, title: LocalizedText, to out: inout [String: Summary]) {
      var s = out[key] ?? Summary(id: id, title: title, counts: [:], newFailures: 0, resolvedFailures: 0)
      s.counts[c.kind, default: 0] += 1
      if c.isNewFailure { s.newFailures += 1 }
      if c.isResolvedFailure { s.resolvedFailures += 1 }
      out[key] = s
    }
  }
}
