import DudaoRules

/// The data fields a pack's enabled rules read, found by scanning their
/// expressions (`when`, `for_each`, `check`, `observed`, `requirement`,
/// `message`) for field paths below `school`, `schools`, the `for_each`
/// element and macro variables (`school.staff.exists(s, … s.subjects)`).
///
/// A textual scan: it follows `a.b.c` chains through the data dictionary and
/// stops at anything else (indexing, function results), so a field reached
/// only through `m['key']` is not seen. Paths are relative to `school`
/// (`["schedule", "daily_pe_minutes"]`, `["classes", "grade"]`), with every
/// prefix included.
public struct TemplateFields: Sendable {
  /// Every school-relative path read, prefixes included.
  public var paths: Set<[String]>

  /// The fields read by the enabled rules of `pack` (after overlays).
  public init(pack: RulePack) {
    var paths = Set<[String]>()
    for rule in pack.enabledRules {
      var scanner = Scanner(dictionary: pack.dictionary)
      scanner.bind(rule.scope == .district ? "schools" : "school", to: Binding(path: [], isList: rule.scope == .district))
      if let when = rule.when { scanner.scan(when.text) }
      if let fe = rule.forEach {
        let found = scanner.scan(fe.expr.text)
        // The element is that of the first list the expression reads
        // (`school.classes.filter(c, …)` iterates classes).
        if let list = found.first(where: \.isList) { scanner.bind(fe.name, to: Binding(path: list.path, isList: false)) }
      }
      scanner.scan(rule.check.text)
      if let o = rule.observed { scanner.scan(o.text) }
      for t in (rule.message?.all ?? []) + (rule.requirement?.all ?? []) {
        for e in t.expressions { scanner.scan(e.text) }
      }
      paths.formUnion(scanner.paths)
    }
    self.paths = paths
  }

  public func contains(_ path: [String]) -> Bool { paths.contains(path) }
}

extension TemplateFields {
  /// Where a variable points: a school-relative path, a list or one element.
  struct Binding {
    var path: [String]
    var isList: Bool
  }

  /// Lexical scan of one expression at a time; variables persist across
  /// the expressions of a rule (the `for_each` name).
  struct Scanner {
    let dictionary: DataDictionary
    var bindings: [String: Binding] = [:]
    var paths = Set<[String]>()

    static let macros: Set<String> = ["all", "exists", "exists_one", "filter", "map", "count"]

    init(dictionary: DataDictionary) { self.dictionary = dictionary }

    mutating func bind(_ name: String, to b: Binding) { bindings[name] = b }

    enum Token: Equatable {
      case ident(String)
      case dot, open, comma, other
    }

    /// Scans one expression; returns the chains it resolved, in order.
    @discardableResult
    mutating func scan(_ text: String) -> [Binding] {
      let tokens = Self.tokens(text)
      var resolved: [Binding] = []
      var i = 0
      while i < tokens.count {
        // A chain starts at an identifier not preceded by a dot.
        guard case .ident(let root) = tokens[i], i == 0 || tokens[i - 1] != .dot else { i += 1; continue }
        var names = [root]
        var j = i + 1
        while j + 1 < tokens.count, tokens[j] == .dot, case .ident(let n) = tokens[j + 1] {
          names.append(n)
          j += 2
        }
        let isCall = j < tokens.count && tokens[j] == .open
        let function = isCall && names.count > 1 ? names.removeLast() : nil
        if let start = bindings[root], !(isCall && names.count == 1 && function == nil) {
          var current = start
          for name in names.dropFirst() {
            guard let f = dictionary.field(current.path + [name], in: "school") else { break }
            current.path.append(name)
            paths.insert(current.path)
            if case .list = f.type { current.isList = true } else { current.isList = false }
          }
          resolved.append(current)
          // `list.exists(x, …)`: bind x to one element of the list.
          if let function, Self.macros.contains(function), current.isList,
            j + 2 < tokens.count, case .ident(let variable) = tokens[j + 1], tokens[j + 2] == .comma
          {
            bindings[variable] = Binding(path: current.path, isList: false)
          }
        }
        i = j
      }
      return resolved
    }

    /// Identifiers, dots, parentheses and commas; string literals skipped.
    static func tokens(_ text: String) -> [Token] {
      var out: [Token] = []
      let s = Array(text.unicodeScalars)
      var i = 0
      while i < s.count {
        let c = s[i]
        if c == "'" || c == "\"" {
          i += 1
          while i < s.count, s[i] != c { i += s[i] == "\\" ? 2 : 1 }
          i += 1
          out.append(.other)
          continue
        }
        if c == "_" || c.properties.isAlphabetic {
          var name = String.UnicodeScalarView()
          while i < s.count, s[i] == "_" || s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) {
            name.append(s[i])
            i += 1
          }
          out.append(.ident(String(name)))
          continue
        }
        if ("0"..."9").contains(c) {
          // A number, including `1.5` and `2e3`: never part of a chain.
          while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "u" { i += 1 }
          out.append(.other)
          continue
        }
        switch c {
        case ".": out.append(.dot)
        case "(": out.append(.open)
        case ",": out.append(.comma)
        case " ", "\t", "\n", "\r": break
        default: out.append(.other)
        }
        i += 1
      }
      return out
    }
  }
}
