/// An attribute chain rooted at a variable holding input data, such as
/// `school.schedule.daily_pe_minutes` or `school.classes[2].students`.
///
/// A key absent from the data, or holding `null`, makes the result
/// `unknown` with the textual path of the whole chain, instead of the CEL
/// error `no such key`: missing data is not a rule bug, and `key:` left
/// empty in YAML means "not filled in".
struct DataChain: Sendable {
  enum Root: Sendable {
    case global(slot: Int, name: String, focus: Span)
    case local(slot: Int, name: String)
  }

  enum Step: Sendable {
    case field(String, focus: Span)
    /// The index expression and its source text (for paths if it fails).
    case index(Eval, text: String, focus: Span)
  }

  var root: Root
  var steps: [Step]

  func evaluator() -> Eval {
    let chain = self
    return { f throws(Interrupt) in try chain.evaluate(f) }
  }

  func evaluate(_ f: Frame) throws(Interrupt) -> Value {
    var v = try rootValue(f)
    for step in steps {
      switch step {
      case .field(let name, let focus):
        switch v {
        case .map(let m):
          guard let next = m[field: name], next != .null else { throw .unknown([path(f)]) }
          v = next
        case .null: throw .unknown([path(f)])
        default: throw .error(Fault.noFields(name, on: v.typeName).at(focus))
        }
      case .index(let e, _, let focus):
        let i = try e(f)
        switch v {
        case .list(let items):
          do throws(Fault) { v = try Compiler.element(items, i) } catch { throw .error(error.at(focus)) }
          if v == .null { throw .unknown([path(f)]) }
        case .map(let m):
          guard let next = m[i], next != .null else { throw .unknown([path(f)]) }
          v = next
        case .null: throw .unknown([path(f)])
        default: throw .error(Fault.noOperator("[]", v.typeName, i.typeName).at(focus))
        }
      }
    }
    return v
  }

  /// `has(chain.field)`: false when the field or anything on the way to it
  /// is absent or `null` (a deviation from CEL, which errs on an absent
  /// intermediate), so that `has(school.schedule.daily_pe_minutes)` guards
  /// exactly what reading the chain needs.
  func has(_ field: String, focus: Span, _ f: Frame) throws(Interrupt) -> Bool {
    let v: Value
    do { v = try evaluate(f) } catch {
      switch error {
      case .unknown: return false
      case .error(let e) where e.code == "expr.index-out-of-range": return false
      default: throw error
      }
    }
    switch v {
    case .map(let m): return (m[field: field] ?? .null) != .null
    case .null: return false
    default: throw .error(Fault.noFields(field, on: v.typeName).at(focus))
    }
  }

  private func rootValue(_ f: Frame) throws(Interrupt) -> Value {
    switch root {
    case .local(let slot, _): return f.locals[slot]
    case .global(let slot, let name, let focus):
      guard let v = f.globals[slot] else { throw f.failures[slot] ?? .error(Fault.undeclared(name).at(focus)) }
      return v
    }
  }

  /// The textual path of the whole chain, e.g. `school.classes[2].students`;
  /// index expressions are evaluated again (they are pure).
  func path(_ f: Frame) -> String {
    var out: String
    switch root {
    case .global(_, let name, _): out = name
    case .local(let slot, let name):
      if let origin = f.origins[slot] {
        out = origin(f) + "[\(f.indices[slot])]"
      } else {
        out = name
      }
    }
    for step in steps {
      switch step {
      case .field(let name, _): out += "." + name
      case .index(let e, let text, _):
        switch try? e(f) {
        case .string(let s)? where Self.isIdentifier(s): out += "." + s
        case let v?: out += "[" + v.literalText + "]"
        case nil: out += "[" + text + "]"
        }
      }
    }
    return out
  }

  private static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
  }
}

extension Compiler {
  /// The chain `e` spells if it is rooted at a data variable (an activation
  /// variable, or a macro variable over data); nil otherwise. Zero steps is
  /// a bare variable.
  mutating func dataChain(_ e: Expr) -> DataChain? {
    guard isData(e) else { return nil }
    var steps: [DataChain.Step] = []
    var node = e
    while true {
      switch node.kind {
      case .select(let operand, let field):
        steps.append(.field(field, focus: node.focus))
        node = operand
      case .index(let operand, let index):
        steps.append(.index(compile(index), text: ast.text(index.whole), focus: node.focus))
        node = operand
      case .ident(let name, let rooted):
        if !rooted, let scope = local(name) {
          return DataChain(root: .local(slot: scope.slot, name: name), steps: steps.reversed())
        }
        return DataChain(root: .global(slot: globalSlot(name), name: name, focus: node.focus), steps: steps.reversed())
      default:
        return nil
      }
    }
  }

  /// Whether `e` is a chain of selections and indexes down to a data variable.
  func isData(_ e: Expr) -> Bool {
    switch e.kind {
    case .select(let operand, _), .index(let operand, _): return isData(operand)
    case .ident(let name, let rooted):
      if !rooted, let scope = local(name) { return scope.isData }
      return !Value.typeNames.contains(name)
    default: return false
    }
  }
}
