import DudaoDiagnostics
import Testing

@testable import DudaoExpr

/// A school as the engine binds it: some fields present, some absent.
let school = record([
  "id": .string("S001"),
  "level": .string("primary"),
  "students": .int(1200),
  "schedule": record(["big_break_minutes": .int(30), "note": .null]),
  "teaching": record(["total_minutes": .int(1000), "screen_minutes": .int(300)]),
  "classes": .list([
    record(["id": .string("C1"), "grade": .int(1), "students": .int(40)]),
    record(["id": .string("C2"), "grade": .int(7), "students": .int(52)]),
    record(["id": .string("C3"), "grade": .int(8)]),
  ]),
  "staff": .list([
    record(["id": .string("T1"), "subjects": .list([.string("math")]), "full_time": .bool(true)]),
    record(["id": .string("T2"), "subjects": .list([.string("mental_health")]), "full_time": .bool(false)]),
  ]),
  "observations": .null,
])

let dataVariables: [String: Value] = [
  "school": school,
  "params": record(["min_minutes": .int(60), "max_class": .int(45)]),
  "as_of": .date(Day(year: 2026, month: 9, day: 1) ?? Day(year: 1, month: 1, day: 1)!),
  "class": record(["id": .string("C9"), "grade": .int(3)]),
]

