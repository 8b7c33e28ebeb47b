import DudaoCalendar
import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules

/// `dudao impact`: the text and `dudao.impact/v1` JSON renderings of an
/// `Impact`, whole or streamed (the head once the counts are known, then
/// the changes a school at a time: the same bytes).
public enum ImpactReporter {
  /// The text rendering for `Impact.streamed`.
  public static func textFormat(language: Language) -> Impact.Format {
    Impact.Format(
      head: { Array(textHead($0, language: language).utf8) },
      changes: { Array(textChanges($0, language: language).utf8) }, tail: { _ in [] })
  }

  /// The JSON rendering for `Impact.streamed`: each change after a `,`, the first one's left out.
  public static var jsonFormat: Impact.Format {
    Impact.Format(
      head: { Array(jsonHead($0).utf8) }, changes: { Array($0.map { "," + jsonChange($0) }.joined().utf8) },
      tail: { _ in Array(jsonTail.utf8) }, separatorBytes: 1)
  }

  // MARK: Text

  public static func text(_ impact: Impact, language: Language) -> String {
    textHead(impact, language: language) + (impact.changes.isEmpty ? "" : textChanges(impact.changes, language: language))
  }

  /// Everything before the changes' details (all of it when there are none).
  public static func textHead(_ impact: Impact, language: Language) -> String {
    let zh = language == .zh
    let old = impact.oldPack, new = impact.newPack
    var out = zh
      ? "规则包变化的影响：\(old.name) \(old.version) → \(new.name) \(new.version)，评估日期 \(impact.asOf)，\(impact.schools) 所学校\n"
      : "Impact of the rule change: \(old.name) \(old.version) → \(new.name) \(new.version), as of \(impact.asOf), \(impact.schools) schools\n"
    let total = impact.totals.values.reduce(0, +)
    out += (zh ? "共 \(total) 项变化：" : "\(total) changes: ") + counts(impact.totals, language: language)
      + (zh ? "；新增不合格 \(impact.newFailures)，不再不合格 \(impact.resolvedFailures)\n" : "; new failures \(impact.newFailures), resolved failures \(impact.resolvedFailures)\n")
    guard total > 0 else {
      return out + (zh ? "两个规则包在这些数据上的结果相同。\n" : "Both packs give the same findings on this data.\n")
    }
    out += zh ? "\n按规则：\n" : "\nBy rule:\n"
    for s in impact.byRule { out += summaryLine(s, language: language) }
    out += zh ? "\n按学校：\n" : "\nBy school:\n"
    for s in impact.bySchool {
      var line = s
      if line.id.isEmpty { line.id = zh ? "全区" : "district" }
      out += summaryLine(line, language: language)
    }
    return out + (zh ? "\n明细：\n" : "\nDetails:\n")
  }

  /// The details of changes in report order (one school's, or all), each
  /// school's headed by its id and name.
  public static func textChanges(_ changes: [Impact.Change], language: Language) -> String {
    let zh = language == .zh
    var out = ""
    var lastSchool: SchoolRef?
    for c in changes {
      if c.school != lastSchool {
        out += "  \(c.school.id.isEmpty ? (zh ? "全区" : "district") : c.school.id) \(c.school.name)\n"
        lastSchool = c.school
      }
      out += "    [\(c.kind.label.text(in: language))] \(c.rule.id) \(c.subject.kind) \(c.subject.id): "
      out += "\(state(c.old, language: language)) → \(state(c.new, language: language))\n"
    }
    return out
  }

  /// `新增 46，消失 16`; with `nonzero`, kinds that did not occur are left out.
  static func counts(_ counts: [Impact.Kind: Int], language: Language, nonzero: Bool = false) -> String {
    Impact.Kind.allCases.filter { !nonzero || (counts[$0] ?? 0) > 0 }
      .map { "\($0.label.text(in: language)) \(counts[$0] ?? 0)" }
      .joined(separator: language == .zh ? "，" : ", ")
  }

