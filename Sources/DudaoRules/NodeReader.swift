import DudaoDiagnostics
import DudaoYAML

/// Reads YAML nodes into rule-pack values, collecting every problem as a
/// positioned diagnostic instead of stopping at the first (lint reports all).
struct NodeReader {
  var diagnostics: [Diagnostic] = []

  mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

  /// The entries of a mapping, reporting keys outside `allowed` (nil: any key).
  mutating func mapping(_ node: Node, _ context: LocalizedText, allowed: [String]?) -> [(key: String, node: Node, keyLocation: SourceLocation)]? {
    guard let entries = node.entries else {
      if node.isNull { return [] }
      report(.wrongShape(context, expected: .init(zh: "映射（键: 值）", en: "a mapping (key: value)"), at: node.location))
      return nil
    }
    var out: [(key: String, node: Node, keyLocation: SourceLocation)] = []
    for e in entries {
      guard let key = e.key.text else {
        report(.wrongShape(.init(zh: "键", en: "a key"), expected: .init(zh: "文字", en: "text"), at: e.key.location))
        continue
      }
      if let allowed, !allowed.contains(key) {
        report(.unknownKey(key, in: context, allowed: allowed, at: e.key.location))
        continue
      }
      out.append((key, e.value, e.key.location))
    }
    return out
  }

  mutating func string(_ node: Node, _ what: LocalizedText) -> String? {
    guard let s = node.scalar, !node.isNull || s.style != .plain else {
      report(.wrongShape(what, expected: .init(zh: "一段文字", en: "a text"), at: node.location))
      return nil
    }
    return s.text
  }

  /// A text in both languages: a plain string (taken as Chinese) or `{ zh: …, en: … }`.
  mutating func localized(_ node: Node, _ what: LocalizedText) -> LocalizedText? {
    if let s = node.scalar, !node.isNull { return LocalizedText(zh: s.text, en: "") }
    guard let entries = mapping(node, what, allowed: ["zh", "en"]) else { return nil }
    var t = LocalizedText(zh: "", en: "")
    for (k, v, _) in entries {
      guard let s = string(v, what) else { continue }
      if k == "zh" { t.zh = s } else { t.en = s }
    }
    if t.isEmpty {
      report(.wrongShape(what, expected: .init(zh: "非空文字（zh 或 en）", en: "a non-empty text (zh or en)"), at: node.location))
      return nil
    }
    return t
  }

  mutating func day(_ node: Node, _ what: LocalizedText) -> Day? {
    guard let s = node.text, let d = Day(iso: s) else {
      report(.badDate(node.text ?? "", at: node.location))
      return nil
    }
    return d
  }

  mutating func bool(_ node: Node, _ what: LocalizedText) -> Bool? {
    guard let b = node.bool else {
      report(.wrongShape(what, expected: .init(zh: "true 或 false", en: "true or false"), at: node.location))
      return nil
    }
    return b
  }

  mutating func sequence(_ node: Node, _ what: LocalizedText) -> [Node]? {
    if let items = node.sequence { return items }
    report(.wrongShape(what, expected: .init(zh: "列表", en: "a list"), at: node.location))
    return nil
  }

  mutating func strings(_ node: Node, _ what: LocalizedText) -> [String]? {
    if let s = node.scalar, !node.isNull { return [s.text] }
    guard let items = sequence(node, what) else { return nil }
    return items.compactMap { string($0, what) }
  }
}
