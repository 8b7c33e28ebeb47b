import DudaoDiagnostics

/// The result of one rule on one subject; raw values are the wire names.
public enum Status: String, Sendable, Hashable, CaseIterable, Comparable {
  case fail
  case error
  case unknown
  case waived
  case pass
  case notApplicable = "not_applicable"

  /// Order in reports: what needs action first.
  var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

  public var label: LocalizedText {
    switch self {
    case .pass: .init(zh: "合格", en: "pass")
    case .fail: .init(zh: "不合格", en: "fail")
    case .unknown: .init(zh: "数据缺失", en: "unknown")
    case .notApplicable: .init(zh: "不适用", en: "not applicable")
    case .waived: .init(zh: "已豁免", en: "waived")
    case .error: .init(zh: "规则错误", en: "rule error")
    }
  }
}
