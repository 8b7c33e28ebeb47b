import DudaoDiagnostics
import GRDB

extension Ledger {
  /// SQLite's page cache while a report is recorded (KiB; the default is 2,000).
  static let recordingCacheKB = 65_536
}

/// What recording one report changed.
public struct RecordSummary: Sendable, Hashable {
  public var inspection: String
  /// New failing findings (opened).
  public var recorded = 0
  /// Open (or waived) findings failing again.
  public var seen = 0
  /// Closed findings failing again (反弹).
  public var reopened = 0
  /// Open findings now passing, awaiting 销号.
  public var passing = 0
  /// New findings covered by a rule waiver.
  public var waived = 0
  /// Waivers that ended before this inspection.
  public var waiverExpired = 0
  /// Events appended.
  public var events = 0
}

extension Ledger {
  /// Records one report as an inspection, in one transaction.
  ///
  /// - new failing key → `recorded` (open); open or waived key failing again → `seen`;
  ///   closed key failing again → `reopened` (反弹, counted);
  ///   open key now passing → `passing` (awaiting 销号: passing data never closes a finding).
  /// - Waivers whose `until` is before the report's date expire first (`waiver_expired`).
  /// - The default inspection id is the date and the report's digest, so the same
  ///   report is never recorded twice by accident (`ledger.duplicate-inspection`).
  public func record(
    _ report: LedgerReport, inspectionID: String? = nil, inspector: String? = nil, recordedAt: String
  ) throws(Diagnostic) -> RecordSummary {
    try record(
      asOf: report.asOf, pack: report.pack, digest: report.digest, findings: { each in for f in report.findings { try each(f) } },
      inspectionID: inspectionID, inspector: inspector, recordedAt: recordedAt)
  }

