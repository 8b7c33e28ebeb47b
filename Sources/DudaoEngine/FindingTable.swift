import DudaoDiagnostics
import Foundation

/// The columns of a findings table, shared by `dudao check --format csv` and
/// `dudao ledger export --format csv`, so the two open side by side in Excel.
///
/// Both write UTF-8 with a BOM (Excel on Chinese Windows otherwise reads the
/// file as GB18030), headers in the first row and CRLF line ends.
public enum FindingTable {
  /// The ledger's columns, in order: 学校, 学校代码, 规则, 对象, 严重程度, 状态,
  /// 首次发现, 最近发现, 整改期限, 逾期天数, 责任方, 销号日期, 整改证据, 问题编号.
  public static let columns: [LocalizedText] = [
    .init(zh: "学校", en: "school"), .init(zh: "学校代码", en: "school_id"), .init(zh: "规则", en: "rule"),
    .init(zh: "对象", en: "subject"), .init(zh: "严重程度", en: "severity"), .init(zh: "状态", en: "status"),
    .init(zh: "首次发现", en: "first_seen"), .init(zh: "最近发现", en: "last_seen"), .init(zh: "整改期限", en: "deadline"),
    .init(zh: "逾期天数", en: "days_overdue"), .init(zh: "责任方", en: "responsible"), .init(zh: "销号日期", en: "closed_on"),
    .init(zh: "整改证据", en: "evidence"), .init(zh: "问题编号", en: "key"),
  ]

  /// The header row's texts in `language`.
  public static func headers(_ language: Language) -> [String] { columns.map { $0.text(in: language) } }

  /// `kind:id`, as the ledger writes a subject.
  public static func subject(kind: String, id: String) -> String { kind + ":" + id }

  /// One CSV line (CRLF-terminated) of already formatted cells.
  public static func line(_ cells: [String]) -> String { cells.map(field).joined(separator: ",") + "\r\n" }

  /// RFC 4180 quoting. A leading = + - @ makes Excel evaluate a formula (CSV
  /// injection), so such a cell gets a ' prefix unless it is a plain number.
  public static func field(_ s: String) -> String {
    var v = s
    if let c = v.utf8.first, c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@"),
      Double(v) == nil { v = "'" + v }
    // By byte: "\r\n" is one Character, equal to neither "\r" nor "\n".
    guard v.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return v }
    return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
