import Crypto
import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import Foundation

/// Evaluates a rule pack against datasets: every rule is compiled once, then
/// evaluated for each school (or once per district for `scope: district`).
///
/// ```swift
/// let engine = try Engine(pack: PackLoader().load("rules"))
/// let run = engine.evaluate(dataset, asOf: Day(iso: "2026-11-23")!)
/// ```
public struct Engine: Sendable {
  public let pack: RulePack
  let rules: [CompiledRule]
  /// For each `scope: district` rule (by index in `rules`), how it runs over
  /// a stream of schools; nil when it needs the schools themselves.
  let districtPlans: [Int: DistrictPlan?]
  /// What each rule reads, to apply and report on-site observations.
  let observations: ObservationOverlay

  /// Analyses and compiles every enabled rule; throws the pack's type errors.
  public init(pack: RulePack, limits: ExprLimits = .init()) throws(DiagnosticList) {
    let analyzer = RuleAnalyzer(limits: limits)
    var compiled: [CompiledRule] = []
    var errors: [Diagnostic] = []
    var plans: [Int: DistrictPlan?] = [:]
    for rule in pack.enabledRules {
      let (a, diags) = analyzer.analyze(rule, in: pack)
      errors += diags.filter { $0.severity == .error }
      if rule.scope == .district { plans[compiled.count] = DistrictPlan(a, pack: pack) }
      compiled.append(CompiledRule(a, pack: pack))
    }
    guard errors.isEmpty else { throw DiagnosticList(errors) }
    self.pack = pack
    self.rules = compiled
    self.districtPlans = plans
    self.observations = ObservationOverlay(pack: pack)
  }

  /// Every finding of every enabled rule on every school, sorted.
  public func evaluate(_ dataset: Dataset, asOf: Day) -> Run {
    var sink = Sink(keep: nil)
    sink.warnings = dataset.warnings
    var dataset = dataset
    for i in dataset.schools.indices { dataset.schools[i] = prepare(dataset.schools[i], asOf: asOf) }
    for school in dataset.schools {
      evaluateSchool(school, asOf: asOf, into: &sink)
    }
    for rule in rules where rule.rule.scope == .district {
      for (district, members) in Self.districts(dataset) {
        evaluateDistrict(rule, district: district, schools: .list(members.map(\.value)), asOf: asOf, into: &sink)
      }
    }
    var findings = sink.findings
    // Sort indices, then move each finding once (findings are large values).
    let order = findings.indices.sorted { Finding.reportOrder(findings[$0], findings[$1]) }
    findings = order.map { findings[$0] }
    var warnings = sink.warnings
    for y in sink.provisional.sorted() { warnings.append(.provisionalCalendar(year: y)) }
    return Run(pack: pack, asOf: asOf, findings: findings, warnings: warnings)
  }

  /// The one per-school step: every school-scope rule on one school.
  ///
  /// This is where a per-school transform (e.g. on-site observations that
  /// override reported values) belongs: transform the `SchoolRecord`, then
  /// call this. Streaming checks call it from several threads at once.
  public func evaluate(school: SchoolRecord, asOf: Day, keep: Set<Status>? = nil, deadlines: DeadlineTable? = nil) -> SchoolOutcome {
    var outcome = evaluateUnsorted(school: school, asOf: asOf, keep: keep, deadlines: deadlines)
    let findings = outcome.findings
    if findings.count > 1 {
      outcome.findings = Self.reportOrder(findings).map { findings[$0] }
    }
    return outcome
  }

  /// `evaluate(school:…)` with the findings in evaluation order (sort them
  /// with `reportOrder`): saves moving large values when they are only rendered.
  func evaluateUnsorted(school: SchoolRecord, asOf: Day, keep: Set<Status>?, deadlines: DeadlineTable?) -> SchoolOutcome {
    var sink = Sink(keep: keep)
    if let deadlines { sink.deadlines = deadlines.terms }
    evaluateSchool(school, asOf: asOf, into: &sink)
    return SchoolOutcome(findings: sink.findings, counts: sink.counts, warnings: sink.warnings, provisional: sink.provisional)
  }

  /// Indices of `findings` in report order (school id, rule id, subject id).
  static func reportOrder(_ findings: [Finding]) -> [Int] {
    // Mostly produced in order already (rules by id, lists by id): one pass to see.
    // By index: `zip` copied every finding (a dozen references each) to compare it.
    if !findings.indices.dropFirst().contains(where: { Finding.outOfOrder(findings[$0 - 1], findings[$0]) }) {
      return Array(findings.indices)
    }
    return findings.indices.sorted { Finding.reportOrder(findings[$0], findings[$1]) }
  }

