import DudaoDiagnostics

/// All wording of rule-pack diagnostics. Codes are stable; text may improve.
extension Diagnostic {
  static func unknownKey(_ key: String, in context: LocalizedText, allowed: [String], at loc: SourceLocation) -> Self {
    let s = closest(key, in: allowed)
    return Self(
      code: "rules.unknown-key", location: loc,
      message: .init(
        zh: "\(context.zh)中有未知的键“\(key)”" + (s.map { "，是否应为“\($0)”？" } ?? "。") + "可用的键：\(allowed.joined(separator: "、"))",
        en: "unknown key '\(key)' in \(context.en)" + (s.map { "; did you mean '\($0)'?" } ?? ".") + " Allowed keys: \(allowed.joined(separator: ", "))"))
  }

  static func missingKey(_ key: String, in context: String, at loc: SourceLocation, hint: LocalizedText? = nil) -> Self {
    Self(
      code: "rules.missing-key", location: loc,
      message: .init(
        zh: "\(context)缺少必填的键“\(key)”" + (hint.map { "：" + $0.zh } ?? ""),
        en: "\(context) lacks the required key '\(key)'" + (hint.map { ": " + $0.en } ?? "")))
  }

  static func wrongShape(_ what: LocalizedText, expected: LocalizedText, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.wrong-type", location: loc,
      message: .init(zh: "\(what.zh)应为\(expected.zh)", en: "\(what.en) must be \(expected.en)"))
  }

  static func missingSources(rule: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.missing-sources", location: loc,
      message: .init(
        zh: "规则 \(rule) 没有引用依据（sources）：每条规则至少引用一份文件的文号、条款和原文",
        en: "rule \(rule) cites no source: every rule needs at least one `sources` entry with document, clause and quote"))
  }

  static func badSeverity(_ value: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.bad-severity", location: loc,
      message: .init(
        zh: "严重程度“\(value)”无效，应为 critical（严重）、major（重要）或 minor（一般）",
        en: "severity '\(value)' is not valid; use critical, major or minor"))
  }

  static func badRectify(_ message: LocalizedText, at loc: SourceLocation) -> Self {
    Self(code: "rules.bad-rectify", location: loc, message: message)
  }

  static func duplicateRule(_ id: String, at loc: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "rules.duplicate-id", location: loc,
      message: .init(zh: "规则编号 \(id) 重复：同一规则包内编号必须唯一", en: "duplicate rule id \(id): ids must be unique in a pack"),
      notes: [.init(location: first, message: .init(zh: "首次定义于此", en: "first defined here"))])
  }

  static func redefinedRule(_ id: String, at loc: SourceLocation, base: SourceLocation) -> Self {
    Self(
      code: "rules.redefined-id", location: loc,
      message: .init(
        zh: "规则 \(id) 已在所扩展的规则包中定义；要修改它，请在 pack.yaml 的 overrides 下按编号修改",
        en: "rule \(id) is already defined by the pack this one extends; change it under `overrides` in pack.yaml instead"),
      notes: [.init(location: base, message: .init(zh: "原定义于此", en: "defined here"))])
  }

  static func unknownOverride(_ id: String, known: [String], at loc: SourceLocation) -> Self {
    let s = closest(id, in: known)
    return Self(
      code: "rules.unknown-override", location: loc,
      message: .init(
        zh: "overrides 中的规则 \(id) 在所扩展的规则包中不存在" + (s.map { "，是否应为 \($0)？" } ?? ""),
        en: "overrides names rule \(id), which the extended pack does not have" + (s.map { "; did you mean \($0)?" } ?? "")))
  }

  static func unknownParam(_ name: String, rule: String, known: [String], at loc: SourceLocation) -> Self {
    let s = closest(name, in: known)
    return Self(
      code: "rules.unknown-param", location: loc,
      message: .init(
        zh: "规则 \(rule) 没有参数“\(name)”" + (s.map { "，是否应为“\($0)”？" } ?? "") + "（已有参数：\(known.joined(separator: "、"))）",
        en: "rule \(rule) has no parameter '\(name)'" + (s.map { "; did you mean '\($0)'?" } ?? "") + " (parameters: \(known.joined(separator: ", ")))"))
  }

  static func badRuleID(_ id: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.bad-id", location: loc,
      message: .init(
        zh: "规则编号“\(id)”无效：只能用大写字母、数字、下划线和点，如 PE.DAILY_ACTIVITY",
        en: "rule id '\(id)' is not valid: use capital letters, digits, '_' and '.', e.g. PE.DAILY_ACTIVITY"))
  }

  static func badDate(_ text: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.bad-date", location: loc,
      message: .init(zh: "日期“\(text)”无效，应写成 YYYY-MM-DD，如 2026-09-01", en: "'\(text)' is not a date; write YYYY-MM-DD, e.g. 2026-09-01"))
  }

  static func packIO(_ path: String, reason: String) -> Self {
    Self(
      code: "rules.io", location: SourceLocation(file: path, line: 0, column: 0),
      message: .init(zh: "无法读取规则包：\(reason)", en: "cannot read the rule pack: \(reason)"))
  }

  static func extendsCycle(_ path: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.extends-cycle", location: loc,
      message: .init(zh: "extends 形成循环（\(path)）：规则包不能直接或间接扩展自身", en: "extends forms a cycle (\(path)): a pack cannot extend itself"))
  }

  static func missingExamples(rule: String, kinds: [String], at loc: SourceLocation) -> Self {
    Self(
      code: "rules.missing-examples", severity: .warning, location: loc,
      message: .init(
        zh: "规则 \(rule) 缺少 \(kinds.joined(separator: "、")) 示例：示例就是规则的测试，请补充",
        en: "rule \(rule) has no \(kinds.joined(separator: "/")) example: examples are the rule's tests"))
  }

  static func personalFieldInOutput(_ path: String, at loc: SourceLocation) -> Self {
    Self(
      code: "rules.personal-data", location: loc,
      message: .init(
        zh: "\(path) 是个人信息（如姓名），不得出现在提示信息或观测值中；请改用编号（id）或职务（role）",
        en: "\(path) is personal data (a name) and must not appear in messages or observed values; use the id or role instead"))
  }

  /// The closest candidate within edit distance 2, for "did you mean".
  /// Edit distance between the lower-cased texts by `Character`; plain
  /// ASCII pairs (the usual headers and keys) are compared as bytes, which
  /// is the same distance without building characters.
  public static func closest(_ word: String, in candidates: [String]) -> String? {
    var a: [Character]?
    var best: (String, Int)?
    var prev: [Int] = [], cur: [Int] = []
    let asciiWord = plainASCII(word)
    for c in candidates {
      let d: Int
      if let w = asciiWord, let b = plainASCII(c) {
        guard abs(w.count - b.count) <= 2 else { continue }
        d = distance(w, b, &prev, &cur)
      } else {
        if a == nil { a = Array(word.lowercased()) }
        let a = a ?? []
        let b = Array(c.lowercased())
        guard abs(a.count - b.count) <= 2 else { continue }
        d = distance(a, b, &prev, &cur)
      }
      if d <= 2, d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
  }

  /// The lower-cased bytes of printable ASCII text (one `Character` per
  /// byte: no controls, so no CR LF pair), else nil.
  private static func plainASCII(_ s: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count)
    for b in s.utf8 {
      guard b >= 0x20, b < 0x7F else { return nil }
      out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
    }
    return out
  }

  /// Levenshtein distance with two reused rows.
  private static func distance<T: Equatable>(_ a: [T], _ b: [T], _ prev: inout [Int], _ cur: inout [Int]) -> Int {
    guard !a.isEmpty else { return b.count }
    prev.removeAll(keepingCapacity: true)
    prev.append(contentsOf: 0...b.count)
    cur.removeAll(keepingCapacity: true)
    cur.append(contentsOf: repeatElement(0, count: b.count + 1))
    for i in 1...a.count {
      cur[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&prev, &cur)
    }
    return prev[b.count]
  }
}
