extension Compiler {
  /// A comprehension macro over a list (its elements) or a map (its keys).
  ///
  /// `all`/`exists` combine the element results like `&&`/`||`: a deciding
  /// element (false / true) absorbs errors and unknowns of the others. The
  /// other macros are strict: any unknown element makes the result unknown
  /// (paths merged), else the first error wins.
  mutating func comprehension(_ c: Comprehension, focus: Span) -> Eval {
    let range = compile(c.range)
    let slot = scopes.count
    slotCount = max(slotCount, slot + 1)
    // Elements of data are data: fields absent below them are unknown.
    let isData = isData(c.range) || isFilterOverData(c.range)
    let origin: PathRenderer? = Self.pathRenderer(dataChain(c.range))
    scopes.append(Scope(name: c.variable, slot: slot, isData: isData))
    let predicate = c.predicate.map { compile($0) }
    let transform = c.transform.map { compile($0) }
    scopes.removeLast()
    let kind = c.kind
    let macro = kind.rawValue

    return { f throws(Interrupt) in
      let items: [Value]
      var iteratesList = true
      switch try range(f) {
      case .list(let l): items = l
      case .map(let m):
        items = m.keys
        iteratesList = false
      case let v: throw .error(Fault.notIterable(macro, v.typeName).at(focus))
      }
      f.origins[slot] = iteratesList ? origin : nil

      var failures = Interrupt.Collector()
      var trueCount: Int64 = 0
      var results: [Value] = []
      for (n, item) in items.enumerated() {
        try f.charge(1, at: focus)
        f.locals[slot] = item
        f.indices[slot] = n
        do throws(Interrupt) {
          var keep = true
          if let predicate {
            switch try predicate(f) {
            case .bool(let b): keep = b
            case let v:
              failures.add(Fault.notBool(("\(macro)() 的条件", "the condition of \(macro)()"), v.typeName).at(focus))
              continue
            }
          }
          switch kind {
          case .all: if !keep { return .bool(false) }
          case .exists: if keep { return .bool(true) }
          case .existsOne, .count: if keep { trueCount += 1 }
          case .filter: if keep { results.append(item) }
          case .map: if keep, let transform { results.append(try transform(f)) }
          }
        } catch {
          if let abort = failures.add(error) { throw abort }
        }
      }
      if let failure = failures.result { throw failure }
      switch kind {
      case .all: return .bool(true)
      case .exists: return .bool(false)
      case .existsOne: return .bool(trueCount == 1)
      case .count: return .int(trueCount)
      case .filter, .map: return .list(results)
      }
    }
  }

  private static func pathRenderer(_ chain: DataChain?) -> PathRenderer? {
    guard let chain else { return nil }
    return { f in chain.path(f) }
  }

  /// `data.filter(x, p)` keeps elements of data.
  private func isFilterOverData(_ e: Expr) -> Bool {
    guard case .comprehension(let c) = e.kind, c.kind == .filter else { return false }
    return isData(c.range) || isFilterOverData(c.range)
  }
}
