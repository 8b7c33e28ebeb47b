import DudaoDiagnostics
import DudaoTestSupport
import Foundation
import Testing

/// Excerpts under diagnostics come from `SourceLines`: each file read once in
/// chunks, only the lines asked for kept.
@Suite struct SourceLinesTests {
  func diagnostic(_ file: String, _ line: Int, _ column: Int) -> Diagnostic {
    Diagnostic(
      code: "t", severity: .warning, location: SourceLocation(file: file, line: line, column: column),
      message: .init(zh: "提示", en: "note"))
  }

  func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = TestScratch.folder + "dudao-sourcelines-\(UUID().uuidString).txt"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Lines on both sides of the 1 MB chunk boundary, the last line without
  /// a line break, CR LF line ends, and lines that do not exist.
  @Test func linesAcrossChunksAndLineEnds() throws {
    var bytes: [UInt8] = []
    var expected: [Int: String] = [:]
    var number = 1
    while bytes.count < (1 << 20) + 5000 {
      let text = "第\(number)行 " + String(repeating: "x", count: number % 97)
      expected[number] = text
      bytes += Array(text.utf8) + (number % 3 == 0 ? [0x0D, 0x0A] : [0x0A])
      number += 1
    }
    bytes += Array("末行".utf8)
    expected[number] = "末行"
    let path = try temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let diagnostics = (1...number + 2).map { diagnostic(path, $0, 1) }
    let lines = SourceLines(for: diagnostics)
    for n in 1...number { #expect(lines.line(path, n) == expected[n], "line \(n)") }
    #expect(lines.line(path, number + 1) == nil)
    #expect(lines.line(path, number + 2) == nil)
  }

  /// The excerpt is the same whether the line comes from the file or from
  /// text in memory, including a long line (cut to 400 characters and "…")
  /// and a caret under a Chinese character.
  @Test func excerptsFromFileAndTextAgree() throws {
    let long = String(repeating: "长", count: 900)
    let text = "a: 1\r\n名称: 一班\n" + long + "\n"
    let path = try temporaryFile(Array(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let ds = [diagnostic(path, 1, 4), diagnostic(path, 2, 5), diagnostic(path, 3, 2), diagnostic(path, 4, 1)]
    let lines = SourceLines(for: ds)
    for d in ds {
      #expect(d.rendered(in: .zh, line: lines.line) == d.rendered(in: .zh) { _ in text })
    }
    #expect(ds[0].rendered(in: .en, line: lines.line).hasSuffix("\n  | a: 1\n  |    ^"))
    #expect(ds[1].rendered(in: .en, line: lines.line).hasSuffix("\n  | 名称: 一班\n  | " + String(repeating: " ", count: 6) + "^"))
    let third = ds[2].rendered(in: .en, line: lines.line)
    #expect(third.contains("  | " + String(repeating: "长", count: 400) + "…\n"))
    // The empty line after the final line break exists; nothing after it.
    #expect(ds[3].rendered(in: .en, line: lines.line).hasSuffix("\n  | \n  | ^"))
  }

  /// A column far into a long line (a school on one line of JSON Lines):
  /// the excerpt shows the text around it, cut with "…" on both sides.
  @Test func excerptAroundAFarColumn() {
    let line = String(repeating: "a", count: 2999) + "Z" + String(repeating: "b", count: 3000)
    let d = diagnostic("x.jsonl", 1, 3000)
    let text = d.rendered(in: .en) { _ in line }
    let shown = String(repeating: "a", count: 199) + "Z" + String(repeating: "b", count: 200)
    #expect(text.hasSuffix("\n  | …" + shown + "…\n  | " + String(repeating: " ", count: 200) + "^"))
    // Near the start, as before: from the line's start.
    let near = diagnostic("x.jsonl", 1, 400).rendered(in: .en) { _ in line }
    #expect(near.hasSuffix("\n  | " + String(repeating: "a", count: 400) + "…\n  | " + String(repeating: " ", count: 399) + "^"))
  }

  /// Texts already in memory are used instead of the disk; unreadable files
  /// give no excerpt.
  @Test func textsInMemoryAndMissingFiles() {
    let ds = [diagnostic("pack/rule.yaml", 2, 1), diagnostic("/nonexistent/dudao/file.jsonl", 1, 1)]
    let lines = SourceLines(for: ds, texts: ["pack/rule.yaml": "id: x\nwhen: y\n"])
    #expect(lines.line("pack/rule.yaml", 2) == "when: y")
    #expect(lines.line("/nonexistent/dudao/file.jsonl", 1) == nil)
    #expect(ds[1].rendered(in: .en, line: lines.line) == "/nonexistent/dudao/file.jsonl:1:1: warning[t]: note")
  }
}
