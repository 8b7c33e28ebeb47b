import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import Foundation

/// On-site observations override reported values (四不两直: what the
/// inspector saw counts, not what the school filled in).
///
/// An observation (`school.observations[]`: `date`, `item`, `value`, `note`)
/// whose `item` names a data field replaces that field's value for
/// evaluation:
/// - a field of the school: `schedule.big_break_minutes` (or with `school.`);
/// - a field of a list element, by the element's id: `classes[7-1].students`,
///   `staff[LD003].weekly_periods`;
/// - a rule id whose rule reads exactly one field of the school
///   (`PE.BIG_BREAK` → `schedule.big_break_minutes`).
///
/// Any other item (a free description, a rule reading several fields) is a
/// record only. An empty `value` means "not observed". Of several
/// observations of one field the latest date wins (then the later record).
/// Findings whose rule reads an overridden field carry the observation
/// (`Finding.onSite`); which fields a rule reads is taken from the field
/// paths written in its expressions.
struct ObservationOverlay: Sendable {
  /// What a rule reads, from the field paths in its expressions.
  struct Reads: Sendable {
    /// Paths below `school` (`schedule.big_break_minutes`).
    var school: Set<String> = []
    /// School list fields the rule iterates or aggregates (`classes`).
    var lists: Set<String> = []
    /// Fields read on one element (`students`), by the `for_each` name or a macro variable.
    var elementFields: Set<String> = []
    /// The single school leaf field the rule is about, for rule-id items.
    var target: [String]?
  }

  var dictionary: DataDictionary
  var reads: [String: Reads]

  init(pack: RulePack) {
    dictionary = pack.dictionary
    var reads: [String: Reads] = [:]
    for rule in pack.enabledRules where rule.scope == .school {
      reads[rule.id] = Self.reads(rule, dictionary: pack.dictionary)
    }
    self.reads = reads
  }

  /// The observations (of those applied to the finding's school) of the fields its rule reads.
  func onSite(for finding: Finding, used: [OnSiteObservation]) -> [OnSiteObservation] {
    guard let r = reads[finding.rule.id] else { return [] }
    let subject = finding.subject
    return used.filter { o in
      guard let target = ObservationTarget(path: o.path) else { return false }
      switch target {
      case .school(let p):
        let joined = p.joined(separator: ".")
        return r.school.contains { $0 == joined || joined.hasPrefix($0 + ".") || $0.hasPrefix(joined + ".") }
      case .element(let list, let id, let field):
        guard r.lists.contains(list), r.elementFields.contains(field.first ?? "") else { return false }
        // A per-element finding is about one element; a school finding aggregates all.
        return subject.kind == "school" || subject.id == id
      }
    }
  }
}

/// Where an observed value goes.
enum ObservationTarget: Equatable {
  case school([String])
  case element(list: String, id: String, field: [String])

  /// Parses `schedule.big_break_minutes`, `school.classes[7-1].students`.
  init?(path: String) {
    var p = Substring(path.trimmingCharacters(in: .whitespaces))
    if p.hasPrefix("school.") { p = p.dropFirst("school.".count) }
    // The id runs from the first `[` to the last `].` (ids may hold brackets).
    if let open = p.firstIndex(of: "["), let close = p.range(of: "].", options: .backwards), open < close.lowerBound {
      let list = String(p[..<open])
      let id = String(p[p.index(after: open)..<close.lowerBound])
      guard !list.isEmpty, !id.isEmpty else { return nil }
      let field = p[close.upperBound...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard !field.isEmpty, field.allSatisfy(ObservationTarget.isName), ObservationTarget.isName(list) else { return nil }
      self = .element(list: list, id: id, field: field)
      return
    }
    let parts = p.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !parts.isEmpty, parts.allSatisfy(ObservationTarget.isName) else { return nil }
    self = .school(parts)
  }

  var text: String {
    switch self {
    case .school(let p): "school." + p.joined(separator: ".")
    case .element(let l, let id, let f): "school.\(l)[\(id)]." + f.joined(separator: ".")
    }
  }

  /// Lower-case field names only: a rule id (`PE.BIG_BREAK`) is not a path.
  static func isName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
    return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
  }
}

