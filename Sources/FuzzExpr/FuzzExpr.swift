import DudaoDiagnostics
import DudaoExpr
import FuzzSupport

/// The variables an input may read: their values, and a typed environment
/// (as rules are checked) beside an all-`dyn` one (as `dudao eval` checks).
let school = Value.map(MapValue(fields: [
  ("id", .string("3502130101")), ("name", .string("凤鸣小学")), ("level", .string("primary")),
  ("students", .int(1180)), ("pe_minutes", .double(80.5)), ("phone_ban", .bool(true)),
  ("first_class", TimeOfDay(minutes: 500).map(Value.time) ?? .null),
  ("classes", .list([
    .map(MapValue(fields: [("id", .string("1-1")), ("grade", .int(1)), ("students", .int(42))])),
    .map(MapValue(fields: [("id", .string("1-2")), ("grade", .int(1)), ("students", .int(56))])),
  ])),
  ("tags", .list([.string("a"), .string("b")])), ("nothing", .null),
]))
let bindings: [String: Value] = [
  "school": school,
  "params": .map(MapValue(fields: [("max", .int(45)), ("ratio", .double(0.5)), ("words", .list([.string("x")]))])),
  "as_of": Day(year: 2026, month: 3, day: 2).map(Value.date) ?? .null,
]
let typed = TypeEnvironment(variables: [
  "school": .map(.string, .dyn), "params": .map(.string, .dyn), "as_of": .date,
])
let dynamic = TypeEnvironment(variables: bindings.mapValues { _ in .dyn })

/// One input: an expression's text. Parsed, checked in both environments,
/// and evaluated when `dudao eval` would evaluate it.
func fuzz(_ bytes: [UInt8]) {
  guard let source = String(validating: bytes, as: UTF8.self),
    let ast = try? Parser.parse(source)
  else { return }
  _ = Checker.check(ast, in: typed)
  guard Checker.check(ast, in: dynamic).errors.isEmpty else { return }
  _ = Program(ast).evaluate(Activation(bindings))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpr(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
