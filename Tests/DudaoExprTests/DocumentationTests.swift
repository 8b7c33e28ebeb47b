import DudaoDiagnostics
import Foundation
import Testing

@testable import DudaoExpr

/// The sample data of docs/expressions.md, section 1.
private let docVariables: [String: Value] = [
  "school": record([
    "id": .string("S001"),
    "name": .string("第一小学"),
    "level": .string("primary"),
    "students": .int(1200),
    "schedule": record(["big_break_minutes": .int(30)]),
    "teaching": record(["total_minutes": .int(1000), "screen_minutes": .int(320)]),
    "classes": .list([
      record(["id": .string("C1"), "grade": .int(1), "students": .int(40)]),
      record(["id": .string("C2"), "grade": .int(7), "students": .int(52)]),
      record(["id": .string("C3"), "grade": .int(8)]),
    ]),
    "staff": .list([
      record([
        "id": .string("T1"), "role": .string("teacher"), "subjects": .list([.string("math")]),
        "full_time": .bool(true), "weekly_periods": .int(16),
      ]),
      record([
        "id": .string("T2"), "role": .string("teacher"), "subjects": .list([.string("mental_health")]),
        "full_time": .bool(false), "weekly_periods": .int(8),
      ]),
    ]),
  ]),
  "params": record(["min_minutes": .int(60), "max_class": .int(45)]),
  "as_of": Day(iso: "2026-09-01").map(Value.date) ?? .null,
]

/// One row of an example table: `| `expression` | `result` | … |`.
struct DocumentedExample: Sendable, CustomTestStringConvertible {
  var line: Int
  var source: String
  var expected: String
  var testDescription: String { "docs/expressions.md:\(line): \(source)" }
}

/// Every row of the tables headed "表达式 Expression | 结果 Result".
private func documentedExamples() -> [DocumentedExample] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/expressions.md")
  guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
  var out: [DocumentedExample] = []
  var inExamples = false
  for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    guard line.hasPrefix("|") else {
      inExamples = false
      continue
    }
    let cells = splitCells(String(line))
    if cells.first == "表达式 Expression" {
      inExamples = true
      continue
    }
    guard inExamples, cells.count >= 2, let source = code(cells[0]), let expected = code(cells[1]) else { continue }
    out.append(DocumentedExample(line: n + 1, source: source, expected: expected))
  }
  return out
}

/// Cells of a Markdown table row; `\|` is a literal bar.
private func splitCells(_ line: String) -> [String] {
  var cells: [String] = []
  var cell = ""
  var escaped = false
  for c in line.dropFirst() {
    if escaped {
      cell.append(c == "|" ? "|" : "\\\(c)")
      escaped = false
    } else if c == "\\" {
      escaped = true
    } else if c == "|" {
      cells.append(cell.trimmingCharacters(in: .whitespaces))
      cell = ""
    } else {
      cell.append(c)
    }
  }
  return cells
}

private func code(_ cell: String) -> String? {
  guard cell.count >= 2, cell.hasPrefix("`"), cell.hasSuffix("`") else { return nil }
  return String(cell.dropFirst().dropLast())
}

@Test func documentationHasExamples() {
  #expect(documentedExamples().count > 100)
}

@Test(arguments: documentedExamples())
func documentedExampleHolds(_ example: DocumentedExample) {
  #expect(evalToJSON(example.source, docVariables) == example.expected)
}
