/// One lexical element of an expression, with its place in the source.
struct Token: Sendable {
  enum Kind: Equatable, Sendable {
    /// Integer literal without sign; the parser checks the int range, as
    /// `-9223372036854775808` is legal only with its minus.
    case int(UInt64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case ident(String)
    case `true`, `false`, null, `in`
    case lParen, rParen, lBracket, rBracket, lBrace, rBrace
    case dot, comma, colon, question
    case plus, minus, star, slash, percent, bang
    case eq, ne, lt, le, gt, ge, and, or
    case eof
  }

  var kind: Kind
  var offset: Int
  var length: Int

  var span: Span { Span(offset: offset, length: length) }
}

extension Token.Kind {
  /// How the token is written, for messages.
  var text: String {
    switch self {
    case .int(let v): String(v)
    case .uint(let v): "\(v)u"
    case .double(let v): String(v)
    case .string: "string"
    case .ident(let s): s
    case .true: "true"
    case .false: "false"
    case .null: "null"
    case .in: "in"
    case .lParen: "("
    case .rParen: ")"
    case .lBracket: "["
    case .rBracket: "]"
    case .lBrace: "{"
    case .rBrace: "}"
    case .dot: "."
    case .comma: ","
    case .colon: ":"
    case .question: "?"
    case .plus: "+"
    case .minus: "-"
    case .star: "*"
    case .slash: "/"
    case .percent: "%"
    case .bang: "!"
    case .eq: "=="
    case .ne: "!="
    case .lt: "<"
    case .le: "<="
    case .gt: ">"
    case .ge: ">="
    case .and: "&&"
    case .or: "||"
    case .eof: "end of expression"
    }
  }
}
