extension Value {
  /// The value written as an expression literal, for messages: `'abc'`,
  /// `1u`, `[1, 2]`, `date('2026-09-01')`.
  var literalText: String {
    switch self {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .int(let i): String(i)
    case .uint(let u): "\(u)u"
    case .double(let d): DoubleFormat.go(d)
    case .string(let s): "'" + s.flatMap { $0 == "\\" || $0 == "'" ? ["\\", $0] : [$0] } + "'"
    case .list(let items): "[" + items.map(\.literalText).joined(separator: ", ") + "]"
    case .map(let m): "{" + zip(m.keys, m.values).map { $0.literalText + ": " + $1.literalText }.joined(separator: ", ") + "}"
    case .date(let d): "date('\(d)')"
    case .time(let t): "time('\(t)')"
    case .type(let t): t
    }
  }

  /// A map key as it appears in messages and paths: strings bare.
  var keyText: String {
    if case .string(let s) = self { return s }
    return literalText
  }
}
