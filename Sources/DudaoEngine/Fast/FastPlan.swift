import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules

/// The rules of an engine compiled for the fast path, for one evaluation
/// date (issue 7): each school-scope rule's expressions as fast programs
/// over `FastRecord` slots, and each district rule's per-school parts.
///
/// A rule (or a template of it) the fast compiler does not handle runs on
/// the general evaluator for every school; a rule whose fast evaluation
/// gives up on one school (missing data, an error, anything unusual) runs
/// on the general evaluator for that school. Either way the findings are
/// those of `Engine.evaluate(school:…)`, in the same order before sorting.
struct FastPlan: Sendable {
  enum Part: Sendable {
    case text(String)
    case expr(FastProgram)
  }

  struct Rule: Sendable {
    /// Index in `engine.rules`.
    var index: Int
    /// The levels the rule applies to, as bytes.
    var levels: [[UInt8]]?
    var when: FastProgram?
    var forEach: FastProgram?
    var check: FastProgram
    var observed: FastProgram?
    var comparison: FastProgram?
    var message: [Language: [Part]]
    var requirement: [Language: [Part]]
    /// The slot of a `for_each` element's `id`, if its entity has one.
    var elementID: Int?
  }

  let layout: FastLayout
  let constants: FastConstants
  /// Per school-scope rule (in engine order): its fast form, or nil (general path).
  let rules: [(index: Int, fast: Rule?)]
  /// Per entry of `MergeState.planned`: each part's program, nil when a part is not compiled.
  let parts: [[FastProgram]?]
  let locals: Int
  /// The slot of `school.level`, if laid out.
  let levelSlot: Int?

  init?(engine: Engine, asOf: Day, planned: [(rule: Int, plan: DistrictPlan?)]) {
    guard let layout = FastLayout(reader: JSONRecordReader(dictionary: engine.pack.dictionary)) else { return nil }
    self.layout = layout
    let constants = FastConstants()
    self.constants = constants
    var locals = 1
    if case .scalar(let slot, _)? = layout.schema.entities.first?.fields["level"] { levelSlot = slot } else { levelSlot = nil }

    func compile(_ ast: AST?, _ names: [String: FastCompiler.Binding], firstLocal: Int) -> (FastProgram, FastCompiler.Shape)?? {
      guard let ast else { return .some(nil) }
      var c = FastCompiler(schema: layout.schema, constants: constants, names: names, locals: firstLocal)
      guard let (node, shape) = c.compile(ast) else { return nil }
      locals = max(locals, c.localCount)
      return .some((FastProgram(node: node, shape: shape), shape))
    }
    func parts(_ ps: [Language: [AnalyzedRule.TemplatePart]], _ names: [String: FastCompiler.Binding], firstLocal: Int) -> [Language: [Part]]? {
      var out: [Language: [Part]] = [:]
      for (lang, list) in ps {
        var compiled: [Part] = []
        for p in list {
          switch p {
          case .text(let s): compiled.append(.text(s))
          case .expr(let ast):
            guard case .some(let r?) = compile(ast, names, firstLocal: firstLocal) else { return nil }
            compiled.append(.expr(r.0))
          }
        }
        out[lang] = compiled
      }
      return out
    }

    var rules: [(Int, Rule?)] = []
    for (i, compiled) in engine.rules.enumerated() where compiled.rule.scope == .school {
      let a = compiled.analyzed
      var names: [String: FastCompiler.Binding] = [
        "school": .school, "params": .constant(compiled.params), "as_of": .constant(.date(asOf)),
      ]
      func make() -> Rule? {
        guard case .some(let when) = compile(a.when, names, firstLocal: 0) else { return nil }
        var forEach: FastProgram?
        var elementID: Int?
        if let f = a.forEach, let name = compiled.rule.forEach?.name {
          guard case .some(let r?) = compile(f, names, firstLocal: 1) else { return nil }
          forEach = r.0
          switch r.1 {
          case .records(let entity), .list(.record(let entity)):
            names[name] = .record(slot: 0, entity: entity)
            elementID = layout.schema.entities[entity].fields["id"].flatMap {
              if case .scalar(let slot, _) = $0 { return slot }
              return nil
            }
          case .list(.value): names[name] = .value(slot: 0)
          default: return nil
          }
        }
        guard case .some(let check?) = compile(a.check, names, firstLocal: 1),
          case .some(let observed) = compile(a.observed, names, firstLocal: 1),
          case .some(let rhs) = compile(a.comparison?.rhs, names, firstLocal: 1),
          let message = parts(a.message, names, firstLocal: 1),
          let requirement = parts(a.requirement, names, firstLocal: 1)
        else { return nil }
        return Rule(
          index: i, levels: compiled.rule.levels.map { $0.map { Array($0.utf8) } }, when: when?.0, forEach: forEach,
          check: check.0, observed: observed?.0, comparison: rhs?.0, message: message, requirement: requirement,
          elementID: elementID)
      }
      rules.append((i, make()))
    }
    self.rules = rules

    var partPrograms: [[FastProgram]?] = []
    for (ruleIndex, plan) in planned {
      guard let plan else {
        partPrograms.append(nil)
        continue
      }
      let names: [String: FastCompiler.Binding] = [
        "schools": .schools, "params": .constant(engine.rules[ruleIndex].params), "as_of": .constant(.date(asOf)),
      ]
      var programs: [FastProgram]? = []
      for ast in plan.partASTs {
        guard case .some(let r?) = compile(ast, names, firstLocal: 0) else {
          programs = nil
          break
        }
        programs?.append(r.0)
      }
      partPrograms.append(programs)
    }
    self.parts = partPrograms
    self.locals = locals
  }
}

