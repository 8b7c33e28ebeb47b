/// The user-facing languages: Chinese first, English available.
public enum Language: String, Sendable, CaseIterable {
  case zh, en
}

/// A text in Chinese and English. Either may be empty in rule files; `text(in:)`
/// falls back to the other language rather than printing nothing.
public struct LocalizedText: Hashable, Sendable {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  /// The same text in both languages (ids, numbers, names of files).
  public init(_ both: String) {
    self.zh = both
    self.en = both
  }

  public func text(in language: Language) -> String {
    switch language {
    case .zh: zh.isEmpty ? en : zh
    case .en: en.isEmpty ? zh : en
    }
  }

  public var isEmpty: Bool { zh.isEmpty && en.isEmpty }
}
