import DudaoDiagnostics
import Testing

/// `Diagnostic.collapsingRepeats`: the same diagnostic at many places is
/// shown at its first five, then summed up; everything else is untouched.
@Suite struct RepeatedDiagnosticsTests {
  func d(_ code: String, _ message: String, line: Int?, _ severity: Diagnostic.Severity = .warning) -> Diagnostic {
    Diagnostic(
      code: code, severity: severity, location: line.map { SourceLocation(file: "a.jsonl", line: $0, column: 2) },
      message: LocalizedText(zh: message, en: message))
  }

  @Test func fiveOrFewerAreAllShown() {
    let list = (1...5).map { d("x", "same", line: $0) } + [d("y", "other", line: 9)]
    #expect(Diagnostic.collapsingRepeats(list) == list)
  }

  @Test func repeatsAreSummedUpAfterTheFifth() {
    var list: [Diagnostic] = []
    for i in 1...1234 {
      list.append(d("data.unknown-field", "no field x", line: i))
      if i == 3 || i == 700 { list.append(d("data.unknown-field", "no field y", line: i)) }
      // Same code and message, but an error: counted apart.
      if i == 8 { list.append(d("data.unknown-field", "no field x", line: i, .error)) }
    }
    let out = Diagnostic.collapsingRepeats(list)
    #expect(out.count == 5 + 1 + 2 + 1)
    #expect(out.prefix(3).map { $0.location?.line } == [1, 2, 3])
    #expect(out[3].message.zh == "no field y")
    #expect(out[4].location?.line == 4)
    #expect(out[5].location?.line == 5)
    let summary = out[6]
    #expect(summary.location == nil)
    #expect(summary.code == "data.unknown-field")
    #expect(summary.severity == .warning)
    #expect(summary.message.zh == "同样的警告另有 1,229 处，最后一处在 a.jsonl:1234:2，不再逐条列出")
    #expect(summary.message.en == "1,229 more of the same warnings, the last at a.jsonl:1234:2, not listed one by one")
    #expect(out[7].severity == .error)
    #expect(out[8].message.zh == "no field y")
    #expect(out[8].location?.line == 700)
  }

  @Test func oneMoreAndNoPlace() {
    let list = (1...6).map { _ in d("c", "m", line: nil, .error) }
    let out = Diagnostic.collapsingRepeats(list)
    #expect(out.count == 6)
    #expect(out[5].message.zh == "同样的错误另有 1 处，不再逐条列出")
    #expect(out[5].message.en == "1 more of the same error, not listed one by one")
  }
}
