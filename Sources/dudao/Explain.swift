import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoExpr
import DudaoRules
import Foundation

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "解释一条规则 / Explain a rule: after overlays, its sources, parameters and expression",
    discussion: """
      示例 / Examples:
        dudao explain PE.DAILY_ACTIVITY
        dudao explain --rules examples/overlays/xiangan PE.DAILY_ACTIVITY
        dudao explain --rules examples/overlays/xiangan          (不写规则编号：列出覆盖包的全部修改 / no rule id: every change the overlays made)
        dudao explain CLASS.SIZE --data examples/district --school 3502130301
      加 --data 时显示该校读取到的数据值和得出该状态的原因 / with --data: the values read for one school and why it got its status.
      """)

  @Argument(help: "规则编号；省略时列出覆盖包的全部修改 / rule id, e.g. PE.DAILY_ACTIVITY; without it, every change the overlays made") var ruleID: String?
  @OptionGroup var pack: PackOptions
  @OptionGroup var date: AsOfOption
  @Option(help: "学校数据文件或文件夹 / school data to evaluate the rule on") var data: [String] = []
  @Option(help: "学校代码（--data 含多所学校时）/ school id when --data holds several schools") var school: String?

  func run() throws {
    let loaded = try pack.load()
    let zh = pack.lang == .zh
    guard let ruleID else { return Terminal.stdout(changes(loaded, zh: zh)) }
    guard let rule = loaded.rule(ruleID) else {
      let near = loaded.rules.map(\.id).filter { $0.hasPrefix(ruleID.split(separator: ".").first.map(String.init) ?? ruleID) }
      Terminal.stderr("error[cli.unknown-rule]: " + (zh ? "规则包中没有规则 \(ruleID)" : "the pack has no rule \(ruleID)") + (near.isEmpty ? "" : (zh ? "；相近的有：" : "; similar: ") + near.joined(separator: ", ")))
      throw ExitCode(2)
    }
    func t(_ l: LocalizedText?) -> String { l?.text(in: pack.lang) ?? "—" }
    var out = "\(rule.id)  \(t(rule.title))\n"
    out += (zh ? "  规则包：" : "  pack: ") + "\(rule.pack)（\(rule.location)）\n"
    out += (zh ? "  监测维度：" : "  dimension: ") + (rule.dimension ?? "—") + (zh ? "    严重程度：" : "    severity: ") + rule.severity.label.text(in: pack.lang) + "\n"
    if !rule.enabled { out += (zh ? "  〔已停用〕" : "  [disabled] ") + (rule.disabledReason ?? "") + "\n" }
    if let levels = rule.levels { out += (zh ? "  适用学段：" : "  levels: ") + levels.joined(separator: ", ") + "\n" }
    if let w = rule.when { out += (zh ? "  适用条件：" : "  when: ") + w.text + "\n" }
    if rule.effectiveFrom != nil || rule.effectiveUntil != nil {
      out += (zh ? "  施行：" : "  effective: ") + "\(rule.effectiveFrom?.description ?? "…") – \(rule.effectiveUntil?.description ?? "…")\n"
    }
    out += zh ? "  依据：\n" : "  sources:\n"
    for s in rule.sources {
      out += "    - " + [s.document, s.number, s.clause].compactMap { $0 }.joined(separator: " ") + "\n      「\(s.quote)」\n"
      if let u = s.url { out += "      \(u)\n" }
      if !s.verified { out += (zh ? "      〔未核实〕" : "      [unverified] ") + (s.note ?? "") + "\n" }
    }
    let params = loaded.parameters(for: rule)
    if !params.isEmpty {
      out += zh ? "  参数：\n" : "  parameters:\n"
      for p in params { out += "    \(p.name) = \(p.value == .null ? (zh ? "（未设置，本地自定）" : "(not set: a local choice)") : p.value.jsonText)\n" }
    }
    if let fe = rule.forEach { out += (zh ? "  逐项：" : "  for each: ") + "\(fe.name) in \(fe.expr.text)\n" }
    out += (zh ? "  检查：" : "  check: ") + rule.check.text.trimmingCharacters(in: .whitespacesAndNewlines) + "  (\(rule.check.location))\n"
    let rectify = loaded.rectify(for: rule)
    out += (zh ? "  整改：" : "  rectify: ") + (rectify?.termText ?? "—") + (zh ? "；责任人：" : "; responsible: ") + t(rectify?.responsible) + "\n"
    if let m = rectify?.measures { out += (zh ? "  措施：" : "  measures: ") + t(m) + "\n" }
    if let o = rule.observe { out += (zh ? "  现场查看：" : "  on site: ") + t(o) + "\n" }
    if !rule.changes.isEmpty {
      out += zh ? "  覆盖包的修改：\n" : "  changed by overlays:\n"
      for c in rule.changes { out += "    - [\(c.pack)] \(t(c.description))  (\(c.location))\n" }
    }
    if !data.isEmpty { out += try evaluation(rule, loaded, zh: zh) }
    Terminal.stdout(out)
  }

  /// Every layer of the pack and every change its overlays made, rule by rule, with the file and line of each.
  func changes(_ loaded: RulePack, zh: Bool) -> String {
    var out = zh ? "规则包 \(loaded.name) \(loaded.version)（\(loaded.root)）\n  层次（基础包在前）：\n" : "pack \(loaded.name) \(loaded.version) (\(loaded.root))\n  layers (base first):\n"
    for l in loaded.layers { out += "    - \(l.name) \(l.version)  (\(l.location.file))\n" }
    let changed = loaded.rules.filter { !$0.changes.isEmpty }
    if changed.isEmpty {
      out += zh ? "  覆盖包没有修改任何规则。\n" : "  the overlays change no rule.\n"
      return out
    }
    out += zh ? "  覆盖包的修改（\(changed.count) 条规则）：\n" : "  changes made by overlays (\(changed.count) rules):\n"
    for rule in changed {
      out += "    \(rule.id)  \(rule.title.text(in: pack.lang))\n"
      for c in rule.changes { out += "      - [\(c.pack)] \(c.description.text(in: pack.lang))  (\(c.location))\n" }
    }
    return out
  }

  /// The rule on one school: the values it read and the status it got.
  ///
  /// Only that school is loaded (the first one without `--school`): the
  /// others are dropped while reading (`DatasetLoader.load(paths:onlySchools:)`).
  /// A district rule's findings need every school of its districts: the data
  /// is checked streamed for that rule alone, districts kept as running
  /// parts (`StreamingCheck`), in memory that does not grow with the schools.
  func evaluation(_ rule: Rule, _ loaded: RulePack, zh: Bool) throws -> String {
    let loader = DatasetLoader(dictionary: loaded.dictionary)
    var single = loaded
    single.rules = [rule]
    single.rules[0].enabled = true
    func engine() throws -> Engine {
      do { return try Engine(pack: single) } catch {
        Terminal.report(error.diagnostics, language: pack.lang, files: loaded.files)
        throw ExitCode(2)
      }
    }
    // A district rule: the whole data, streamed, first (its errors are every school's).
    let district = rule.scope == .district ? try districtFindings(engine(), loader) : nil
    let dataset: Dataset
    do throws(DiagnosticList) {
      let ids = if let school { [school] } else { try loader.firstSchoolIDs(paths: data, count: 1) }
      dataset = try loader.load(paths: data, onlySchools: Set(ids))
    } catch {
      Terminal.report(error.diagnostics, language: pack.lang)
      throw ExitCode(2)
    }
    let chosen = school.map { id in dataset.schools.filter { $0.id == id } } ?? Array(dataset.schools.prefix(1))
    guard let target = chosen.first else {
      Terminal.stderr("error[cli.unknown-school]: " + (zh ? "数据中没有学校 \(school ?? "")" : "no school \(school ?? "") in the data"))
      throw ExitCode(2)
    }
    let findings: String
    let asOf: Day
    if let district {
      (findings, asOf) = district
    } else {
      let run = try engine().evaluate(Dataset(schools: [target]), asOf: try date.day())
      findings = run.findings.map { Self.line($0, language: pack.lang) }.joined()
      asOf = run.asOf
    }
    var out = zh ? "\n  在 \(target.name)（\(target.id)）上的结果，评估日期 \(asOf)：\n" : "\n  on \(target.name) (\(target.id)), as of \(asOf):\n"
    out += zh ? "    读取的数据：\n" : "    values read:\n"
    for path in Self.paths(in: rule.check.text + " " + (rule.when?.text ?? "") + " " + (rule.forEach?.expr.text ?? "")) where path.hasPrefix("school.") {
      let value = Self.lookup(path, in: target.value)
      let personal = loaded.dictionary.personalPaths.contains(path)
      out += "      \(path) = \(personal ? (zh ? "（个人信息，不显示）" : "(personal data, not shown)") : value?.jsonText ?? (zh ? "（缺失）" : "(missing)"))\n"
    }
    return out + findings
  }

  /// A district rule's findings on every district of the data, as the
  /// whole run gives them (in report order), from a streamed check of that
  /// rule alone; the data's errors are reported as loading it whole does.
  func districtFindings(_ engine: Engine, _ loader: DatasetLoader) throws -> (String, Day) {
    let asOf = try date.day()
    let language = pack.lang
    var check = StreamingCheck(engine: engine, loader: loader, asOf: asOf, keep: [], threads: ProcessInfo.processInfo.activeProcessorCount)
    // Every finding is shown to the tap, rendered as `explain` prints it.
    check.tap = FindingTap(record: { Array(Self.line($0, language: language).utf8) }, adjust: { _ in nil }, warnings: { _ in [] })
    var bytes: [UInt8] = []
    do {
      let checked = try check.prepare(paths: data, format: StreamFormat(header: { _ in [] }, row: { _ in [] }))
      var reader = checked.recordedReader()
      while let (_, block) = try reader.next() { bytes += block }
    } catch let error as DiagnosticList {
      Terminal.report(error.diagnostics, language: language)
      throw ExitCode(2)
    } catch let error as Diagnostic {
      // The temporary file of the findings could not be read back.
      Terminal.report([error], language: language)
      throw ExitCode(2)
    }
    return (String(decoding: bytes, as: UTF8.self), asOf)
  }

  /// One finding as `explain` prints it.
  static func line(_ f: Finding, language: Language) -> String {
    let zh = language == .zh
    var out = "    \(f.subject.kind) \(f.subject.id): \(f.status.rawValue)（\(f.status.label.text(in: language))）"
    if let o = f.observed { out += zh ? " 实际 \(o.displayText)" : " observed \(o.displayText)" }
    if let r = f.requirement { out += zh ? "，要求 \(r.text(in: language))" : ", required \(r.text(in: language))" }
    if !f.missing.isEmpty { out += zh ? "，缺少 \(f.missing.joined(separator: "、"))" : ", missing \(f.missing.joined(separator: ", "))" }
    if let d = f.detail { out += "：\(d.text(in: language))" }
    return out + "\n"
  }

  /// Dotted paths (`school.schedule.daily_pe_minutes`) written in an expression.
  static func paths(in text: String) -> [String] {
    var out: [String] = []
    var current = ""
    var inString: Character?
    for c in text + " " {
      if let q = inString { if c == q { inString = nil }; continue }
      if c == "'" || c == "\"" { inString = c; continue }
      if c.isLetter || c.isNumber || c == "_" || c == "." { current.append(c); continue }
      if current.contains("."), !out.contains(current), current.first?.isLetter == true { out.append(current) }
      current = ""
    }
    return out
  }

  static func lookup(_ path: String, in school: Value) -> Value? {
    var v: Value? = school
    for part in path.split(separator: ".").dropFirst() {
      guard case .map(let m)? = v else { return nil }
      v = m[.string(String(part))]
    }
    return v
  }
}