// MARK: - Evaluating one school

extension Engine {
  /// `evaluateUnsorted(school:…)` on a school in slots: the fast programs
  /// where they decide, the general evaluator elsewhere (`general()` gives
  /// the school as a general value; the caller computes it at most once).
  func evaluateFast(
    _ school: FastLayout.School, plan: FastPlan, asOf: Day, keep: Set<Status>?, deadlines: DeadlineTable?,
    rows: inout FastRows?, general: () -> Value?
  ) -> SchoolOutcome? {
    var sink = Sink(keep: keep)
    if let deadlines { sink.deadlines = deadlines.terms }
    let ref = SchoolRef(id: school.id, name: school.name)
    rows?.school = ref
    let ok = school.record.withContext(plan.constants, locals: plan.locals) { c -> Bool in
      for (index, fast) in plan.rules {
        let rule = rules[index]
        if let fast {
          let mark = sink.mark()
          let rowMark = rows?.mark
          if evaluateFast(fast, rule, plan: plan, ref: ref, asOf: asOf, &c, into: &sink, rows: &rows) { continue }
          sink.rollBack(to: mark)
          if let rowMark { rows?.rollBack(to: rowMark) }
        }
        guard let v = general() else { return false }
        evaluate(rule, school: v, ref: ref, asOf: asOf, into: &sink)
      }
      return true
    }
    guard ok else { return nil }
    return SchoolOutcome(findings: sink.findings, counts: sink.counts, warnings: sink.warnings, provisional: sink.provisional)
  }

  /// One rule on one school, as `evaluate(_:school:…)` does; false when
  /// the fast programs gave up (the sink then holds partial results).
  private func evaluateFast(
    _ fast: FastPlan.Rule, _ rule: CompiledRule, plan: FastPlan, ref: SchoolRef, asOf: Day, _ c: inout FastContext,
    into sink: inout Sink, rows: inout FastRows?
  ) -> Bool {
    let schoolSubject = Subject(kind: "school", id: ref.id)
    func record(_ status: Status, detail: LocalizedText? = nil) {
      sink.counts[status.countIndex] += 1
      guard sink.keeps(status) else { return }
      if rows != nil {
        rows?.append(rule, subject: schoolSubject, status: status, deadline: nil, observed: nil, requirement: nil, message: detail)
        return
      }
      sink.findings.append(makeFinding(rule, ref: ref, subject: schoolSubject, status: status, missing: [], detail: detail))
    }
    c.reset()
    if let from = rule.rule.effectiveFrom, asOf < from {
      record(.notApplicable, detail: Self.inForceFrom(from))
      return true
    }
    if let until = rule.rule.effectiveUntil, asOf > until {
      record(.notApplicable, detail: Self.inForceUntil(until))
      return true
    }
    if let levels = fast.levels {
      guard let slot = plan.levelSlot, case .str(let o, let n) = c.loadSlot(slot) else { return false }
      let bytes = c.bytes(o, n)
      guard levels.contains(where: { l in l.withUnsafeBufferPointer { FastOps.sameBytes($0, bytes) } }) else {
        // Bytes decide only for ASCII; other text may still be canonically
        // equal to a level (Swift's string equality): the general path decides.
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        record(.notApplicable, detail: Self.outsideLevels(.string(String(decoding: bytes, as: UTF8.self))))
        return true
      }
    }
    let unset = rule.rule.unsetParams
    if !unset.isEmpty {
      record(.notApplicable, detail: Self.unsetParameters(unset))
      return true
    }
    if let when = fast.when {
      switch when.evaluate(&c) {
      case .bool(true): break
      case .bool(false):
        record(.notApplicable, detail: Self.whenFalse)
        return true
      default: return false
      }
    }
    guard let forEach = fast.forEach else {
      return evaluateFastSubject(fast, rule, subject: .fixed(schoolSubject), ref: ref, asOf: asOf, &c, into: &sink, rows: &rows)
    }
    guard case .list(let list) = forEach.evaluate(&c) else { return false }
    for k in 0..<Int(list.count) {
      let item = c.element(list, k)
      var base: Int?
      if case .elem(let b) = item { base = Int(b) }
      c.locals[0] = item
      if !evaluateFastSubject(fast, rule, subject: .element(base: base, index: k), ref: ref, asOf: asOf, &c, into: &sink, rows: &rows) {
        return false
      }
    }
    return true
  }

