import Foundation

/// A compiled RE2 pattern (see `RE2Translator`), run by NSRegularExpression
/// with a step budget: ICU backtracks, so a pathological pattern such as
/// `(a+)+$` stops with an error instead of running for hours.
struct Regex: @unchecked Sendable {
  // @unchecked: NSRegularExpression is immutable after creation and
  // documented as safe to share between threads.
  private let regex: NSRegularExpression

  /// About 10,000 ICU steps per progress report: ~3 million steps.
  private static let maxProgressReports = 300

  static func compile(_ pattern: String) throws(Fault) -> Regex {
    let icu = try RE2Translator.translate(pattern)
    do {
      return Regex(regex: try NSRegularExpression(pattern: icu))
    } catch {
      throw Fault.regex("'\(pattern)' cannot be compiled", zh: "“\(pattern)”无法编译")
    }
  }

  private init(regex: NSRegularExpression) { self.regex = regex }

  /// Whether the pattern matches a substring of `text` (cel-spec `matches`).
  func matches(_ text: String) throws(Fault) -> Bool {
    var found = false
    var reports = 0
    var tooSlow = false
    let range = NSRange(location: 0, length: text.utf16.count)
    regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, flags, stop in
      if result != nil {
        found = true
        stop.pointee = true
      } else if flags.contains(.progress) {
        reports += 1
        if reports > Self.maxProgressReports {
          tooSlow = true
          stop.pointee = true
        }
      }
    }
    if tooSlow { throw .regexTooSlow }
    return found
  }
}
