import DudaoCalendar
import DudaoDiagnostics
import Testing

struct TermCase: Sendable, CustomTestStringConvertible {
  var within: String?
  var by: String?
  var expected: RectifyTerm
  var testDescription: String { within.map { "within: \($0)" } ?? by.map { "by: \($0)" } ?? "-" }
}

@Test(arguments: [
  TermCase(within: "30 days", expected: .days(30)),
  TermCase(within: "1 day", expected: .days(1)),
  TermCase(within: "10 workdays", expected: .workdays(10)),
  TermCase(within: "10 working days", expected: .workdays(10)),
  TermCase(within: "  5   Workdays ", expected: .workdays(5)),
  TermCase(within: "immediately", expected: .immediately),
  TermCase(within: "Immediately", expected: .immediately),
  TermCase(within: "30天", expected: .days(30)),
  TermCase(within: "30 天", expected: .days(30)),
  TermCase(within: "３０天", expected: .days(30)),
  TermCase(within: "10个工作日", expected: .workdays(10)),
  TermCase(within: "10工作日", expected: .workdays(10)),
  TermCase(within: "立行立改", expected: .immediately),
  TermCase(within: "3660 days", expected: .days(3660)),
  TermCase(by: "2023-12-31", expected: .by(Day("2023-12-31"))),
  TermCase(by: "semester_end", expected: .semesterEnd),
  TermCase(by: "学期末", expected: .semesterEnd),
])
func parsesTerm(_ c: TermCase) {
  #expect(RectifyTerm.parse(within: c.within, by: c.by) == .success(c.expected))
}

struct TermErrorCase: Sendable, CustomTestStringConvertible {
  var within: String?
  var by: String?
  var code: String
  var field: RectifyParseError.Field?
  var en: String
  var testDescription: String { "\(within ?? "-") / \(by ?? "-")" }
}

let allowedForms = "allowed: within: immediately | N days | N workdays (also 立行立改, N天, N个工作日), or by: YYYY-MM-DD | semester_end (also 学期末)"

@Test(arguments: [
  TermErrorCase(within: nil, by: nil, code: "rectify.missing-term", field: nil, en: "rectify needs `within` or `by`; " + allowedForms),
  TermErrorCase(within: "30 days", by: "2026-12-31", code: "rectify.both-terms", field: .by, en: "rectify takes either `within` or `by`, not both"),
  TermErrorCase(within: "30", by: nil, code: "rectify.bad-within", field: .within, en: "unrecognised rectification period '30'; " + allowedForms),
  TermErrorCase(within: "a month", by: nil, code: "rectify.bad-within", field: .within, en: "unrecognised rectification period 'a month'; " + allowedForms),
  TermErrorCase(within: "30 weeks", by: nil, code: "rectify.bad-within", field: .within, en: "unrecognised rectification period '30 weeks'; " + allowedForms),
  TermErrorCase(within: "-3 days", by: nil, code: "rectify.bad-within", field: .within, en: "unrecognised rectification period '-3 days'; " + allowedForms),
  TermErrorCase(within: "0 days", by: nil, code: "rectify.count-out-of-range", field: .within, en: "rectification period '0 days' out of range: N must be 1 to 3660; write `immediately` for the same day"),
  TermErrorCase(within: "1000000 workdays", by: nil, code: "rectify.count-out-of-range", field: .within, en: "rectification period '1000000 workdays' out of range: N must be 1 to 3660; write `immediately` for the same day"),
  TermErrorCase(within: "99999999999999999999999 days", by: nil, code: "rectify.count-out-of-range", field: .within, en: "rectification period '99999999999999999999999 days' out of range: N must be 1 to 3660; write `immediately` for the same day"),
  TermErrorCase(within: nil, by: "2023-02-30", code: "rectify.bad-by", field: .by, en: "unrecognised rectification date '2023-02-30'; `by` takes a YYYY-MM-DD date or semester_end"),
  TermErrorCase(within: nil, by: "end of term", code: "rectify.bad-by", field: .by, en: "unrecognised rectification date 'end of term'; `by` takes a YYYY-MM-DD date or semester_end"),
])
func rejectsTerm(_ c: TermErrorCase) throws {
  let result = RectifyTerm.parse(within: c.within, by: c.by)
  guard case .failure(let error) = result else {
    Issue.record("parsed as \(result)")
    return
  }
  #expect(error.code == c.code)
  #expect(error.field == c.field)
  #expect(error.message.en == c.en)
  #expect(!error.message.zh.isEmpty)
  let location = SourceLocation(file: "rules/pe.yaml", line: 12, column: 15)
  #expect(error.diagnostic(at: location).location == location)
}

@Test func ruleTextRoundTrips() {
  let terms: [RectifyTerm] = [.immediately, .days(30), .workdays(10)]
  for term in terms {
    #expect(RectifyTerm.parse(within: term.ruleText, by: nil) == .success(term))
  }
  for term in [RectifyTerm.by(Day("2023-12-31")), .semesterEnd] {
    #expect(RectifyTerm.parse(within: nil, by: term.ruleText) == .success(term))
  }
}