  /// Whom a finding is about: the school, or an element of a `for_each`
  /// list, whose `Subject` (its id read from its slot, else `#n`) is made
  /// only for a finding that is kept.
  private enum FastSubject {
    case fixed(Subject)
    case element(base: Int?, index: Int)
  }

  private func makeSubject(_ s: FastSubject, _ fast: FastPlan.Rule, _ rule: CompiledRule, _ c: inout FastContext) -> Subject {
    switch s {
    case .fixed(let subject):
      return subject
    case .element(let base, let index):
      var id = "#\(index + 1)"
      if let base, let idSlot = fast.elementID, let v = c.value(c.loadSlot(base + idSlot)) { id = v.displayText }
      return Subject(kind: rule.subjectKind, id: id)
    }
  }

  private func evaluateFastSubject(
    _ fast: FastPlan.Rule, _ rule: CompiledRule, subject who: FastSubject, ref: SchoolRef, asOf: Day, _ c: inout FastContext,
    into sink: inout Sink, rows: inout FastRows?
  ) -> Bool {
    // Lists built by the for_each stay while its elements are checked.
    let mark = c.scratchMark
    defer { c.rewind(to: mark) }
    c.missingElements.removeAll()
    guard case .bool(let ok) = fast.check.evaluate(&c) else {
      // An `all`/`exists` undecided only for elements missing one field:
      // `unknown`, exactly as the general evaluator reports it (school-scope
      // rules without `for_each`, whose paths need no rewriting).
      guard fast.forEach == nil, let probe = fast.check.missingProbe, !c.missingElements.isEmpty else { return false }
      // Distinct elements, distinct paths; sorted as the general evaluator sorts them.
      let missing = c.missingElements.map(probe.path).sorted()
      sink.counts[Status.unknown.countIndex] += 1
      guard sink.keeps(.unknown) else { return true }
      let subject = makeSubject(who, fast, rule, &c)
      if rows != nil {
        rows?.append(rule, subject: subject, status: .unknown, deadline: nil, observed: nil, requirement: nil, message: nil, missing: missing)
      } else {
        sink.findings.append(makeFinding(rule, ref: ref, subject: subject, status: .unknown, missing: missing, detail: nil))
      }
      return true
    }
    let status: Status = ok ? .pass : .fail
    sink.counts[status.countIndex] += 1
    guard sink.keeps(status) else {
      if status == .fail { _ = sink.deadline(of: rule, from: asOf, pack.calendar) }
      return true
    }
    let subject = makeSubject(who, fast, rule, &c)
    var observed: Value?
    if let o = fast.observed {
      let v = o.evaluate(&c)
      guard let value = c.value(v) else { return false }
      observed = value
    }
    guard var requirement = render(fast.requirement, &c, only: rows?.csv.language) else { return false }
    if requirement == nil, let rhs = fast.comparison, let (op, _) = rule.comparison {
      let x = rhs.evaluate(&c)
      guard let v = c.value(x) else { return false }
      requirement = LocalizedText(Self.symbol(op) + " " + v.displayText)
    }
    var message: LocalizedText?
    var deadline: Deadline?
    if status == .fail {
      guard let m = render(fast.message, &c, only: rows?.csv.language) else { return false }
      message = m
      deadline = sink.deadline(of: rule, from: asOf, pack.calendar)
    }
    if rows != nil {
      rows?.append(rule, subject: subject, status: status, deadline: deadline, observed: observed, requirement: requirement, message: message)
      return true
    }
    var f = makeFinding(rule, ref: ref, subject: subject, status: status, missing: [], detail: nil)
    f.observed = observed
    f.requirement = requirement
    f.message = message
    f.deadline = deadline
    sink.findings.append(f)
    return true
  }

