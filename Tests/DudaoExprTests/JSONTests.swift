import DudaoDiagnostics
import Testing

@testable import DudaoExpr

struct JSONCase: Sendable, CustomTestStringConvertible {
  var value: Value
  var json: String
  var testDescription: String { json }
}

@Test(arguments: [
  JSONCase(value: .null, json: "null"),
  JSONCase(value: .bool(true), json: "true"),
  JSONCase(value: .int(-3), json: "-3"),
  JSONCase(value: .uint(18_446_744_073_709_551_615), json: "18446744073709551615"),
  JSONCase(value: .double(2), json: "2.0"),
  JSONCase(value: .double(0.1), json: "0.1"),
  JSONCase(value: .double(-0.0), json: "-0.0"),
  JSONCase(value: .double(1e20), json: "1e+20"),
  JSONCase(value: .double(1.5e-7), json: "1.5e-07"),
  JSONCase(value: .double(.infinity), json: "Infinity"),
  JSONCase(value: .double(-.infinity), json: "-Infinity"),
  JSONCase(value: .double(.nan), json: "NaN"),
  JSONCase(value: .string("a\"b\\c\n\u{01}中文"), json: #""a\"b\\c\n\u0001中文""#),
  JSONCase(value: .list([.int(1), .string("x"), .list([])]), json: #"[1,"x",[]]"#),
  JSONCase(
    value: .map(MapValue([(.string("b"), .int(1)), (.int(2), .null), (.bool(false), .uint(3))])),
    json: #"{"b":1,"2":null,"false":3}"#),
  JSONCase(value: .date(Day(year: 2026, month: 9, day: 1)!), json: #""2026-09-01""#),
  JSONCase(value: .time(TimeOfDay(minutes: 500)!), json: #""08:20""#),
  JSONCase(value: .type("int"), json: #""int""#),
])
func jsonText(_ c: JSONCase) {
  #expect(c.value.jsonText == c.json)
}

@Test func mapValuesKeepInsertionOrderAndFindNumericKeys() {
  let m = MapValue([(.string("z"), .int(1)), (.string("a"), .int(2)), (.int(1), .int(3)), (.string("z"), .int(4))])
  #expect(m.entries.map(\.key) == [Value.string("z"), Value.string("a"), Value.int(1)])
  #expect(m[Value.string("z")] == .int(4))
  #expect(m[.uint(1)] == .int(3))
  #expect(m[.double(1.0)] == .int(3))
  #expect(m[Value.string("q")] == nil)
  #expect(MapValue([(.string("a"), .int(1)), (.string("b"), .int(2))]) == MapValue([(.string("b"), .int(2)), (.string("a"), .int(1))]))
}
