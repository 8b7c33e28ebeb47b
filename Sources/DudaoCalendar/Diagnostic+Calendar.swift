import DudaoDiagnostics

/// All wording of the calendar's diagnostics. Codes are stable.
extension Diagnostic {
  /// Warning that a deadline counted days of `year` by the statutory fallback
  /// because the pack has no `calendar/YYYY.yaml` for it (`calendar.provisional`).
  public static func provisionalCalendar(year: Int) -> Diagnostic {
    Diagnostic(
      code: "calendar.provisional", severity: .warning, location: nil,
      message: .init(
        zh: "规则包缺少\(year)年节假日安排（rules/calendar/\(year).yaml），\(year)年的工作日暂按周末和《全国年节及纪念日放假办法》推算（不含调休），相关整改期限为暂定；国务院办公厅公布\(year)年部分节假日安排的通知后，请按 docs/deadlines.md 的格式添加 rules/calendar/\(year).yaml",
        en: "the pack has no holiday arrangement for \(year) (rules/calendar/\(year).yaml): working days in \(year) are counted from weekends and the statutory holidays only (no make-up days), so deadlines are provisional; once the State Council's holiday notice for \(year) is out, add rules/calendar/\(year).yaml in the format of docs/deadlines.md"))
  }

  static func calendarWrongType(_ what: LocalizedText, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.wrong-type", location: location,
      message: .init(zh: "此处应为\(what.zh)", en: "expected \(what.en) here"))
  }

  static func calendarUnknownKey(_ key: String, allowed: [String], at location: SourceLocation) -> Diagnostic {
    let list = allowed.joined(separator: ", ")
    return Diagnostic(
      code: "calendar.unknown-key", location: location,
      message: .init(zh: "未知的键“\(key)”（可用：\(list)）", en: "unknown key '\(key)' (allowed: \(list))"))
  }

  static func calendarMissingKey(_ key: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.missing-key", location: location,
      message: .init(zh: "缺少必填的键“\(key)”", en: "missing required key '\(key)'"))
  }

  static func calendarEmptyValue(_ key: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.empty-value", location: location,
      message: .init(zh: "“\(key)”不能为空", en: "'\(key)' must not be empty"))
  }

  static func calendarBadDate(_ text: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.bad-date", location: location,
      message: .init(
        zh: "“\(text)”不是有效日期，应写成 YYYY-MM-DD（如 2026-10-01）",
        en: "'\(text)' is not a valid date; write YYYY-MM-DD (e.g. 2026-10-01)"))
  }

  static func calendarBadYear(_ text: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.bad-year", location: location,
      message: .init(zh: "“\(text)”不是有效年份，应为四位整数（如 2026）", en: "'\(text)' is not a valid year; write a four-digit integer (e.g. 2026)"))
  }

  static func calendarRangeReversed(from: Day, to: Day, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.range-reversed", location: location,
      message: .init(zh: "结束日期 \(to) 早于开始日期 \(from)", en: "end date \(to) is before start date \(from)"))
  }

  static func calendarDateOutsideYear(_ day: Day, year: Int, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.date-outside-year", location: location,
      message: .init(
        zh: "日期 \(day) 不在本文件的年份 \(year) 内；每个文件只写本年的日期，跨年的日期请写入 \(day.year) 年的文件",
        en: "date \(day) is outside this file's year \(year); each file lists its own year's days, so put it in the file for \(day.year)"))
  }

  static func calendarHolidayWorkdayConflict(
    _ day: Day, holiday: String, at location: SourceLocation, holidayAt: SourceLocation?
  ) -> Diagnostic {
    Diagnostic(
      code: "calendar.holiday-workday-conflict", location: location,
      message: .init(zh: "\(day) 既是“\(holiday)”的放假日又是调休上班日", en: "\(day) is both a day off of '\(holiday)' and a make-up working day"),
      notes: [.init(location: holidayAt, message: .init(zh: "“\(holiday)”的放假安排在此", en: "'\(holiday)' is defined here"))])
  }

  static func calendarHolidayOverlap(
    _ day: Day, _ name: String, other: String, at location: SourceLocation, otherAt: SourceLocation?
  ) -> Diagnostic {
    Diagnostic(
      code: "calendar.holiday-overlap", location: location,
      message: .init(zh: "“\(name)”与“\(other)”的放假日期重叠（\(day)）；合并放假请写成一条", en: "'\(name)' overlaps '\(other)' on \(day); write a combined holiday as one entry"),
      notes: [.init(location: otherAt, message: .init(zh: "“\(other)”在此", en: "'\(other)' is defined here"))])
  }

  static func calendarDuplicateWorkday(_ day: Day, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.duplicate-workday", severity: .warning, location: location,
      message: .init(zh: "调休上班日 \(day) 重复列出", en: "make-up working day \(day) is listed twice"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first listed here"))])
  }

  static func calendarWorkdayOnWeekday(_ day: Day, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.workday-on-weekday", severity: .warning, location: location,
      message: .init(
        zh: "调休上班日 \(day) 是周一至周五，本来就是工作日；请核对通知原文",
        en: "make-up working day \(day) is a weekday, a working day anyway; check the notice"))
  }

  static func calendarDuplicateYear(_ year: Int, at location: SourceLocation?, first: SourceLocation?) -> Diagnostic {
    Diagnostic(
      code: "calendar.duplicate-year", location: location,
      message: .init(zh: "\(year) 年的节假日安排重复", en: "holiday arrangement for \(year) given twice"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first given here"))])
  }

  static func calendarYearMismatch(fileYear: Int, declared: Int, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.year-mismatch", location: location,
      message: .init(
        zh: "文件名表示 \(fileYear) 年，但 year 写的是 \(declared)",
        en: "the file name says \(fileYear) but `year` says \(declared)"))
  }

  static func calendarSemesterOverlap(_ name: String, other: String, at location: SourceLocation, otherAt: SourceLocation?) -> Diagnostic {
    Diagnostic(
      code: "calendar.semester-overlap", location: location,
      message: .init(zh: "学期“\(name)”与“\(other)”的日期重叠", en: "semester '\(name)' overlaps '\(other)'"),
      notes: [.init(location: otherAt, message: .init(zh: "“\(other)”在此", en: "'\(other)' is defined here"))])
  }

  static func calendarExampleSchoolCalendar(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      code: "calendar.school-example", severity: .warning, location: location,
      message: .init(
        zh: "校历为示例（example: true），学期末期限按示例日期计算；请按本地教育行政部门公布的校历修改学期日期并删去 example",
        en: "the school calendar is an example (example: true), so semester_end deadlines use example dates; set your district's semester dates and remove `example`"))
  }

  static func calendarUnknownFile(_ path: String) -> Diagnostic {
    Diagnostic(
      code: "calendar.unknown-file", severity: .warning, location: SourceLocation(file: path, line: 1, column: 1),
      message: .init(
        zh: "日历目录中的文件未被读取：只读取 YYYY.yaml（节假日安排）和 school.yaml（校历）",
        en: "file in the calendar folder not read: only YYYY.yaml (holiday arrangements) and school.yaml (school calendar) are"))
  }

  static func calendarUnreadableDirectory(_ path: String) -> Diagnostic {
    Diagnostic(
      code: "calendar.unreadable", location: nil,
      message: .init(zh: "无法读取日历目录 \(path)", en: "cannot read the calendar folder \(path)"))
  }
}
