import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoRules
import DudaoYAML
import Foundation

/// A check of any number of schools in bounded memory: JSON Lines are read
/// a batch of lines at a time, schools are parsed, evaluated and rendered
/// on every core, and only the rendered rows of the findings kept are
/// spooled to a temporary file, then written in report order (district
/// findings first, then schools by id). District rules keep one value per
/// school (see `DistrictPlan`), not the schools.
///
/// The output is byte-identical to rendering `Engine.evaluate(_:asOf:)`
/// with the same filter, whatever the number of threads: work is split in
/// input order and merged in input order.
public struct StreamingCheck: Sendable {
  public var engine: Engine
  public var loader: DatasetLoader
  public var asOf: Day
  /// The statuses whose findings are rendered; nil: all.
  public var keep: Set<Status>?
  /// Worker threads (1 = everything on the calling thread).
  public var threads: Int
  /// Bytes of JSON Lines read per batch.
  public var batchBytes = 4 << 20
  /// Whether schools are evaluated on the fast path where it applies
  /// (`FastPlan`); off, every school takes the general evaluator (tests
  /// compare the two).
  public var useFastPath: Bool {
    get { fastPlan != nil }
    set { fastPlan = newValue ? FastPlan(engine: engine, asOf: asOf, planned: MergeState.plans(engine)) : nil }
  }
  var fastPlan: FastPlan?
  /// Streamed CSV rows typed straight into slots (`FastLayout.csvSchool`);
  /// off: typed as values, then laid out (tests compare the two).
  var csvIntoSlots = true
  /// The rows of the format being written, when they are `CSVRows` (set by `run`).
  var csvRows: CSVRows?
  /// `StreamFormat.group`, when the output is written a school at a time.
  var groupRows: (@Sendable ([Finding]) -> [UInt8])?
  /// `StreamFormat.tallies`: counts per school and per rule for the summary.
  var tallies = false
  /// Called on the calling thread after each batch.
  public var progress: (@Sendable (StreamProgress) -> Void)?
  /// A ledger run's view of every finding (`FindingTap`): recorded before,
  /// and changed (waivers) before being counted, filtered and written.
  public var tap: FindingTap?
  let deadlines: DeadlineTable

  public init(engine: Engine, loader: DatasetLoader, asOf: Day, keep: Set<Status>?, threads: Int) {
    self.engine = engine
    self.loader = loader
    self.asOf = asOf
    self.keep = keep
    self.threads = max(1, threads)
    self.deadlines = engine.deadlineTable(asOf: asOf)
    self.fastPlan = FastPlan(engine: engine, asOf: asOf, planned: MergeState.plans(engine))
  }

  /// What a finished check reports besides its rows.
  public struct Summary: Sendable {
    /// Findings of each status (kept or not), by `Status.countIndex`.
    public var counts: [Int]
    public var warnings: [Diagnostic]
    public var schools: Int
    /// Findings written, by `Status.countIndex` (zero for statuses filtered out).
    public var kept: [Int] = []
    /// Schools, and districts, with at least one finding written.
    public var schoolsWithFindings = 0
    public var districtsWithFindings = 0
    /// Findings written per rule dimension ("—" without one), by `Status.countIndex`.
    public var keptByDimension: [String: [Int]] = [:]
    /// With `StreamFormat.tallies`: findings written per rule id, per school
    /// with any (in report order: by id) and per district (by name).
    public var keptByRule: [String: [Int]] = [:]
    public var keptBySchool: [(school: SchoolRef, counts: [Int])] = []
    public var keptByDistrict: [(name: String, counts: [Int])] = []
    /// Schools read straight into slots (JSON Lines, CSV tables), without
    /// building values (a measure of the fast path's reach).
    public var readIntoSlots = 0
    /// Districts whose schools were read a second time because a district
    /// rule could not be formed from per-school parts (a part stopped by
    /// the cost limit); zero in all but pathological packs.
    public var districtsReadAgain = 0

    static let zeros = [Int](repeating: 0, count: Status.allCases.count)

    /// Adds each finding to its rule's counts.
    static func tallyRules(_ findings: [Finding], into out: inout [String: [Int]]) {
      for f in findings { out[f.rule.id, default: zeros][f.status.countIndex] += 1 }
    }

    /// Adds each finding to its dimension's counts.
    static func tally(_ findings: [Finding], into out: inout [String: [Int]]) {
      // Consecutive findings mostly share their rule: count runs, then add
      // each run to its dimension (one lookup per run, not per finding).
      var k = 0
      while k < findings.count {
        let box = findings[k].ruleBox
        var counts = zeros
        while k < findings.count, findings[k].ruleBox === box {
          counts[findings[k].status.countIndex] += 1
          k += 1
        }
        let dimension = box.rule.dimension ?? "—"
        var total = out[dimension] ?? zeros
        for i in total.indices { total[i] += counts[i] }
        out[dimension] = total
      }
    }

