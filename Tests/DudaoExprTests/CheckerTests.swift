import Testing

@testable import DudaoExpr

let classType = ObjectType(name: "class", fields: ["id": .string, "grade": .int, "students": .int])
let staffType = ObjectType(
  name: "staff",
  fields: [
    "id": .string, "role": .enumeration(["teacher", "head"]), "subjects": .list(.string), "full_time": .bool,
    "weekly_periods": .int,
  ])
let schoolType = ObjectType(
  name: "school",
  fields: [
    "id": .string, "name": .string, "district": .string, "students": .int,
    "level": .enumeration(["primary", "junior", "nine_year", "senior", "complete_secondary", "twelve_year"]),
    "schedule": .object(ObjectType(name: "schedule", fields: ["daily_pe_minutes": .int, "big_break_minutes": .int])),
    "teaching": .object(ObjectType(name: "teaching", fields: ["total_minutes": .int, "screen_minutes": .int])),
    "classes": .list(.object(classType)),
    "staff": .list(.object(staffType)),
    "extra": .map(.string, .dyn),
  ])
let environment = TypeEnvironment(variables: [
  "school": .object(schoolType),
  "schools": .list(.object(schoolType)),
  "class": .object(classType),
  "params": .map(.string, .dyn),
  "as_of": .date,
])

func check(_ source: String) throws -> CheckResult {
  Checker.check(try Parser.parse(source), in: environment)
}

/// Expressions the checker accepts, with their static type.
@Test(arguments: [
  EvalCase(source: "school.schedule.daily_pe_minutes >= params.min_minutes", expected: "bool"),
  EvalCase(source: "school.students", expected: "int"),
  EvalCase(source: "school.level == 'primary'", expected: "bool"),
  EvalCase(source: "school.level in ['primary', 'junior']", expected: "bool"),
  EvalCase(source: "school.classes.all(c, c.students <= (c.grade <= 6 ? 45 : 50))", expected: "bool"),
  EvalCase(source: "school.classes.map(c, c.students)", expected: "list(int)"),
  EvalCase(source: "school.classes.filter(c, c.grade > 6)", expected: "list(class)"),
  EvalCase(source: "sum(school.classes.map(c, c.students))", expected: "int"),
  EvalCase(source: "avg(school.classes.map(c, c.students))", expected: "double"),
  EvalCase(source: "max(school.classes.map(c, c.students))", expected: "int"),
  EvalCase(source: "ratio(school.teaching.screen_minutes, school.teaching.total_minutes) <= 0.3", expected: "bool"),
  EvalCase(source: "school.staff.exists(s, 'mental_health' in s.subjects)", expected: "bool"),
  EvalCase(source: "school.staff.count(s, s.role == 'teacher')", expected: "int"),
  EvalCase(source: "cv(schools.map(s, s.students))", expected: "double"),
  EvalCase(source: "has(school.schedule.daily_pe_minutes)", expected: "bool"),
  EvalCase(source: "as_of - date('2026-09-01')", expected: "int"),
  EvalCase(source: "as_of + 30", expected: "date"),
  EvalCase(source: "school.extra.anything.goes + 1", expected: "dyn"),
  EvalCase(source: "params.min_minutes", expected: "dyn"),
  EvalCase(source: "school['students']", expected: "int"),
  EvalCase(source: "school.classes[0].grade", expected: "int"),
  EvalCase(source: "type(school.students) == int", expected: "bool"),
  EvalCase(source: "school.students > 1.5", expected: "bool"),
  EvalCase(source: "school.name + '小学'", expected: "string"),
  EvalCase(source: "size(school.classes) > 0 ? 'yes' : 'no'", expected: "string"),
  EvalCase(source: "[1, 'a']", expected: "list(dyn)"),
  EvalCase(source: "{'a': 1}", expected: "map(string, int)"),
  EvalCase(source: "school.name.matches('^第')", expected: "bool"),
  EvalCase(source: "time('08:00') < time('09:00')", expected: "bool"),
])
func accepted(_ c: EvalCase) throws {
  let r = try check(c.source)
  #expect(r.errors.isEmpty, "\(r.errors)")
  #expect(r.type.description == c.expected)
}

