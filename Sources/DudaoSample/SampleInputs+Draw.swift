/// The draw itself, exactly as docs/sampling.md specifies it.
extension SampleInputs {
  /// Draws `count` schools and forms their teams from one random stream.
  ///
  /// Call only with inputs `SampleRequest` has checked: 1 ≤ count ≤ number of
  /// schools, 1 ≤ teamSize ≤ number of inspectors, weight ≥ 1.
  public func draw() -> SamplePlan {
    var stream = RandomStream(seed: seed)
    var drawn: [School] = []
    let strata = groupedByStratum()
    let quotas = Self.largestRemainder(count, sizes: strata.map(\.schools.count))
    for (stratum, quota) in zip(strata, quotas) {
      drawn += weight > 1
        ? Self.ticketDraw(stratum.schools, quota, &stream)
        : Self.partialShuffle(stratum.schools, quota, &stream)
    }
    var order = inspectors
    for i in 0..<order.count { order.swapAt(i, i + stream.uniform(order.count - i)) }
    return teams(for: drawn, order: order)
  }

  /// `count` split in proportion to `sizes` by the largest-remainder method;
  /// remainders tie-broken by position (the strata come sorted by key).
  /// A share never exceeds its size when `count` ≤ the total.
  static func largestRemainder(_ count: Int, sizes: [Int]) -> [Int] {
    let total = sizes.reduce(0, +)
    guard total > 0 else { return sizes.map { _ in 0 } }
    var quotas = sizes.map { count * $0 / total }
    let left = count - quotas.reduce(0, +)
    let byRemainder = sizes.indices.sorted { a, b in
      let ra = count * sizes[a] % total, rb = count * sizes[b] % total
      return ra != rb ? ra > rb : a < b
    }
    for i in byRemainder.prefix(left) { quotas[i] += 1 }
    return quotas
  }
}

private extension SampleInputs {
  /// Strata in ascending key order (UTF-8 bytes), schools within in id order.
  func groupedByStratum() -> [(key: String, schools: [School])] {
    var groups: [[UInt8]: [School]] = [:]
    for s in schools { groups[Array(s.stratum.utf8), default: []].append(s) }
    return groups.map { (key: $0.value[0].stratum, schools: $0.value) }.sorted { $0.key.bytesPrecede($1.key) }
  }

  /// Partial Fisher–Yates: for i in 0..<k, swap i with i + uniform(n − i).
  static func partialShuffle(_ schools: [School], _ k: Int, _ stream: inout RandomStream) -> [School] {
    var a = schools
    let k = max(0, min(k, a.count))
    for i in 0..<k { a.swapAt(i, i + stream.uniform(a.count - i)) }
    return Array(a.prefix(k))
  }

  /// Weighted draw without replacement: a school holds `tickets` tickets; a
  /// ticket t = uniform(total) is found walking the remaining schools in id
  /// order, and the school's tickets all leave the pool.
  static func ticketDraw(_ schools: [School], _ k: Int, _ stream: inout RandomStream) -> [School] {
    var pool = schools
    var out: [School] = []
    for _ in 0..<max(0, min(k, pool.count)) {
      let total = pool.reduce(0) { $0 + max(0, $1.tickets) }
      guard total > 0 else { break }  // only inputs not built by SampleRequest can hold no tickets
      var t = stream.uniform(total)
      var index = pool.count - 1
      for (i, s) in pool.enumerated() {
        if t < s.tickets { index = i; break }
        t -= s.tickets
      }
      out.append(pool.remove(at: index))
    }
    return out
  }

  /// Teams by a moving position in the shuffled order (docs/sampling.md, "Teams").
  func teams(for drawn: [School], order: [InspectorEntry]) -> SamplePlan {
    let n = order.count
    let conflicts = order.map { Set($0.conflicts.map { Array($0.utf8) }) }
    var load = Array(repeating: 0, count: n)
    var p = 0
    var plan = SamplePlan(seed: seed, digest: digest, count: count, visits: [], unstaffed: [])
    for school in drawn {
      let id = Array(school.id.utf8)
      var team: [Int] = []
      for step in 0..<n where team.count < teamSize {
        let q = (p + step) % n
        if conflicts[q].contains(id) { continue }
        if let cap = maxPerInspector, load[q] >= cap { continue }
        team.append(q)
      }
      guard team.count == teamSize, let last = team.last else {
        let free = conflicts.filter { !$0.contains(id) }.count
        plan.visits.append(.init(school: school.id, stratum: school.stratum, team: []))
        plan.unstaffed.append(.init(school: school.id, reason: free < teamSize ? .conflicts : .capacity))
        continue
      }
      for q in team { load[q] += 1 }
      p = (last + 1) % n
      plan.visits.append(.init(school: school.id, stratum: school.stratum, team: team.map { order[$0].id }))
    }
    return plan
  }
}