  /// Every rule's deadline as of `asOf`, computed once for many schools.
  public func deadlineTable(asOf: Day) -> DeadlineTable {
    var t = DeadlineTable()
    for rule in rules {
      if let term = rule.rectify?.term, t.terms[term] == nil { t.terms[term] = pack.calendar.deadline(term, from: asOf) }
    }
    return t
  }

  /// The one per-school step before any rule sees a school, in every path
  /// (whole runs, streaming checks, school and district rules): where a
  /// per-school dataset transform belongs, such as on-site observations
  /// overriding reported values. Today it returns the school unchanged.
  public func prepare(_ school: SchoolRecord, asOf: Day) -> SchoolRecord {
    // On-site observations replace reported values (ObservationOverlay.swift).
    var warnings: [Diagnostic] = []
    var (out, used) = observations.apply(school, &warnings)
    out.onSite = used
    out.preparationWarnings = warnings
    return out
  }

  func evaluateSchool(_ school: SchoolRecord, asOf: Day, into sink: inout Sink) {
    let ref = SchoolRef(id: school.id, name: school.name)
    let start = sink.findings.count
    for rule in rules where rule.rule.scope == .school {
      evaluate(rule, school: school.value, ref: ref, asOf: asOf, into: &sink)
    }
    sink.warnings += school.preparationWarnings
    if !school.onSite.isEmpty {
      for i in start..<sink.findings.count { sink.findings[i].onSite = observations.onSite(for: sink.findings[i], used: school.onSite) }
    }
  }

  /// One district rule on one district, `schools` bound to its schools.
  func evaluateDistrict(_ rule: CompiledRule, district: String, schools: Value, extra: [String: EvalResult] = [:], asOf: Day, into sink: inout Sink) {
    let ref = SchoolRef(id: "", name: district)
    var bindings = Activation(pairs: [("schools", schools), ("params", rule.params), ("as_of", .date(asOf))])
    for (k, v) in extra.sorted(by: { $0.key < $1.key }) { bindings.bind(k, v) }
    evaluateSubject(rule, bindings: bindings, subject: Subject(kind: "district", id: district), ref: ref, asOf: asOf, elementPath: nil, into: &sink)
  }

  /// Schools grouped by `district` (schools without one form "—"), sorted by name.
  static func districts(_ dataset: Dataset) -> [(String, [SchoolRecord])] {
    var groups: [String: [SchoolRecord]] = [:]
    for s in dataset.schools { groups[s.district ?? "—", default: []].append(s) }
    return groups.sorted { $0.key < $1.key }
  }

  func evaluate(
    _ rule: CompiledRule, school: Value, ref: SchoolRef, asOf: Day,
    into sink: inout Sink
  ) {
    let schoolSubject = Subject(kind: "school", id: ref.id)
    var bindings = Activation(pairs: [("school", school), ("params", rule.params), ("as_of", .date(asOf))])
    func record(_ status: Status, subject: Subject = schoolSubject, missing: [String] = [], detail: LocalizedText? = nil) {
      sink.counts[status.countIndex] += 1
      guard sink.keeps(status) else { return }
      sink.findings.append(makeFinding(rule, ref: ref, subject: subject, status: status, missing: missing, detail: detail))
    }
    // Outside `effective`, `applies.levels`, `applies.when`: not applicable.
    if let from = rule.rule.effectiveFrom, asOf < from {
      return record(.notApplicable, detail: Self.inForceFrom(from))
    }
    if let until = rule.rule.effectiveUntil, asOf > until {
      return record(.notApplicable, detail: Self.inForceUntil(until))
    }
    if let levels = rule.rule.levels {
      guard case .map(let m) = school, let level = m[.string("level")] else {
        return record(.unknown, missing: ["school.level"])
      }
      guard case .string(let l) = level, levels.contains(l) else {
        return record(.notApplicable, detail: Self.outsideLevels(level))
      }
    }
    let unset = rule.rule.unsetParams
    if !unset.isEmpty {
      return record(.notApplicable, detail: Self.unsetParameters(unset))
    }
    if let when = rule.when {
      switch when.evaluate(bindings) {
      case .value(.bool(true)): break
      case .value(.bool(false)): return record(.notApplicable, detail: Self.whenFalse)
      case .value(let v): return record(.error, detail: Self.notBool("when", v))
      case .unknown(let paths): return record(.unknown, missing: paths)
      case .error(let e): return record(.error, detail: Self.runtime(e, rule.rule.when))
      }
    }
    guard let forEach = rule.forEach, let name = rule.rule.forEach?.name else {
      return evaluateSubject(rule, bindings: bindings, subject: schoolSubject, ref: ref, asOf: asOf, elementPath: nil, into: &sink)
    }
    switch forEach.evaluate(bindings) {
    case .value(.list(let items)):
      for (i, item) in items.enumerated() {
        var id = "#\(i + 1)"
        if case .map(let m) = item, let v = m[.string("id")] { id = v.displayText }
        bindings.bind(name, item)
        evaluateSubject(
          rule, bindings: bindings, subject: Subject(kind: rule.subjectKind, id: id), ref: ref, asOf: asOf,
          elementPath: (name, rule.elementBase ?? name, id), into: &sink)
      }
    case .value(let v): record(.error, detail: Self.notBool("for_each", v, expected: .init(zh: "列表", en: "a list")))
    case .unknown(let paths): record(.unknown, missing: paths)
    case .error(let e): record(.error, detail: Self.runtime(e, rule.rule.forEach?.expr))
    }
  }

