import DudaoDiagnostics

/// cel-spec standard functions: size, the string tests, matches, the type
/// conversions, type() and dyn(); plus the date and time accessors.
enum StandardFunctions {
  static let all: [Function] = [
    Function(
      name: "size", style: .either, arity: 1...1, usage: "size(x) — x a string, list or map",
      check: { t in
        switch t[0] {
        case .string, .enumeration, .list, .map, .object, .dyn: .int
        default: nil
        }
      },
      body: .unary { v throws(Fault) in
        switch v {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .list(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: throw .argumentTypes("size", [v.typeName], usage: "size(x) — x a string, list or map")
        }
      }),
    stringTest("contains") { a, b in b.isEmpty || Array(a.utf8).firstRange(of: Array(b.utf8)) != nil },
    stringTest("startsWith") { a, b in a.utf8.starts(with: b.utf8) },
    stringTest("endsWith") { a, b in a.utf8.count >= b.utf8.count && a.utf8.suffix(b.utf8.count).elementsEqual(b.utf8) },
    Function(
      name: "matches", style: .either, arity: 2...2, usage: "s.matches(pattern) — RE2 syntax",
      check: { t in t[0].isAssignable(to: .string) && t[1].isAssignable(to: .string) ? .bool : nil },
      body: .binary { s, p throws(Fault) in
        guard case .string(let text) = s, case .string(let pattern) = p else {
          throw .argumentTypes("matches", [s.typeName, p.typeName], usage: "s.matches(pattern)")
        }
        return .bool(try Regex.compile(pattern).matches(text))
      }),
    conversion("int", accepts: [.int, .uint, .double, .string], result: .int, toInt),
    conversion("uint", accepts: [.int, .uint, .double, .string], result: .uint, toUint),
    conversion("double", accepts: [.int, .uint, .double, .string], result: .double, toDouble),
    conversion(
      "string", accepts: [.string, .bool, .int, .uint, .double, .date, .time, .type], result: .string, toString),
    conversion("bool", accepts: [.bool, .string], result: .bool, toBool),
    conversion("date", accepts: [.date, .string], result: .date, toDate),
    conversion("time", accepts: [.time, .string], result: .time, toTime),
    Function(
      name: "type", style: .global, arity: 1...1, usage: "type(x)", check: { _ in .type },
      body: .unary { v in .type(v.typeName) }),
    Function(
      name: "dyn", style: .global, arity: 1...1, usage: "dyn(x)", check: { _ in .dyn },
      body: .unary { v in v }),
    dateAccessor("year") { $0.year },
    dateAccessor("month") { $0.month },
    dateAccessor("day") { $0.day },
    dateAccessor("weekday") { $0.weekday },
    timeAccessor("hour") { $0.hour },
    timeAccessor("minute") { $0.minute },
  ]

  private static func stringTest(_ name: String, _ test: @escaping @Sendable (String, String) -> Bool) -> Function {
    let usage = "s.\(name)(t) — s and t strings"
    return Function(
      name: name, style: .receiver, arity: 2...2, usage: usage,
      check: { t in t[0].isAssignable(to: .string) && t[1].isAssignable(to: .string) ? .bool : nil },
      body: .binary { a, b throws(Fault) in
        guard case .string(let x) = a, case .string(let y) = b else {
          throw .argumentTypes(name, [a.typeName, b.typeName], usage: usage)
        }
        return .bool(test(x, y))
      })
  }

  private static func conversion(
    _ name: String, accepts: [CELType], result: CELType,
    _ convert: @escaping @Sendable (Value) throws(Fault) -> Value
  ) -> Function {
    Function(
      name: name, style: .global, arity: 1...1,
      usage: "\(name)(x) — x " + accepts.map(\.description).joined(separator: ", "),
      check: { t in accepts.contains { t[0].isAssignable(to: $0) } ? result : nil },
      body: .unary(convert))
  }

  private static func dateAccessor(_ name: String, _ get: @escaping @Sendable (Day) -> Int) -> Function {
    Function(
      name: name, style: .receiver, arity: 1...1, usage: "d.\(name)() — d a date",
      check: { t in t[0].isAssignable(to: .date) ? .int : nil },
      body: .unary { v throws(Fault) in
        guard case .date(let d) = v else { throw .argumentTypes(name, [v.typeName], usage: "d.\(name)() — d a date") }
        return .int(Int64(get(d)))
      })
  }

  private static func timeAccessor(_ name: String, _ get: @escaping @Sendable (TimeOfDay) -> Int) -> Function {
    Function(
      name: name, style: .receiver, arity: 1...1, usage: "t.\(name)() — t a time",
      check: { t in t[0].isAssignable(to: .time) ? .int : nil },
      body: .unary { v throws(Fault) in
        guard case .time(let t) = v else { throw .argumentTypes(name, [v.typeName], usage: "t.\(name)() — t a time") }
        return .int(Int64(get(t)))
      })
  }

  // MARK: Conversions (cel-spec "Types and Conversions")

  static func toInt(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .int: return v
    case .uint(let u):
      guard u <= UInt64(Int64.max) else { throw .outOfRange(v.literalText, "int") }
      return .int(Int64(u))
    case .double(let d):
      // cel-spec: limited to (minInt, maxInt), exclusive; rounds toward zero.
      guard d > -9.223372036854775808e18, d < 9.223372036854775808e18 else {
        throw .outOfRange(DoubleFormat.go(d), "int")
      }
      return .int(Int64(d.rounded(.towardZero)))
    case .string(let s):
      guard let i = Int64(s) else { throw .cannotConvert(v.literalText, to: "int") }
      return .int(i)
    default: throw .argumentTypes("int", [v.typeName], usage: "int(x) — x int, uint, double, string")
    }
  }