    public func count(_ s: Status) -> Int { counts[s.countIndex] }

    /// As `Run.exitStatus(strict:)`.
    public func exitStatus(strict: Bool) -> Int32 {
      if count(.fail) > 0 { return 1 }
      if strict && (count(.unknown) > 0 || count(.error) > 0) { return 1 }
      return 0
    }
  }

  /// Checks `paths`, writing `header`, then `row(f)` for every kept finding
  /// in report order, to `output` (a file path) or standard output. Nothing
  /// is written when the data has errors: they are thrown, in input order.
  public func run(
    paths: [String], header: [UInt8], row: @escaping @Sendable (Finding) -> [UInt8], output: String?
  ) throws(DiagnosticList) -> Summary {
    try run(paths: paths, format: StreamFormat(header: { _ in header }, row: row), output: output)
  }

  /// Checks `paths`, writing `format.header(summary)`, the rows of every
  /// kept finding in report order, then `format.footer(summary)`.
  public func run(paths: [String], format: StreamFormat, output: String?) throws(DiagnosticList) -> Summary {
    let checked = try prepare(paths: paths, format: format)
    try checked.write(to: output)
    return checked.summary
  }

  /// Checks `paths` without writing anything yet: `Checked.write(to:)`
  /// writes the output (after, say, the ledger has recorded the run).
  public func prepare(paths: [String], format: StreamFormat) throws(DiagnosticList) -> Checked {
    var check = self
    // Under a tap the fast path builds findings (the tap sees each one).
    check.csvRows = tap == nil ? format.csv : nil
    check.groupRows = format.group
    check.tallies = format.tallies
    return try check.execute(paths: paths, format: format)
  }

  private func execute(paths: [String], format: StreamFormat) throws(DiagnosticList) -> Checked {
    let row = format.row
    var state = MergeState(engine: engine)
    let spool: Spool
    do {
      spool = try Spool()
      if tap?.record != nil { state.recorded = try Spool() }
    } catch {
      throw DiagnosticList([.scratchIO(error)])
    }
    let started = Date()
    var files = loader.expand(paths, &state.diags)
    let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? NSNumber)?.intValue ?? 0) }
    var doneBytes = 0
    // CSV tables and filled on-site checklists join their schools across
    // files: all non-JSON-Lines files are read together, where the first of
    // them stands (a YAML folder is held in memory, as the text report does).
    if let first = files.firstIndex(where: { !$0.hasSuffix(".jsonl") }) {
      let others = files.filter { !$0.hasSuffix(".jsonl") }
      files = files.filter { $0.hasSuffix(".jsonl") }
      files.insert("\u{0}csv", at: min(first, files.count))
      readGroup(others, &state, spool, row)  // CSVJoin.swift
    }
    for file in files {
      if file == "\u{0}csv" { continue }
      if file.hasSuffix(".jsonl") {
        readLines(file, &state, spool, row) { bytes, schools in
          doneBytes += bytes
          progress?(StreamProgress(schools: schools, bytes: doneBytes, totalBytes: totalBytes, elapsed: Date().timeIntervalSince(started)))
        }
      } else {
        readRecords([file], &state, spool, row)
      }
    }
    let errors = state.diags.filter { $0.severity == .error }
    if !errors.isEmpty { throw DiagnosticList(errors) }

    // District rules, then the output in report order.
    var district = Sink(keep: engineKeep)
    try finishDistricts(&state, paths: paths, into: &district)
    var districtFindings = district.findings
    districtFindings.sort(by: Finding.reportOrder)
    var districtRecorded: [UInt8] = []
    if tap != nil {
      var r = ItemResult()
      let outcome = tapped(SchoolOutcome(findings: districtFindings, counts: district.counts, warnings: [], provisional: []), into: &r)
      districtFindings = outcome.findings
      district.counts = outcome.counts
      districtRecorded = r.recorded
      for (t, n) in r.tags { state.tags[t, default: 0] += n }
    }
    for i in state.counts.indices { state.counts[i] += district.counts[i] }
    var warnings = state.diags + state.evalWarnings + district.warnings
    for y in state.provisional.union(district.provisional).sorted() { warnings.append(.provisionalCalendar(year: y)) }
    if let tap { warnings += tap.warnings(state.tags) }
    var kept = state.counts
    for s in Status.allCases where !(keep?.contains(s) ?? true) { kept[s.countIndex] = 0 }
    Summary.tally(districtFindings, into: &state.keptByDimension)
    var keptByDistrict: [String: [Int]] = [:]
    if tallies {
      Summary.tallyRules(districtFindings, into: &state.keptByRule)
      for f in districtFindings { keptByDistrict[f.school.name, default: Summary.zeros][f.status.countIndex] += 1 }
    }
    var summary = Summary(
      counts: state.counts, warnings: warnings, schools: state.schools, kept: kept,
      schoolsWithFindings: state.index.count, districtsWithFindings: Set(districtFindings.map(\.school.name)).count)
    summary.keptByDimension = state.keptByDimension
    if tallies {
      summary.keptByRule = state.keptByRule
      summary.keptBySchool = state.keptBySchool.sorted { $0.school.id < $1.school.id }
      summary.keptByDistrict = keptByDistrict.keys.sorted().map { ($0, keptByDistrict[$0] ?? Summary.zeros) }
    }
    summary.readIntoSlots = state.readIntoSlots
    summary.districtsReadAgain = state.districtsReadAgain
    var head = format.header(summary)
    var dropFirst = format.separatorBytes
    var districts: [UInt8] = []
    if let group = format.group {
      // One block per district, by name; its findings in report order.
      let byDistrict = Dictionary(grouping: districtFindings, by: \.school.name)
      for name in byDistrict.keys.sorted() { districts += group(byDistrict[name] ?? []) }
    } else {
      for f in districtFindings {
        let r = row(f)
        districts += r.dropFirst(dropFirst)
        dropFirst = 0
      }
    }
    var tail = format.footer(summary)
    if format.districtsLast { tail = districts + tail } else { head += districts }
    // Progress is over before the output starts (on a terminal both go to
    // the same screen: the progress line must be cleared first).
    progress?(StreamProgress(schools: state.schools, bytes: totalBytes, totalBytes: totalBytes, elapsed: Date().timeIntervalSince(started), finished: true))
    return Checked(
      summary: summary, spool: spool, head: head, index: state.index, dropFirst: dropFirst, tail: tail,
      recorded: state.recorded.map { Checked.Recorded(spool: $0, districts: districtRecorded, index: state.recordedIndex) })
  }
}