  /// Records findings without holding them (`dudao check --record`, and
  /// `ledger record` of a report file): `findings` calls its argument with
  /// each finding in report order, and is called twice (the schools, and
  /// the run's digest unless `digest` is given (`LedgerReport.RunDigest`);
  /// then the findings). A `Diagnostic` it throws (a bad finding)
  /// stops the recording before anything is written. `progress` is told
  /// the findings recorded so far and in all, every 10,000 and at the end.
  public func record(
    asOf: String, pack: LedgerReport.Pack, digest given: String? = nil, findings: ((LedgerReport.Item) throws -> Void) throws -> Void,
    inspectionID: String? = nil, inspector: String? = nil, recordedAt: String, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(Diagnostic) -> RecordSummary {
    try record(
      asOf: asOf, pack: pack, digest: given, items: { each in
        try withoutActuallyEscaping(each) { each in try findings { f in try EncodedItem.each(in: f.encoded, each) } }
      },
      inspectionID: inspectionID, inspector: inspector, recordedAt: recordedAt, progress: progress)
  }

  /// `record(asOf:pack:findings:…)` on findings as `LedgerReport.Item.encoded`
  /// wrote them, one block of them after the other (`dudao check --record`
  /// reads them back from the check's temporary file): a finding's fields
  /// are read only when recording needs them.
  public func record(
    asOf: String, pack: LedgerReport.Pack, digest given: String? = nil, encodedFindings blocks: (([UInt8]) throws -> Void) throws -> Void,
    inspectionID: String? = nil, inspector: String? = nil, recordedAt: String, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(Diagnostic) -> RecordSummary {
    try record(
      asOf: asOf, pack: pack, digest: given, items: { each in
        try withoutActuallyEscaping(each) { each in try blocks { try EncodedItem.each(in: $0, each) } }
      },
      inspectionID: inspectionID, inspector: inspector, recordedAt: recordedAt, progress: progress)
  }

  private func record(
    asOf: String, pack: LedgerReport.Pack, digest given: String?, items findings: ((EncodedItem) throws -> Void) throws -> Void,
    inspectionID: String?, inspector: String?, recordedAt: String, progress: ((_ done: Int, _ total: Int) -> Void)?
  ) throws(Diagnostic) -> RecordSummary {
    var digest = LedgerReport.RunDigest(pack: pack, asOf: asOf)
    var schools: [String] = []
    var seen = Set<String>()
    var total = 0
    var last: [UInt8]?
    do {
      try findings { f in
        total += 1
        digest.add(f)
        // Findings come school by school: a school is looked up once per run of its findings.
        let school = f.bytes(.schoolID)
        if let last, school.elementsEqual(last) { return }
        last = Array(school)
        let id = f.string(.schoolID)
        if !id.isEmpty && seen.insert(id).inserted { schools.append(id) }
      }
    } catch let d as Diagnostic {
      throw d
    } catch {
      throw .storage("\(error)", file: path)
    }
    return try record(
      asOf: asOf, pack: pack, digest: given ?? digest.value, schools: schools, findings: findings,
      inspectionID: inspectionID, inspector: inspector, recordedAt: recordedAt, progress: progress.map { p in { p($0, total) } })
  }

  private func record(
    asOf: String, pack: LedgerReport.Pack, digest: String, schools: [String],
    findings: ((EncodedItem) throws -> Void) throws -> Void,
    inspectionID: String?, inspector: String?, recordedAt: String, progress: ((Int) -> Void)?
  ) throws(Diagnostic) -> RecordSummary {
    let id = inspectionID ?? asOf + "-" + digest.dropFirst("sha256:".count).prefix(12)
    return try write { db in
      // One transaction holds every new row: with SQLite's default 2 MB page
      // cache, the pages of the key indexes were written to the WAL and read
      // back over and over (400,000 writes for 219,000 findings).
      let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
      try db.execute(sql: "PRAGMA cache_size = -\(Self.recordingCacheKB)")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM inspections WHERE id = ?", arguments: [id]) == true {
        throw Diagnostic.duplicateInspection(id)
      }
      try db.execute(
        sql: """
          INSERT INTO inspections (id, as_of, pack_name, pack_version, pack_digest, inspector, report_digest, recorded_at)
          VALUES (?,?,?,?,?,?,?,?)
          """,
        arguments: [id, asOf, pack.name, pack.version, pack.digest, inspector, digest, recordedAt])
      let schoolRow = try db.cachedStatement(sql: "INSERT OR IGNORE INTO inspection_schools (inspection, school_id) VALUES (?, ?)")
      for school in schools { try schoolRow.execute(arguments: [id, school]) }
      var chain = try Chain.load(db)
      let start = chain.count
      var summary = RecordSummary(inspection: id)
      let day = asOf

      // Waivers that ended before this inspection: the findings are live again.
      let expired = try Row.fetchAll(
        db, sql: "SELECT key, waived_until FROM findings WHERE status = 'waived' AND waived_until < ?", arguments: [day])
      for row in expired {
        let key: String = row["key"]
        try db.execute(sql: "UPDATE findings SET status = 'open', waived_until = NULL WHERE key = ?", arguments: [key])
        try chain.append(db, key: key, inspection: id, kind: .waiverExpired, day: day, payload: ["until": row["waived_until"]])
        summary.waiverExpired += 1
      }

      var known = KnownFindings()
      let rows = try Row.fetchCursor(db, sql: "SELECT key, status, passing_awaiting_close FROM findings")
      while let row = try rows.next() {
        known[row["key"]] = (FindingState(rawValue: row["status"] ?? "") ?? .open, row["passing_awaiting_close"] ?? false)
      }
      let waivers = try Waiver.fetchRuleWaivers(db, activeOn: day)

      let insert = try BoundStatement(db, sql: """
        INSERT INTO findings (key, school_id, school_name, rule_id, subject_kind, subject_id, severity, status,
          first_seen, last_seen, deadline, responsible, message, waived_until)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        """)
      let seen = try BoundStatement(
        db, sql: "UPDATE findings SET last_seen = ?, passing_awaiting_close = 0 WHERE key = ?")
      let reopen = try db.cachedStatement(sql: """
        UPDATE findings SET status = 'open', last_seen = ?, passing_awaiting_close = 0, reopen_count = reopen_count + 1,
          deadline = ?, responsible = ?, message = ?, closed_on = NULL, closed_by = NULL, evidence = NULL
        WHERE key = ?
        """)
      let passing = try BoundStatement(db, sql: "UPDATE findings SET passing_awaiting_close = 1 WHERE key = ?")

      var done = 0
      try findings { item in
        done += 1
        if done % 10_000 == 0 { progress?(done) }
        // A finding a waiver covers in the report (check --ledger) still fails underneath.
        let fails = item.has(.status, "fail") || item.has(.status, "waived")
        // unknown, not_applicable, error: nothing to follow up in the ledger.
        guard fails || item.has(.status, "pass") else { return }
        switch (fails, known[item]) {
        case (true, nil):
          let f = item.item
          let waiver = waivers.first { $0.covers(ruleID: f.ruleID, schoolID: f.schoolID) }
          try insert.run(
            db, .text(f.key), .text(f.schoolID), .text(f.schoolName), .text(f.ruleID), .text(f.subjectKind), .text(f.subjectID),
            .text(f.severity), .text((waiver == nil ? FindingState.open : .waived).rawValue), .text(day), .text(day),
            .text(f.deadline), .text(f.responsible), .text(f.message), .text(waiver?.until))
          // canonicalJSON(["deadline": …, "rule": …, "school": …, "severity": …, "subject": …]), keys in order.
          var payload = [("rule", f.ruleID), ("school", f.schoolID), ("severity", f.severity), ("subject", f.subjectKind + ":" + f.subjectID)]
          if let deadline = f.deadline { payload.insert(("deadline", deadline), at: 0) }
          try chain.append(db, key: f.key, inspection: id, kind: .recorded, day: day, body: canonicalJSON(sorted: payload))
          summary.recorded += 1
          if let waiver {
            try chain.append(db, key: f.key, inspection: id, kind: .waived, day: day, payload: waiver.payload)
            summary.waived += 1
          }
          known[item] = (waiver == nil ? .open : .waived, false)
        case (true, (.open, _)?), (true, (.waived, _)?):
          let key = item.string(.key)
          try seen.run(db, .text(day), .text(key))
          try chain.append(db, key: key, inspection: id, kind: .seen, day: day, body: "{}")
          summary.seen += 1
        case (true, (.closed, _)?):
          let f = item.item
          try reopen.execute(arguments: [day, f.deadline, f.responsible, f.message, f.key])
          try chain.append(
            db, key: f.key, inspection: id, kind: .reopened, day: day,
            payload: ["deadline": f.deadline, "reason": "反弹 / fails again"])
          summary.reopened += 1
          known[item] = (.open, false)
        case (false, (.open, false)?):
          let key = item.string(.key)
          try passing.run(db, .text(key))
          try chain.append(db, key: key, inspection: id, kind: .passing, day: day, body: "{}")
          summary.passing += 1
          known[item] = (.open, true)
        default:
          break
        }
      }
      progress?(done)
      summary.events = Int(chain.count - start)
      try chain.save(db)
      return summary
    }
  }
}

/// The ledger's findings by key while a report is recorded: its state and
/// whether it awaits 销号. Keys of 16 hex digits (every key dudao makes) are
/// held as 64-bit numbers — a national ledger holds millions (about 30
/// bytes each instead of 90); any other key as text.
struct KnownFindings {
  typealias Entry = (state: FindingState, passing: Bool)
  private var packed: [UInt64: Entry] = [:]
  private var other: [String: Entry] = [:]

  subscript(key: String) -> Entry? {
    get {
      if let k = Self.pack(key) { return packed[k] }
      return other[key]
    }
    set {
      if let k = Self.pack(key) { packed[k] = newValue } else { other[key] = newValue }
    }
  }

  /// The entry of an encoded finding's key (its `String` is made only for a key that is not 16 hex digits).
  subscript(item: EncodedItem) -> Entry? {
    get {
      if let k = item.packedKey { return packed[k] }
      return other[item.string(.key)]
    }
    set {
      if let k = item.packedKey { packed[k] = newValue } else { other[item.string(.key)] = newValue }
    }
  }

  /// The key's 16 lowercase hex digits as a number; nil for any other key.
  static func pack(_ key: String) -> UInt64? { pack(key.utf8) }

  /// `pack` on a key's UTF-8 bytes.
  static func pack(_ key: some Sequence<UInt8>) -> UInt64? {
    var n: UInt64 = 0
    var count = 0
    for c in key {
      let d: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
      default: return nil
      }
      count += 1
      guard count <= 16 else { return nil }
      n = n << 4 | UInt64(d)
    }
    return count == 16 ? n : nil
  }
}
