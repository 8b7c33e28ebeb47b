import DudaoExpr

/// The result of a draw: drawn schools in draw order with their teams, and
/// the schools that could not get a full team.
public struct SamplePlan: Sendable, Hashable {
  public struct Visit: Sendable, Hashable {
    public var school: String
    public var stratum: String
    /// Inspector ids in the order they were taken; empty when unstaffed.
    public var team: [String]
  }

  /// Why a drawn school has no team.
  public enum Reason: String, Sendable, Hashable {
    /// Fewer inspectors without a conflict with the school than the team size.
    case conflicts
    /// Enough inspectors without a conflict, but too many of them already
    /// have `--max-per-inspector` schools.
    case capacity
  }

  public struct Unstaffed: Sendable, Hashable {
    public var school: String
    public var reason: Reason
  }

  public var seed: String
  public var digest: String
  public var count: Int
  public var visits: [Visit]
  public var unstaffed: [Unstaffed]

  /// The plan's JSON (docs/sampling.md, "Plan"): keys in fixed order, two
  /// spaces of indentation, non-ASCII written as is, a final line break.
  /// `names` (inspector id → name) adds a `names` object, only when asked.
  public func json(names: [String: String]? = nil) -> String {
    var out = "{\n"
    out += "  \"seed\": \(quoted(seed)),\n"
    out += "  \"digest\": \(quoted(digest)),\n"
    out += "  \"count\": \(count),\n"
    out += "  \"schools\": " + array(visits.map { v in
      "{\n      \"id\": \(quoted(v.school)),\n      \"stratum\": \(quoted(v.stratum)),\n      \"team\": "
        + array(v.team.map(quoted), indent: "      ") + "\n    }"
    }, indent: "  ")
    out += ",\n  \"unstaffed\": " + array(unstaffed.map { u in
      "{\n      \"id\": \(quoted(u.school)),\n      \"reason\": \(quoted(u.reason.rawValue))\n    }"
    }, indent: "  ")
    if let names {
      let ids = Set(visits.flatMap(\.team)).sorted { $0.bytesPrecede($1) }
      out += ",\n  \"names\": "
      out += ids.isEmpty ? "{}" : "{\n" + ids.map { "    \(quoted($0)): \(quoted(names[$0] ?? ""))" }.joined(separator: ",\n") + "\n  }"
    }
    return out + "\n}\n"
  }
}

private extension SamplePlan {
  /// A JSON array of already-rendered items, one per line (Python's `indent=2`).
  func array(_ items: [String], indent: String) -> String {
    guard !items.isEmpty else { return "[]" }
    return "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
  }

  /// A JSON string as Python's `json.dumps(ensure_ascii=False)` writes it
  /// (the expression language's JSON escapes the same characters).
  func quoted(_ s: String) -> String { Value.string(s).jsonText }
}