/// Missing data is `unknown` with the path of the whole chain, never an
/// error; `has()` guards a whole chain.
@Test(arguments: [
  EvalCase(source: "school.students <= 2000", expected: "true"),
  EvalCase(source: "school.schedule.daily_pe_minutes >= params.min_minutes", expected: "unknown: school.schedule.daily_pe_minutes"),
  EvalCase(source: "school.schedule.daily_pe_minutes", expected: "unknown: school.schedule.daily_pe_minutes"),
  EvalCase(source: "school.facilities.gym.area > 0", expected: "unknown: school.facilities.gym.area"),
  EvalCase(source: "school.schedule.note.minutes", expected: "unknown: school.schedule.note.minutes"),
  EvalCase(source: "school.observations.size() > 0", expected: "unknown: school.observations"),
  EvalCase(source: "class['students'] <= 45", expected: "unknown: class.students"),
  EvalCase(source: "class['no such'] <= 45", expected: "unknown: class['no such']"),
  EvalCase(source: "school.classes[2].students", expected: "unknown: school.classes[2].students"),
  EvalCase(source: "school.classes[1 + 1].students", expected: "unknown: school.classes[2].students"),
  EvalCase(source: "school.classes[5].students", expected: "error: index 5 out of range (list size 3)"),
  EvalCase(source: "school.classes[0].students", expected: "40"),
  EvalCase(source: "school['classes'][1]['students']", expected: "52"),
  EvalCase(source: "(school.schedule).daily_pe_minutes", expected: "unknown: school.schedule.daily_pe_minutes"),
  EvalCase(source: "(true ? school.x : 1).y", expected: "unknown: school.x.y"),
  // Unknowns merge across strict operators and functions, sorted.
  EvalCase(source: "school.b + school.a", expected: "unknown: school.a, school.b"),
  EvalCase(source: "school.b + school.b", expected: "unknown: school.b"),
  EvalCase(source: "size([school.z, 1 / 0])", expected: "unknown: school.z"),
  EvalCase(source: "1 / 0 + school.z", expected: "unknown: school.z"),
  EvalCase(source: "[school.z, school.y]", expected: "unknown: school.y, school.z"),
  EvalCase(source: "{'a': school.z}", expected: "unknown: school.z"),
  // && and || absorb unknowns too.
  EvalCase(source: "school.x > 1 && false", expected: "false"),
  EvalCase(source: "school.x > 1 || true", expected: "true"),
  EvalCase(source: "school.x > 1 && true", expected: "unknown: school.x"),
  EvalCase(source: "school.x > 1 && 1 / 0 > 0", expected: "unknown: school.x"),
  EvalCase(source: "1 / 0 > 0 || school.x > 1", expected: "unknown: school.x"),
  EvalCase(source: "school.x > 1 && school.y > 1", expected: "unknown: school.x, school.y"),
  EvalCase(source: "!(school.x > 1)", expected: "unknown: school.x"),
  EvalCase(source: "school.x ? 1 : 2", expected: "unknown: school.x"),
  EvalCase(source: "true ? 1 : school.x", expected: "1"),
  // has() guards a whole chain (deviation: absent intermediates give false).
  EvalCase(source: "has(school.students)", expected: "true"),
  EvalCase(source: "has(school.schedule.daily_pe_minutes)", expected: "false"),
  EvalCase(source: "has(school.facilities.gym.area)", expected: "false"),
  EvalCase(source: "has(school.schedule.note)", expected: "false"),
  EvalCase(source: "school.schedule.note == null", expected: "unknown: school.schedule.note"),
  EvalCase(source: "has(school.schedule.note.x)", expected: "false"),
  EvalCase(source: "has(school.classes[9].id)", expected: "false"),
  EvalCase(source: "has(school.students.x)", expected: "error: cannot select field 'x' on a value of type int"),
  EvalCase(
    source: "has(school.schedule.daily_pe_minutes) && school.schedule.daily_pe_minutes >= 60", expected: "false"),
  EvalCase(
    source: "!has(school.schedule.daily_pe_minutes) || school.schedule.daily_pe_minutes >= 60", expected: "true"),
  EvalCase(source: "has({'a': 1}.a)", expected: "true"),
  EvalCase(source: "has({'a': 1}.b)", expected: "false"),
  // Missing variables are errors (the checker reports them statically).
  EvalCase(source: "nobody.x", expected: "error: undeclared reference to 'nobody'"),
  EvalCase(source: "nobody", expected: "error: undeclared reference to 'nobody'"),
  EvalCase(source: "school.students.x", expected: "error: cannot select field 'x' on a value of type int"),
  // Macro variables over data carry the data's path.
  EvalCase(source: "school.classes.all(c, c.students <= 55)", expected: "unknown: school.classes[2].students"),
  EvalCase(source: "school.classes.all(c, c.students <= 45)", expected: "false"),
  EvalCase(source: "school.classes.exists(c, c.students > 50)", expected: "true"),
  EvalCase(source: "school.classes.map(c, c.students)", expected: "unknown: school.classes[2].students"),
  EvalCase(source: "school.classes.filter(c, has(c.students)).map(c, c.students)", expected: "[40,52]"),
  EvalCase(source: "school.classes.filter(c, c.grade > 6).all(c, c.students < 60)", expected: "unknown: c.students"),
  EvalCase(
    source: "school.classes.all(c, school.staff.all(s, s.weekly_periods > c.grade))",
    expected: "unknown: school.staff[0].weekly_periods, school.staff[1].weekly_periods"),
  EvalCase(source: "school.staff.exists(s, 'mental_health' in s.subjects)", expected: "true"),
  EvalCase(source: "[{'a': 1}].all(m, m.b == 1)", expected: "error: no such key: b"),
  EvalCase(source: "as_of", expected: #""2026-09-01""#),
  EvalCase(source: "as_of >= date('2021-09-01')", expected: "true"),
])
func missingData(_ c: EvalCase) {
  #expect(evalToJSON(c.source, dataVariables) == c.expected)
}

@Test func oneProgramManyActivations() throws {
  let program = Program(try Parser.parse("school.schedule.daily_pe_minutes >= 60"))
  let good = record(["schedule": record(["daily_pe_minutes": .int(60)])])
  let bad = record(["schedule": record(["daily_pe_minutes": .int(45)])])
  let empty = record([:])
  #expect(program.evaluate(Activation(["school": good])) == .value(.bool(true)))
  #expect(program.evaluate(Activation(["school": bad])) == .value(.bool(false)))
  #expect(program.evaluate(Activation(["school": empty])) == .unknown(["school.schedule.daily_pe_minutes"]))
}

@Test func errorsCarryPositions() throws {
  let result = Program(try Parser.parse("school.students / 0 > 1")).evaluate(Activation(dataVariables))
  #expect(
    result
      == .error(ExprError(code: "expr.division-by-zero", message: .init(zh: "除数为零", en: "division by zero"), offset: 16, length: 1)))
  let missing = Program(try Parser.parse("1 + nobody")).evaluate(Activation([:]))
  guard case .error(let e) = missing else {
    Issue.record("expected an error")
    return
  }
  #expect(e.code == "expr.undeclared-reference")
  #expect((e.offset, e.length) == (4, 6))
}

@Test func programsAreSharedAcrossThreads() async throws {
  let program = Program(try Parser.parse("school.classes.filter(c, has(c.students)).map(c, c.students).size()"))
  let results = await withTaskGroup(of: EvalResult.self) { group in
    for _ in 0..<8 { group.addTask { program.evaluate(Activation(["school": school])) } }
    var out: [EvalResult] = []
    for await r in group { out.append(r) }
    return out
  }
  #expect(results.allSatisfy { $0 == .value(.int(2)) })
}
