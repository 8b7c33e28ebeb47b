import DudaoDiagnostics

extension SampleInputs {
  /// Reads inputs back from their canonical text (`--write-inputs`), so that
  /// a published listing can be drawn again (`--replay`) without the ledger
  /// or the data files. Rejects anything `canonicalText` would not write, and
  /// inputs that cannot be drawn.
  public init(canonical text: String, file: String) throws(Diagnostic) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() } else {
      throw .sampleBadListing(.init(zh: "最后一行没有换行符", en: "the last line has no line break"), at: .init(file: file, line: max(1, lines.count), column: 1))
    }
    var n = 0
    func fail(_ zh: String, _ en: String) -> Diagnostic {
      .sampleBadListing(.init(zh: zh, en: en), at: .init(file: file, line: n, column: 1))
    }
    func next(_ key: String) throws(Diagnostic) -> [String] {
      n += 1
      guard n <= lines.count else { throw fail("缺少“\(key)”行", "missing the '\(key)' line") }
      let f = lines[n - 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard f.first == key else { throw fail("此行应以“\(key)”开头", "this line should start with '\(key)'") }
      return Array(f.dropFirst())
    }
    func number(_ key: String, min: Int) throws(Diagnostic) -> Int {
      let f = try next(key)
      guard f.count == 1, let v = Int(f[0]), v >= min, String(v) == f[0] else { throw fail("“\(key)”应为不小于 \(min) 的整数", "'\(key)' must be a whole number ≥ \(min)") }
      return v
    }
    n = 1
    guard lines.first == Self.format else { throw fail("第一行应为 \(Self.format)", "the first line must be \(Self.format)") }
    let seedFields = try next("seed")
    guard seedFields.count == 1, Self.isUsableID(seedFields[0]) else { throw fail("种子无效", "bad seed") }
    let count = try number("count", min: 1)
    let strata = try next("strata")
    let teamSize = try number("team_size", min: 1)
    let maxFields = try next("max_per_inspector")
    var maxPer: Int?
    if maxFields != ["none"] {
      guard maxFields.count == 1, let k = Int(maxFields[0]), k >= 1, String(k) == maxFields[0] else {
        throw fail("max_per_inspector 应为正整数或 none", "max_per_inspector must be a positive whole number or none")
      }
      maxPer = k
    }
    let weight = try number("weight", min: 1)
    guard weight <= SampleRequest.maxWeight else { throw fail("weight 过大", "weight is too large") }
    var schools: [School] = [], inspectors: [InspectorEntry] = []
    while n < lines.count {
      let kind = lines[n].prefix { $0 != "\t" }
      let f = try next(String(kind))
      switch kind {
      case "school" where inspectors.isEmpty:
        guard f.count == 3, Self.isUsableID(f[0]), let t = Int(f[2]), t >= 1, t <= weight, String(t) == f[2] else {
          throw fail("school 行应为：school、学校代码、分层、票数", "a school line is: school, id, stratum, tickets")
        }
        schools.append(.init(id: f[0], stratum: f[1], tickets: t))
      case "inspector":
        guard let id = f.first, Self.isUsableID(id), f.dropFirst().allSatisfy(Self.isUsableID) else {
          throw fail("inspector 行应为：inspector、督学编号、回避学校…", "an inspector line is: inspector, id, conflicts…")
        }
        inspectors.append(.init(id: id, conflicts: Array(f.dropFirst())))
      default:
        throw fail("此行应为 school 或 inspector（学校在前）", "this line must be a school or inspector line (schools first)")
      }
    }
    self.init(
      seed: seedFields[0], count: count, strata: strata, teamSize: teamSize, maxPerInspector: maxPer,
      weight: weight, schools: schools, inspectors: inspectors)
    guard canonicalText == text else {
      throw .sampleBadListing(
        .init(zh: "清单不是规范形式（学校、督学须按编号排序且不重复，回避学校亦然）", en: "the listing is not canonical (schools, inspectors and conflicts sorted by id, no repeats)"),
        at: .init(file: file, line: 1, column: 1))
    }
    let ids = self.schools.map { Array($0.id.utf8) }, inspectorIDs = self.inspectors.map { Array($0.id.utf8) }
    guard zip(ids, ids.dropFirst()).allSatisfy(!=), zip(inspectorIDs, inspectorIDs.dropFirst()).allSatisfy(!=) else {
      throw .sampleBadListing(.init(zh: "学校或督学编号重复", en: "a school or inspector id appears twice"), at: .init(file: file, line: 1, column: 1))
    }
    guard count <= schools.count else { throw fail("count 超过学校数", "count exceeds the number of schools") }
    guard teamSize <= inspectors.count else { throw fail("team_size 超过督学人数", "team_size exceeds the number of inspectors") }
  }
}
