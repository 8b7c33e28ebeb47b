import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML

/// A filled on-site checklist (`dudao checklist --format yaml`) given to
/// `dudao check` beside the school's data: its observations join the school
/// named by `checklist.school_id`, like a CSV table of observations.
///
/// ```yaml
/// checklist: { school_id: "3502130401", date: 2026-11-20 }
/// observations:
///   - { item: schedule.big_break_minutes, rule: PE.BIG_BREAK, reported: 30, value: 20, note: 只做了早操 }
/// ```
/// `date` of an observation defaults to `checklist.date`; an empty `value`
/// was not observed. A value for a data field must fit the field's type
/// (checked here, with the cell's position).
extension DatasetLoader {
  /// The observation rows of a checklist file, or nil when `root` is not one.
  func checklistRows(_ root: Node, file: String, _ diags: inout [Diagnostic]) -> [CSVChildRow]? {
    guard let head = root["checklist"], root["school"] == nil, root["schools"] == nil else { return nil }
    guard let schoolNode = head["school_id"], let schoolID = schoolNode.text, !schoolID.isEmpty else {
      diags.append(.checklistNoSchool(at: head.location))
      return []
    }
    var defaultDate: Day?
    if let d = head["date"], !d.isNull {
      guard let t = d.text, let day = Day(iso: t) else {
        diags.append(.dataWrongType(.init("checklist.date"), expected: .init(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)"), found: d.text ?? "…", at: d.location))
        return []
      }
      defaultDate = day
    }
    guard let list = root["observations"] else { return [] }
    guard let items = list.sequence else {
      diags.append(.dataWrongType(.init("observations"), expected: .init(zh: "列表", en: "a list"), found: list.text ?? "{…}", at: list.location))
      return []
    }
    var rows: [CSVChildRow] = []
    for (i, node) in items.enumerated() {
      // Typed as `school.observations[i]` by the dictionary (date, item, note, …).
      let typedValue = typed(node, .entity("observation"), path: .index(.field(.root("school"), "observations"), i), &diags, depth: 1)
      guard case .map(var m) = typedValue else { continue }
      guard let valueNode = node["value"], !valueNode.isNull, valueNode.text != "" else { continue }  // not observed
      let item = node["item"]?.text ?? node["rule"]?.text ?? ""
      if case .string(let s)? = m[.string("item")], !s.isEmpty {} else if !item.isEmpty {
        m = MapValue(m.entries + [(key: .string("item"), value: .string(item))])
      }
      if m[.string("date")] == nil {
        guard let d = defaultDate else {
          diags.append(.checklistNoDate(item, at: valueNode.location))
          continue
        }
        m = MapValue(m.entries + [(key: .string("date"), value: .date(d))])
      }
      // A field path item: the value must fit the field.
      if let target = ObservationTarget(path: item), let field = Self.field(of: target, dictionary) {
        guard let v = ObservationOverlay.convert(Value(untyped: valueNode), to: field) else {
          diags.append(.checklistBadValue(item, value: valueNode.text ?? "…", field: field, at: valueNode.location))
          continue
        }
        var entries = m.entries
        if let k = entries.firstIndex(where: { $0.key == .string("value") }) { entries[k].value = v }
        m = MapValue(entries)
      }
      rows.append(CSVChildRow(
        schoolID: schoolID, listField: "observations", value: .map(m), location: node.location,
        joinLocation: schoolNode.location, joinHeader: "checklist.school_id"))
    }
    return rows
  }

  static func field(of target: ObservationTarget, _ dictionary: DataDictionary) -> DataDictionary.Field? {
    switch target {
    case .school(let p): return dictionary.field(p, in: "school")
    case .element(let list, _, let f):
      guard case .list(.entity(let e))? = dictionary.field([list], in: "school")?.type else { return nil }
      return dictionary.field(f, in: e)
    }
  }
}
