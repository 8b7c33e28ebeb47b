import DudaoDiagnostics

/// One self-contained HTML document: inline CSS, no script, and a content
/// security policy that forbids every fetch (fonts, images, scripts), so a
/// report opened offline at a school looks the same as in the office and a
/// value from the data can never load anything. Shared by the HTML report
/// and the on-site checklist.
public struct HTMLPage: Sendable {
  /// `default-src 'none'`: nothing is fetched; inline styles and `data:` images only.
  public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

  public var title: String
  public var language: Language
  /// Extra CSS after the shared style sheet.
  public var style: String = ""
  public var body: String = ""

  public init(title: String, language: Language) {
    self.title = title
    self.language = language
  }

  public func render() -> String {
    """
    <!DOCTYPE html>
    <html lang="\(language == .zh ? "zh-CN" : "en")">
    <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(Self.escape(title))</title>
    <style>
    \(Self.baseStyle)\(style)</style>
    </head>
    <body>
    \(body)</body>
    </html>

    """
  }

  /// Text as HTML: `& < > " '` become entities, so data renders as text.
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// A fragment id for any text (school ids may hold anything): letters,
  /// digits, `-` and `_` kept, every other scalar as `.XXXX` (hex).
  public static func anchor(_ prefix: String, _ id: String) -> String {
    var out = prefix
    for c in id.unicodeScalars {
      if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" {
        out.unicodeScalars.append(c)
      } else {
        out += "." + String(c.value, radix: 16)
      }
    }
    return out
  }

  /// A4, system CJK fonts (Noto CJK on Linux, the platform's elsewhere), no downloads.
  static let baseStyle = """
    :root { --fail: #c0392b; --unknown: #b9770e; --error: #7d3c98; --waived: #1f7a8c; --pass: #2e7d32; --na: #8c8c8c; --line: #c8c8c8; }
    * { box-sizing: border-box; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif;
      font-size: 10.5pt; line-height: 1.5; color: #1a1a1a; margin: 0 auto; padding: 16px 24px; max-width: 210mm; background: #fff; }
    h1 { font-size: 18pt; margin: 0 0 4px; }
    h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 2px solid #1a1a1a; padding-bottom: 2px; }
    h3 { font-size: 11.5pt; margin: 12px 0 4px; }
    .meta { color: #555; font-size: 9pt; margin: 0 0 8px; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
    th, td { border: 1px solid var(--line); padding: 3px 5px; vertical-align: top; text-align: left; }
    th { background: #f0f0f0; font-weight: 600; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    .fail { color: var(--fail); } .unknown { color: var(--unknown); } .error { color: var(--error); }
    .waived { color: var(--waived); } .pass { color: var(--pass); } .not_applicable { color: var(--na); }
    .small { font-size: 8.5pt; color: #444; }
    .nowrap { white-space: nowrap; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { padding: 0; max-width: none; font-size: 10pt; }
      a { color: inherit; text-decoration: none; }
      tr, .keep { break-inside: avoid; }
      thead { display: table-header-group; }
    }

    """
}
