extension AST {
  /// Splits an expression over a list variable into per-element parts, so
  /// that a district rule can run over any number of schools while keeping
  /// one small value per school instead of the schools themselves.
  ///
  /// Every `name.map(v, E)` becomes a variable (named in `parts` by the
  /// map's source text, so equal maps in several expressions share one);
  /// the map itself is returned as its own AST, to be evaluated on
  /// one-element lists. Returns nil when `name` is read any other way
  /// (`size(schools)`, `schools[0]`, `schools.filter(…)`): then the whole
  /// list is needed.
  package func projecting(_ name: String, parts: inout [(source: String, variable: String, ast: AST)]) -> AST? {
    /// `schools.filter(s, P)` with P reading one school only: its comprehension.
    func filtered(_ x: Expr) -> Comprehension? {
      guard case .comprehension(let f) = x.kind, f.kind == .filter, case .ident(let n, _) = f.range.kind, n == name, f.variable != name,
        !mentions(f, name)
      else { return nil }
      return f
    }
    func part(_ e: Expr, key: String? = nil) -> String {
      let text = key ?? self.text(e.whole)
      if let p = parts.first(where: { $0.source == text }) { return p.variable }
      let variable = "\(name).map#\(parts.count)"
      parts.append((text, variable, AST(source: source, scalars: scalars, root: e, limits: limits)))
      return variable
    }
    func rewrite(_ e: Expr) -> Expr? {
      var out = e
      switch e.kind {
      case .literal:
        return e
      case .ident(let n, _):
        return n == name ? nil : e
      case .select(let x, let field):
        guard let x = rewrite(x) else { return nil }
        out.kind = .select(x, field: field)
      case .index(let x, let i):
        guard let x = rewrite(x), let i = rewrite(i) else { return nil }
        out.kind = .index(x, i)
      case .call(let f, let target, let args):
        // `size(schools.filter(s, P))`: the size of a part `schools.filter(s, P).map(s, true)`
        // (one small value per school kept, not the schools).
        if f == "size", let x = target == nil && args.count == 1 ? args[0] : (args.isEmpty ? target : nil), let c = filtered(x) {
          let yes = Expr(kind: .literal(.bool(true)), focus: x.focus, whole: x.whole, height: 1)
          let counted = Comprehension(kind: .map, range: x, variable: c.variable, variableSpan: c.variableSpan, predicate: nil, transform: yes)
          let mapped = Expr(kind: .comprehension(counted), focus: x.focus, whole: x.whole, height: x.height + 1)
          let v = Expr(kind: .ident(part(mapped, key: self.text(x.whole) + ".map(true)"), rooted: false), focus: x.focus, whole: x.whole, height: 1)
          out.kind = target == nil ? .call(f, target: nil, args: [v]) : .call(f, target: v, args: [])
          return out
        }
        var t: Expr?
        if let target {
          guard let r = rewrite(target) else { return nil }
          t = r
        }
        var a: [Expr] = []
        for arg in args {
          guard let r = rewrite(arg) else { return nil }
          a.append(r)
        }
        out.kind = .call(f, target: t, args: a)
      case .list(let items):
        var a: [Expr] = []
        for item in items {
          guard let r = rewrite(item) else { return nil }
          a.append(r)
        }
        out.kind = .list(a)
      case .map(let entries):
        var a: [(key: Expr, value: Expr)] = []
        for entry in entries {
          guard let k = rewrite(entry.key), let v = rewrite(entry.value) else { return nil }
          a.append((k, v))
        }
        out.kind = .map(a)
      case .unary(let op, let x):
        guard let x = rewrite(x) else { return nil }
        out.kind = .unary(op, x)
      case .binary(let op, let l, let r):
        guard let l = rewrite(l), let r = rewrite(r) else { return nil }
        out.kind = .binary(op, l, r)
      case .conditional(let c, let t, let o):
        guard let c = rewrite(c), let t = rewrite(t), let o = rewrite(o) else { return nil }
        out.kind = .conditional(c, t, o)
      case .has(let x):
        guard let x = rewrite(x) else { return nil }
        out.kind = .has(x)
      case .comprehension(let c):
        if c.kind == .map, case .ident(let n, _) = c.range.kind, n == name, c.variable != name, !mentions(c, name) {
          return Expr(kind: .ident(part(e), rooted: false), focus: e.focus, whole: e.whole, height: 1)
        }
        // `schools.filter(s, P).map(t, E)`: per school `P ? [E] : []`, so also a part.
        if c.kind == .map, c.variable != name, !mentions(c, name), filtered(c.range) != nil {
          return Expr(kind: .ident(part(e), rooted: false), focus: e.focus, whole: e.whole, height: 1)
        }
        // A macro variable shadowing `name` would make the rewrite wrong.
        guard c.variable != name, let range = rewrite(c.range) else { return nil }
        var r = c
        r.range = range
        if let p = c.predicate {
          guard let x = rewrite(p) else { return nil }
          r.predicate = x
        }
        if let t = c.transform {
          guard let x = rewrite(t) else { return nil }
          r.transform = x
        }
        out.kind = .comprehension(r)
      }
      return out
    }
    guard let root = rewrite(root) else { return nil }
    return AST(source: source, scalars: scalars, root: root, limits: limits)
  }

  /// For a part `name.filter(s, P).map(t, E)`: the filter alone. Over a
  /// whole list the filter runs to its end before the map starts, so a
  /// failure of `P` on any element wins over every failure of `E`; a
  /// district formed from per-school parts needs to tell the two apart.
  package var partFilter: AST? {
    guard case .comprehension(let c) = root.kind, c.kind == .map, case .comprehension(let f) = c.range.kind, f.kind == .filter else {
      return nil
    }
    return AST(source: source, scalars: scalars, root: c.range, limits: limits)
  }

  /// Whether the predicate or transform of `c` reads `name` (the list as a
  /// whole inside its own map: not per element).
  private func mentions(_ c: Comprehension, _ name: String) -> Bool {
    func walk(_ e: Expr) -> Bool {
      switch e.kind {
      case .literal: return false
      case .ident(let n, _): return n == name
      case .select(let x, _), .unary(_, let x), .has(let x): return walk(x)
      case .index(let x, let i): return walk(x) || walk(i)
      case .call(_, let t, let args): return (t.map(walk) ?? false) || args.contains(where: walk)
      case .list(let items): return items.contains(where: walk)
      case .map(let entries): return entries.contains { walk($0.key) || walk($0.value) }
      case .binary(_, let l, let r): return walk(l) || walk(r)
      case .conditional(let a, let b, let d): return walk(a) || walk(b) || walk(d)
      case .comprehension(let k): return walk(k.range) || (k.predicate.map(walk) ?? false) || (k.transform.map(walk) ?? false)
      }
    }
    return (c.predicate.map(walk) ?? false) || (c.transform.map(walk) ?? false)
  }
}