/// How a streaming check writes its output: a header (knowing the totals,
/// as it is written last), one row per kept finding, a footer. When every
/// row starts with a separator (`,` in a JSON array), `separatorBytes` of it
/// are left out of the first row written.
public struct StreamFormat: Sendable {
  public var header: @Sendable (StreamingCheck.Summary) -> [UInt8]
  public var row: @Sendable (Finding) -> [UInt8]
  public var footer: @Sendable (StreamingCheck.Summary) -> [UInt8]
  public var separatorBytes: Int
  /// When set, a school's kept findings (in report order) are written as
  /// one block (the text report's section per school) instead of a row
  /// each; districts' findings are grouped the same way, one block per
  /// district (by name).
  public var group: (@Sendable ([Finding]) -> [UInt8])?
  /// Counts per school and per rule in the summary (the HTML overview).
  public var tallies = false
  /// District findings after the schools (the text report) instead of
  /// before them (report order: a district's school id is empty).
  public var districtsLast = false
  /// When the rows are `CSVRows`' (`--format csv`): the fast path writes
  /// them without building findings.
  public var csv: CSVRows?

  public init(
    header: @escaping @Sendable (StreamingCheck.Summary) -> [UInt8], row: @escaping @Sendable (Finding) -> [UInt8],
    footer: @escaping @Sendable (StreamingCheck.Summary) -> [UInt8] = { _ in [] }, separatorBytes: Int = 0
  ) {
    self.header = header
    self.row = row
    self.footer = footer
    self.separatorBytes = separatorBytes
  }
}

/// How far a streaming check is.
public struct StreamProgress: Sendable {
  public var schools: Int
  public var bytes: Int
  public var totalBytes: Int
  public var elapsed: Double
  /// The last report: the check is done and its output is about to be written.
  public var finished = false

  public init(schools: Int, bytes: Int, totalBytes: Int, elapsed: Double, finished: Bool = false) {
    self.schools = schools
    self.bytes = bytes
    self.totalBytes = totalBytes
    self.elapsed = elapsed
    self.finished = finished
  }
}

// MARK: - Merging results in input order

