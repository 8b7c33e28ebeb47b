import DudaoExpr
import Foundation

extension Value {
  /// The value as a reader sees it in a message: strings without quotes,
  /// doubles with at most four decimals, lists joined by "、".
  public var displayText: String {
    switch self {
    case .null: return "—"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .uint(let u): return String(u)
    case .double(let d):
      guard d.isFinite else { return jsonText }
      if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
      var s = String(format: "%.4f", d)
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
      return s
    case .string(let s): return s
    case .list(let items): return items.map(\.displayText).joined(separator: "、")
    case .map, .date, .time, .type: return jsonText
    }
  }
}
