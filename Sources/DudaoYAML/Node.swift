import DudaoDiagnostics

/// A YAML/JSON document tree whose every node carries the place it came from.
///
/// Aliases are already expanded (within `YAMLLimits.maxAliasNodes`), merge
/// keys (`<<`) already applied, and duplicate keys already rejected by the
/// loader, so consumers see plain scalars, sequences and mappings. An expanded
/// alias is a copy of the anchored node, with the anchored node's locations.
///
/// Equality and hashing compare `kind` and `location` (not `textStart`).
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

    /// Whether core-schema resolution to `type` (`int`, `float`, `bool`)
    /// applies: an untagged plain scalar, or one tagged `!!type`.
    func resolves(as type: String) -> Bool {
      tag == nil ? style == .plain : tag == "tag:yaml.org,2002:" + type
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

  // Not `indirect`: the arrays already hold the children out of line, and a
  // scalar node then needs no allocation of its own.
  public enum Kind: Sendable, Hashable {
    case scalar(Scalar)
    case sequence([Node])
    case mapping([Entry])
  }

  public var kind: Kind
  /// Where the node's content starts (after its anchor and tag), 1-based:
  /// a scalar's first character (or opening quote, or `|`/`>` indicator), a
  /// flow collection's `[`/`{`, a block mapping's first key, a block
  /// sequence's first `-`.
  public var location: SourceLocation
  /// For a scalar whose text maps character for character onto the file:
  /// where its first character is. Set for one-line plain scalars, one-line
  /// quoted scalars without escapes, and literal blocks (`|`, line by line at
  /// the block's indentation); nil otherwise. See `location(ofTextOffset:)`.
  public var textStart: SourceLocation? {
    get {
      textStartPosition.map { SourceLocation(file: $0.file ?? location.file, line: $0.line, column: $0.column) }
    }
    set {
      textStartPosition = newValue.map {
        TextStart(line: $0.line, column: $0.column, file: $0.file == location.file ? nil : $0.file)
      }
    }
  }

  /// `textStart` without a second copy of the file name (nil: `location.file`).
  struct TextStart: Sendable {
    var line: Int
    var column: Int
    var file: String?
  }

  private var textStartPosition: TextStart?

  public init(_ kind: Kind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
  }

  public static func == (a: Node, b: Node) -> Bool { a.kind == b.kind && a.location == b.location }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(location)
  }
}

extension Node {
  public var scalar: Scalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  /// Whether the node is a mapping (without copying its entries).
  var isMapping: Bool {
    if case .mapping = kind { return true }
    return false
  }

  /// Whether the node is a scalar of this text (without copying it).
  func hasText(_ text: String) -> Bool {
    if case .scalar(let s) = kind { return s.text == text }
    return false
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
    // A switch, not `[…].contains`: no array made per call (asked of every value typed).
    switch s.text {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// YAML 1.2 core schema booleans (`true`/`false` in three casings) for
  /// untagged plain scalars and scalars tagged `!!bool` (a `!!str` is never a bool).
  public var bool: Bool? {
    guard let s = scalar, s.resolves(as: "bool") else { return nil }
    switch s.text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// A YAML 1.2 core-schema integer (decimal, `0x`, `0o`) within Int64: an
  /// untagged plain scalar or one tagged `!!int`.
  public var int: Int64? {
    guard let s = scalar, s.resolves(as: "int") else { return nil }
    return Self.parseInt(s.text)
  }

  /// A number (int or float, `.inf`, `.nan` per YAML 1.2 core schema): an
  /// untagged plain scalar or one tagged `!!float` or `!!int`.
  public var double: Double? {
    guard let s = scalar, s.resolves(as: "float") || s.resolves(as: "int") else { return nil }
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

  /// Where the character at `offset` (in Unicode scalars) of the scalar's
  /// text is in the file: exact when `textStart` is set (line by line for
  /// literal blocks), else the node's `location`. For positions inside
  /// expressions written in rule files.
  public func location(ofTextOffset offset: Int) -> SourceLocation {
    guard let start = textStart, let s = scalar else { return location }
    var result = start
    var seen = 0
    for c in s.text.unicodeScalars {
      if seen == offset { break }
      seen += 1
      if c == "\n", s.style == .literal {
        result.line += 1
        result.column = start.column
      } else {
        result.column += 1
      }
    }
    return result
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
