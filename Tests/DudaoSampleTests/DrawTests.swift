import Foundation
import Testing

@testable import DudaoSample

@Suite struct DrawTests {
  @Test func sameSeedAndInputsGiveTheSamePlan() {
    let a = syntheticInputs(seed: "2026-11-23 第1批", schools: 30, inspectors: 8, count: 6)
    let b = syntheticInputs(seed: "2026-11-23 第1批", schools: 30, inspectors: 8, count: 6)
    #expect(a.draw() == b.draw())
    #expect(a.draw().json() == b.draw().json())
  }

  @Test func aDifferentSeedGivesADifferentPlan() {
    let a = syntheticInputs(seed: "2026-11-23 第1批", schools: 30, inspectors: 8, count: 6).draw()
    let b = syntheticInputs(seed: "2026-11-23 第2批", schools: 30, inspectors: 8, count: 6).draw()
    #expect(a.visits != b.visits)
    #expect(a.digest != b.digest)
  }

  @Test func theDigestCoversTheInputsNotTheirOrder() {
    let a = syntheticInputs(seed: "s", schools: 5, inspectors: 3, count: 2, conflicts: ["I1": ["S03", "S01", "S03"]])
    var b = a
    b.schools.reverse()
    b = SampleInputs(
      seed: "s", count: 2, teamSize: 2, schools: b.schools, inspectors: b.inspectors.reversed())
    #expect(a.digest == b.digest)
    #expect(a.inspectors[1].conflicts == ["S01", "S03"])
    var c = a
    c.count = 3
    #expect(a.digest != c.digest)
  }

  struct QuotaCase: Sendable, CustomTestStringConvertible {
    var count: Int, sizes: [Int], expected: [Int]
    var testDescription: String { "\(count) of \(sizes)" }
  }

  @Test(arguments: [
    QuotaCase(count: 6, sizes: [1, 3, 2, 4], expected: [1, 2, 1, 2]),
    QuotaCase(count: 4, sizes: [4, 1, 1, 1, 1], expected: [2, 1, 1, 0, 0]),
    QuotaCase(count: 10, sizes: [50, 30, 20], expected: [5, 3, 2]),
    QuotaCase(count: 1, sizes: [1, 1, 1], expected: [1, 0, 0]),
    QuotaCase(count: 7, sizes: [7], expected: [7]),
    QuotaCase(count: 3, sizes: [1, 1, 1], expected: [1, 1, 1]),
    QuotaCase(count: 5, sizes: [2, 2, 2, 2], expected: [2, 1, 1, 1]),
  ])
  func largestRemainderQuotas(_ c: QuotaCase) {
    #expect(SampleInputs.largestRemainder(c.count, sizes: c.sizes) == c.expected)
  }

  /// Every split sums to the count and never exceeds a stratum's size.
  @Test func quotasNeverExceedAStratum() {
    var s = RandomStream(seed: "quotas")
    for _ in 0..<300 {
      let sizes = (0..<(1 + s.uniform(6))).map { _ in 1 + s.uniform(20) }
      let count = 1 + s.uniform(sizes.reduce(0, +))
      let q = SampleInputs.largestRemainder(count, sizes: sizes)
      #expect(q.reduce(0, +) == count)
      #expect(zip(q, sizes).allSatisfy { $0 <= $1 })
    }
  }

  @Test func strataGetTheirProportionalShareInKeyOrder() {
    // 20 schools: 10 in A, 6 in B, 4 in C; count 5 → 2.5, 1.5, 1.0 → 3 (A wins the tie), 1, 1.
    let inputs = syntheticInputs(seed: "strata", schools: 20, inspectors: 4, count: 5) { $0 < 10 ? "A" : $0 < 16 ? "B" : "C" }
    let plan = inputs.draw()
    #expect(plan.visits.map(\.stratum) == ["A", "A", "A", "B", "C"])
    for v in plan.visits {
      let n = Int(v.school.dropFirst()) ?? -1
      #expect(v.stratum == (n < 10 ? "A" : n < 16 ? "B" : "C"))
    }
  }

