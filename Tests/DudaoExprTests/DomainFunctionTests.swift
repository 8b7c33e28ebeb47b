import Foundation
import Testing

@testable import DudaoExpr

/// Domain functions: every example in docs/expressions.md is here.
@Test(arguments: [
  EvalCase(source: "sum([1, 2, 3])", expected: "6"),
  EvalCase(source: "sum([])", expected: "0"),
  EvalCase(source: "sum([1, 2.5])", expected: "3.5"),
  EvalCase(source: "sum([1u, 2u])", expected: "3"),
  EvalCase(source: "type(sum([1u, 2u]))", expected: #""uint""#),
  EvalCase(source: "sum([9223372036854775807, 1])", expected: "error: integer overflow"),
  EvalCase(source: "sum(['a'])", expected: "error: sum() needs a list of numbers; found an element of type string"),
  EvalCase(source: "avg([1, 2])", expected: "1.5"),
  EvalCase(source: "avg([2, 4.0])", expected: "3.0"),
  EvalCase(source: "avg([])", expected: "error: avg() of an empty list"),
  EvalCase(source: "min([3, 1, 2])", expected: "1"),
  EvalCase(source: "max([3, 1, 2])", expected: "3"),
  EvalCase(source: "min(3, 1.5, 2)", expected: "1.5"),
  EvalCase(source: "max(3, 1.5, 2)", expected: "3"),
  EvalCase(source: "max(['b', 'a'])", expected: #""b""#),
  EvalCase(source: "min([date('2026-09-01'), date('2026-03-01')])", expected: #""2026-03-01""#),
  EvalCase(source: "min(5)", expected: "5"),
  EvalCase(source: "min([])", expected: "error: min() of an empty list"),
  EvalCase(source: "max([1, 'a'])", expected: "error: no operator 'max' for int and string"),
  EvalCase(source: "count([true, false, true])", expected: "2"),
  EvalCase(source: "count([])", expected: "0"),
  EvalCase(source: "count([1])", expected: "error: count() needs a list of bool; found an element of type int"),
  EvalCase(source: "[1, 5, 7].count(x, x > 2)", expected: "2"),
  EvalCase(source: "ratio(300, 1000)", expected: "0.3"),
  EvalCase(source: "ratio(1, 3u)", expected: "0.3333333333333333"),
  EvalCase(source: "ratio(3, 0)", expected: "error: ratio: division by zero"),
  EvalCase(source: "ratio(3, 0.0)", expected: "error: ratio: division by zero"),
  EvalCase(source: "ratio('a', 1)", expected: "error: ratio() does not accept arguments of types (string, int); usage: ratio(a, b) — numbers"),
  EvalCase(source: "cv([2, 4, 4, 4, 5, 5, 7, 9])", expected: "0.4"),
  EvalCase(source: "cv([5, 5])", expected: "0.0"),
  EvalCase(source: "cv([1, -1])", expected: "error: cv: the mean is zero"),
  EvalCase(source: "cv([])", expected: "error: cv() of an empty list"),
  EvalCase(source: "cv([1, 2], [1])", expected: "error: cv: 2 values but 1 weights"),
  EvalCase(source: "cv([1, 2], [1, -1])", expected: "error: cv: a weight is negative"),
  EvalCase(source: "cv([1, 2], [0, 0])", expected: "error: cv: the weights sum to zero"),
  EvalCase(source: "cv([1, 3], [1, 1]) == cv([1, 3])", expected: "true"),
  // Dates and times.
  EvalCase(source: "date('2026-09-01')", expected: #""2026-09-01""#),
  EvalCase(source: "date('2026-02-30')", expected: "error: invalid date '2026-02-30' (expected YYYY-MM-DD)"),
  EvalCase(source: "date('2026-9-1')", expected: "error: invalid date '2026-9-1' (expected YYYY-MM-DD)"),
  EvalCase(source: "time('08:20')", expected: #""08:20""#),
  EvalCase(source: "time('24:00')", expected: "error: invalid time '24:00' (expected HH:MM, 00:00 to 23:59)"),
  EvalCase(source: "time('8:20')", expected: "error: invalid time '8:20' (expected HH:MM, 00:00 to 23:59)"),
  EvalCase(source: "date('2026-09-01') < date('2026-10-01')", expected: "true"),
  EvalCase(source: "date('2026-09-01') == date('2026-09-01')", expected: "true"),
  EvalCase(source: "time('08:20') <= time('08:00')", expected: "false"),
  EvalCase(source: "time('08:20') > time('07:59')", expected: "true"),
  EvalCase(source: "date('2026-09-01') + 30", expected: #""2026-10-01""#),
  EvalCase(source: "date('2026-03-01') - 1", expected: #""2026-02-28""#),
  EvalCase(source: "date('2026-09-01') - date('2026-01-01')", expected: "243"),
  EvalCase(source: "date('9999-12-31') + 1", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "date('2026-09-01') + 9223372036854775807", expected: "error: date out of range (years 1 to 9999)"),
  EvalCase(source: "time('08:20') - time('08:00')", expected: "20"),
  EvalCase(source: "time('08:20') + 40", expected: #""09:00""#),
  EvalCase(source: "time('23:50') + 20", expected: "error: time out of range (00:00 to 23:59)"),
  EvalCase(source: "date('2026-09-01').year()", expected: "2026"),
  EvalCase(source: "date('2026-09-01').month()", expected: "9"),
  EvalCase(source: "date('2026-09-01').day()", expected: "1"),
  EvalCase(source: "date('2026-09-01').weekday()", expected: "2"),
  EvalCase(source: "date('2026-09-06').weekday()", expected: "7"),
  EvalCase(source: "time('08:20').hour()", expected: "8"),
  EvalCase(source: "time('08:20').minute()", expected: "20"),
  EvalCase(source: "date('2026-09-01') < time('08:00')", expected: "error: no operator '<' for date and time"),
  EvalCase(source: "date('2026-09-01') == '2026-09-01'", expected: "false"),
  EvalCase(source: "date(date('2026-09-01'))", expected: #""2026-09-01""#),
  EvalCase(source: "'2026'.year()", expected: "error: year() does not accept arguments of types (string); usage: d.year() — d a date"),
])
func domainFunctions(_ c: EvalCase) {
  #expect(evalToJSON(c.source) == c.expected)
}

/// The 优质均衡 差异系数 example: five schools, weights = students.
@Test func weightedCoefficientOfVariation() throws {
  let ast = try Parser.parse("cv([279.0/45.0, 137.0/37.0, 935.0/89.0, 160.0/76.0, 402.0/55.0], [45, 37, 89, 76, 55])")
  guard case .value(.double(let cv)) = Program(ast).evaluate(Activation([:])) else {
    Issue.record("expected a double")
    return
  }
  #expect(abs(cv - 0.515) < 0.0005)
  // X̄ = 1913/302 ≈ 6.334, S ≈ 3.264.
  let mean = 1913.0 / 302.0
  #expect(abs(cv * mean - 3.264) < 0.001)
}

@Test func coefficientOfVariationAcrossSchools() throws {
  let schools = Value.list([
    record(["teachers": .int(10), "students": .int(100)]),
    record(["teachers": .int(30), "students": .int(300)]),
    record(["teachers": .int(20), "students": .int(100)]),
  ])
  let result = evalToJSON(
    "cv(schools.map(s, ratio(s.teachers * 100, s.students)), schools.map(s, s.students)) < 0.5", ["schools": schools])
  #expect(result == "true")
}