  /// `render(_:_:)` on fast programs: .some(nil) without a template, nil when a part gave up.
  /// With `only` (rows of one language), the other language's text is
  /// checked, not built, unless the text in `only` is empty (then
  /// `LocalizedText.text(in:)` shows the other).
  private func render(_ parts: [Language: [FastPlan.Part]], _ c: inout FastContext, only: Language? = nil) -> LocalizedText?? {
    guard !parts.isEmpty else { return .some(nil) }
    func one(_ ps: [FastPlan.Part]?, build: Bool = true) -> String? {
      var out = ""
      for p in ps ?? [] {
        switch p {
        case .text(let s): if build { out += s }
        case .expr(let program):
          let x = program.evaluate(&c)
          guard let v = c.value(x) else { return nil }
          if build { out += v.displayText }
        }
      }
      return out
    }
    let zhParts = parts[.zh] ?? parts[.en], enParts = parts[.en] ?? parts[.zh]
    if let only {
      let (mine, other) = only == .zh ? (zhParts, enParts) : (enParts, zhParts)
      guard let text = one(mine) else { return nil }
      guard let otherText = one(other, build: text.isEmpty) else { return nil }
      let both = text.isEmpty ? (otherText, otherText) : (text, text)
      return .some(LocalizedText(zh: both.0, en: both.1))
    }
    guard let zh = one(zhParts), let en = one(enParts) else { return nil }
    return .some(LocalizedText(zh: zh, en: en))
  }
}

/// CSV rows the fast path writes for one school without building
/// `Finding`s (`CSVRows`), with what is needed to put them in report order
/// and count them by dimension.
struct FastRows {
  struct Entry {
    var rule: RuleBox
    var subject: Subject
    var status: Status
    var range: Range<Int>
  }

  let csv: CSVRows
  var school = SchoolRef(id: "", name: "")
  var bytes: [UInt8] = []
  var entries: [Entry] = []
  /// The cells of the last row's rule (rows of a rule come together).
  private var last: (box: RuleBox, cells: CSVRows.RuleCells)?

  init(csv: CSVRows) { self.csv = csv }

  var mark: (Int, Int) { (bytes.count, entries.count) }

  mutating func rollBack(to m: (Int, Int)) {
    bytes.removeSubrange(m.0...)
    entries.removeSubrange(m.1...)
  }

  /// A finding of `rule`, as `Engine.makeFinding` would fill it, as a row.
  mutating func append(
    _ rule: CompiledRule, subject: Subject, status: Status, deadline: Deadline?, observed: Value?, requirement: LocalizedText?,
    message: LocalizedText?, missing: [String] = []
  ) {
    let start = bytes.count
    let key = CSVRows.Key.of(school: school.id.isEmpty ? school.name : school.id, rule: rule.rule.id, subject: subject)
    let cells: CSVRows.RuleCells
    if let last, last.box === rule.box {
      cells = last.cells
    } else {
      cells = csv.rules[rule.rule.id] ?? CSVRows.RuleCells(rule.rule, language: csv.language)
      last = (rule.box, cells)
    }
    csv.append(
      school: school, cells: cells, subject: subject,
      status: status, deadline: deadline, responsible: status == .fail ? rule.rectify?.responsible : nil, key: key,
      observed: observed, requirement: requirement, message: message, measures: status == .fail ? rule.rectify?.measures : nil,
      missing: missing, onSite: [], to: &bytes)
    entries.append(Entry(rule: rule.box, subject: subject, status: status, range: start..<bytes.count))
  }

  /// A finding of the general evaluator, as a row.
  mutating func append(_ f: Finding) {
    let start = bytes.count
    bytes += csv.row(f)
    entries.append(Entry(rule: f.ruleBox, subject: f.subject, status: f.status, range: start..<bytes.count))
  }

  /// The rows in report order (rule id, subject id, subject kind: one school).
  func ordered() -> [UInt8] {
    func before(_ x: Entry, _ y: Entry) -> Bool {
      (x.rule.rule.id, x.subject.id, x.subject.kind) < (y.rule.rule.id, y.subject.id, y.subject.kind)
    }
    // Mostly written in order already (rules by id, lists by id).
    // Neighbours of one rule compare their subjects only.
    if !entries.indices.dropFirst().contains(where: { i in
      let (x, y) = (entries[i - 1], entries[i])
      return x.rule === y.rule ? (y.subject.id, y.subject.kind) < (x.subject.id, x.subject.kind) : before(y, x)
    }) {
      return bytes
    }
    let order = entries.indices.sorted { before(entries[$0], entries[$1]) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for i in order { out += bytes[entries[i].range] }
    return out
  }

  /// Rows written per rule dimension, by `Status.countIndex`.
  func tally(into out: inout [String: [Int]]) {
    for e in entries { out[e.rule.rule.dimension ?? "—", default: StreamingCheck.Summary.zeros][e.status.countIndex] += 1 }
  }
}