/// Rejected expressions: the first error's code, offset and message.
@Test(arguments: [
  ErrorCase(source: "schol.students", code: "expr.undeclared-reference", offset: 0, message: "undeclared reference to 'schol' (did you mean 'school'?)"),
  ErrorCase(source: "school.studnets > 0", code: "expr.unknown-field", offset: 7, message: "school has no field 'studnets' (did you mean 'students'?)"),
  ErrorCase(
    source: "school.schedule.daily_pe_minute >= 60", code: "expr.unknown-field", offset: 16,
    message: "school.schedule has no field 'daily_pe_minute' (did you mean 'daily_pe_minutes'?)"),
  ErrorCase(source: "school.foo", code: "expr.unknown-field", offset: 7, message: "school has no field 'foo'"),
  ErrorCase(source: "school.classes.all(c, c.studnets < 45)", code: "expr.unknown-field", offset: 24, message: "c has no field 'studnets' (did you mean 'students'?)"),
  ErrorCase(source: "has(school.schedule.pe)", code: "expr.unknown-field", offset: 20, message: "school.schedule has no field 'pe'"),
  ErrorCase(source: "school['studnets']", code: "expr.unknown-field", offset: 7, message: "school has no field 'studnets' (did you mean 'students'?)"),
  ErrorCase(source: "school.students + 'a'", code: "expr.no-overload", offset: 16, message: "no operator '+' for int and string"),
  ErrorCase(
    source: "school.students * 0.3", code: "expr.no-overload", offset: 16,
    message: "no operator '*' for int and double; convert first with double(…) or int(…)"),
  ErrorCase(source: "size(1, 2)", code: "expr.no-overload", offset: 0, message: "wrong number of arguments to size(); usage: size(x) — x a string, list or map"),
  ErrorCase(source: "size(school.students)", code: "expr.no-overload", offset: 0, message: "size() does not accept arguments of types (int); usage: size(x) — x a string, list or map"),
  ErrorCase(
    source: "school.level == 'primery'", code: "expr.enum-value", offset: 16,
    message: "'primery' is not one of the allowed values (primary, junior, nine_year, senior, complete_secondary, twelve_year) (did you mean 'primary'?)"),
  ErrorCase(
    source: "'juniour' != school.level", code: "expr.enum-value", offset: 0,
    message: "'juniour' is not one of the allowed values (primary, junior, nine_year, senior, complete_secondary, twelve_year) (did you mean 'junior'?)"),
  ErrorCase(
    source: "school.level in ['primary', 'senoir']", code: "expr.enum-value", offset: 28,
    message: "'senoir' is not one of the allowed values (primary, junior, nine_year, senior, complete_secondary, twelve_year) (did you mean 'senior'?)"),
  ErrorCase(source: "school.students < 'a'", code: "expr.no-overload", offset: 16, message: "no operator '<' for int and string"),
  ErrorCase(source: "school.students && true", code: "expr.no-overload", offset: 16, message: "an operand of && or || must be bool, not int"),
  ErrorCase(source: "school.students ? 1 : 2", code: "expr.no-overload", offset: 16, message: "the condition must be bool, not int"),
  ErrorCase(source: "!school.students", code: "expr.no-overload", offset: 0, message: "no operator '!' for int"),
  ErrorCase(source: "school.classes.all(c, c.grade)", code: "expr.no-overload", offset: 22, message: "the condition of all() must be bool, not int"),
  ErrorCase(source: "school.students.all(c, true)", code: "expr.no-overload", offset: 16, message: "all() needs a list or a map, not int"),
  ErrorCase(source: "school.students.x", code: "expr.no-overload", offset: 16, message: "cannot select field 'x' on a value of type int"),
  ErrorCase(source: "school.classes['a']", code: "expr.no-overload", offset: 14, message: "no operator '[]' for list(class) and string"),
  ErrorCase(source: "average([1])", code: "expr.unknown-function", offset: 0, message: "unknown function 'average'"),
  ErrorCase(source: "school.name.startswith('x')", code: "expr.unknown-function", offset: 12, message: "unknown function 'startswith' (did you mean 'startsWith'?)"),
  ErrorCase(source: "date('2026-13-01')", code: "expr.invalid-argument", offset: 5, message: "invalid date '2026-13-01' (expected YYYY-MM-DD)"),
  ErrorCase(source: "time('25:00')", code: "expr.invalid-argument", offset: 5, message: "invalid time '25:00' (expected HH:MM, 00:00 to 23:59)"),
  ErrorCase(source: "school.name.matches('(a')", code: "expr.regex", offset: 20, message: "invalid regular expression: missing )"),
  ErrorCase(source: "{'a': 1, 'a': 2}", code: "expr.duplicate-key", offset: 9, message: "duplicate map key: 'a'"),
  ErrorCase(source: "as_of + as_of", code: "expr.no-overload", offset: 6, message: "no operator '+' for date and date"),
  ErrorCase(
    source: "[1].all(a, [2].all(b, [3].all(c, [4].all(d, true))))", code: "expr.macro-depth", offset: 37,
    message: "macros (all, exists, map, …) are nested too deeply (the limit is 3)"),
])
func rejected(_ c: ErrorCase) throws {
  let r = try check(c.source)
  guard let e = r.errors.first else {
    Issue.record("no error; type \(r.type)")
    return
  }
  #expect(e.code == c.code)
  #expect(e.offset == c.offset)
  #expect(e.message.en == c.message)
  #expect(!e.message.zh.isEmpty)
  #expect(r.errors.count == 1, "\(r.errors)")
}

@Test func oneMistakeIsReportedOnce() throws {
  let r = try check("school.studnets + 1 > 2 && school.studnets < 5")
  #expect(r.errors.map(\.offset) == [7, 34])
}

@Test func comparingUnrelatedTypesWarns() throws {
  let r = try check("school.students == 'many'")
  #expect(r.errors.isEmpty)
  #expect(r.warnings.map(\.code) == ["expr.type-mismatch"])
  #expect(r.warnings.first?.message.en == "comparing int with string is never equal")
  #expect(try check("school.students == 1.0").warnings.isEmpty)
  #expect(try check("params.x == 'a'").warnings.isEmpty)
}

@Test func costGrowsWithNestedMacros() throws {
  let flat = try check("school.classes.all(c, c.students <= 45)").estimatedCost
  let nested = try check("school.classes.all(c, school.staff.all(s, s.weekly_periods > c.grade))").estimatedCost
  let triple = try check("schools.all(a, a.classes.all(c, a.staff.all(s, s.weekly_periods > c.grade)))").estimatedCost
  #expect(flat < 1_000)
  #expect(nested > 50 * flat)
  #expect(triple > 50 * nested)
  #expect(try check("[1, 2, 3].all(x, x > 0)").estimatedCost < 20)

  var limits = ExprLimits()
  limits.maxCost = 10_000
  let r = Checker.check(
    try Parser.parse("schools.all(a, a.classes.all(c, a.staff.all(s, s.weekly_periods > c.grade)))"), in: environment,
    limits: limits)
  #expect(r.warnings.map(\.code) == ["expr.cost"])
}
