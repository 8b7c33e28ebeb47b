import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoYAML

/// How serious a failing finding is; the raw values are the wire names.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
  case critical, major, minor

  var rank: Int {
    switch self {
    case .critical: 0
    case .major: 1
    case .minor: 2
    }
  }
  public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

  public var label: LocalizedText {
    switch self {
    case .critical: .init(zh: "严重", en: "critical")
    case .major: .init(zh: "重要", en: "major")
    case .minor: .init(zh: "一般", en: "minor")
    }
  }
}

/// One citation: the policy document, its 文号, the clause and the exact words.
public struct Source: Sendable, Hashable {
  public var document: String
  public var number: String?
  public var clause: String?
  public var quote: String
  public var url: String?
  /// false where the wording or 文号 comes from memory, not a seen text.
  public var verified: Bool
  public var note: String?
}

/// How a failing finding is put right: by when, by whom, how.
public struct Rectify: Sendable, Hashable {
  public var term: RectifyTerm?
  /// The term as written (`within: 30 days`), for `explain`.
  public var termText: String?
  public var responsible: LocalizedText?
  public var measures: LocalizedText?

  /// Fields of `self`, falling back to `base` where absent.
  public func over(_ base: Rectify?) -> Rectify {
    guard let base else { return self }
    return Rectify(
      term: term ?? base.term, termText: term == nil ? base.termText : termText,
      responsible: responsible ?? base.responsible, measures: measures ?? base.measures)
  }
}

public enum Scope: String, Sendable, Hashable {
  case school, district
}

/// One example of a rule: data and the status it must produce.
public struct RuleExample: Sendable, Hashable {
  public enum Expect: String, Sendable, Hashable, CaseIterable {
    case pass, fail, unknown
    case notApplicable = "not_applicable"
  }
  public var expect: Expect
  /// The bindings (`school`, `schools`, `params` …) as a YAML node.
  public var data: Node
  public var missing: [String]?
  public var observed: Node?
  public var asOf: Day?
  /// Parameter values for this example only (`params:` beside `data:`).
  public var params: Node?
  public var location: SourceLocation
}

/// A change an overlay made to an inherited rule, shown by `explain`.
public struct RuleChange: Sendable, Hashable {
  public var pack: String
  public var location: SourceLocation
  public var description: LocalizedText
}

/// One requirement from one or more policy clauses (DESIGN "Rule files").
public struct Rule: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var dimension: String?
  public var sources: [Source]
  public var levels: [String]?
  public var when: ExprSource?
  public var effectiveFrom: Day?
  public var effectiveUntil: Day?
  /// Parameter values in declaration order; `.null` means "not set locally".
  public var params: [(name: String, value: Value, location: SourceLocation)]
  /// The parameters as the defining pack wrote them, before any overlay:
  /// examples test the rule as written.
  public var definedParams: [(name: String, value: Value, location: SourceLocation)] = []
  public var forEach: (name: String, expr: ExprSource)?
  public var scope: Scope
  public var check: ExprSource
  public var observed: ExprSource?
  public var requirement: LocalizedTemplate?
  public var message: LocalizedTemplate?
  public var severity: Severity
  public var rectify: Rectify?
  public var observe: LocalizedText?
  public var examples: [RuleExample]
  public var enabled: Bool = true
  public var disabledReason: String?
  /// Where the rule's `id` is written.
  public var location: SourceLocation
  /// The pack that defined the rule.
  public var pack: String
  public var changes: [RuleChange] = []

  public func param(_ name: String) -> Value? { params.first { $0.name == name }?.value }

  /// Parameters still `null`: the rule cannot be evaluated until they are set locally.
  public var unsetParams: [String] { params.filter { $0.value == .null }.map(\.name) }

  public static func == (a: Rule, b: Rule) -> Bool { a.id == b.id && a.location == b.location && a.pack == b.pack }
  public func hash(into h: inout Hasher) {
    h.combine(id)
    h.combine(location)
  }
}