  static func summaryLine(_ s: Impact.Summary, language: Language) -> String {
    let zh = language == .zh
    var line = "  \(s.id)  \(s.title.text(in: language))：".replacingOccurrences(of: "：", with: zh ? "：" : ": ")
    line += counts(s.counts, language: language, nonzero: true)
    if s.newFailures > 0 || s.resolvedFailures > 0 {
      line += zh ? "（新增不合格 \(s.newFailures)，不再不合格 \(s.resolvedFailures)）" : " (new failures \(s.newFailures), resolved \(s.resolvedFailures))"
    }
    return line + "\n"
  }

  /// `不合格，整改时限 2026-12-23（30天内）`, or `—` when absent.
  static func state(_ side: Impact.Side?, language: Language) -> String {
    guard let side else { return "—" }
    var s = side.status.label.text(in: language)
    if let d = side.deadline {
      s += language == .zh ? "，时限 \(d.date)（\(d.basisText.zh)）" : ", due \(d.date) (\(d.basisText.en))"
    }
    return s
  }

  // MARK: JSON (`dudao.impact/v1`: deterministic key order, one line)

  public static func json(_ impact: Impact) -> String {
    jsonHead(impact) + impact.changes.map(jsonChange).joined(separator: ",") + jsonTail
  }

  /// The document up to the first change: `changes` is last, so the head
  /// is the document with no changes without its closing `]}`.
  public static func jsonHead(_ impact: Impact) -> String {
    func obj(_ fields: [(String, Value)]) -> Value { .map(MapValue(fields: fields)) }
    func pack(_ p: RulePack) -> Value { obj([("name", .string(p.name)), ("version", .string(p.version)), ("digest", .string(p.digest))]) }
    func summary(_ s: Impact.Summary, _ idKey: String) -> Value {
      var fields: [(String, Value)] = [(idKey, .string(s.id)), ("title", .string(s.title.zh))]
      for k in Impact.Kind.allCases { fields.append((k.rawValue, .int(Int64(s.counts[k] ?? 0)))) }
      fields += [("new_failures", .int(Int64(s.newFailures))), ("resolved_failures", .int(Int64(s.resolvedFailures)))]
      return obj(fields)
    }
    var totals: [(String, Value)] = Impact.Kind.allCases.map { ($0.rawValue, .int(Int64(impact.count($0)))) }
    totals.append(("new_failures", .int(Int64(impact.newFailures))))
    totals.append(("resolved_failures", .int(Int64(impact.resolvedFailures))))
    let root = obj([
      ("schema", .string("dudao.impact/v1")), ("as_of", .string(impact.asOf.description)),
      ("old_pack", pack(impact.oldPack)), ("new_pack", pack(impact.newPack)),
      ("summary", obj(totals)),
      ("by_rule", .list(impact.byRule.map { summary($0, "rule") })),
      ("by_school", .list(impact.bySchool.map { summary($0, "school") })),
      ("changes", .list([])),
    ])
    return String(root.jsonText.dropLast(jsonTail.count - 1))
  }

  /// What follows the last change.
  public static let jsonTail = "]}\n"

  /// One change, as an element of `changes` (separated by `,`).
  public static func jsonChange(_ c: Impact.Change) -> String {
    func obj(_ fields: [(String, Value)]) -> Value { .map(MapValue(fields: fields)) }
    func side(_ s: Impact.Side?) -> Value {
      guard let s else { return .null }
      let deadline: Value = s.deadline.map { d in
        obj([("date", .string(d.date.description)), ("provisional", .bool(d.provisional)), ("overdue", .bool(d.overdue)), ("basis", .string(d.basis))])
      } ?? .null
      return obj([("status", .string(s.status.rawValue)), ("deadline", deadline)])
    }
    return obj([
      ("key", .string(c.key)), ("kind", .string(c.kind.rawValue)),
      ("school", obj([("id", .string(c.school.id)), ("name", .string(c.school.name))])),
      ("subject", obj([("kind", .string(c.subject.kind)), ("id", .string(c.subject.id))])),
      ("rule", obj([("id", .string(c.rule.id)), ("title", .string(c.rule.title.zh))])),
      ("old", side(c.old)), ("new", side(c.new)),
    ]).jsonText
  }
}
