import DudaoDiagnostics
import Foundation

/// What a ledger run (`dudao check --record / --ledger`) adds to a streamed
/// check, without the engine knowing the ledger: every finding of every
/// status is shown to `record` (before any change, in report order; the
/// bytes are kept in a temporary file and read back by
/// `StreamingCheck.Checked.forEachRecorded`), then to `adjust` (the
/// ledger's waivers), before it is counted, filtered by `--status` and
/// written. Called on worker threads.
public struct FindingTap: Sendable {
  /// A finding as the ledger records it (any encoding `forEachRecorded`'s
  /// reader understands); nil when nothing is recorded (waivers only).
  public var record: (@Sendable (Finding) -> [UInt8])?
  /// Changes one finding (a waiver turns `fail` into `waived`); returns a
  /// tag to count, or nil (an ended waiver's id: it gives one warning).
  public var adjust: @Sendable (inout Finding) -> Int64?
  /// Warnings for the tags counted over the whole check, added after the check's own.
  public var warnings: @Sendable ([Int64: Int]) -> [Diagnostic]

  public init(
    record: (@Sendable (Finding) -> [UInt8])?, adjust: @escaping @Sendable (inout Finding) -> Int64?,
    warnings: @escaping @Sendable ([Int64: Int]) -> [Diagnostic]
  ) {
    self.record = record
    self.adjust = adjust
    self.warnings = warnings
  }
}

extension StreamingCheck {
  /// A finished check whose output is not written yet.
  public struct Checked: Sendable {
    public let summary: Summary
    let spool: Spool
    let head: [UInt8]
    let index: [Spool.Entry]
    let dropFirst: Int
    let tail: [UInt8]
    /// Under a tap: what it recorded, districts' findings first.
    struct Recorded: Sendable {
      var spool: Spool
      var districts: [UInt8]
      var index: [Spool.Entry]
    }
    let recorded: Recorded?

    /// Writes the output to `path` (standard output when nil).
    public func write(to path: String?) throws(DiagnosticList) {
      do {
        try spool.write(head: head, index: index, dropFirst: dropFirst, tail: tail, to: path)
      } catch {
        throw DiagnosticList([.outputIO(path, error)])
      }
    }

    /// What `FindingTap.record` gave, in report order (districts, then
    /// schools by id): one call per district block and per school with
    /// findings. Read from the temporary file; may be called more than once.
    public func forEachRecorded(_ body: ([UInt8]) throws -> Void) throws {
      var reader = recordedReader()
      while let (_, bytes) = try reader.next() { try body(bytes) }
    }

    /// What `FindingTap.record` gave, one block at a time, in report order:
    /// the districts' findings (school id empty) if any, then each school
    /// with findings, by id.
    public func recordedReader() -> RecordedReader {
      RecordedReader(recorded: recorded, order: recorded.map { r in r.index.indices.sorted { r.index[$0].id < r.index[$1].id } } ?? [])
    }
  }

  /// Reads back a check's recorded blocks (`Checked.recordedReader()`).
  public struct RecordedReader {
    let recorded: Checked.Recorded?
    let order: [Int]
    var position = -1

    /// The next block: its school id (empty for the districts') and bytes;
    /// nil at the end. A read error is `data.io` (the temporary folder's disk).
    public mutating func next() throws(Diagnostic) -> (id: String, bytes: [UInt8])? {
      guard let recorded else { return nil }
      if position < 0 {
        position = 0
        if !recorded.districts.isEmpty { return ("", recorded.districts) }
      }
      guard position < order.count else { return nil }
      let e = recorded.index[order[position]]
      position += 1
      do { return (e.id, try recorded.spool.bytes(of: e)) } catch { throw .scratchIO(error, reading: true) }
    }
  }

  /// The statuses the engine keeps: all of them under a tap, which sees every finding.
  var engineKeep: Set<Status>? { tap == nil ? keep : nil }

  /// Under a tap: every finding of `outcome` recorded (in report order) and
  /// adjusted, then counted again and filtered by `keep`. Without one, `outcome`.
  func tapped(_ outcome: SchoolOutcome, into r: inout ItemResult) -> SchoolOutcome {
    guard let tap else { return outcome }
    var out = outcome
    if let record = tap.record {
      for i in Engine.reportOrder(outcome.findings) { r.recorded += record(outcome.findings[i]) }
    }
    out.counts = Summary.zeros
    out.findings = []
    for var f in outcome.findings {
      if let tag = tap.adjust(&f) { r.tags[tag, default: 0] += 1 }
      out.counts[f.status.countIndex] += 1
      if keep?.contains(f.status) ?? true { out.findings.append(f) }
    }
    return out
  }
}
