import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules

/// Renders an on-site checklist (`dudao checklist`): printable HTML and
/// text to take along, and YAML or CSV to fill in and give back to
/// `dudao check` as observations (see docs/inspection.md).
public struct ChecklistRenderer: Sendable {
  public var checklist: Checklist
  public var dictionary: DataDictionary
  public var language: Language

  public init(_ checklist: Checklist, dictionary: DataDictionary, language: Language) {
    self.checklist = checklist
    self.dictionary = dictionary
    self.language = language
  }

  var zh: Bool { language == .zh }
  func t(_ text: LocalizedText) -> String { text.text(in: language) }

  /// What to look at: the rule's `observe`, else a plain instruction.
  func observe(_ item: Checklist.Item) -> String {
    if let o = item.rules.compactMap(\.observe).first { return t(o) }
    return zh ? "核对学校填报数据与现场实际是否一致" : "check the reported data against what is seen on site"
  }

  /// The reported value as a reader expects it (是/否 rather than true/false).
  func reported(_ item: Checklist.Item) -> String {
    switch item.reported {
    case nil: zh ? "（未填报）" : "(not reported)"
    case .bool(let b)?: zh ? (b ? "是" : "否") : (b ? "yes" : "no")
    case let v?: v.displayText
    }
  }

  func severity(_ item: Checklist.Item) -> Severity { item.rules.map(\.severity).min() ?? .minor }

  /// Items the reported data already fails (or lacks) are marked: look there first.
  func hint(_ item: Checklist.Item) -> String {
    switch item.status {
    case .fail: zh ? "按填报数据不合格" : "fails on the reported data"
    case .unknown: zh ? "学校未填报" : "not reported"
    case .error: zh ? "规则运行出错" : "rule error"
    default: ""
    }
  }

  var title: String { zh ? "督导现场检查表" : "On-site inspection checklist" }

  // MARK: text

  public func text() -> String {
    let c = checklist
    var out = "\(title)  \(c.school.name)（\(c.school.id)）\n"
    out += (zh ? "规则包 " : "pack ") + "\(c.packName) \(c.packVersion)" + (zh ? "　检查日期：__________　督学：__________\n" : "   date: __________   inspectors: __________\n")
    for (n, item) in c.items.enumerated() {
      out += "\n\(n + 1). [\(t(severity(item).label))] " + item.rules.map(\.id).joined(separator: ", ") + " " + t(item.rules[0].title)
      let h = hint(item)
      if !h.isEmpty { out += "  ★ " + h }
      out += "\n   " + (zh ? "查看：" : "look at: ") + observe(item) + "\n"
      out += "   " + (zh ? "学校填报：" : "reported: ") + t(item.label) + " " + reported(item) + "\n"
      out += "   " + (zh ? "现场所见：______________________　备注：______________________" : "observed: ______________________   note: ______________________") + "\n"
    }
    out += "\n" + (zh ? "督学签字：__________　学校陪同人员签字：__________　日期：__________" : "inspector: __________   school representative: __________   date: __________") + "\n"
    return out
  }

  // MARK: YAML (an observations file to fill in)

  public func yaml() -> String {
    let c = checklist
    // Data in comments stays on its comment line.
    var out = "# \(title) — " + "\(c.school.name)（\(c.school.id)）".replacingNewlines() + "\n"
    out += "# " + (zh ? "规则包" : "pack") + " \(c.packName) \(c.packVersion) · " + (zh ? "生成日期" : "made on") + " \(c.asOf)\n"
    if zh {
      out += "# 填写：在各项 value: 后写现场所见（数值、是/否或文字），note: 写补充说明（不要写学生或教师姓名）；未查看的项 value 留空。\n"
      out += "# 填好后与学校数据一起检查：dudao check 学校数据.yaml 本文件.yaml\n"
      out += "# 现场所见替代学校填报值参与判定，报告注明“现场核查”和日期。\n"
    } else {
      out += "# Fill in: after value: write what you saw (number, yes/no or text); note: remarks (no names of students or staff).\n"
      out += "# Leave value empty for items not looked at. Then: dudao check SCHOOL_DATA.yaml THIS_FILE.yaml\n"
      out += "# Observed values replace the reported ones; reports say 'observed on site' with the date.\n"
    }
    out += "checklist:\n"
    out += "  school_id: \(Self.quoted(c.school.id))\n"
    out += "  school_name: \(Self.quoted(c.school.name))\n"
    out += "  pack: \(Self.quoted("\(c.packName) \(c.packVersion)"))\n"
    out += "  date:         # " + (zh ? "检查日期 YYYY-MM-DD（必填）" : "date of the visit, YYYY-MM-DD (required)") + "\n"
    out += "  inspectors:   # " + (zh ? "督学（可选）" : "inspectors (optional)") + "\n"
    out += "observations:\n"
    for item in c.items {
      out += "  # " + (item.rules.map(\.id).joined(separator: ", ") + " " + t(item.rules[0].title)).replacingNewlines() + " [\(t(severity(item).label))]"
      let h = hint(item)
      out += (h.isEmpty ? "" : " ★ " + h) + "\n"
      out += "  # " + (zh ? "查看：" : "look at: ") + observe(item).replacingNewlines() + "\n"
      out += "  - item: \(Self.quoted(item.item))   # \(t(item.label).replacingNewlines())"
      if !item.isField { out += zh ? "（只作记录）" : " (a record only)" }
      out += "\n"
      out += "    rule: \(Self.quoted(item.rules[0].id))\n"
      out += "    reported: \(item.reported.map(Self.yamlValue) ?? "null")\n"
      out += "    value:\n"
      out += "    note:\n"
    }
    return out
  }