/// What the calling thread accumulates: never anything per finding that is
/// not kept, and per school only its id, place in the spool and the values
/// district rules need.
struct MergeState {
  var diags: [Diagnostic] = []
  var evalWarnings: [Diagnostic] = []
  var provisional: Set<Int> = []
  var counts = [Int](repeating: 0, count: Status.allCases.count)
  var keptByDimension: [String: [Int]] = [:]
  /// With `StreamingCheck.tallies` (`Summary.keptByRule`, `keptBySchool`).
  var keptByRule: [String: [Int]] = [:]
  var keptBySchool: [(school: SchoolRef, counts: [Int])] = []
  var seen: [String: SourceLocation] = [:]
  var index: [Spool.Entry] = []
  var schools = 0
  var readIntoSlots = 0
  var districtsReadAgain = 0
  /// Per district rule (index in `engine.rules`), per district: each part's list.
  var projected: [Int: [String: [PartList]]] = [:]
  /// Schools merged so far per district (a school's place in its district).
  var districtSchools: [String: Int] = [:]
  /// District rules that need the schools, and districts whose parts could
  /// not all be computed per school: evaluated from the schools again.
  var needSchools: [Int: Set<String>] = [:]
  var keptSchools: [String: [Value]] = [:]
  /// Under a tap: each school's recorded findings, and the tags counted.
  var recorded: Spool?
  var recordedIndex: [Spool.Entry] = []
  var tags: [Int64: Int] = [:]
  let planned: [(rule: Int, plan: DistrictPlan?)]

  init(engine: Engine) {
    planned = Self.plans(engine)
  }

  /// The district rules (index in `engine.rules`) and their plans, in rule order.
  static func plans(_ engine: Engine) -> [(rule: Int, plan: DistrictPlan?)] {
    engine.districtPlans.keys.sorted().map { ($0, engine.districtPlans[$0] ?? nil) }
  }

  /// Whether any diagnostic so far is an error. Asked once per school: the
  /// diagnostics already looked at are not looked at again (`diags` only
  /// grows, or is replaced with the whole state; where some are removed,
  /// `removeDiagnostics` says so).
  var failed: Bool {
    mutating get {
      if !sawError, errorsChecked < diags.count {
        sawError = diags[errorsChecked...].contains { $0.severity == .error }
      }
      errorsChecked = diags.count
      return sawError
    }
  }
  private var sawError = false
  private var errorsChecked = 0

  mutating func removeDiagnostics(from start: Int) {
    diags.removeSubrange(start...)
    sawError = false
    errorsChecked = 0
  }
}

/// One school's work, done on a worker thread.
struct ItemResult: Sendable {
  var yamlError: Diagnostic?
  var diags: [Diagnostic] = []
  var id: String?
  var location: SourceLocation?
  var district: String?
  var rows: [UInt8] = []
  var outcome: SchoolOutcome?
  /// Findings kept (written) per rule dimension, by `Status.countIndex`.
  var keptByDimension: [String: [Int]] = [:]
  /// With `StreamingCheck.tallies`: kept findings per rule id, and the school's name.
  var keptByRule: [String: [Int]] = [:]
  var name = ""
  /// Read straight into slots (`Summary.readIntoSlots`).
  var intoSlots = false
  /// Per entry of `MergeState.planned`: each part's values or failure
  /// (nil: not computable per school).
  var parts: [[SchoolPart]?] = []
  var value: Value?
  /// Under a tap: `FindingTap.record` of each finding (report order), and
  /// the tags `FindingTap.adjust` gave, counted.
  var recorded: [UInt8] = []
  var tags: [Int64: Int] = [:]
}

extension StreamingCheck {
  /// Parses (if needed), evaluates and renders one school.
  func process(_ school: SchoolRecord, evaluate: Bool, planned: [(rule: Int, plan: DistrictPlan?)], row: @Sendable (Finding) -> [UInt8]) -> ItemResult {
    if evaluate, let plan = fastPlan, case .map(let m) = school.value, m[field: "observations"] == nil, let record = plan.layout.record(school.value),
      let r = processFast(
        FastLayout.School(record: record, id: school.id, name: school.name, district: school.district, column: school.location.column, hasObservations: false),
        plan: plan, file: school.location.file, line: school.location.line, evaluate: evaluate, planned: planned, row: row,
        general: { school.value })
    {
      return r
    }
    let record = engine.prepare(school, asOf: asOf)
    var r = ItemResult()
    r.id = record.id
    r.location = record.location
    r.district = record.district
    guard evaluate else { return r }
    let outcome = tapped(engine.evaluateUnsorted(school: record, asOf: asOf, keep: engineKeep, deadlines: deadlines), into: &r)
    r.rows = render(outcome.findings, row: row)
    Summary.tally(outcome.findings, into: &r.keptByDimension)
    if tallies {
      Summary.tallyRules(outcome.findings, into: &r.keptByRule)
      r.name = record.name
    }
    r.outcome = SchoolOutcome(findings: [], counts: outcome.counts, warnings: outcome.warnings, provisional: outcome.provisional)
    let one = Value.list([record.value])
    for (ruleIndex, plan) in planned {
      guard let plan else {
        r.value = record.value
        r.parts.append(nil)
        continue
      }
      r.parts.append(districtParts(plan, rule: ruleIndex, schools: one))
    }
    return r
  }

