import ArgumentParser
import DudaoCalendar
import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules
import Foundation

enum ImpactFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct ImpactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "impact",
    abstract: "比较两个规则包在同一数据上的结果 / How findings change between two rule packs on the same data",
    discussion: """
      列出新增、消失、状态变化、整改时限变化的检查结果（按结果编号 key 对应），并按规则、按学校汇总。
      Lists findings (matched by key) that appear, disappear, change status or change deadline, with a summary per rule and per school.
      示例 / Examples:
        dudao impact rules examples/overlays/xiangan examples/district --as-of 2026-11-23
        dudao impact rules examples/overlays/xiangan examples/district --format json
      退出状态 / exit status: 0（有无变化都是 0 / whether or not anything changed）, 2 规则包或数据无法使用 / unusable packs or data.
      """)

  @Argument(help: "原规则包文件夹 / the old pack folder") var oldPack: String
  @Argument(help: "新规则包文件夹 / the new pack folder") var newPack: String
  @Argument(help: "学校数据文件或文件夹 / school data files or folders") var data: [String]
  @OptionGroup var date: AsOfOption
  @Option(help: "输出格式 / output format: text | json") var format: ImpactFormat = .text
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Option(help: "输出语言 / output language: zh | en") var lang: Language = .zh

  func validate() throws {
    if data.isEmpty { throw ValidationError("请给出学校数据文件或文件夹 / give at least one data file or folder") }
  }

  func run() throws {
    let asOf = try date.day()
    let old = try engine(oldPack)
    let new = try engine(newPack)
    // Both packs read the data with their own dictionaries (an overlay may extend it).
    let impact = Impact(
      old: old.evaluate(try dataset(old.pack), asOf: asOf),
      new: new.evaluate(try dataset(new.pack), asOf: asOf))
    let text = format == .json ? Self.json(impact) : Self.text(impact, language: lang)
    try Terminal.write(text, to: output)
  }

  func engine(_ path: String) throws -> Engine {
    let pack: RulePack
    do { pack = try PackLoader().load(path) } catch {
      Terminal.report(error.diagnostics, language: lang)
      Terminal.stderr(lang == .zh ? "规则包 \(path) 无法使用：共 \(error.diagnostics.count) 个错误。" : "the rule pack \(path) cannot be used: \(error.diagnostics.count) error(s).")
      throw ExitCode(2)
    }
    return try Loading.engine(pack, language: lang)
  }

  func dataset(_ pack: RulePack) throws -> Dataset {
    try Loading.dataset(data, with: DatasetLoader(dictionary: pack.dictionary), language: lang)
  }
}

// MARK: - Rendering

extension ImpactCommand {
  static func text(_ impact: Impact, language: Language) -> String {
    let zh = language == .zh
    let old = impact.old.pack, new = impact.new.pack
    let schools = Set(impact.new.findings.map(\.school.id).filter { !$0.isEmpty }).count
    var out = zh
      ? "规则包变化的影响：\(old.name) \(old.version) → \(new.name) \(new.version)，评估日期 \(impact.new.asOf)，\(schools) 所学校\n"
      : "Impact of the rule change: \(old.name) \(old.version) → \(new.name) \(new.version), as of \(impact.new.asOf), \(schools) schools\n"
    let failures = impact.changes.filter(\.isNewFailure).count
    let resolved = impact.changes.filter(\.isResolvedFailure).count
    out += (zh ? "共 \(impact.changes.count) 项变化：" : "\(impact.changes.count) changes: ") + counts(kindCounts(impact), language: language)
      + (zh ? "；新增不合格 \(failures)，不再不合格 \(resolved)\n" : "; new failures \(failures), resolved failures \(resolved)\n")
    guard !impact.changes.isEmpty else {
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
    out += zh ? "\n明细：\n" : "\nDetails:\n"
    var lastSchool: SchoolRef?
    for c in impact.changes {
      guard let f = c.finding else { continue }
      if f.school != lastSchool {
        out += "  \(f.school.id.isEmpty ? (zh ? "全区" : "district") : f.school.id) \(f.school.name)\n"
        lastSchool = f.school
      }
      out += "    [\(c.kind.label.text(in: language))] \(f.rule.id) \(f.subject.kind) \(f.subject.id): "
      out += "\(state(c.old, language: language)) → \(state(c.new, language: language))\n"
    }
    return out
  }

  static func kindCounts(_ impact: Impact) -> [Impact.Kind: Int] {
    Dictionary(uniqueKeysWithValues: Impact.Kind.allCases.map { ($0, impact.count($0)) })
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
  static func state(_ f: Finding?, language: Language) -> String {
    guard let f else { return "—" }
    var s = f.status.label.text(in: language)
    if let d = f.deadline {
      s += language == .zh ? "，时限 \(d.date)（\(d.basisText.zh)）" : ", due \(d.date) (\(d.basisText.en))"
    }
    return s
  }

  /// `dudao.impact/v1`: deterministic key order, one line.
  static func json(_ impact: Impact) -> String {
    func obj(_ fields: [(String, Value)]) -> Value { .map(MapValue(fields: fields)) }
    func pack(_ p: RulePack) -> Value { obj([("name", .string(p.name)), ("version", .string(p.version)), ("digest", .string(p.digest))]) }
    func side(_ f: Finding?) -> Value {
      guard let f else { return .null }
      let deadline: Value = f.deadline.map { d in
        obj([("date", .string(d.date.description)), ("provisional", .bool(d.provisional)), ("overdue", .bool(d.overdue)), ("basis", .string(d.basis))])
      } ?? .null
      return obj([("status", .string(f.status.rawValue)), ("deadline", deadline)])
    }
    func summary(_ s: Impact.Summary, _ idKey: String) -> Value {
      var fields: [(String, Value)] = [(idKey, .string(s.id)), ("title", .string(s.title.zh))]
      for k in Impact.Kind.allCases { fields.append((k.rawValue, .int(Int64(s.counts[k] ?? 0)))) }
      fields += [("new_failures", .int(Int64(s.newFailures))), ("resolved_failures", .int(Int64(s.resolvedFailures)))]
      return obj(fields)
    }
    var totals: [(String, Value)] = Impact.Kind.allCases.map { ($0.rawValue, .int(Int64(impact.count($0)))) }
    totals.append(("new_failures", .int(Int64(impact.changes.filter(\.isNewFailure).count))))
    totals.append(("resolved_failures", .int(Int64(impact.changes.filter(\.isResolvedFailure).count))))
    let changes: [Value] = impact.changes.compactMap { c in
      guard let f = c.finding else { return nil }
      return obj([
        ("key", .string(c.key)), ("kind", .string(c.kind.rawValue)),
        ("school", obj([("id", .string(f.school.id)), ("name", .string(f.school.name))])),
        ("subject", obj([("kind", .string(f.subject.kind)), ("id", .string(f.subject.id))])),
        ("rule", obj([("id", .string(f.rule.id)), ("title", .string(f.rule.title.zh))])),
        ("old", side(c.old)), ("new", side(c.new)),
      ])
    }
    let root = obj([
      ("schema", .string("dudao.impact/v1")), ("as_of", .string(impact.new.asOf.description)),
      ("old_pack", pack(impact.old.pack)), ("new_pack", pack(impact.new.pack)),
      ("summary", obj(totals)),
      ("by_rule", .list(impact.byRule.map { summary($0, "rule") })),
      ("by_school", .list(impact.bySchool.map { summary($0, "school") })),
      ("changes", .list(changes)),
    ])
    return root.jsonText + "\n"
  }
}
