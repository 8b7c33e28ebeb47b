import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// What to look at on site at one school (`dudao checklist`): for each rule
/// in force, the data field it turns on, the value the school reported (to
/// verify) and what the rule says to observe. Filled in, the checklist is an
/// observations file (see `ObservationOverlay`).
public struct Checklist: Sendable {
  public struct Item: Sendable {
    /// The observation `item`: a field path below `school`
    /// (`schedule.big_break_minutes`, `classes[7-1].students`), or the rule id
    /// when the rule turns on no single field (then the observation is a record only).
    public var item: String
    /// The field's name for people, or the rule's title.
    public var label: LocalizedText
    /// The rules that read it, first the one that put it on the list.
    public var rules: [Rule]
    /// What the school reported (nil: not reported).
    public var reported: Value?
    /// The worst status of those rules on the reported data: where to look first.
    public var status: Status
    /// True when `item` is a data field an observation overrides.
    public var isField: Bool
  }

  public var school: SchoolRef
  public var asOf: Day
  public var packName: String
  public var packVersion: String
  public var items: [Item]
}

extension Engine {
  /// The on-site checklist of one school: the rules in force on `asOf`
  /// (outside `applies`/`effective` is left out), one item per field.
  public func checklist(for school: SchoolRecord, asOf: Day) -> Checklist {
    // The reported data: observations already in the data are not applied.
    var reported = school
    if case .map(let m) = school.value {
      reported.value = .map(MapValue(m.entries.filter { $0.key != .string("observations") }))
    }
    let run = evaluate(Dataset(schools: [reported]), asOf: asOf)
    var items: [Checklist.Item] = []
    var index: [String: Int] = [:]
    for f in run.findings where f.status != .notApplicable && !f.school.id.isEmpty {
      let (item, label, value, isField) = checklistItem(f, school: reported.value)
      if let i = index[item] {
        if !items[i].rules.contains(where: { $0.id == f.rule.id }) { items[i].rules.append(f.rule) }
        items[i].status = min(items[i].status, f.status)
        continue
      }
      index[item] = items.count
      items.append(.init(item: item, label: label, rules: [f.rule], reported: value, status: f.status, isField: isField))
    }
    return Checklist(
      school: SchoolRef(id: school.id, name: school.name), asOf: asOf,
      packName: pack.name, packVersion: pack.version, items: items)
  }
}

private extension Engine {
  /// The field a finding turns on: of the single-value fields written in
  /// the rule's `observed` (else its check), the one holding the finding's
  /// observed value, else the first (`school.level == 'twelve_year' ?
  /// school.compulsory_students : school.students` gives `students`).
  func checklistItem(_ f: Finding, school: Value) -> (String, LocalizedText, Value?, Bool) {
    let dict = pack.dictionary
    let rule = f.rule
    let chains = ObservationOverlay.chains(rule.observed?.text ?? rule.check.text)
    func pick(_ candidates: [([String], DataDictionary.Field, Value?)]) -> ([String], DataDictionary.Field, Value?)? {
      candidates.first { f.observed != nil && $0.2 == f.observed } ?? candidates.first
    }
    if let each = rule.forEach {
      let list = ObservationOverlay.chains(each.expr.text).first { $0.first == "school" && $0.count == 2 }?[1]
      if let list, case .list(.entity(let e))? = dict.field([list], in: "school")?.type {
        let element = Self.element(school, list: list, id: f.subject.id)
        let candidates = chains.filter { $0.first == each.name && $0.count > 1 }.compactMap { c -> ([String], DataDictionary.Field, Value?)? in
          let path = Array(c.dropFirst())
          guard let def = dict.field(path, in: e), ObservationOverlay.isLeaf(def.type) else { return nil }
          return (path, def, element.flatMap { Self.value($0, path[...]) })
        }
        if let (field, def, value) = pick(candidates) {
          let entity = dict.entity(e)?.label ?? LocalizedText(e)
          let item = "\(list)[\(f.subject.id)]." + field.joined(separator: ".")
          return (item, .init(zh: "\(entity.zh) \(f.subject.id) \(def.label.zh)", en: "\(entity.en) \(f.subject.id) \(def.label.en)"), value, true)
        }
      }
    } else {
      let candidates = chains.filter { $0.first == "school" && $0.count > 1 }.compactMap { c -> ([String], DataDictionary.Field, Value?)? in
        let path = Array(c.dropFirst())
        guard let def = dict.field(path, in: "school"), ObservationOverlay.isLeaf(def.type) else { return nil }
        return (path, def, Self.value(school, path[...]))
      }
      if let (path, def, value) = pick(candidates) { return (path.joined(separator: "."), def.label, value, true) }
    }
    let label = f.subject.kind == "school" ? rule.title : LocalizedText(zh: rule.title.zh + "（\(f.subject.id)）", en: rule.title.en + " (\(f.subject.id))")
    let item = f.subject.kind == "school" ? rule.id : rule.id + "[\(f.subject.id)]"
    return (item, label, f.observed, false)
  }

  static func value(_ v: Value, _ path: ArraySlice<String>) -> Value? {
    guard let name = path.first else { return v }
    guard case .map(let m) = v, let next = m[.string(name)] else { return nil }
    return value(next, path.dropFirst())
  }

  static func element(_ school: Value, list: String, id: String) -> Value? {
    guard case .map(let m) = school, case .list(let items)? = m[.string(list)] else { return nil }
    return items.first { if case .map(let e) = $0 { e[.string("id")]?.displayText == id } else { false } }
  }
}
