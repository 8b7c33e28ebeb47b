import DudaoDiagnostics

/// Lookups for code that reads known keys out of a loaded mapping (rule
/// files, pack files, datasets). Keys are compared by scalar text; the loader
/// guarantees they are unique.
extension Node {
  /// The entry whose key has this text, with the key's own location.
  public func entry(_ key: String) -> Entry? {
    entries?.first { $0.key.scalar?.text == key }
  }

  /// The keys of a mapping in file order (merged keys where `<<` stood); empty for other nodes.
  public var keys: [String] {
    (entries ?? []).compactMap { $0.key.text }
  }

  /// The text of the scalar under `key`; nil when absent, not a scalar, or null.
  public func string(_ key: String) -> String? {
    guard let value = self[key], !value.isNull else { return nil }
    return value.text
  }

  /// The integer under `key` (see `int`).
  public func int(_ key: String) -> Int64? { self[key]?.int }

  /// The number under `key` (see `double`).
  public func double(_ key: String) -> Double? { self[key]?.double }

  /// The boolean under `key` (see `bool`).
  public func bool(_ key: String) -> Bool? { self[key]?.bool }

  /// The items of the sequence under `key`.
  public func sequence(_ key: String) -> [Node]? { self[key]?.sequence }

  /// The mapping node under `key`.
  public func mapping(_ key: String) -> Node? {
    guard let value = self[key], value.entries != nil else { return nil }
    return value
  }

  /// Whether the scalar was written in quotes (then it is text, never a number, bool or null).
  public var isQuoted: Bool {
    guard let s = scalar else { return false }
    return s.style == .singleQuoted || s.style == .doubleQuoted
  }

  /// What kind of value this is, for messages such as "expected a list, found text".
  public var kindName: LocalizedText {
    switch kind {
    case .mapping: return .init(zh: "映射", en: "a mapping")
    case .sequence: return .init(zh: "列表", en: "a list")
    case .scalar:
      if isNull { return .init(zh: "空值", en: "null") }
      if bool != nil { return .init(zh: "布尔值", en: "a boolean") }
      if int != nil { return .init(zh: "整数", en: "an integer") }
      if double != nil { return .init(zh: "数字", en: "a number") }
      return .init(zh: "文字", en: "text")
    }
  }
}
