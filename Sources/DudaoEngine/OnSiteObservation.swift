import DudaoDiagnostics
import DudaoExpr

/// A value an inspector observed on site that replaced the school's reported
/// value before evaluation (`school.observations[]` whose `item` names a data
/// field, or a rule that reads exactly one field). Findings that read the
/// field carry it, so reports can say "observed on site on DATE".
public struct OnSiteObservation: Sendable, Hashable {
  /// The data field replaced: `school.schedule.big_break_minutes`,
  /// `school.classes[7-1].students`.
  public var path: String
  /// The observation's `item` as written (a field path or a rule id).
  public var item: String
  /// The day of the visit; nil when the record gave none (warned about).
  public var date: Day?
  /// What was observed, typed like the field.
  public var value: Value
  /// What the school had reported, if anything.
  public var reported: Value?
  public var note: String?
  /// The field's name for people (`大课间时长`, `班级 7-1 学生数`); the path when unknown.
  public var label: LocalizedText

  public init(path: String, item: String, date: Day?, value: Value, reported: Value?, note: String?, label: LocalizedText? = nil) {
    self.label = label ?? LocalizedText(path)
    self.path = path
    self.item = item
    self.date = date
    self.value = value
    self.reported = reported
    self.note = note
  }

  /// "现场核查（2026-10-15）：大课间时长 25（学校填报 30）".
  public var summary: LocalizedText {
    let day = date?.description
    let reportedZh = reported.map { "（学校填报 \($0.displayText)）" } ?? "（学校未填报）"
    let reportedEn = reported.map { " (school reported \($0.displayText))" } ?? " (not reported by the school)"
    return LocalizedText(
      zh: "现场核查" + (day.map { "（\($0)）" } ?? "（日期未记录）") + "：\(label.zh) \(value.displayText)" + reportedZh,
      en: "observed on site" + (day.map { " on \($0)" } ?? " (date not recorded)") + ": \(label.en) \(value.displayText)" + reportedEn)
  }
}
