import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoYAML

/// Reads rule files (`rules: [...]`) into `Rule`s, reporting every problem.
struct RuleParser {
  static let ruleKeys = [
    "id", "title", "dimension", "sources", "applies", "effective", "params", "for_each", "scope", "check",
    "observed", "requirement", "message", "severity", "rectify", "observe", "examples", "enabled", "reason", "tags", "note",
  ]
  static let sourceKeys = ["document", "number", "clause", "quote", "url", "verified", "note", "date"]
  static let rectifyKeys = ["within", "by", "responsible", "measures"]
  static let exampleKinds = ["pass", "fail", "unknown", "not_applicable"]

  var reader: NodeReader
  let fileLines: [Substring]
  let pack: String

  /// Parses one rule file's root node.
  mutating func parseFile(_ root: Node) -> [Rule] {
    guard let top = reader.mapping(root, .init(zh: "规则文件", en: "a rule file"), allowed: ["rules", "note", "title"]) else { return [] }
    guard let list = top.first(where: { $0.key == "rules" })?.node else {
      reader.report(.missingKey("rules", in: "规则文件", at: root.location, hint: .init(zh: "规则文件的顶层应为 rules: 列表", en: "a rule file holds a `rules:` list")))
      return []
    }
    return (reader.sequence(list, .init(zh: "rules", en: "rules")) ?? []).compactMap { parseRule($0) }
  }

  mutating func parseRule(_ node: Node) -> Rule? {
    let ctx0 = LocalizedText(zh: "规则", en: "a rule")
    guard let entries = reader.mapping(node, ctx0, allowed: Self.ruleKeys) else { return nil }
    func value(_ k: String) -> Node? { entries.first { $0.key == k }?.node }
    guard let idNode = value("id"), let id = reader.string(idNode, .init(zh: "规则编号 id", en: "the rule id")) else {
      reader.report(.missingKey("id", in: "规则", at: node.location))
      return nil
    }
    if !Self.isValidID(id) { reader.report(.badRuleID(id, at: idNode.location)) }
    let ctx = LocalizedText(zh: "规则 \(id) ", en: "rule \(id)")

    var rule = Rule(
      id: id, title: .init(id), dimension: nil, sources: [], levels: nil, when: nil, effectiveFrom: nil,
      effectiveUntil: nil, params: [], forEach: nil, scope: .school,
      check: ExprSource(text: "", location: idNode.location), observed: nil, requirement: nil, message: nil,
      severity: .major, rectify: nil, observe: nil, examples: [], location: idNode.location, pack: pack)

    if let t = value("title") { rule.title = reader.localized(t, ctx) ?? rule.title }
    else { reader.report(.missingKey("title", in: "规则 \(id) ", at: idNode.location)) }
    if let d = value("dimension") { rule.dimension = reader.string(d, ctx) }
    if let s = value("sources") { rule.sources = parseSources(s, ctx: ctx) }
    if rule.sources.isEmpty { reader.report(.missingSources(rule: id, at: idNode.location)) }
    if let a = value("applies") { parseApplies(a, into: &rule, ctx: ctx) }
    if let e = value("effective") {
      for (k, n, _) in reader.mapping(e, .init(zh: "\(ctx.zh)effective", en: "effective of \(ctx.en)"), allowed: ["from", "until"]) ?? [] {
        if k == "from" { rule.effectiveFrom = reader.day(n, ctx) } else { rule.effectiveUntil = reader.day(n, ctx) }
      }
      if let f = rule.effectiveFrom, let u = rule.effectiveUntil, u < f {
        reader.report(Diagnostic(code: "rules.bad-effective", location: e.location,
          message: .init(zh: "规则 \(id) 的 effective.until（\(u)）早于 from（\(f)）", en: "rule \(id): effective.until (\(u)) is before from (\(f))")))
      }
    }
    if let p = value("params") { rule.params = parseParams(p, ctx: ctx) }
    rule.definedParams = rule.params
    if let f = value("for_each") {
      let fe = reader.mapping(f, .init(zh: "\(ctx.zh)for_each", en: "for_each of \(ctx.en)"), allowed: nil) ?? []
      if fe.count != 1 {
        reader.report(.wrongShape(.init(zh: "\(ctx.zh)for_each", en: "for_each of \(ctx.en)"),
          expected: .init(zh: "恰好一项“名称: 列表表达式”，如 { class: school.classes }", en: "exactly one `name: list-expression`, e.g. { class: school.classes }"), at: f.location))
      } else if let first = fe.first, let src = expr(first.node, ctx) {
        rule.forEach = (first.key, src)
      }
    }
    if let s = value("scope") {
      if let text = s.text, let scope = Scope(rawValue: text) { rule.scope = scope } else {
        reader.report(Diagnostic(code: "rules.bad-scope", location: s.location,
          message: .init(zh: "scope 应为 school 或 district", en: "scope must be school or district")))
      }
    }
    if let c = value("check"), let src = expr(c, ctx) { rule.check = src }
    else if value("check") == nil { reader.report(.missingKey("check", in: "规则 \(id) ", at: idNode.location)) }
    if let o = value("observed") { rule.observed = expr(o, ctx) }
    if let r = value("requirement") { rule.requirement = template(r, ctx) }
    if let m = value("message") { rule.message = template(m, ctx) }
    if let s = value("severity") {
      if let text = s.text, let sev = Severity(rawValue: text) { rule.severity = sev } else { reader.report(.badSeverity(s.text ?? "", at: s.location)) }
    } else {
      reader.report(.missingKey("severity", in: "规则 \(id) ", at: idNode.location, hint: .init(zh: "critical、major 或 minor", en: "critical, major or minor")))
    }
    if let r = value("rectify") { rule.rectify = parseRectify(r, ctx: ctx) }
    if let o = value("observe") { rule.observe = reader.localized(o, ctx) }
    if let e = value("enabled") { rule.enabled = reader.bool(e, ctx) ?? true }
    if let r = value("reason") { rule.disabledReason = reader.string(r, ctx) }
    if let ex = value("examples") { rule.examples = parseExamples(ex, ctx: ctx) }
    return rule
  }

