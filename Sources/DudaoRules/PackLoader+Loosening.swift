import DudaoDiagnostics
import DudaoExpr
import Foundation

/// An overlay parameter that moves a national floor down or a ceiling up.
struct Loosening {
  var param: String
  var bound: ParamBound
  var old: Value
  var new: Value
  var location: SourceLocation

  /// Nil unless `new` is looser than `old` in the direction of `bound`; an
  /// unset (`null`) base value is a local choice, not a national number.
  init?(param: String, bound: ParamBound, old: Value, new: Value, at location: SourceLocation) {
    guard let o = Self.number(old), let n = Self.number(new) else { return nil }
    guard bound == .floor ? n < o : n > o else { return nil }
    (self.param, self.bound, self.old, self.new, self.location) = (param, bound, old, new, location)
  }

  /// Numbers, and the texts of `time('HH:MM')` and `date('YYYY-MM-DD')`
  /// parameters (minutes of the day, days since 1970), compared as numbers.
  static func number(_ v: Value) -> Double? {
    switch v {
    case .int(let i): Double(i)
    case .uint(let u): Double(u)
    case .double(let d): d
    case .string(let s):
      if let t = TimeOfDay(text: s) { Double(t.minutes) } else if let d = Day(iso: s) { Double(d.ordinal) } else { nil }
    default: nil
    }
  }

  var what: LocalizedText {
    bound == .floor
      ? .init(zh: "下限 \(param) 从 \(old.jsonText) 降到 \(new.jsonText)", en: "the floor \(param) from \(old.jsonText) down to \(new.jsonText)")
      : .init(zh: "上限 \(param) 从 \(old.jsonText) 提高到 \(new.jsonText)", en: "the ceiling \(param) from \(old.jsonText) up to \(new.jsonText)")
  }
}

extension PackLoader {
  /// Local standards may tighten a national one, never loosen it (DESIGN,
  /// overlays): a loosening override is an error unless it states
  /// `loosen: <reason>`, which `explain` then shows with the change.
  func checkLoosening(
    _ loosened: [Loosening], reason: (text: String, location: SourceLocation)?, rule: inout Rule, packName: String,
    at keyLocation: SourceLocation, reader: inout NodeReader
  ) {
    let why = reason.map { $0.text.trimmingCharacters(in: .whitespaces) } ?? ""
    if loosened.isEmpty {
      if let reason {
        reader.report(Diagnostic(
          code: "rules.loosen-unused", severity: .warning, location: reason.location,
          message: .init(
            zh: "overrides.\(rule.id) 写了 loosen，但这里没有放宽任何国家上下限；请删除 loosen，免得读者误以为放宽了标准",
            en: "overrides.\(rule.id) states loosen, but nothing here loosens a national floor or ceiling; remove loosen so readers are not misled")))
      }
      return
    }
    guard !why.isEmpty else {
      for l in loosened {
        reader.report(Diagnostic(
          code: "rules.loosened-standard", location: l.location,
          message: .init(
            zh: "覆盖包把规则 \(rule.id) 的\(l.what.zh)，放宽了上级标准（地方标准不得低于国家标准）。请改为不低于原值；确有依据时在 overrides.\(rule.id) 下写明 loosen: <理由和文号>",
            en: "the overlay moves \(l.what.en) for rule \(rule.id), loosening the standard it extends (local standards may not fall below national ones). Keep it at least as strict; if there is a legal basis, state it under overrides.\(rule.id) as loosen: <reason and document number>")))
      }
      return
    }
    for l in loosened {
      rule.changes.append(RuleChange(
        pack: packName, location: l.location,
        description: .init(zh: "放宽：\(l.what.zh)（理由：\(why)）", en: "loosened: \(l.what.en) (reason: \(why))")))
    }
  }
}