  static func toUint(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .uint: return v
    case .int(let i):
      guard i >= 0 else { throw .outOfRange(String(i), "uint") }
      return .uint(UInt64(i))
    case .double(let d):
      guard d >= 0, d < 1.8446744073709551616e19 else { throw .outOfRange(DoubleFormat.go(d), "uint") }
      return .uint(UInt64(d.rounded(.towardZero)))
    case .string(let s):
      guard let u = UInt64(s) else { throw .cannotConvert(v.literalText, to: "uint") }
      return .uint(u)
    default: throw .argumentTypes("uint", [v.typeName], usage: "uint(x) — x int, uint, double, string")
    }
  }

  static func toDouble(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .double: return v
    case .int(let i): return .double(Double(i))
    case .uint(let u): return .double(Double(u))
    case .string(let s):
      guard let d = Double(s) else { throw .cannotConvert(v.literalText, to: "double") }
      return .double(d)
    default: throw .argumentTypes("double", [v.typeName], usage: "double(x) — x int, uint, double, string")
    }
  }

  static func toString(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .string: return v
    case .bool(let b): return .string(b ? "true" : "false")
    case .int(let i): return .string(String(i))
    case .uint(let u): return .string(String(u))
    case .double(let d): return .string(DoubleFormat.go(d))
    case .date(let d): return .string(d.description)
    case .time(let t): return .string(t.description)
    case .type(let t): return .string(t)
    default: throw .argumentTypes("string", [v.typeName], usage: "string(x) — x a string, bool, number, date or time")
    }
  }

  static func toBool(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .bool: return v
    case .string(let s):
      // As cel-go (Go's strconv.ParseBool).
      switch s {
      case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
      case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
      default: throw .cannotConvert(v.literalText, to: "bool")
      }
    default: throw .argumentTypes("bool", [v.typeName], usage: "bool(x) — x a bool or string")
    }
  }

  static func toDate(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .date: return v
    case .string(let s):
      guard let d = Day(iso: s) else { throw .invalidDate(s) }
      return .date(d)
    default: throw .argumentTypes("date", [v.typeName], usage: "date('YYYY-MM-DD')")
    }
  }

  static func toTime(_ v: Value) throws(Fault) -> Value {
    switch v {
    case .time: return v
    case .string(let s):
      guard let t = TimeOfDay(text: s) else { throw .invalidTime(s) }
      return .time(t)
    default: throw .argumentTypes("time", [v.typeName], usage: "time('HH:MM')")
    }
  }
}
