import DudaoDiagnostics
import DudaoRules

/// Wording of on-site observation and checklist diagnostics.
extension Diagnostic {
  static func observationUnknownItem(_ item: String, school: String, at loc: SourceLocation) -> Self {
    Self(
      code: "observation.unknown-item", severity: .warning, location: loc,
      message: .init(
        zh: "学校 \(school) 的现场观察事项“\(item)”不是数据字典中的字段，只作记录，不替代填报数据",
        en: "school \(school): the observation item '\(item)' is not a field of the data dictionary; it is kept as a record and replaces no reported value"))
  }

  static func observationWrongType(_ item: String, value: String, field: DataDictionary.Field, school: String, at loc: SourceLocation?) -> Self {
    Self(
      code: "observation.wrong-type", severity: .warning, location: loc,
      message: .init(
        zh: "学校 \(school) 的现场观察“\(item)”（\(field.label.zh)）结果“\(value)”与该字段的类型不符，未采用；请按\(Self.typeName(field.type).zh)填写",
        en: "school \(school): the observation '\(item)' (\(field.label.en)) has the value '\(value)', which does not fit the field; it is not used. Write \(Self.typeName(field.type).en)"))
  }

  static func observationNoDate(_ item: String, school: String, at loc: SourceLocation) -> Self {
    Self(
      code: "observation.no-date", severity: .warning, location: loc,
      message: .init(
        zh: "学校 \(school) 的现场观察“\(item)”没有日期；报告中将注明“日期未记录”，请补填观察日期",
        en: "school \(school): the observation '\(item)' has no date; reports will say 'date not recorded'. Add the date of the visit"))
  }

  static func observationNoElement(list: String, id: String, school: String, at loc: SourceLocation) -> Self {
    Self(
      code: "observation.no-element", severity: .warning, location: loc,
      message: .init(
        zh: "学校 \(school) 的数据中没有编号为 \(id) 的 \(list) 项，现场观察未采用；请核对编号",
        en: "school \(school) has no \(list) entry with id \(id); the observation is not used. Check the id"))
  }

  static func checklistNoSchool(at loc: SourceLocation) -> Self {
    Self(
      code: "checklist.no-school", location: loc,
      message: .init(
        zh: "现场检查表缺少学校代码（checklist.school_id）；请填写被检查学校的代码",
        en: "the checklist has no school id (checklist.school_id); write the code of the school inspected"))
  }

  static func checklistBadValue(_ item: String, value: String, field: DataDictionary.Field, at loc: SourceLocation) -> Self {
    Self(
      code: "checklist.wrong-type", location: loc,
      message: .init(
        zh: "“\(item)”（\(field.label.zh)）的现场结果“\(value)”应为\(Self.typeName(field.type).zh)",
        en: "the observed value '\(value)' of '\(item)' (\(field.label.en)) must be \(Self.typeName(field.type).en)"))
  }

  static func checklistNoDate(_ item: String, at loc: SourceLocation) -> Self {
    Self(
      code: "checklist.no-date", location: loc,
      message: .init(
        zh: "“\(item)”已填写现场结果，但没有检查日期；请在 checklist.date 或该项的 date 填写日期（YYYY-MM-DD）",
        en: "'\(item)' has an observed value but no date; write the date of the visit (YYYY-MM-DD) in checklist.date or the item's date"))
  }

  static func typeName(_ type: DataDictionary.FieldType) -> LocalizedText {
    switch type {
    case .int: .init(zh: "整数", en: "a whole number")
    case .double: .init(zh: "数值", en: "a number")
    case .bool: .init(zh: "是/否", en: "yes or no (true/false)")
    case .date: .init(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)")
    case .time: .init(zh: "时刻（HH:MM）", en: "a time (HH:MM)")
    case .enumeration(let v): .init(zh: "以下之一：\(v.joined(separator: "、"))", en: "one of: \(v.joined(separator: ", "))")
    default: .init(zh: "文字", en: "text")
    }
  }
}