  /// Property: over many seeds, no team has a conflicting inspector, no
  /// inspector exceeds the limit, teams are full and distinct, and every
  /// unstaffed school has the right reason.
  @Test func conflictsAreNeverViolated() {
    var meta = RandomStream(seed: "property")
    for round in 0..<400 {
      let n = 3 + meta.uniform(25), m = 1 + meta.uniform(8)
      var conflicts: [String: [String]] = [:]
      for i in 0..<m { conflicts["I\(i)"] = (0..<meta.uniform(n)).map { _ in String(format: "S%02d", meta.uniform(n)) } }
      let teamSize = 1 + meta.uniform(m)
      let maxPer: Int? = meta.uniform(2) == 0 ? nil : 1 + meta.uniform(3)
      let inputs = syntheticInputs(
        seed: "seed-\(round)", schools: n, inspectors: m, count: 1 + meta.uniform(n), teamSize: teamSize, maxPer: maxPer,
        weight: 1 + meta.uniform(3), conflicts: conflicts) { "\($0 % 3)" }
      let plan = inputs.draw()
      #expect(plan.visits.count == inputs.count)
      #expect(Set(plan.visits.map(\.school)).count == inputs.count)
      var load: [String: Int] = [:]
      let unstaffed = Dictionary(uniqueKeysWithValues: plan.unstaffed.map { ($0.school, $0.reason) })
      for v in plan.visits {
        if let reason = unstaffed[v.school] {
          #expect(v.team.isEmpty)
          let free = inputs.inspectors.filter { !$0.conflicts.contains(v.school) }.count
          #expect(reason == (free < teamSize ? .conflicts : .capacity))
          continue
        }
        #expect(v.team.count == teamSize)
        #expect(Set(v.team).count == teamSize)
        for i in v.team {
          #expect(conflicts[i]?.contains(v.school) != true, "round \(round): \(i) sent to \(v.school)")
          load[i, default: 0] += 1
        }
      }
      if let maxPer { #expect(load.values.allSatisfy { $0 <= maxPer }) }
    }
  }

  @Test func aSchoolNobodyMayVisitIsUnstaffedAndTakesNoOne() {
    let inputs = syntheticInputs(
      seed: "s", schools: 2, inspectors: 2, count: 2, teamSize: 1, conflicts: ["I0": ["S00"], "I1": ["S00"]])
    let plan = inputs.draw()
    #expect(plan.unstaffed == [.init(school: "S00", reason: .conflicts)])
    #expect(plan.visits.first { $0.school == "S01" }?.team.count == 1)
  }

  @Test func withoutStrataAllSchoolsCanBeDrawn() {
    let plan = syntheticInputs(seed: "all", schools: 7, inspectors: 7, count: 7, teamSize: 1).draw()
    #expect(plan.visits.map(\.school).sorted() == (0..<7).map { String(format: "S%02d", $0) })
    #expect(Set(plan.visits.flatMap(\.team)).count == 7, "with teams of one and p moving on, every inspector is used once")
  }

  /// Over many seeds a school with 5 tickets among 10 schools of 1 is drawn
  /// first about 5/14 of the time, the others 1/14 each.
  @Test func weightingFavoursOverdueSchools() {
    var first: [String: Int] = [:]
    for k in 0..<1400 {
      var inputs = syntheticInputs(seed: "w\(k)", schools: 10, inspectors: 2, count: 1, weight: 5)
      inputs.schools[3].tickets = 5
      first[inputs.draw().visits[0].school, default: 0] += 1
    }
    #expect((400...600).contains(first["S03"] ?? 0))
    #expect((50...160).contains(first["S00"] ?? 0))
  }

  /// Inputs built by hand, past the checks of SampleRequest, still never crash.
  @Test func uncheckedInputsDoNotCrash() {
    var a = syntheticInputs(seed: "x", schools: 3, inspectors: 0, count: 5, teamSize: 0)
    #expect(a.draw().visits.count == 3)
    a.count = -2
    #expect(a.draw().visits.isEmpty)
    var b = syntheticInputs(seed: "x", schools: 3, inspectors: 2, count: 2, weight: 2)
    for i in b.schools.indices { b.schools[i].tickets = 0 }
    #expect(b.draw().visits.isEmpty)
  }
}