  static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 100 && id.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-" }
      && id.first != "." && id.last != "."
  }

  mutating func expr(_ node: Node, _ ctx: LocalizedText) -> ExprSource? {
    guard let s = node.scalar, !node.isNull else {
      reader.report(.wrongShape(.init(zh: "\(ctx.zh)的表达式", en: "an expression of \(ctx.en)"), expected: .init(zh: "一段表达式文字", en: "an expression text"), at: node.location))
      return nil
    }
    return ExprSource(text: s.text, positions: ScalarPositions(node: node, fileLines: fileLines))
  }

  mutating func template(_ node: Node, _ ctx: LocalizedText) -> LocalizedTemplate? {
    func one(_ n: Node) -> Template? {
      guard let s = reader.string(n, ctx) else { return nil }
      return Template.parse(s, positions: ScalarPositions(node: n, fileLines: fileLines), reader: &reader)
    }
    if node.scalar != nil { return one(node).map { LocalizedTemplate(zh: $0, en: nil) } }
    var t = LocalizedTemplate()
    for (k, n, _) in reader.mapping(node, ctx, allowed: ["zh", "en"]) ?? [] {
      if k == "zh" { t.zh = one(n) } else { t.en = one(n) }
    }
    return t
  }

  mutating func parseSources(_ node: Node, ctx: LocalizedText) -> [Source] {
    var out: [Source] = []
    for item in reader.sequence(node, .init(zh: "\(ctx.zh)sources", en: "sources of \(ctx.en)")) ?? [] {
      let sctx = LocalizedText(zh: "\(ctx.zh)的引用", en: "a source of \(ctx.en)")
      guard let entries = reader.mapping(item, sctx, allowed: Self.sourceKeys) else { continue }
      var s = Source(document: "", number: nil, clause: nil, quote: "", url: nil, verified: true, note: nil)
      for (k, n, _) in entries {
        switch k {
        case "document": s.document = reader.string(n, sctx) ?? ""
        case "number": s.number = reader.string(n, sctx)
        case "clause": s.clause = reader.string(n, sctx)
        case "quote": s.quote = reader.string(n, sctx) ?? ""
        case "url": s.url = reader.string(n, sctx)
        case "verified": s.verified = reader.bool(n, sctx) ?? true
        case "note": s.note = reader.string(n, sctx)
        default: break
        }
      }
      if s.document.isEmpty { reader.report(.missingKey("document", in: sctx.zh, at: item.location)) }
      if s.quote.isEmpty { reader.report(.missingKey("quote", in: sctx.zh, at: item.location, hint: .init(zh: "请摘录文件原文", en: "quote the document's exact words"))) }
      if !s.verified && (s.note ?? "").isEmpty {
        reader.report(.missingKey("note", in: sctx.zh, at: item.location, hint: .init(zh: "未核实的引用须说明哪一部分未核实", en: "an unverified source must say what is unverified")))
      }
      out.append(s)
    }
    return out
  }

  mutating func parseApplies(_ node: Node, into rule: inout Rule, ctx: LocalizedText) {
    for (k, n, _) in reader.mapping(node, .init(zh: "\(ctx.zh)applies", en: "applies of \(ctx.en)"), allowed: ["levels", "when"]) ?? [] {
      if k == "levels" { rule.levels = reader.strings(n, ctx) } else { rule.when = expr(n, ctx) }
    }
  }

  mutating func parseParams(_ node: Node, ctx: LocalizedText) -> [(name: String, value: Value, location: SourceLocation)] {
    (reader.mapping(node, .init(zh: "\(ctx.zh)params", en: "params of \(ctx.en)"), allowed: nil) ?? []).map {
      (name: $0.key, value: Value(untyped: $0.node), location: $0.node.location)
    }
  }

  mutating func parseRectify(_ node: Node, ctx: LocalizedText) -> Rectify? {
    let rctx = LocalizedText(zh: "\(ctx.zh)rectify", en: "rectify of \(ctx.en)")
    guard let entries = reader.mapping(node, rctx, allowed: Self.rectifyKeys) else { return nil }
    var r = Rectify(term: nil, termText: nil, responsible: nil, measures: nil)
    var within: Node?
    var by: Node?
    for (k, n, _) in entries {
      switch k {
      case "within": within = n
      case "by": by = n
      case "responsible": r.responsible = reader.localized(n, rctx)
      case "measures": r.measures = reader.localized(n, rctx)
      default: break
      }
    }
    if within != nil || by != nil {
      if within != nil && by != nil {
        reader.report(.badRectify(.init(zh: "rectify 只能写 within 或 by 其中之一", en: "rectify takes either `within` or `by`, not both"), at: (by ?? node).location))
      }
      switch RectifyTerm.parse(within: within?.text, by: by?.text) {
      case .success(let term):
        r.term = term
        r.termText = within.map { "within: \($0.text ?? "")" } ?? by.map { "by: \($0.text ?? "")" }
      case .failure(let e):
        reader.report(.badRectify(e.message, at: (within ?? by ?? node).location))
      }
    }
    return r
  }

  mutating func parseExamples(_ node: Node, ctx: LocalizedText) -> [RuleExample] {
    var out: [RuleExample] = []
    let ectx = LocalizedText(zh: "\(ctx.zh)examples", en: "examples of \(ctx.en)")
    for (kind, list, _) in reader.mapping(node, ectx, allowed: Self.exampleKinds) ?? [] {
      guard let expect = RuleExample.Expect(rawValue: kind) else { continue }
      for item in reader.sequence(list, ectx) ?? [] {
        var ex = RuleExample(expect: expect, data: item, missing: nil, observed: nil, asOf: nil, params: nil, location: item.location)
        if item["data"] != nil, let entries = reader.mapping(item, ectx, allowed: ["data", "params", "missing", "observed", "as_of", "note"]) {
          for (k, n, _) in entries {
            switch k {
            case "data": ex.data = n
            case "missing": ex.missing = reader.strings(n, ectx)
            case "observed": ex.observed = n
            case "as_of": ex.asOf = reader.day(n, ectx)
            case "params": ex.params = n
            default: break
            }
          }
        }
        out.append(ex)
      }
    }
    return out
  }
}
