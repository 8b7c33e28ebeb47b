import DudaoDiagnostics

/// A YAML/JSON document tree whose every node carries the place it came from.
///
/// Aliases are already expanded (within `YAMLLimits.maxAliasExpansion`), merge
/// keys (`<<`) already applied, and duplicate keys already rejected by the
/// loader, so consumers see plain scalars, sequences and mappings.
public struct Node: Sendable, Hashable {
  public enum ScalarStyle: String, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  public struct Scalar: Sendable, Hashable {
    /// The scalar's text after YAML unescaping and folding.
    public var text: String
    public var style: ScalarStyle
    /// The explicit tag as written after resolution of `!!` (e.g. `tag:yaml.org,2002:str`), if any.
    public var tag: String?

    public init(text: String, style: ScalarStyle = .plain, tag: String? = nil) {
      self.text = text
      self.style = style
      self.tag = tag
    }
  }

  public struct Entry: Sendable, Hashable {
    public var key: Node
    public var value: Node
    public init(key: Node, value: Node) {
      self.key = key
      self.value = value
    }
  }

  public indirect enum Kind: Sendable, Hashable {
    case scalar(Scalar)
    case sequence([Node])
    case mapping([Entry])
  }

  public var kind: Kind
  /// Where the node's content starts (after its anchor and tag), 1-based.
  public var location: SourceLocation

  public init(_ kind: Kind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
  }
}

extension Node {
  public var scalar: Scalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  /// The scalar's text, whatever its style; nil for collections.
  public var text: String? { scalar?.text }

  public var sequence: [Node]? {
    if case .sequence(let items) = kind { return items }
    return nil
  }

  public var entries: [Entry]? {
    if case .mapping(let entries) = kind { return entries }
    return nil
  }

  /// The value under a string key of a mapping (keys compared by scalar text).
  public subscript(key: String) -> Node? {
    guard case .mapping(let entries) = kind else { return nil }
    return entries.first { $0.key.scalar?.text == key }?.value
  }

  /// Whether the node is a plain scalar without tag (YAML 1.2 core-schema resolution applies).
  public var isPlainScalar: Bool {
    if case .scalar(let s) = kind { return s.style == .plain && s.tag == nil }
    return false
  }

  /// `null`, `Null`, `NULL`, `~` or empty, as a plain scalar (or tagged `!!null`).
  public var isNull: Bool {
    guard let s = scalar else { return false }
    if s.tag == "tag:yaml.org,2002:null" { return true }
    guard s.style == .plain, s.tag == nil else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.text)
  }

  /// YAML 1.2 core schema booleans (`true`/`false` in three casings) for plain scalars.
  public var bool: Bool? {
    guard let s = scalar, s.style == .plain else { return nil }
    switch s.text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// A plain scalar that is a YAML 1.2 core-schema integer (decimal, `0x`, `0o`) within Int64.
  public var int: Int64? {
    guard let s = scalar, s.style == .plain else { return nil }
    return Self.parseInt(s.text)
  }

  /// A plain scalar that is a number (int or float, `.inf`, `.nan` per YAML 1.2 core schema).
  public var double: Double? {
    guard let s = scalar, s.style == .plain else { return nil }
    if let i = Self.parseInt(s.text) { return Double(i) }
    switch s.text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
    case "-.inf", "-.Inf", "-.INF": return -.infinity
    case ".nan", ".NaN", ".NAN": return .nan
    default: break
    }
    let t = s.text
    guard !t.isEmpty, t.allSatisfy({ "0123456789+-.eE".contains($0) }),
      t.contains(where: \.isNumber)
    else { return nil }
    return Double(t)
  }

  static func parseInt(_ t: String) -> Int64? {
    var body = Substring(t)
    var negative = false
    if body.first == "-" || body.first == "+" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    var radix = 10
    if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
    else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
    guard let magnitude = UInt64(body, radix: radix) else { return nil }
    if negative {
      if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
      return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }
}
