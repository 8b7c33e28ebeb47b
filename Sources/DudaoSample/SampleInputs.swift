import Crypto
import Foundation
import DudaoDiagnostics

/// Everything a draw depends on, in canonical form: the seed, the options,
/// the candidate schools (after exclusions) with their stratum and tickets,
/// and the inspectors with their conflicts. The plan's digest is the SHA-256
/// of `canonicalText`; docs/sampling.md specifies both byte for byte.
public struct SampleInputs: Sendable, Hashable {
  /// A school that may be drawn.
  public struct School: Sendable, Hashable {
    public var id: String
    /// Its field values joined by `/` in the order of `--strata`; "" without strata.
    public var stratum: String
    /// Chances in a weighted draw: `weight` with overdue findings, else 1.
    public var tickets: Int
    public init(id: String, stratum: String = "", tickets: Int = 1) {
      self.id = id
      self.stratum = stratum
      self.tickets = tickets
    }
  }

  /// An inspector and the schools they must not visit.
  public struct InspectorEntry: Sendable, Hashable {
    public var id: String
    /// Sorted (by UTF-8 bytes), without repeats.
    public var conflicts: [String]
    public init(id: String, conflicts: [String] = []) {
      self.id = id
      self.conflicts = conflicts.uniqueSortedByBytes()
    }
  }

  public static let format = "dudao.sample/v1"

  public var seed: String
  public var count: Int
  /// The `--strata` field names, in order.
  public var strata: [String]
  public var teamSize: Int
  /// nil: unbounded.
  public var maxPerInspector: Int?
  /// Tickets of a school with overdue findings; 1 means no weighting.
  public var weight: Int
  /// Sorted by id (UTF-8 bytes).
  public var schools: [School]
  /// Sorted by id (UTF-8 bytes).
  public var inspectors: [InspectorEntry]

  public init(
    seed: String, count: Int, strata: [String] = [], teamSize: Int = 2, maxPerInspector: Int? = nil,
    weight: Int = 1, schools: [School], inspectors: [InspectorEntry]
  ) {
    self.seed = seed
    self.count = count
    self.strata = strata
    self.teamSize = teamSize
    self.maxPerInspector = maxPerInspector
    self.weight = weight
    self.schools = schools.sorted { $0.id.bytesPrecede($1.id) }
    self.inspectors = inspectors.sorted { $0.id.bytesPrecede($1.id) }
  }

  /// One record per line, fields separated by TAB, every line ending in LF.
  public var canonicalText: String {
    var out = Self.format + "\n"
    func line(_ fields: [String]) { out += fields.joined(separator: "\t") + "\n" }
    line(["seed", seed])
    line(["count", String(count)])
    line(["strata"] + strata)
    line(["team_size", String(teamSize)])
    line(["max_per_inspector", maxPerInspector.map(String.init) ?? "none"])
    line(["weight", String(weight)])
    for s in schools { line(["school", s.id, s.stratum, String(s.tickets)]) }
    for i in inspectors { line(["inspector", i.id] + i.conflicts) }
    return out
  }

  /// `sha256:` and the lowercase hex SHA-256 of `canonicalText` as UTF-8.
  public var digest: String {
    "sha256:" + SHA256.hash(data: Array(canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// Whether `id` can stand in a plan and in `canonicalText`: not empty, no
  /// control characters (TAB and line breaks separate the canonical fields).
  public static func isUsableID(_ id: String) -> Bool {
    !id.isEmpty && !id.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
  }
}

extension String {
  /// Order by UTF-8 bytes (not Swift's Unicode ordering), as docs/sampling.md specifies.
  func bytesPrecede(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}

extension Array where Element == String {
  func uniqueSortedByBytes() -> [String] {
    var seen: Set<[UInt8]> = []
    return filter { seen.insert([UInt8]($0.utf8)).inserted }.sorted { $0.bytesPrecede($1) }
  }
}
