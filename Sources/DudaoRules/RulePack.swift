import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr

/// A loaded rule pack with every overlay applied: what `check`, `lint`,
/// `test`, `explain` and `rules` work on.
public struct RulePack: Sendable {
  /// One pack of the `extends` chain, base first.
  public struct Layer: Sendable, Hashable {
    public var name: String
    public var version: String
    public var root: String
    public var location: SourceLocation
  }

  public var name: String
  public var version: String
  public var title: LocalizedText?
  /// The pack folder.
  public var root: String
  /// `sha256:` of every file of the pack and the packs it extends.
  public var digest: String
  public var dictionary: DataDictionary
  public var calendar: HolidayCalendar
  public var defaults: [Severity: Rectify]
  /// Pack-wide parameters; a rule's own `params` take precedence.
  public var params: [(name: String, value: Value, location: SourceLocation)]
  /// Every rule after overlays, sorted by id (disabled ones included).
  public var rules: [Rule]
  public var layers: [Layer]
  /// Problems that do not stop the pack from being used.
  public var warnings: [Diagnostic]
  /// The text of every file read, for excerpts in diagnostics.
  public var files: [String: String]

  public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

  public var enabledRules: [Rule] { rules.filter(\.enabled) }

  /// The `params` a rule sees: pack parameters overlaid with the rule's own.
  public func parameters(for rule: Rule) -> [(name: String, value: Value)] {
    var out = params.map { (name: $0.name, value: $0.value) }
    for p in rule.params {
      if let i = out.firstIndex(where: { $0.name == p.name }) { out[i].value = p.value } else { out.append((p.name, p.value)) }
    }
    return out
  }

  /// The rectification a failing finding of this rule gets.
  public func rectify(for rule: Rule) -> Rectify? {
    let base = defaults[rule.severity]
    return rule.rectify.map { $0.over(base) } ?? base
  }
}