  /// One school's kept findings as output, in report order: a row each, or
  /// one block (`StreamFormat.group`).
  func render(_ findings: [Finding], row: (Finding) -> [UInt8]) -> [UInt8] {
    let order = Engine.reportOrder(findings)
    if let group = groupRows {
      if order.isEmpty { return [] }
      // Mostly in report order already: no copy then.
      return group(order.elementsEqual(findings.indices) ? findings : order.map { findings[$0] })
    }
    var out: [UInt8] = []
    for i in order { out += row(findings[i]) }
    return out
  }

  /// A district plan's parts on one school (`schools` bound to a list of
  /// it), by the general evaluator: each a list of values, or the failure
  /// (unknown, error) that school brings into the district's list; nil when
  /// one hit the cost limit (or, impossibly, is not a list).
  func districtParts(_ plan: DistrictPlan, rule ruleIndex: Int, schools: Value) -> [SchoolPart]? {
    let activation = Activation(["schools": schools, "params": engine.rules[ruleIndex].params, "as_of": .date(asOf)])
    var out: [SchoolPart] = []
    for (i, p) in plan.parts.enumerated() {
      switch p.evaluateUnsorted(activation) {
      case .value(.list(let l))?: out.append(.values(l))
      case .value?, nil: return nil
      case let failure?:
        if let filter = plan.filters[i] {
          switch filter.evaluateUnsorted(activation) {
          case .value?: break
          case nil: return nil
          case let f?:
            out.append(.failed(f, inFilter: true))
            continue
          }
        }
        out.append(.failed(failure, inFilter: false))
      }
    }
    return out
  }

  /// `process` for a school read into slots; nil when the general path must take it.
  func processFast(
    _ school: FastLayout.School, plan: FastPlan, file: String, line: Int, evaluate: Bool, planned: [(rule: Int, plan: DistrictPlan?)],
    row: @Sendable (Finding) -> [UInt8], general: () -> Value?
  ) -> ItemResult? {
    var r = ItemResult()
    r.id = school.id
    r.location = SourceLocation(file: file, line: line, column: school.column)
    r.district = school.district
    guard evaluate else { return r }
    var value: Value??
    func generalValue() -> Value? {
      if let v = value { return v }
      let v = general()
      value = .some(v)
      return v
    }
    var rows = csvRows.map(FastRows.init)
    guard let fastOutcome = engine.evaluateFast(school, plan: plan, asOf: asOf, keep: engineKeep, deadlines: deadlines, rows: &rows, general: generalValue)
    else { return nil }
    let outcome = tapped(fastOutcome, into: &r)
    if var rows {
      // Findings of the general evaluator join the fast path's rows, in report order.
      for f in outcome.findings { rows.append(f) }
      r.rows = rows.ordered()
      rows.tally(into: &r.keptByDimension)
    } else {
      r.rows = render(outcome.findings, row: row)
      Summary.tally(outcome.findings, into: &r.keptByDimension)
      if tallies {
        Summary.tallyRules(outcome.findings, into: &r.keptByRule)
        r.name = school.name
      }
    }
    r.outcome = SchoolOutcome(findings: [], counts: outcome.counts, warnings: outcome.warnings, provisional: outcome.provisional)
    for (k, (ruleIndex, districtPlan)) in planned.enumerated() {
      guard let districtPlan else {
        guard let v = generalValue() else { return nil }
        r.value = v
        r.parts.append(nil)
        continue
      }
      // Fast parts where they decide, else the general ones.
      if let programs = plan.parts[k] {
        let values = school.record.withContext(plan.constants, locals: plan.locals) { c -> [[Value]]? in
          var out: [[Value]] = []
          for p in programs {
            c.reset()
            let x = p.evaluate(&c)
            guard case .list(let items)? = c.value(x) else { return nil }
            out.append(items)
          }
          return out
        }
        if let values {
          r.parts.append(values.map { .values($0) })
          continue
        }
      }
      guard let v = generalValue() else { return nil }
      r.parts.append(districtParts(districtPlan, rule: ruleIndex, schools: .list([v])))
    }
    return r
  }

