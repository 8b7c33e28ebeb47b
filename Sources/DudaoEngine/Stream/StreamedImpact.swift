import DudaoCalendar
import DudaoDiagnostics

extension Impact {
  /// How a streamed impact is written: `head` (once the counts are known,
  /// it comes first), the rendered changes of each school in report order
  /// (then the district-wide ones), `tail`. `separatorBytes` of the first
  /// changes written are left out (a `,` every block starts with).
  public struct Format {
    public var head: (Impact) -> [UInt8]
    public var changes: ([Change]) -> [UInt8]
    public var tail: (Impact) -> [UInt8]
    public var separatorBytes: Int

    public init(
      head: @escaping (Impact) -> [UInt8], changes: @escaping ([Change]) -> [UInt8], tail: @escaping (Impact) -> [UInt8],
      separatorBytes: Int = 0
    ) {
      self.head = head
      self.changes = changes
      self.tail = tail
      self.separatorBytes = separatorBytes
    }
  }

  /// Writes the impact of two packs on the same data to `output` (standard
  /// output when nil), each pack checked as a stream: `old` and `new` are
  /// configured checks of the same `paths` (their `keep`, `tap` and output
  /// are set here). Every finding goes through a tap to a temporary file;
  /// the two files are read back together a school at a time, and each
  /// school's changes are rendered and spooled. Memory holds one school's
  /// findings, the district-wide ones and one summary per school with
  /// changes. Returns the impact without its `changes`.
  public static func streamed(
    old: StreamingCheck, new: StreamingCheck, paths: [String], format: Format, output: String?
  ) throws(DiagnosticList) -> Impact {
    let spool: Spool
    do { spool = try Spool() } catch { throw DiagnosticList([.scratchIO(error)]) }
    var index: [Spool.Entry] = []
    func emit(_ changes: [Change]) {
      // Entries in the order written (the spool writes them sorted by id).
      index.append(spool.append(format.changes(changes), id: String(repeating: "0", count: 12 - min(12, String(index.count).count)) + String(index.count)))
    }
    let oldChecked = try Self.check(old, paths)
    let newChecked = try Self.check(new, paths)
    let oldTitles = Self.titles(old.engine), newTitles = Self.titles(new.engine)
    var a = oldChecked.recordedReader(), b = newChecked.recordedReader()
    var tally = Tally()
    var schools = 0
    var districts: (old: [Entry], new: [Entry]) = ([], [])
    // Reading the temporary files back can only fail on I/O (or a damaged file).
    do {
      var x = try a.next(), y = try b.next()
      while x != nil || y != nil {
        // Blocks come by school id, the districts' (id "") first.
        let id = min(x?.id ?? y?.id ?? "", y?.id ?? x?.id ?? "")
        var oldEntries: [Entry] = [], newEntries: [Entry] = []
        if let block = x, block.id == id {
          oldEntries = try entries(block.bytes, titles: oldTitles)
          x = try a.next()
        }
        if let block = y, block.id == id {
          newEntries = try entries(block.bytes, titles: newTitles)
          y = try b.next()
          if !id.isEmpty { schools += 1 }
        }
        if id.isEmpty {
          districts = (oldEntries, newEntries)
          continue
        }
        let changes = diff(old: oldEntries, new: newEntries)
        tally.add(changes)
        if !changes.isEmpty { emit(changes) }
      }
    } catch let d as Diagnostic {
      throw DiagnosticList([d])
    } catch {
      throw DiagnosticList([.scratchIO(error, reading: true)])
    }
    let changes = diff(old: districts.old, new: districts.new)
    tally.add(changes)
    if !changes.isEmpty { emit(changes) }
    let impact = Impact(oldPack: old.engine.pack, newPack: new.engine.pack, asOf: new.asOf, schools: schools, changes: [], tally: tally)
    do {
      try spool.write(head: format.head(impact), index: index, dropFirst: format.separatorBytes, tail: format.tail(impact), to: output)
    } catch {
      throw DiagnosticList([.outputIO(output, error)])
    }
    return impact
  }

  /// One pack's check, every finding recorded as `entries` reads it back, nothing written.
  private static func check(_ check: StreamingCheck, _ paths: [String]) throws(DiagnosticList) -> StreamingCheck.Checked {
    var check = check
    check.keep = []
    check.tap = FindingTap(record: record, adjust: { _ in nil }, warnings: { _ in [] })
    return try check.prepare(paths: paths, format: StreamFormat(header: { _ in [] }, row: { _ in [] }))
  }

  private static func titles(_ engine: Engine) -> [String: LocalizedText] {
    Dictionary(engine.rules.map { ($0.rule.id, $0.rule.title) }, uniquingKeysWith: { a, _ in a })
  }

  /// A finding as the impact compares it (the rule's title is looked up again).
  static func record(_ f: Finding) -> [UInt8] {
    var out: [UInt8] = []
    for s in [f.key, f.school.id, f.school.name, f.rule.id, f.subject.kind, f.subject.id, f.status.rawValue] { ByteFields.put(s, to: &out) }
    guard let d = f.deadline else {
      ByteFields.put(nil, to: &out)
      return out
    }
    for s in [
      d.date.description, d.provisional ? "1" : "0", d.overdue ? "1" : "0", d.basis, d.basisText.zh, d.basisText.en,
      d.provisionalYears.map(String.init).joined(separator: ","),
    ] { ByteFields.put(s, to: &out) }
    return out
  }

  /// The findings `record` wrote into `bytes`.
  static func entries(_ bytes: [UInt8], titles: [String: LocalizedText]) throws(ByteFields.Damaged) -> [Entry] {
    var r = ByteFields.Reader(bytes)
    var out: [Entry] = []
    while !r.atEnd {
      let key = try r.string(), school = SchoolRef(id: try r.string(), name: try r.string()), rule = try r.string()
      let subject = Subject(kind: try r.string(), id: try r.string())
      guard let status = Status(rawValue: try r.string()) else { throw ByteFields.Damaged() }
      var deadline: Deadline?
      if let date = try r.optional() {
        guard let day = Day(iso: date) else { throw ByteFields.Damaged() }
        let provisional = try r.string() == "1", overdue = try r.string() == "1", basis = try r.string()
        let text = LocalizedText(zh: try r.string(), en: try r.string())
        let years = try r.string().split(separator: ",").compactMap { Int($0) }
        deadline = Deadline(date: day, provisional: provisional, overdue: overdue, basis: basis, basisText: text, provisionalYears: years)
      }
      out.append(
        Entry(
          key: key, school: school, rule: RuleRef(id: rule, title: titles[rule] ?? LocalizedText(rule)), subject: subject,
          side: Side(status: status, deadline: deadline)))
    }
    return out
  }
}
