extension Compiler {
  /// A function call: resolved to its body now; a call that cannot work
  /// (unknown function, wrong arity or call style) compiles to its error.
  mutating func call(_ name: String, target: Expr?, args: [Expr], focus: Span) -> Eval {
    guard let function = FunctionLibrary.functions[name] else {
      let suggestion = Suggestion.closest(to: name, in: FunctionLibrary.names)
      return Self.failing(Fault.unknownFunction(name, suggestion: suggestion).at(focus))
    }
    switch (function.style, target) {
    case (.global, .some): return Self.failing(Fault.notReceiver(name).at(focus))
    case (.receiver, nil): return Self.failing(Fault.onlyReceiver(name).at(focus))
    default: break
    }
    let operands = (target.map { [$0] } ?? []) + args
    guard function.arity.contains(operands.count) else {
      return Self.failing(Fault.arity(name, usage: function.usage).at(focus))
    }
    if name == "matches", case .literal(.string(let pattern)) = operands[1].kind {
      return matches(compile(operands[0]), pattern: pattern, patternFocus: operands[1].focus, focus: focus)
    }
    let evals = operands.map { compile($0) }
    let scans = function.scansLists
    switch function.body {
    case .unary(let body):
      let x = evals[0]
      return { f throws(Interrupt) in
        let a = try x(f)
        if scans, case .list(let items) = a { try f.charge(items.count, at: focus) }
        do throws(Fault) { return try body(a) } catch { throw .error(error.at(focus)) }
      }
    case .binary(let body):
      let (x, y) = (evals[0], evals[1])
      return { f throws(Interrupt) in
        let (a, b) = try Self.evaluatePair(x, y, f)
        do throws(Fault) { return try body(a, b) } catch { throw .error(error.at(focus)) }
      }
    case .variadic(let body):
      return { f throws(Interrupt) in
        let values = try Self.evaluateAll(evals, f)
        if scans {
          for case .list(let items) in values { try f.charge(items.count, at: focus) }
        }
        do throws(Fault) { return try body(values) } catch { throw .error(error.at(focus)) }
      }
    }
  }

  /// `s.matches('constant')`: the pattern is compiled once, here.
  private func matches(_ subject: @escaping Eval, pattern: String, patternFocus: Span, focus: Span) -> Eval {
    let regex: Regex
    do { regex = try Regex.compile(pattern) } catch { return Self.failing(error.at(patternFocus)) }
    return { f throws(Interrupt) in
      let v = try subject(f)
      guard case .string(let text) = v else {
        throw .error(Fault.argumentTypes("matches", [v.typeName, "string"], usage: "s.matches(pattern)").at(focus))
      }
      try f.charge(text.utf8.count / 16, at: focus)
      do throws(Fault) { return .bool(try regex.matches(text)) } catch { throw .error(error.at(focus)) }
    }
  }

  static func failing(_ error: ExprError) -> Eval {
    { _ throws(Interrupt) in throw .error(error) }
  }

  /// `has(e.f)`.
  mutating func has(_ selection: Expr, focus: Span) -> Eval {
    guard case .select(let operandExpr, let field) = selection.kind else {
      return Self.failing(Fault.hasArgument.at(focus))
    }
    let fieldFocus = selection.focus
    if let chain = dataChain(operandExpr) {
      return { f throws(Interrupt) in .bool(try chain.has(field, focus: fieldFocus, f)) }
    }
    let operand = compile(operandExpr)
    return { f throws(Interrupt) in
      switch try operand(f) {
      case .map(let m): return .bool(m[field: field] != nil)
      case let v: throw .error(Fault.noFields(field, on: v.typeName).at(fieldFocus))
      }
    }
  }
}
