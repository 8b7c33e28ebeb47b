import DudaoDiagnostics
import DudaoEngine
import Foundation

/// Inline SVG bar charts for the district overview: drawn from the report
/// model's tallies, no script, no fonts or images fetched. Labels are
/// escaped like every other value.
enum HTMLChart {
  struct Bar {
    var label: String
    /// Tooltip (`<title>`): the full name.
    var title: String
    var segments: [(value: Double, status: Status)]
    var valueText: String
    var href: String?
  }

  /// 不合格率（按规则）: failures among decided findings, highest first.
  static func failureRateByRule(_ byRule: [ReportModel.Tally], language: Language) -> String {
    let zh = language == .zh
    let title = zh ? "各规则不合格率" : "Failure rate by rule"
    let rules = byRule.filter { ($0.counts[.fail] ?? 0) > 0 }
      .sorted { ($0.failureRate, $1.key) > ($1.failureRate, $0.key) }
    guard !rules.isEmpty else { return figure(title, "<p>" + (zh ? "没有不合格项。" : "No failures.") + "</p>") }
    let bars = rules.prefix(30).map { t in
      let fail = t.counts[.fail] ?? 0, decided = fail + (t.counts[.pass] ?? 0)
      return Bar(
        label: t.key, title: t.key + " " + t.label, segments: [(t.failureRate, .fail)],
        valueText: "\(Int((t.failureRate * 100).rounded()))% (\(fail)/\(decided))", href: nil)
    }
    var note = ""
    if rules.count > 30 { note = "<p class=\"small\">" + (zh ? "仅显示前 30 条规则。" : "Only the first 30 rules are shown.") + "</p>" }
    return figure(title, svg(bars, scale: 1, labelWidth: 210, legend: []) + note)
  }

  /// 各校问题数: failing, unknown and error findings per school, linked to its section.
  static func findingsBySchool(_ schools: [ReportModel.Tally], language: Language) -> String {
    let zh = language == .zh
    let statuses: [Status] = [.fail, .unknown, .error]
    let bars = schools.map { t in
      Bar(
        label: truncated(t.label, 14), title: t.label + " (" + t.key + ")",
        segments: statuses.map { (Double(t.counts[$0] ?? 0), $0) },
        valueText: String(statuses.reduce(0) { $0 + (t.counts[$1] ?? 0) }), href: "#" + HTMLPage.anchor("school-", t.key))
    }
    let top = bars.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 0
    return figure(zh ? "各校问题数" : "Findings by school", svg(bars, scale: max(top, 1), labelWidth: 210, legend: statuses.map { ($0, $0.label.text(in: language)) }))
  }

  /// 各监测维度状态分布: the share of each status among a dimension's findings.
  static func statusByDimension(_ byDimension: [ReportModel.Tally], language: Language) -> String {
    let zh = language == .zh
    let statuses: [Status] = [.fail, .unknown, .error, .waived, .pass, .notApplicable]
    let bars = byDimension.map { t in
      let total = Double(statuses.reduce(0) { $0 + (t.counts[$1] ?? 0) })
      return Bar(
        label: truncated(t.label, 14), title: t.label,
        segments: statuses.map { (total == 0 ? 0 : Double(t.counts[$0] ?? 0) / total, $0) },
        valueText: zh ? "不合格 \(t.counts[.fail] ?? 0)/\(Int(total))" : "\(t.counts[.fail] ?? 0)/\(Int(total)) fail", href: nil)
    }
    return figure(zh ? "各监测维度状态分布" : "Status by dimension", svg(bars, scale: 1, labelWidth: 150, legend: statuses.map { ($0, $0.label.text(in: language)) }))
  }

  static func figure(_ title: String, _ body: String) -> String {
    "<figure class=\"chart keep\">\n<h3>" + HTMLPage.escape(title) + "</h3>\n" + body + "\n</figure>\n"
  }

  /// Horizontal bars: label column, bar (stacked segments), value text.
  static func svg(_ bars: [Bar], scale: Double, labelWidth: Int, legend: [(Status, String)]) -> String {
    let width = 700, row = 20, valueWidth = 110
    let barWidth = Double(width - labelWidth - valueWidth - 10)
    let top = legend.isEmpty ? 4 : 24
    let height = top + bars.count * row + 4
    var s = "<svg role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-size=\"12\">\n"
    var x = labelWidth
    for (status, label) in legend {
      s += "<rect x=\"\(x)\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(color(status))\"/>"
      s += "<text x=\"\(x + 14)\" y=\"15\">" + HTMLPage.escape(label) + "</text>\n"
      x += 24 + textWidth(label)
    }
    for (i, bar) in bars.enumerated() {
      let y = top + i * row
      var label = "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\"><title>" + HTMLPage.escape(bar.title) + "</title>" + HTMLPage.escape(bar.label) + "</text>"
      if let href = bar.href { label = "<a href=\"" + HTMLPage.escape(href) + "\">" + label + "</a>" }
      s += label
      s += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(Int(barWidth))\" height=\"\(row - 6)\" fill=\"#f2f2f2\"/>"
      var offset = Double(labelWidth)
      for seg in bar.segments where seg.value > 0 {
        let w = barWidth * seg.value / scale
        s += "<rect x=\"\(fmt(offset))\" y=\"\(y + 3)\" width=\"\(fmt(w))\" height=\"\(row - 6)\" fill=\"\(color(seg.status))\"/>"
        offset += w
      }
      s += "<text x=\"\(width - valueWidth)\" y=\"\(y + 14)\">" + HTMLPage.escape(bar.valueText) + "</text>\n"
    }
    return s + "</svg>"
  }

  static func color(_ s: Status) -> String {
    switch s {
    case .fail: "#c0392b"
    case .unknown: "#e0a526"
    case .error: "#7d3c98"
    case .waived: "#1f7a8c"
    case .pass: "#4caf50"
    case .notApplicable: "#bdbdbd"
    }
  }

  /// Approximate width at 12px: CJK characters are square, Latin ones about half as wide.
  static func textWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 12 : 7) }
  }

  static func fmt(_ d: Double) -> String { String(format: "%.1f", d) }

  static func truncated(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