  func evaluateSubject(
    _ rule: CompiledRule, bindings: Activation, subject: Subject, ref: SchoolRef, asOf: Day,
    elementPath: (name: String, base: String, id: String)?, into sink: inout Sink
  ) {
    let activation = bindings
    guard let check = rule.check else { return }
    let result = check.evaluate(activation)
    let status: Status
    switch result {
    case .value(.bool(let ok)): status = ok ? .pass : .fail
    case .value, .error: status = .error
    case .unknown: status = .unknown
    }
    sink.counts[status.countIndex] += 1
    guard sink.keeps(status) else {
      // A filtered-out failure still has its deadline computed: its
      // warnings (provisional calendar) are the same as when it is kept.
      if status == .fail { _ = sink.deadline(of: rule, from: asOf, pack.calendar) }
      return
    }
    var f: Finding
    switch result {
    case .value(.bool(let ok)):
      f = makeFinding(rule, ref: ref, subject: subject, status: ok ? .pass : .fail, missing: [], detail: nil)
    case .value(let v):
      f = makeFinding(rule, ref: ref, subject: subject, status: .error, missing: [], detail: Self.notBool("check", v))
    case .unknown(let paths):
      let shown = paths.map { p in
        guard let (name, base, id) = elementPath, p == name || p.hasPrefix(name + ".") || p.hasPrefix(name + "[") else { return p }
        return "\(base)[\(id)]" + p.dropFirst(name.count)
      }
      f = makeFinding(rule, ref: ref, subject: subject, status: .unknown, missing: shown, detail: nil)
    case .error(let e):
      f = makeFinding(rule, ref: ref, subject: subject, status: .error, missing: [], detail: Self.runtime(e, rule.rule.check))
    }
    if f.status == .pass || f.status == .fail {
      if let o = rule.observed, case .value(let v) = o.evaluate(activation) { f.observed = v }
      f.requirement = render(rule.requirement, activation)
      if f.requirement == nil, let (op, rhs) = rule.comparison, case .value(let v) = rhs.evaluate(activation) {
        f.requirement = LocalizedText(Self.symbol(op) + " " + v.displayText)
      }
    }
    if f.status == .fail {
      f.message = render(rule.message, activation)
      f.deadline = sink.deadline(of: rule, from: asOf, pack.calendar)
    }
    sink.findings.append(f)
  }

  func makeFinding(_ rule: CompiledRule, ref: SchoolRef, subject: Subject, status: Status, missing: [String], detail: LocalizedText?) -> Finding {
    Finding(
      key: Self.key(school: ref.id.isEmpty ? ref.name : ref.id, rule: rule.rule.id, subject: subject),
      school: ref, subject: subject, ruleBox: rule.box, status: status, observed: nil, requirement: nil, message: nil,
      deadline: nil, responsible: status == .fail ? rule.rectify?.responsible : nil,
      measures: status == .fail ? rule.rectify?.measures : nil, missing: missing.sorted(), detail: detail)
  }

  /// Renders a template in both languages; a part that cannot be evaluated shows "?".
  func render(_ parts: [Language: [CompiledRule.Part]], _ activation: Activation) -> LocalizedText? {
    guard !parts.isEmpty else { return nil }
    func one(_ ps: [CompiledRule.Part]?) -> String {
      (ps ?? []).map {
        switch $0 {
        case .text(let s): return s
        case .expr(let p):
          if case .value(let v) = p.evaluate(activation) { return v.displayText }
          return "?"
        }
      }.joined()
    }
    return LocalizedText(zh: one(parts[.zh] ?? parts[.en]), en: one(parts[.en] ?? parts[.zh]))
  }

