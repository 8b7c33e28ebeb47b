/// Which way a parameter bounds the data in a check: the basis of the
/// overlay rule "a local standard may tighten a national one, never loosen it".
public enum ParamBound: String, Sendable, Hashable {
  /// `x >= params.p` (or `x > params.p`): raising `p` tightens the rule.
  case floor
  /// `x <= params.p` (or `x < params.p`): lowering `p` tightens the rule.
  case ceiling
}

extension AST {
  /// The parameters that this expression compares data against, with the
  /// direction in which they bound it.
  ///
  /// A parameter counts when one side of `<`, `<=`, `>`, `>=` is
  /// `params.NAME` (possibly inside `int()`/`double()`/`uint()`/`time()`/`date()`, or as both
  /// branches of a conditional) and the other side reads data and no
  /// parameter of that form. A `!`
  /// flips the direction. A parameter used both ways, or only in other ways,
  /// is left out: the check cannot tell which way is tighter.
  public func parameterBounds(namespace: String = "params") -> [String: ParamBound] {
    var found: [String: Set<ParamBound>] = [:]
    func names(_ e: Expr) -> [String]? {
      switch e.kind {
      case .select(let base, let field):
        if case .ident(let r, _) = base.kind, r == namespace { return [field] }
        return nil
      case .call(let f, nil, let args) where ["int", "double", "uint", "time", "date"].contains(f) && args.count == 1:
        return names(args[0])
      case .conditional(_, let a, let b):
        guard let x = names(a), let y = names(b) else { return nil }
        return x + y
      default:
        return nil
      }
    }
    /// Whether `e` mentions anything but parameters and literals (the data it bounds).
    func readsData(_ e: Expr) -> Bool {
      switch e.kind {
      case .literal: return false
      case .ident(let name, _): return name != namespace
      case .select(let x, _), .unary(_, let x), .has(let x): return readsData(x)
      case .index(let a, let b): return readsData(a) || readsData(b)
      case .binary(_, let a, let b): return readsData(a) || readsData(b)
      case .conditional(let c, let a, let b): return readsData(c) || readsData(a) || readsData(b)
      case .call(let f, let target, let args):
        return f == "as_of" || (target.map(readsData) ?? false) || args.contains(where: readsData)
      case .list(let xs): return xs.contains(where: readsData)
      case .map(let kvs): return kvs.contains { readsData($0.key) || readsData($0.value) }
      case .comprehension: return true
      }
    }
    func walk(_ e: Expr, flipped: Bool) {
      switch e.kind {
      case .binary(let op, let l, let r):
        let bound: (onRight: ParamBound, onLeft: ParamBound)?
        switch op {
        case .greater, .greaterOrEqual: bound = (.floor, .ceiling)
        case .less, .lessOrEqual: bound = (.ceiling, .floor)
        default: bound = nil
        }
        if let bound {
          if let ps = names(r), names(l) == nil, readsData(l) {
            for p in ps { found[p, default: []].insert(flip(bound.onRight, flipped)) }
          } else if let ps = names(l), names(r) == nil, readsData(r) {
            for p in ps { found[p, default: []].insert(flip(bound.onLeft, flipped)) }
          }
        }
        walk(l, flipped: flipped)
        walk(r, flipped: flipped)
      case .unary(.not, let x): walk(x, flipped: !flipped)
      case .unary(_, let x), .select(let x, _), .has(let x): walk(x, flipped: flipped)
      case .index(let a, let b): walk(a, flipped: flipped); walk(b, flipped: flipped)
      case .call(_, let target, let args):
        if let target { walk(target, flipped: flipped) }
        for a in args { walk(a, flipped: flipped) }
      case .list(let xs): for x in xs { walk(x, flipped: flipped) }
      case .map(let kvs): for kv in kvs { walk(kv.key, flipped: flipped); walk(kv.value, flipped: flipped) }
      case .conditional(let c, let a, let b):
        walk(c, flipped: flipped); walk(a, flipped: flipped); walk(b, flipped: flipped)
      case .comprehension(let c):
        walk(c.range, flipped: flipped)
        if let p = c.predicate { walk(p, flipped: flipped) }
        if let t = c.transform { walk(t, flipped: flipped) }
      case .literal, .ident: break
      }
    }
    func flip(_ b: ParamBound, _ flipped: Bool) -> ParamBound { flipped ? (b == .floor ? .ceiling : .floor) : b }
    walk(root, flipped: false)
    return found.compactMapValues { $0.count == 1 ? $0.first : nil }
  }
}