extension ObservationOverlay {
  /// The data field an item names and its dictionary entry, or nil for a record-only item.
  func resolve(_ item: String) -> (ObservationTarget, DataDictionary.Field)? {
    let target: ObservationTarget
    if let t = ObservationTarget(path: item) {
      target = t
    } else if let path = reads[item.trimmingCharacters(in: .whitespaces)]?.target {
      target = .school(path)
    } else {
      return nil
    }
    switch target {
    case .school(let p):
      guard let f = dictionary.field(p, in: "school"), Self.isLeaf(f.type) else { return nil }
      return (target, f)
    case .element(let list, _, let field):
      guard case .list(.entity(let e))? = dictionary.field([list], in: "school")?.type,
        let f = dictionary.field(field, in: e), Self.isLeaf(f.type)
      else { return nil }
      return (target, f)
    }
  }

  /// `value` as a value of the field's type, or nil when it does not fit.
  static func convert(_ value: Value, to field: DataDictionary.Field) -> Value? {
    let text: String? = switch value {
    case .string(let s): s.trimmingCharacters(in: .whitespaces)
    case .int, .double, .uint, .bool: value.displayText
    default: nil
    }
    switch field.type {
    case .any: return value
    case .string: return text.map(Value.string)
    case .int:
      if case .int = value { return value }
      if let t = text, let i = Int64(t) { return .int(i) }
      if let t = text, let d = Double(t), d == d.rounded(), abs(d) < 9e15 { return .int(Int64(d)) }
      return nil
    case .double:
      if case .int(let i) = value { return .double(Double(i)) }
      if case .double = value { return value }
      return text.flatMap { Double($0) }.flatMap { $0.isFinite ? .double($0) : nil }
    case .bool:
      if case .bool = value { return value }
      switch text?.lowercased() {
      case "true", "是", "有", "yes", "1": return .bool(true)
      case "false", "否", "无", "no", "0": return .bool(false)
      default: return nil
      }
    case .date:
      if case .date = value { return value }
      return text.flatMap { Day(iso: $0) }.map(Value.date)
    case .time:
      if case .time = value { return value }
      return text.flatMap { DatasetLoader.minutes($0) }.flatMap { TimeOfDay(minutes: $0) }.map(Value.time)
    case .enumeration(let values):
      guard let t = text else { return nil }
      if values.contains(t) { return .string(t) }
      return field.valueLabels.first { $0.value.zh == t || $0.value.en == t }.map { .string($0.key) }
    case .list, .entity, .object:
      return nil
    }
  }

  /// Dotted identifier chains (`a.b.c`) outside string literals; a chain
  /// stops before a call (`school.classes.all(` gives `school.classes`).
  static func chains(_ text: String) -> [[String]] {
    var out: [[String]] = []
    var current: [String] = []
    var word = ""
    var quote: Character?
    var previous: Character = " "
    func endWord(_ next: Character) {
      if !word.isEmpty {
        if next == "(" { /* a call: the name is a function or macro */ } else { current.append(word) }
        word = ""
      }
      if next != "." {
        if !current.isEmpty { out.append(current) }
        current = []
      }
    }
    for ch in text {
      if let q = quote {
        if ch == q && previous != "\\" { quote = nil }
        previous = ch
        continue
      }
      if ch == "\"" || ch == "'" {
        endWord(" ")
        quote = ch
      } else if ch == "_" || ch.isLetter || (ch.isNumber && !word.isEmpty) {
        word.append(ch)
      } else {
        endWord(ch)
      }
      previous = ch
    }
    endWord(" ")
    return out
  }

  static func isLeaf(_ type: DataDictionary.FieldType) -> Bool {
    switch type {
    case .list(.entity), .list(.object), .entity, .object: false
    default: true
    }
  }
}

