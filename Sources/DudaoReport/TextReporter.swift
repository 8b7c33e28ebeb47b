import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// The default terminal report: per school, failing first, each finding with
/// the observed value against the requirement, citation, deadline and
/// responsible party; then a summary line. Passing and not-applicable
/// findings are counted, and listed only with `verbose`.
public struct TextReporter: Sendable {
  public var color: Bool
  public var verbose: Bool

  public init(color: Bool, verbose: Bool = false) {
    self.color = color
    self.verbose = verbose
  }

  public func render(_ model: ReportModel) -> String {
    let language = model.language
    var out = header(model.run.pack, asOf: model.run.asOf, language: language)
    for g in model.groups { out += group(g.school, findings: g.findings, counts: g.counts, language: language) }
    let dimensions = model.byDimension.map { ($0.key, $0.counts) }
    out += footer(warnings: model.run.warnings, byDimension: dimensions, schools: model.schoolCount, counts: model.counts, language: language)
    return out
  }

  /// The title line: pack, version, digest, evaluation date.
  func header(_ pack: RulePack, asOf: Day, language: Language) -> String {
    let zh = language == .zh
    let title = zh ? "督导检查报告" : "Supervision check report"
    var out = paint(title, "1") + "  " + (zh ? "规则包 " : "pack ") + "\(pack.name) \(pack.version) (\(pack.digest.prefix(19))…)  "
    out += (zh ? "评估日期 " : "as of ") + asOf.description + "\n"
    return out
  }

  /// One school's (or district's) section: its counts, then its findings
  /// failing first (as `ReportModel.SchoolGroup` orders them; `findings`
  /// may come in either that or report order, `counts` are theirs);
  /// passing and not-applicable ones only counted unless `verbose`.
  func group(_ school: SchoolRef, findings: [Finding], counts: [Status: Int], language: Language) -> String {
    let zh = language == .zh
    var out = "\n" + paint("■ " + (school.id.isEmpty ? (zh ? "区县整体 " : "District ") + school.name : "\(school.name) (\(school.id))"), "1")
    out += "  " + Self.counts(counts, zh: zh) + "\n"
    var quiet: [Status: Int] = [:]
    // By status in report order (failing first), each status's findings in
    // their order: a stable sort, without moving the findings.
    for status in Status.allCases where (counts[status] ?? 0) > 0 {
      if !verbose && (status == .pass || status == .notApplicable) {
        quiet[status] = counts[status]
        continue
      }
      for i in findings.indices where findings[i].status == status { out += finding(findings[i], language) }
    }
    for s in [Status.pass, .notApplicable] where (quiet[s] ?? 0) > 0 {
      out += "  " + paint(s == .pass ? "✓" : "–", s == .pass ? "32" : "2") + " "
      out += zh ? "另有 \(quiet[s] ?? 0) 项\(s.label.zh)（--verbose 显示）\n" : "\(quiet[s] ?? 0) more \(s.label.en) (shown with --verbose)\n"
    }
    return out
  }

  /// Warnings (repeats summed up), counts per monitoring dimension when
  /// there is more than one, and the total line.
  func footer(warnings: [Diagnostic], byDimension: [(String, [Status: Int])], schools: Int, counts: [Status: Int], language: Language) -> String {
    let zh = language == .zh
    var out = ""
    if !warnings.isEmpty {
      out += "\n"
      for d in Diagnostic.collapsingRepeats(warnings) { out += paint(zh ? "警告" : "warning", "33") + ": " + (d.location.map { "\($0): " } ?? "") + d.message.text(in: language) + "\n" }
    }
    if byDimension.count > 1 {
      out += "\n" + paint(zh ? "按监测维度：" : "By monitoring dimension:", "1") + "\n"
      for (name, c) in byDimension { out += "  \(ReportModel.dimensionName(name, language: language))  " + Self.counts(c, zh: zh) + "\n" }
    }
    out += "\n" + (zh ? "合计：\(schools) 所学校，" : "Total: \(schools) schools, ") + Self.counts(counts, zh: zh, all: true) + "\n"
    return out
  }