  // MARK: CSV (the same, as a table; the headers are the dictionary's)

  /// Columns: 学校代码, 规则编号, 观察事项, 查看要点, 学校填报值, 观察日期, 观察结果, 备注.
  public func csv() -> String {
    let c = checklist
    let fields = ["rule", "item", "observe", "reported", "date", "value", "note"]
    let entity = dictionary.entity("observation")
    let headers = [zh ? "学校代码" : "school_id"] + fields.map { f in
      zh ? (entity?.field(f)?.label.zh ?? f) : f
    }
    var out = "\u{FEFF}" + FindingTable.line(headers)
    for item in c.items {
      out += FindingTable.line([
        c.school.id, item.rules.map(\.id).joined(separator: ";"), item.item,
        t(item.rules[0].title) + (zh ? "：" : ": ") + observe(item), item.reported?.displayText ?? "", "", "", "",
      ])
    }
    return out
  }

  // MARK: HTML (printable on A4)

  public func html() -> String {
    let c = checklist
    let e = HTMLPage.escape
    var page = HTMLPage(title: "\(title) \(c.school.name)", language: language)
    page.style = """
      table.checklist { table-layout: fixed; }
      table.checklist th:nth-child(1) { width: 5%; } table.checklist th:nth-child(2) { width: 24%; }
      table.checklist th:nth-child(3) { width: 25%; } table.checklist th:nth-child(4) { width: 14%; }
      table.checklist th:nth-child(5) { width: 18%; }
      table.checklist td { height: 44px; overflow-wrap: anywhere; }
      td.blank { background: #fff; }
      .star { color: var(--fail); font-weight: 600; }
      .head td.blank { width: 30%; }

      """
    var b = "<h1>" + e(title) + "</h1>\n"
    b += "<table class=\"head\"><tr><th>" + (zh ? "学校" : "School") + "</th><td>" + e("\(c.school.name)（\(c.school.id)）") + "</td>"
    b += "<th>" + (zh ? "检查日期" : "Date") + "</th><td class=\"blank\"></td></tr>\n"
    b += "<tr><th>" + (zh ? "规则包" : "Rule pack") + "</th><td>" + e("\(c.packName) \(c.packVersion)") + "</td>"
    b += "<th>" + (zh ? "督学" : "Inspectors") + "</th><td class=\"blank\"></td></tr></table>\n"
    b += "<p class=\"small\">" + (zh
      ? "★ 按学校填报数据已不合格或未填报的项，优先查看。现场所见请如实记录（不写学生或教师姓名）；录入 YAML/CSV 检查表后与学校数据一起运行 dudao check。"
      : "★ marks items that fail or are missing on the reported data: look at them first. Record what you see (no names of students or staff), then enter it in the YAML/CSV checklist and run dudao check with the school's data.") + "</p>\n"
    b += "<table class=\"checklist\">\n<thead><tr>"
    for h in zh ? ["序号", "规则", "查看要点", "学校填报", "现场所见", "备注"] : ["No.", "Rule", "What to look at", "Reported", "Observed", "Note"] {
      b += "<th>" + h + "</th>"
    }
    b += "</tr></thead>\n<tbody>\n"
    for (n, item) in c.items.enumerated() {
      let h = hint(item)
      b += "<tr><td class=\"num\">\(n + 1)</td><td><b>" + e(item.rules.map(\.id).joined(separator: ", ")) + "</b> <span class=\"small\">[" + e(t(severity(item).label)) + "]</span><br>"
      b += e(t(item.rules[0].title)) + (h.isEmpty ? "" : "<br><span class=\"star\">★ " + e(h) + "</span>") + "</td>"
      b += "<td class=\"small\">" + e(observe(item)) + "</td>"
      b += "<td>" + e(t(item.label)) + "：<b>" + e(reported(item)) + "</b></td>"
      b += "<td class=\"blank\"></td><td class=\"blank\"></td></tr>\n"
    }
    b += "</tbody>\n</table>\n"
    b += "<div class=\"keep\"><h3>" + (zh ? "签字" : "Signatures") + "</h3><table><tr>"
    for l in zh ? ["督学", "学校陪同人员", "日期"] : ["Inspector", "School representative", "Date"] {
      b += "<th>" + l + "</th><td class=\"blank\" style=\"height:38px;width:22%\"></td>"
    }
    b += "</tr></table></div>\n"
    page.body = b
    return page.render()
  }

  /// A YAML double-quoted scalar: a JSON string is one.
  static func quoted(_ s: String) -> String { JSONWriter.quoted(s) }

  /// JSON is YAML: numbers, true/false and quoted texts read back as they were.
  static func yamlValue(_ v: Value) -> String { v.jsonText }
}

private extension String {
  func replacingNewlines() -> String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}