  /// Adds one result in input order; false when its file must stop (a YAML error).
  func merge(_ r: ItemResult, _ state: inout MergeState, _ spool: Spool) {
    state.diags += r.diags
    guard let id = r.id, let location = r.location else { return }
    if let first = state.seen[id] {
      state.diags.append(.dataDuplicateSchool(id, at: location, first: first))
      return
    }
    state.seen[id] = location
    state.schools += 1
    if r.intoSlots { state.readIntoSlots += 1 }
    guard let outcome = r.outcome, !state.failed else { return }
    if let recorded = state.recorded, !r.recorded.isEmpty { state.recordedIndex.append(recorded.append(r.recorded, id: id)) }
    for (t, n) in r.tags { state.tags[t, default: 0] += n }
    if !r.rows.isEmpty {
      state.index.append(spool.append(r.rows, id: id))
      if tallies {
        let counts = r.keptByDimension.values.reduce(Summary.zeros) { zip($0, $1).map(+) }
        state.keptBySchool.append((SchoolRef(id: id, name: r.name), counts))
      }
    }
    for (k, c) in r.keptByRule {
      state.keptByRule[k, default: Summary.zeros] = zip(state.keptByRule[k] ?? Summary.zeros, c).map(+)
    }
    for i in state.counts.indices { state.counts[i] += outcome.counts[i] }
    for (d, c) in r.keptByDimension {
      state.keptByDimension[d, default: Summary.zeros] = zip(state.keptByDimension[d] ?? Summary.zeros, c).map(+)
    }
    state.evalWarnings += outcome.warnings
    state.provisional.formUnion(outcome.provisional)
    let district = r.district ?? "—"
    let place = state.districtSchools[district, default: 0]
    state.districtSchools[district] = place + 1
    if let v = r.value { state.keptSchools[district, default: []].append(v) }
    for (k, entry) in state.planned.enumerated() {
      guard entry.plan != nil, k < r.parts.count, let parts = r.parts[k] else {
        state.needSchools[entry.rule, default: []].insert(district)
        continue
      }
      // In place: copying a district's lists out and back would copy them
      // once per school (quadratic in the schools of a district).
      for (i, p) in parts.enumerated() {
        state.projected[entry.rule, default: [:]][district, default: Array(repeating: PartList(), count: parts.count)][i].add(
          p, index: place, list: "schools")
      }
    }
  }

