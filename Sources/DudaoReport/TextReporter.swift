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
    let zh = model.language == .zh
    var out = ""
    let run = model.run
    let title = zh ? "督导检查报告" : "Supervision check report"
    out += paint(title, "1") + "  " + (zh ? "规则包 " : "pack ") + "\(run.pack.name) \(run.pack.version) (\(run.pack.digest.prefix(19))…)  "
    out += (zh ? "评估日期 " : "as of ") + run.asOf.description + "\n"
    for g in model.groups {
      out += "\n" + paint("■ " + (g.school.id.isEmpty ? (zh ? "区县整体 " : "District ") + g.school.name : "\(g.school.name) (\(g.school.id))"), "1")
      out += "  " + Self.counts(g.counts, zh: zh) + "\n"
      var quiet: [Status: Int] = [:]
      for f in g.findings {
        if !verbose && (f.status == .pass || f.status == .notApplicable) {
          quiet[f.status, default: 0] += 1
          continue
        }
        out += finding(f, model)
      }
      for s in [Status.pass, .notApplicable] where (quiet[s] ?? 0) > 0 {
        out += "  " + paint(s == .pass ? "✓" : "–", s == .pass ? "32" : "2") + " "
        out += zh ? "另有 \(quiet[s] ?? 0) 项\(s.label.zh)（--verbose 显示）\n" : "\(quiet[s] ?? 0) more \(s.label.en) (shown with --verbose)\n"
      }
    }
    if !run.warnings.isEmpty {
      out += "\n"
      for d in Diagnostic.collapsingRepeats(run.warnings) { out += paint(zh ? "警告" : "warning", "33") + ": " + (d.location.map { "\($0): " } ?? "") + d.message.text(in: model.language) + "\n" }
    }
    let dimensions = model.byDimension
    if dimensions.count > 1 {
      out += "\n" + paint(zh ? "按监测维度：" : "By monitoring dimension:", "1") + "\n"
      for t in dimensions { out += "  \(model.dimensionName(t.key))  " + Self.counts(t.counts, zh: zh) + "\n" }
    }
    out += "\n" + (zh ? "合计：\(model.schoolCount) 所学校，" : "Total: \(model.schoolCount) schools, ") + Self.counts(model.counts, zh: zh, all: true) + "\n"
    return out
  }

  func finding(_ f: Finding, _ model: ReportModel) -> String {
    let zh = model.language == .zh
    let (mark, code): (String, String) = switch f.status {
    case .fail: ("✗", "31")
    case .error: ("!", "35")
    case .unknown: ("?", "33")
    case .waived: ("~", "36")
    case .pass: ("✓", "32")
    case .notApplicable: ("–", "2")
    }
    var out = "  " + paint(mark, code) + " "
    let tag = f.status == .fail ? f.rule.severity.label.text(in: model.language) : f.status.label.text(in: model.language)
    out += paint("[\(tag)]", code) + " \(f.rule.id) \(model.t(f.rule.title))"
    if f.subject.kind != "school" && f.subject.kind != "district" {
      out += zh ? "（\(Self.kindLabel(f.subject.kind, zh: true)) \(f.subject.id)）" : " (\(Self.kindLabel(f.subject.kind, zh: false)) \(f.subject.id))"
    }
    out += "\n"
    let pad = "      "
    if let m = f.message { out += pad + model.t(m) + "\n" }
    if f.status == .fail || f.status == .pass, f.observed != nil || f.requirement != nil {
      out += pad + (zh ? "实际：" : "observed: ") + (f.observed?.displayText ?? "—")
      if let r = f.requirement { out += zh ? "　要求：\(model.t(r))" : "   required: \(model.t(r))" }
      out += "\n"
    }
    for o in f.onSite {
      out += pad + model.t(o.summary) + (o.note.map { zh ? "；\($0)" : "; \($0)" } ?? "") + "\n"
    }
    if !f.missing.isEmpty {
      out += pad + (zh ? "缺少数据：\(f.missing.joined(separator: "、"))。请补充这些数据后重新检查。" : "missing data: \(f.missing.joined(separator: ", ")). Add it and check again.") + "\n"
    }
    if let d = f.detail { out += pad + model.t(d) + "\n" }
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
        if let r = f.responsible { out += zh ? "　责任人：\(model.t(r))" : "   responsible: \(model.t(r))" }
        out += "\n"
      } else if let r = f.responsible {
        out += pad + (zh ? "责任人：" : "responsible: ") + model.t(r) + "\n"
      }
      if let m = f.measures { out += pad + (zh ? "整改措施：" : "measures: ") + model.t(m) + "\n" }
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
