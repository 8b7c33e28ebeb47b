import Testing

@testable import DudaoExpr

/// A small deterministic generator (SplitMix64), local to each test.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

private let seeds = [
  "school.schedule.daily_pe_minutes >= params.min_minutes",
  "school.classes.all(c, c.students <= (c.grade <= 6 ? 45 : 50))",
  "cv(schools.map(s, ratio(s.teachers, s.students)), schools.map(s, s.students)) < 0.5",
  "has(school.schedule.x) && school.level in ['primary', 'junior'] || !(1 / 0 > 0)",
  "'abc'.matches('^a[b-c]+$') ? date('2026-09-01') + 30 : time('08:20') - time('08:00')",
  "{'a': [1, 2u, 3.5, null, true], 'b': {'c': r'x\\y'}}.a[2] == -9223372036854775808 % 7",
  "[1, 2, 3].map(x, x * 2).filter(y, y > 2).exists_one(z, z == 4) && sum([1, 2]) > min(3, 4)",
]

private let alphabet = Array("()[]{}.,:?!-+*/%<>=&|'\"\\ \nabcxyz019_uUeE中".unicodeScalars)

/// Mutated expressions parse, check, compile and evaluate without crashing:
/// every outcome is a value, an unknown or an error.
@Test func mutatedExpressionsNeverCrash() {
  var rng = SplitMix(state: 20_260_901)
  let env = environment
  let vars: [String: Value] = dataVariables.merging(["schools": .list([school, school])]) { a, _ in a }
  for _ in 0..<3000 {
    var s = Array((seeds.randomElement(using: &rng) ?? "").unicodeScalars)
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
      let i = Int.random(in: 0...s.count, using: &rng)
      switch Int.random(in: 0..<4, using: &rng) {
      case 0 where i < s.count: s.remove(at: i)
      case 1: s.insert(alphabet.randomElement(using: &rng) ?? "x", at: i)
      case 2 where i < s.count:
        let j = Int.random(in: i...s.count, using: &rng)
        s.insert(contentsOf: s[i..<j], at: j)
      default:
        if i < s.count { s[i] = alphabet.randomElement(using: &rng) ?? "x" }
      }
    }
    let source = String(String.UnicodeScalarView(s))
    guard let ast = try? Parser.parse(source) else { continue }
    _ = Checker.check(ast, in: env)
    _ = Program(ast).evaluate(Activation(vars))
  }
}

@Test func randomTextNeverCrashes() {
  var rng = SplitMix(state: 7)
  for _ in 0..<3000 {
    let n = Int.random(in: 0..<40, using: &rng)
    let source = String(String.UnicodeScalarView((0..<n).map { _ in alphabet.randomElement(using: &rng) ?? "x" }))
    guard let ast = try? Parser.parse(source) else { continue }
    _ = Checker.check(ast, in: environment)
    _ = Program(ast).evaluate(Activation(dataVariables))
  }
}

/// Extreme values at the edges of every range give errors, not traps.
@Test(arguments: [
  EvalCase(source: "date('2026-09-01') + 9223372036854775000", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "date('2026-09-01') - (-9223372036854775807)", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "date('0001-01-01') - 1", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "date('2026-09-01') - -9223372036854775808", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "time('00:00') - 9223372036854775807", expected: "error: time out of range (00:00 to 23:59)"),
  EvalCase(source: "time('00:00') + 9223372036854775807", expected: "error: time out of range (00:00 to 23:59)"),
  EvalCase(source: "time('00:00') - -9223372036854775808", expected: "error: time out of range (00:00 to 23:59)"),
  EvalCase(source: "[1][9223372036854775807]", expected: "error: index 9223372036854775807 out of range (list size 1)"),
  EvalCase(source: "[1][1e300]", expected: "error: index 1e+300 out of range (list size 1)"),
  EvalCase(source: "uint(18446744073709551615.0)", expected: "error: 1.8446744073709552e+19 is out of the uint range"),
  EvalCase(source: "int(9223372036854775807.0)", expected: "error: 9.223372036854776e+18 is out of the int range"),
  EvalCase(source: "{1e300: 1}", expected: "error: map keys must be int, uint, bool or string, not double"),
])
func extremes(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}