  /// Runs `results = work(items)` split over the worker threads, in order.
  ///
  /// Plain threads, not `DispatchQueue.concurrentPerform`: the number of
  /// workers is `threads`, whatever libdispatch thinks of the machine's load.
  ///
  /// `meanwhile` runs first on the calling thread while the other workers
  /// start on the items (merging the last batch and reading the next one
  /// there overlaps them with this batch's evaluation); then the calling
  /// thread joins the work.
  func parallel<T: Sendable, R: Sendable>(_ items: [T], meanwhile: () -> Void = {}, _ work: @escaping @Sendable (T) -> R) -> [R] {
    let pieces = threads == 1 ? 1 : min(items.count, threads * 8)
    guard pieces > 1 else {
      meanwhile()
      return items.map(work)
    }
    let slots = Slots<[R]>(count: pieces)
    let per = (items.count + pieces - 1) / pieces
    let runPiece: @Sendable (Int) -> Void = { p in
      let lo = p * per, hi = min(items.count, lo + per)
      slots.set(p, lo < hi ? items[lo..<hi].map(work) : [])
    }
    let helpers = min(threads, pieces) - 1
    let done = DispatchSemaphore(value: 0)
    for _ in 0..<helpers {
      let thread = Thread {
        while let p = slots.claim() { runPiece(p) }
        done.signal()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    meanwhile()
    while let p = slots.claim() { runPiece(p) }
    for _ in 0..<helpers { done.wait() }
    return slots.values.flatMap { $0 }
  }

  /// Schools of YAML, JSON and CSV files: read whole (as `DatasetLoader`
  /// does), evaluated in parallel.
  func readRecords(_ files: [String], _ state: inout MergeState, _ spool: Spool, _ row: @escaping @Sendable (Finding) -> [UInt8]) {
    var dataset: Dataset
    do { dataset = try loader.load(paths: files, threads: threads) } catch {
      state.diags += error.diagnostics
      return
    }
    state.diags += dataset.warnings
    let evaluate = !state.failed
    let planned = state.planned
    let check = self
    var start = 0
    while start < dataset.schools.count {
      let end = min(dataset.schools.count, start + 4096)
      let results = parallel(Array(dataset.schools[start..<end])) { check.process($0, evaluate: evaluate, planned: planned, row: row) }
      for r in results { merge(r, &state, spool) }
      start = end
    }
    dataset.schools = []
  }

  /// A JSON Lines file, a batch of lines at a time.
  func readLines(_ file: String, _ state: inout MergeState, _ spool: Spool, _ row: @escaping @Sendable (Finding) -> [UInt8], progress: (Int, Int) -> Void) {
    guard let handle = FileHandle(forReadingAtPath: file) else {
      state.diags.append(.dataIO(file, reason: .init(zh: "无法读取数据文件：\(file)", en: "cannot read data file: \(file)")))
      return
    }
    defer { try? handle.close() }
    let reader = JSONRecordReader(dictionary: loader.dictionary)
    let lineLimits = {
      var l = loader.limits
      l.maxFileBytes = Int.max
      return l
    }()
    let maxLine = loader.maxSchoolBytes
    var carry: [UInt8] = []
    var lineNumber = 0
    // Diagnostics and ids of this file: a YAML error in any line discards
    // them (the file is unusable), as reading the file whole does.
    let diagsBefore = state.diags.count
    var idsOfFile: [String] = []
    let planned = state.planned
    let check = self
    let fastPlan = self.fastPlan
    // The file is unusable: only `error` is reported for it, as when the
    // whole file is read (`DatasetLoader.jsonLines`).
    func discardFile(_ error: Diagnostic) {
      state.removeDiagnostics(from: diagsBefore)
      for id in idsOfFile { state.seen[id] = nil }
      state.diags.append(error)
    }
    /// Lines of the file read into memory, up to `batchBytes` at a time.
    struct Batch {
      var buffer: [UInt8]
      var lines: [(start: Int, end: Int, number: Int)]
      var bytes: Int
      /// A line over the limit ends the batch (and the file).
      var tooLong: Diagnostic?
      var last: Bool
    }
    /// What reading gives; errors are applied in order, after the batches before them.
    enum Read {
      case batch(Batch)
      case failed(Diagnostic)
      case unusable(Diagnostic)
    }
    func readBatch() -> Read {
      while true {
        // The carried part of a line, then up to `batchBytes` read straight
        // after it (no intermediate `Data`).
        var readError: Int32 = 0
        let fd = handle.fileDescriptor
        let buffer = [UInt8](unsafeUninitializedCapacity: carry.count + batchBytes) { b, count in
          guard let base = b.baseAddress else { return }
          carry.withUnsafeBufferPointer { c in
            if let from = c.baseAddress { base.initialize(from: from, count: c.count) }
          }
          count = carry.count
          while count < b.count {
            let n = read(fd, base + count, b.count - count)
            if n < 0, errno == EINTR { continue }
            if n < 0 { readError = errno }
            guard n > 0 else { break }
            count += n
          }
        }
        if readError != 0 {
          let reason = String(cString: strerror(readError))
          return .failed(.dataIO(file, reason: .init(zh: "读取失败：\(reason)", en: "read failed: \(reason)")))
        }
        let chunkCount = buffer.count - carry.count
        let atEnd = chunkCount == 0
        var cut = buffer.count
        if !atEnd {
          guard let nl = buffer.lastIndex(of: UInt8(ascii: "\n")) else {
            if buffer.count > maxLine { return .unusable(.dataLineTooLong(file, line: lineNumber + 1, limit: maxLine)) }
            carry = buffer
            continue
          }
          cut = nl + 1
        }
        carry = Array(buffer[cut...])
        // Line ranges of this batch.
        var lines: [(start: Int, end: Int, number: Int)] = []
        var s = 0
        var tooLong: Int?
        buffer.withUnsafeBufferPointer { b in
          guard let base = b.baseAddress else { return }
          while s < cut {
            let e = memchr(base + s, 0x0A, cut - s).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? cut
            lineNumber += 1
            var k = s
            while k < e, b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0D { k += 1 }
            if k < e, b[k] != UInt8(ascii: "#") {
              if e - s > maxLine, tooLong == nil { tooLong = lineNumber }
              lines.append((s, e, lineNumber))
            }
            s = e + 1
          }
        }
        var batch = Batch(buffer: buffer, lines: lines, bytes: chunkCount, tooLong: nil, last: atEnd)
        if let n = tooLong {
          // Lines before it in this batch are kept only if they come first.
          batch.lines = Array(lines.prefix { $0.number < n })
          batch.tooLong = .dataLineTooLong(file, line: n, limit: maxLine)
          batch.last = true
        }
        return .batch(batch)
      }
    }
    /// Merges a batch's results in input order; false when the file stops there.
    func mergeBatch(_ results: [ItemResult], _ batch: Batch) -> Bool {
      for r in results {
        if let e = r.yamlError {
          discardFile(e)
          return false
        }
        if let id = r.id, state.seen[id] == nil { idsOfFile.append(id) }
        merge(r, &state, spool)
      }
      if let e = batch.tooLong {
        discardFile(e)
        return false
      }
      progress(batch.bytes, state.schools)
      return true
    }
    var next = readBatch()
    var pending: ([ItemResult], Batch)?
    while true {
      guard case .batch(let batch) = next else {
        // The batch before the error first, then the error.
        if let (results, b) = pending, !mergeBatch(results, b) { return }
        switch next {
        case .failed(let e): state.diags.append(e)
        case .unusable(let e): discardFile(e)
        case .batch: break
        }
        return
      }
      // Whether the schools are evaluated at all: as of the merges before
      // this batch's (an error in the last batch's merge only wastes its
      // evaluation: `merge` drops the outcomes once the state has failed).
      let evaluate = !state.failed
      let shared = batch.buffer
      var stopped = false
      let results = parallel(
        batch.lines,
        meanwhile: {
          // The last batch merged and the next one read while this one is evaluated.
          if let (results, b) = pending { stopped = !mergeBatch(results, b) }
          if !stopped, !batch.last { next = readBatch() }
        }
      ) { line -> ItemResult in
        shared.withUnsafeBufferPointer { b in
          let bytes = UnsafeBufferPointer(rebasing: b[line.start..<line.end])
          if let plan = fastPlan, let school = plan.layout.school(bytes), !school.hasObservations,
            let r = check.processFast(
              school, plan: plan, file: file, line: line.number, evaluate: evaluate, planned: planned, row: row,
              general: { reader.school(bytes)?.value })
          {
            var r = r
            r.intoSlots = true
            r.diags = school.unknownKeys.map {
              .dataUnknownField($0.path, suggestion: $0.suggestion, at: SourceLocation(file: file, line: line.number, column: $0.column))
            }
            return r
          }
          if let fast = reader.school(bytes) {
            let record = SchoolRecord(
              id: fast.id, name: fast.name, district: fast.district, value: fast.value,
              location: SourceLocation(file: file, line: line.number, column: fast.column))
            return check.process(record, evaluate: evaluate, planned: planned, row: row)
          }
          do throws(Diagnostic) {
            let node = try YAMLLoader.loadLine(bytes: shared[line.start..<line.end], file: file, line: line.number, limits: lineLimits)
            var diags: [Diagnostic] = []
            guard let record = check.loader.school(node, &diags) else {
              var r = ItemResult()
              r.diags = diags
              return r
            }
            var r = check.process(record, evaluate: evaluate && !diags.contains { $0.severity == .error }, planned: planned, row: row)
            r.diags = diags
            return r
          } catch {
            var r = ItemResult()
            r.yamlError = error
            return r
          }
        }
      }
      if stopped { return }
      if batch.last {
        _ = mergeBatch(results, batch)
        return
      }
      pending = (results, batch)
    }
  }

  /// Evaluates every district rule on every district, from the per-school
  /// values or, where those are not enough, from the schools read again.
  func finishDistricts(_ state: inout MergeState, paths: [String], into sink: inout Sink) throws(DiagnosticList) {
    guard !state.planned.isEmpty else { return }
    var again: [String: [Value]] = [:]
    let needed = state.needSchools.filter { entry in state.planned.contains { $0.rule == entry.key && $0.plan != nil } }
    if !needed.isEmpty {
      // Rare: a school whose part hit the cost limit. Read the schools of
      // those districts again, exactly as a whole-dataset check would.
      let districts = needed.values.reduce(into: Set<String>()) { $0.formUnion($1) }
      state.districtsReadAgain = districts.count
      let dataset = try loader.load(paths: paths)
      for s in dataset.schools where districts.contains(s.district ?? "—") {
        again[s.district ?? "—", default: []].append(engine.prepare(s, asOf: asOf).value)
      }
    }
    for (ruleIndex, plan) in state.planned {
      let rule = engine.rules[ruleIndex]
      var names = Set(state.projected[ruleIndex]?.keys.map { $0 } ?? [])
      names.formUnion(state.needSchools[ruleIndex] ?? [])
      for district in names.sorted() {
        if let plan, !(state.needSchools[ruleIndex]?.contains(district) ?? false), let lists = state.projected[ruleIndex]?[district] {
          var extra: [String: EvalResult] = [:]
          for (v, l) in zip(plan.variables, lists) { extra[v] = l.result }
          engine.evaluateDistrict(plan.rule, district: district, schools: .list([]), extra: extra, asOf: asOf, into: &sink)
        } else {
          let members = plan == nil ? (state.keptSchools[district] ?? []) : (again[district] ?? [])
          engine.evaluateDistrict(rule, district: district, schools: .list(members), asOf: asOf, into: &sink)
        }
      }
    }
  }
}

/// Results of parallel pieces, each set once.
final class Slots<T: Sendable>: @unchecked Sendable {
  private var storage: [T?]
  private var next = 0
  private let lock = NSLock()

  /// The next piece no thread has taken, if any.
  func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < storage.count else { return nil }
    next += 1
    return next - 1
  }

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ v: T) {
    lock.lock()
    storage[i] = v
    lock.unlock()
  }

  var values: [T] {
    lock.lock()
    defer { lock.unlock() }
    return storage.compactMap { $0 }
  }
}