  /// The streamed form of `render` (`check` without `--format`): the same
  /// bytes, one school's section at a time, districts after the schools.
  public func streamFormat(pack: RulePack, asOf: Day, language: Language) -> StreamFormat {
    let reporter = self
    var format = StreamFormat(
      header: { _ in Array(reporter.header(pack, asOf: asOf, language: language).utf8) },
      row: { _ in [] },
      footer: { summary in
        let dimensions = ReportModel.byDimension(summary).map { ($0.key, $0.counts) }
        return Array(
          reporter.footer(
            warnings: summary.warnings, byDimension: dimensions, schools: summary.schoolsWithFindings, counts: ReportModel.counts(summary.kept),
            language: language
          ).utf8)
      })
    format.sections { school, findings, counts in reporter.group(school, findings: findings, counts: counts, language: language) }
    return format
  }

  func finding(_ f: Finding, _ language: Language) -> String {
    let zh = language == .zh
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    let (mark, code): (String, String) = switch f.status {
    case .fail: ("✗", "31")
    case .error: ("!", "35")
    case .unknown: ("?", "33")
    case .waived: ("~", "36")
    case .pass: ("✓", "32")
    case .notApplicable: ("–", "2")
    }
    var out = "  " + paint(mark, code) + " "
    let tag = f.status == .fail ? f.rule.severity.label.text(in: language) : f.status.label.text(in: language)
    out += paint("[\(tag)]", code) + " \(f.rule.id) \(t(f.rule.title))"
    if f.subject.kind != "school" && f.subject.kind != "district" {
      out += zh ? "（\(Self.kindLabel(f.subject.kind, zh: true)) \(f.subject.id)）" : " (\(Self.kindLabel(f.subject.kind, zh: false)) \(f.subject.id))"
    }
    out += "\n"
    let pad = "      "
    if let m = f.message { out += pad + t(m) + "\n" }
    if f.status == .fail || f.status == .pass, f.observed != nil || f.requirement != nil {
      out += pad + (zh ? "实际：" : "observed: ") + (f.observed?.displayText ?? "—")
      if let r = f.requirement { out += zh ? "　要求：\(t(r))" : "   required: \(t(r))" }
      out += "\n"
    }
    for o in f.onSite {
      out += pad + t(o.summary) + (o.note.map { zh ? "；\($0)" : "; \($0)" } ?? "") + "\n"
    }
    if !f.missing.isEmpty {
      out += pad + (zh ? "缺少数据：\(f.missing.joined(separator: "、"))。请补充这些数据后重新检查。" : "missing data: \(f.missing.joined(separator: ", ")). Add it and check again.") + "\n"
    }
    if let d = f.detail { out += pad + t(d) + "\n" }
    if f.status == .fail {
      if let s = f.rule.sources.first {
        out += pad + (zh ? "依据：" : "source: ") + [s.document, s.number, s.clause].compactMap { $0 }.joined(separator: " ") + "「\(s.quote)」"
        if !s.verified { out += zh ? "（原文未核实）" : " (wording unverified)" }
        out += "\n"
      }
      if let d = f.deadline {
        out += pad + (zh ? "整改期限：\(d.date)（\(d.basisText.zh)）" : "deadline: \(d.date) (\(d.basisText.en))")
        if d.overdue { out += paint(zh ? " 已逾期" : " OVERDUE", "31") }
        if d.provisional { out += zh ? " 〔暂定：\(d.provisionalYears.map(String.init).joined(separator: "、"))年放假安排未收录〕" : " [provisional: no holiday arrangement for \(d.provisionalYears.map(String.init).joined(separator: ", "))]" }
        if let r = f.responsible { out += zh ? "　责任人：\(t(r))" : "   responsible: \(t(r))" }
        out += "\n"
      } else if let r = f.responsible {
        out += pad + (zh ? "责任人：" : "responsible: ") + t(r) + "\n"
      }
      if let m = f.measures { out += pad + (zh ? "整改措施：" : "measures: ") + t(m) + "\n" }
    }
    return out
  }

  static func kindLabel(_ kind: String, zh: Bool) -> String {
    switch kind {
    case "class": zh ? "班级" : "class"
    case "staff": zh ? "教职工" : "staff"
    default: kind
    }
  }

  static func counts(_ c: [Status: Int], zh: Bool, all: Bool = false) -> String {
    [Status.fail, .unknown, .error, .waived, .pass, .notApplicable]
      .filter { all || (c[$0] ?? 0) > 0 }
      .map { zh ? "\($0.label.zh) \(c[$0] ?? 0)" : "\(c[$0] ?? 0) \($0.label.en)" }
      .joined(separator: zh ? " · " : ", ")
  }

  func paint(_ s: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
  }
}