  /// A stable finding key: 16 hex digits of SHA-256 over school, rule and subject.
  public static func key(school: String, rule: String, subject: Subject) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(16)
    appendKey(school: school, rule: rule, subject: subject, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `key(school:rule:subject:)`'s 16 hex digits appended to `out` (rows of
  /// large checks: no intermediate arrays or strings).
  static func appendKey(school: String, rule: String, subject: Subject, to out: inout [UInt8]) {
    // The parts, separated by 0x1F, in one buffer on the stack, hashed in
    // one update (swift-crypto checks exclusive access on every call).
    let count = school.utf8.count + rule.utf8.count + subject.kind.utf8.count + subject.id.utf8.count + 3
    let digest = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer -> SHA256.Digest in
      var n = put(school, buffer, 0)
      n = put(rule, buffer, n, after: 0x1F)
      n = put(subject.kind, buffer, n, after: 0x1F)
      n = put(subject.id, buffer, n, after: 0x1F)
      var hasher = SHA256()
      hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0..<n])))
      return hasher.finalize()
    }
    digest.withUnsafeBytes { d in
      for byte in d.prefix(8) {
        let high = byte >> 4, low = byte & 0xF
        out.append(high < 10 ? 0x30 + high : 0x57 + high)
        out.append(low < 10 ? 0x30 + low : 0x57 + low)
      }
    }
  }

  /// `s`'s bytes into `buffer` at `at` (after the byte `after`, if any); where they end.
  @inline(__always)
  private static func put(_ s: String, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ at: Int, after: UInt8? = nil) -> Int {
    var at = at
    if let after {
      buffer[at] = after
      at += 1
    }
    var s = s
    return s.withUTF8 { u in
      guard let from = u.baseAddress, let to = buffer.baseAddress else { return at }
      (to + at).update(from: from, count: u.count)
      return at + u.count
    }
  }

  // Why a finding is not applicable (the same words on every path).
  static func inForceFrom(_ d: Day) -> LocalizedText { .init(zh: "规则自 \(d) 起施行", en: "in force from \(d)") }
  static func inForceUntil(_ d: Day) -> LocalizedText { .init(zh: "规则已于 \(d) 失效", en: "no longer in force after \(d)") }
  static func outsideLevels(_ level: Value) -> LocalizedText {
    .init(zh: "学段 \(level.displayText) 不在适用范围内", en: "level \(level.displayText) is outside the rule's levels")
  }
  static func unsetParameters(_ unset: [String]) -> LocalizedText {
    .init(
      zh: "本地参数 \(unset.joined(separator: "、")) 未设置，须由本地规则包设定",
      en: "local parameter \(unset.joined(separator: ", ")) is not set; a local overlay must set it")
  }
  static let whenFalse = LocalizedText(zh: "不满足适用条件", en: "the `when` condition is false")

  static func symbol(_ op: String) -> String {
    switch op {
    case ">=": "≥"
    case "<=": "≤"
    case "!=": "≠"
    case "==": "="
    default: op
    }
  }

  static func runtime(_ e: ExprError, _ src: ExprSource?) -> LocalizedText {
    let at = src.map { "\($0.location(ofOffset: e.offset)): " } ?? ""
    return .init(zh: "\(at)规则运行出错（规则本身有缺陷，不是学校的问题）：\(e.message.zh)", en: "\(at)the rule failed at run time (a rule defect, not the school's): \(e.message.en)")
  }

  static func notBool(_ what: String, _ v: Value, expected: LocalizedText = .init(zh: "true/false", en: "true or false")) -> LocalizedText {
    .init(zh: "规则的 \(what) 应得出\(expected.zh)，实际得到 \(v.jsonText)", en: "the rule's \(what) must give \(expected.en), got \(v.jsonText)")
  }
}

extension Engine {
  /// The data path a `for_each` element is reported under: the list it was
  /// taken from, without a trailing `.filter(…)`/`.map(…)` (`school.classes`
  /// for `school.classes.filter(c, c.grade <= 9)`), so that a missing field
  /// reads `school.classes[8-1].paper_exams`.
  static func elementBase(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
    var base = Substring(text)
    while let r = base.range(of: #"\.(filter|map)\([^()]*(\([^()]*\)[^()]*)*\)$"#, options: .regularExpression) {
      base = base[..<r.lowerBound]
    }
    return base.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) && !base.isEmpty ? String(base) : text
  }
}