extension ObservationOverlay {
  /// One school with its observed values in place, and the observations
  /// applied (for an evaluation that streams schools one at a time).
  func apply(_ school: SchoolRecord, _ warnings: inout [Diagnostic]) -> (SchoolRecord, [OnSiteObservation]) {
    guard case .map(let m) = school.value, case .list(let records)? = m[.string("observations")] else { return (school, []) }
    // The latest observation of each field wins: order by date, then record order.
    var chosen: [String: (order: (Int, Int), target: ObservationTarget, obs: OnSiteObservation)] = [:]
    for (n, record) in records.enumerated() {
      guard case .map(let r) = record, case .string(let item)? = r[.string("item")],
        let raw = r[.string("value")], raw != .null, raw != .string("")
      else { continue }
      guard let (target, field) = resolve(item) else {
        if ObservationTarget(path: item) != nil { warnings.append(.observationUnknownItem(item, school: school.id, at: school.location)) }
        continue
      }
      guard let value = Self.convert(raw, to: field) else {
        warnings.append(.observationWrongType(item, value: raw.displayText, field: field, school: school.id, at: school.location))
        continue
      }
      var date: Day?
      if case .date(let d)? = r[.string("date")] { date = d }
      if date == nil { warnings.append(.observationNoDate(item, school: school.id, at: school.location)) }
      var note: String?
      if case .string(let s)? = r[.string("note")], !s.isEmpty { note = s }
      var label = field.label
      if case .element(let list, let id, _) = target, case .list(.entity(let e))? = dictionary.field([list], in: "school")?.type,
        let entity = dictionary.entity(e) {
        label = LocalizedText(zh: "\(entity.label.zh) \(id) \(field.label.zh)", en: "\(entity.label.en) \(id) \(field.label.en)")
      }
      let obs = OnSiteObservation(path: target.text, item: item, date: date, value: value, reported: nil, note: note, label: label)
      let order = (date?.ordinal ?? Int.min, n)
      if let old = chosen[target.text], old.order > order { continue }
      chosen[target.text] = (order, target, obs)
    }
    var value = school.value
    var used: [OnSiteObservation] = []
    for key in chosen.keys.sorted() {
      guard let entry = chosen[key] else { continue }
      let target = entry.target
      var obs = entry.obs
      guard let (new, old) = Self.replacing(value, target, with: obs.value) else {
        if case .element(let list, let id, _) = target {
          warnings.append(.observationNoElement(list: list, id: id, school: school.id, at: school.location))
        }
        continue
      }
      value = new
      obs.reported = old
      used.append(obs)
    }
    var out = school
    out.value = value
    return (out, used)
  }
}

private extension ObservationOverlay {
  /// `school` with the field at `target` set to `new`, and the value it had.
  static func replacing(_ school: Value, _ target: ObservationTarget, with new: Value) -> (Value, Value?)? {
    switch target {
    case .school(let path):
      return set(school, path[...], new)
    case .element(let list, let id, let field):
      guard case .map(let m) = school, case .list(var items)? = m[.string(list)] else { return nil }
      guard let i = items.firstIndex(where: { if case .map(let e) = $0 { return e[.string("id")]?.displayText == id } else { return false } }),
        let (element, old) = set(items[i], field[...], new)
      else { return nil }
      items[i] = element
      return (put(m, list, .list(items)), old)
    }
  }

  static func set(_ v: Value, _ path: ArraySlice<String>, _ new: Value) -> (Value, Value?)? {
    guard let name = path.first else { return nil }
    let m: MapValue
    switch v {
    case .map(let x): m = x
    case .null: m = MapValue([])
    default: return nil
    }
    if path.count == 1 { return (put(m, name, new), m[.string(name)]) }
    guard let (child, old) = set(m[.string(name)] ?? .null, path.dropFirst(), new) else { return nil }
    return (put(m, name, child), old)
  }

  static func put(_ m: MapValue, _ key: String, _ value: Value) -> Value {
    var entries = m.entries
    if let i = entries.firstIndex(where: { $0.key == .string(key) }) {
      entries[i].value = value
    } else {
      entries.append((key: .string(key), value: value))
    }
    return .map(MapValue(entries))
  }

  /// Field paths written in the rule's expressions (`school.schedule.x`,
  /// `class.students`), skipping string literals.
  static func reads(_ rule: Rule, dictionary: DataDictionary) -> Reads {
    var r = Reads()
    var texts = [rule.check.text]
    if let o = rule.observed { texts.append(o.text) }
    if let w = rule.when { texts.append(w.text) }
    if let f = rule.forEach { texts.append(f.expr.text) }
    let chains = texts.flatMap(Self.chains)
    for c in chains {
      guard c.first == "school", c.count > 1 else {
        if c.count > 1, c.first != "params" { r.elementFields.insert(c[1]) }
        continue
      }
      let path = Array(c.dropFirst())
      if case .list(.entity)? = dictionary.field([path[0]], in: "school")?.type { r.lists.insert(path[0]) }
      r.school.insert(path.joined(separator: "."))
    }
    // The field a rule-id item stands for: the one school leaf the rule's
    // `observed` (or else its check) reads.
    let own = Set((rule.observed.map { Self.chains($0.text) } ?? Self.chains(rule.check.text))
      .filter { $0.first == "school" && $0.count > 1 }.map { Array($0.dropFirst()) })
    if rule.forEach == nil, own.count == 1, let only = own.first, let f = dictionary.field(only, in: "school"), isLeaf(f.type) {
      r.target = only
    }
    return r
  }
}
