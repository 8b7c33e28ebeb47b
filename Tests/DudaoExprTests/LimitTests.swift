import Foundation
import Testing

@testable import DudaoExpr

/// Nesting and length limits: always an error, never a stack overflow.
/// A generated source with a short name for the test report.
struct Generated: Sendable, CustomTestStringConvertible {
  var name: String
  var source: String
  init(_ name: String, _ source: String) {
    self.name = name
    self.source = source
  }
  var testDescription: String { name }
}

@Test(arguments: [
  Generated("100,000 (", String(repeating: "(", count: 100_000)),
  Generated("100,000 ( 1 )", String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)),
  Generated("60 [", String(repeating: "[", count: 60) + String(repeating: "]", count: 60)),
  Generated("60 !", String(repeating: "!", count: 60) + "true"),
  Generated("60 -", String(repeating: "-", count: 60) + "1"),
  Generated("60 .b", "a" + String(repeating: ".b", count: 60)),
  Generated("60 [0]", "a" + String(repeating: "[0]", count: 60)),
  Generated("60 +", (1...60).map { _ in "1" }.joined(separator: " + ")),
  Generated("60 f(", String(repeating: "f(", count: 60) + String(repeating: ")", count: 60)),
  Generated("60 {", String(repeating: "{1: ", count: 60) + "1" + String(repeating: "}", count: 60)),
  Generated("60 ?:", String(repeating: "true ? 1 : ", count: 60) + "0"),
])
func tooDeep(_ g: Generated) {
  let source = g.source
  var limits = ExprLimits()
  limits.maxLength = 1_000_000
  do {
    _ = try Parser.parse(source, limits: limits)
    Issue.record("parsed without error")
  } catch {
    #expect(error.code == "expr.too-deep")
    #expect(error.message.en == "expression is nested too deeply (the limit is 48 levels)")
  }
}

@Test func hundredThousandParenthesesUnderDefaultLimits() {
  // The depth error comes first: the parser reads no further than it must.
  do {
    _ = try Parser.parse(String(repeating: "(", count: 100_000))
    Issue.record("parsed without error")
  } catch {
    #expect(error.code == "expr.too-deep")
    #expect(error.offset == 48)
  }
}

@Test(arguments: [
  Generated("5000 terms of +", (1...5000).map { _ in "1" }.joined(separator: "+")),
  Generated("a string of 10,000 characters", "'" + String(repeating: "x", count: 10_000) + "'"),
  Generated("trailing spaces", "1 + 1" + String(repeating: " ", count: 10_000)),
  Generated("a name of 100,000 letters", String(repeating: "a", count: 100_000)),
])
func tooLong(_ g: Generated) {
  let source = g.source
  var limits = ExprLimits()
  limits.maxDepth = 10_000
  do {
    _ = try Parser.parse(source, limits: limits)
    Issue.record("parsed without error")
  } catch {
    #expect(error.code == "expr.too-long")
    #expect(error.message.en == "expression is too long (\(source.unicodeScalars.count) characters; the limit is 8192)")
    #expect(error.offset == 8192)
  }
}

@Test func nestingWithinTheLimitParses() throws {
  _ = try Parser.parse(String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40))
  // cel-spec asks for at least 32 terms of || and 24 of + in a row.
  _ = try Parser.parse((1...32).map { "x\($0)" }.joined(separator: " || "))
  _ = try Parser.parse((1...200).map { "x\($0)" }.joined(separator: " && "))
  _ = try Parser.parse((1...25).map { String($0) }.joined(separator: " + "))
  _ = try Parser.parse("a" + String(repeating: ".b", count: 12) + String(repeating: "[0]", count: 12))
}

@Test func longLogicalChainsEvaluate() {
  let source = (1...200).map { "\($0) > 0" }.joined(separator: " && ")
  #expect(evalToJSON(source) == "true")
}

@Test func lengthCountsScalars() throws {
  var limits = ExprLimits()
  limits.maxLength = 4
  _ = try Parser.parse("'中文'", limits: limits)
  #expect(throws: ExprError.self) { try Parser.parse("'中文字'", limits: limits) }
}

@Test func evaluationCostIsBounded() throws {
  var limits = ExprLimits()
  limits.maxEvalCost = 10_000
  let ast = try Parser.parse("l.all(x, l.all(y, l.all(z, x + y + z >= 0)))", limits: limits)
  let list = Value.list((0..<100).map { .int($0) })
  guard case .error(let e) = Program(ast).evaluate(Activation(["l": list])) else {
    Issue.record("expected an error")
    return
  }
  #expect(e.code == "expr.cost-limit")
  #expect(e.message.en == "evaluation stopped: too much work (the limit is 10000 steps)")
}

@Test func costLimitIsNotAbsorbed() throws {
  var limits = ExprLimits()
  limits.maxEvalCost = 100
  let ast = try Parser.parse("false || l.exists(x, x < 0)", limits: limits)
  let list = Value.list((0..<1000).map { .int($0) })
  guard case .error(let e) = Program(ast).evaluate(Activation(["l": list])) else {
    Issue.record("expected an error")
    return
  }
  #expect(e.code == "expr.cost-limit")
}

/// The deepest accepted expression parses, checks and evaluates on a thread
/// with a small stack. Measured: release builds need under 200 KiB, debug
/// builds about 500 KiB; 1 MiB leaves a margin for other compilers.
@Test func deepestExpressionFitsASmallStack() async {
  let depth = ExprLimits().maxDepth
  let sources = [
    String(repeating: "(", count: depth - 1) + "1" + String(repeating: ")", count: depth - 1),
    String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1),
    (1...depth).map { _ in "1" }.joined(separator: " + "),
    String(repeating: "-", count: depth - 1) + "x",
    "x" + String(repeating: "[0]", count: depth - 1),
    "[[[[1]]]].all(a, a.all(b, b.all(c, c.all(d, d > 0))))",
  ]
  let ok = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
    let thread = Thread {
      var fine = true
      for s in sources {
        guard let ast = try? Parser.parse(s) else {
          fine = false
          continue
        }
        // Any outcome will do: the point is not to overflow the stack.
        _ = Checker.check(ast, in: TypeEnvironment(variables: ["x": .dyn]))
        _ = Program(ast).evaluate(Activation(["x": .int(1)]))
      }
      done.resume(returning: fine)
    }
    thread.stackSize = 1024 * 1024
    thread.start()
  }
  #expect(ok)
}
