import DudaoDiagnostics

/// How long a school has to rectify a finding (整改时限), as a rule's `rectify`
/// (or a pack's default per severity) states it.
public enum RectifyTerm: Sendable, Hashable {
  /// 立行立改: due on the evaluation date.
  case immediately
  /// N calendar days, counted from the day after; a last day that is not a
  /// working day moves to the next working day (民法典 第二百零一条、第二百零三条).
  case days(Int)
  /// The N-th working day after the evaluation date (make-up days count).
  case workdays(Int)
  /// A fixed date.
  case by(Day)
  /// The last day of the current semester of the school calendar.
  case semesterEnd

  /// The longest period accepted, in days or workdays: ten years. A larger N is
  /// a typo, and counting it day by day would be needless work.
  public static let maximumCount = 3660

  /// Parses the rule-file forms: `within: "30 days"`, `"10 workdays"`,
  /// `"immediately"`; `by: "2023-12-31"` or `"semester_end"`. The Chinese forms
  /// `30天`, `10个工作日`, `立行立改` and `学期末` are accepted too, and so are
  /// full-width digits. Exactly one of `within` and `by` must be given; N runs
  /// from 1 to ``maximumCount`` (write `immediately` for no delay at all).
  public static func parse(within: String?, by: String?) -> Result<RectifyTerm, RectifyParseError> {
    switch (within, by) {
    case (nil, nil): .failure(.missing)
    case (.some, .some): .failure(.both)
    case (let within?, nil): parseWithin(within)
    case (nil, let by?): parseBy(by)
    }
  }

  /// The canonical rule-file text: `30 days`, `10 workdays`, `immediately`,
  /// `2023-12-31`, `semester_end` (the first three under `within:`, the last two under `by:`).
  public var ruleText: String {
    switch self {
    case .immediately: "immediately"
    case .days(let n): "\(n) days"
    case .workdays(let n): "\(n) workdays"
    case .by(let day): day.description
    case .semesterEnd: "semester_end"
    }
  }
}

/// Why a `rectify` term could not be read. The message names the forms allowed;
/// `field` says which key to point at.
public struct RectifyParseError: Error, Sendable, Hashable {
  /// The key the problem is in.
  public enum Field: String, Sendable, Hashable {
    /// The `within:` key.
    case within
    /// The `by:` key.
    case by
  }

  /// `rectify.missing-term`, `rectify.both-terms`, `rectify.bad-within`,
  /// `rectify.bad-by` or `rectify.count-out-of-range`.
  public var code: String
  /// The key to point at; nil when the problem is the absence of both.
  public var field: Field?
  /// What is wrong, with the forms allowed.
  public var message: LocalizedText

  /// An error; ``RectifyTerm/parse(within:by:)`` makes them.
  public init(code: String, field: Field?, message: LocalizedText) {
    self.code = code
    self.field = field
    self.message = message
  }

  /// The error as a diagnostic at the offending value.
  public func diagnostic(at location: SourceLocation?) -> Diagnostic {
    Diagnostic(code: code, location: location, message: message)
  }

  static let allowed = LocalizedText(
    zh: "可用写法：within: immediately（立行立改）| N days（N天）| N workdays（N个工作日），或 by: YYYY-MM-DD | semester_end（学期末）",
    en: "allowed: within: immediately | N days | N workdays (also 立行立改, N天, N个工作日), or by: YYYY-MM-DD | semester_end (also 学期末)")

  static let missing = RectifyParseError(
    code: "rectify.missing-term", field: nil,
    message: .init(zh: "整改时限缺少 within 或 by；" + allowed.zh, en: "rectify needs `within` or `by`; " + allowed.en))

  static let both = RectifyParseError(
    code: "rectify.both-terms", field: .by,
    message: .init(zh: "整改时限只能写 within 或 by 之一，不能同时写", en: "rectify takes either `within` or `by`, not both"))

  static func badWithin(_ text: String) -> Self {
    Self(
      code: "rectify.bad-within", field: .within,
      message: .init(zh: "无法识别的整改时限“\(text)”；" + allowed.zh, en: "unrecognised rectification period '\(text)'; " + allowed.en))
  }

  static func badBy(_ text: String) -> Self {
    Self(
      code: "rectify.bad-by", field: .by,
      message: .init(
        zh: "无法识别的整改截止日“\(text)”；by 应为 YYYY-MM-DD 格式的日期或 semester_end（学期末）",
        en: "unrecognised rectification date '\(text)'; `by` takes a YYYY-MM-DD date or semester_end"))
  }

  static func countOutOfRange(_ text: String) -> Self {
    Self(
      code: "rectify.count-out-of-range", field: .within,
      message: .init(
        zh: "整改时限“\(text)”超出范围：天数或工作日数应为 1 至 \(RectifyTerm.maximumCount)；当日整改请写 immediately（立行立改）",
        en: "rectification period '\(text)' out of range: N must be 1 to \(RectifyTerm.maximumCount); write `immediately` for the same day"))
  }
}

private extension RectifyTerm {
  static func parseWithin(_ raw: String) -> Result<RectifyTerm, RectifyParseError> {
    let text = normalized(raw)
    if ["immediately", "立行立改", "立即"].contains(text) { return .success(.immediately) }
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    let unit = text.dropFirst(digits.count).trimmingSpaces()
    let makeTerm: ((Int) -> RectifyTerm)? =
      switch unit {
      case "day", "days", "天", "日", "个自然日", "自然日": RectifyTerm.days
      case "workday", "workdays", "working day", "working days", "工作日", "个工作日": RectifyTerm.workdays
      default: nil
      }
    guard !digits.isEmpty, let makeTerm else { return .failure(.badWithin(raw)) }
    // More than five digits is out of range whatever they are: no overflow to handle.
    guard digits.count <= 5, let n = Int(digits), (1...maximumCount).contains(n) else {
      return .failure(.countOutOfRange(raw))
    }
    return .success(makeTerm(n))
  }

  static func parseBy(_ raw: String) -> Result<RectifyTerm, RectifyParseError> {
    let text = normalized(raw)
    if ["semester_end", "学期末", "本学期末"].contains(text) { return .success(.semesterEnd) }
    guard let day = Day(iso: text) else { return .failure(.badBy(raw)) }
    return .success(.by(day))
  }

  /// Lower-cased, full-width digits and spaces folded, runs of spaces collapsed, trimmed.
  static func normalized(_ raw: String) -> String {
    var out = ""
    var pendingSpace = false
    for scalar in raw.unicodeScalars {
      var s = scalar
      if (0xFF10...0xFF19).contains(s.value), let ascii = Unicode.Scalar(s.value - 0xFF10 + 0x30) { s = ascii }
      if s.properties.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace { out.append(" ") }
      pendingSpace = false
      out.unicodeScalars.append(s)
    }
    return out.lowercased()
  }
}

private extension Substring {
  func trimmingSpaces() -> Substring {
    drop { $0 == " " }
  }
}
