import DudaoCalendar
import DudaoDiagnostics
import DudaoYAML

/// The standard pack's calendar files as trees (rules/calendar/*.yaml hold the
/// same data; `CalendarFileTests` checks that they agree).
enum Fixture {
  static func holiday(_ name: String, _ from: String, _ to: String) -> YAMLTree {
    .flow([("name", .scalar(name)), ("from", .scalar(from)), ("to", .scalar(to))])
  }

  static func semester(_ name: String, _ from: String, _ to: String) -> YAMLTree {
    .flow([("name", .scalar(name)), ("from", .scalar(from)), ("to", .scalar(to))])
  }

  static let y2025: YAMLTree = .map([
    ("year", .scalar("2025")),
    ("notice", .map([
      ("title", .scalar("国务院办公厅关于2025年部分节假日安排的通知")),
      ("number", .scalar("国办发明电〔2024〕12号")),
      ("published", .scalar("2024-11-12")),
    ])),
    ("source", .scalar("国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12 发布）")),
    ("holidays", .list([
      holiday("元旦", "2025-01-01", "2025-01-01"),
      holiday("春节", "2025-01-28", "2025-02-04"),
      holiday("清明节", "2025-04-04", "2025-04-06"),
      holiday("劳动节", "2025-05-01", "2025-05-05"),
      holiday("端午节", "2025-05-31", "2025-06-02"),
      holiday("国庆节、中秋节", "2025-10-01", "2025-10-08"),
    ])),
    ("workdays", .list(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"].map(YAMLTree.scalar))),
  ])

  static let y2026: YAMLTree = .map([
    ("year", .scalar("2026")),
    ("notice", .map([
      ("title", .scalar("国务院办公厅关于2026年部分节假日安排的通知")),
      ("published", .scalar("2025-11-04")),
    ])),
    ("source", .scalar("国务院办公厅关于2026年部分节假日安排的通知（2025-11-04 发布）")),
    ("holidays", .list([
      holiday("元旦", "2026-01-01", "2026-01-03"),
      holiday("春节", "2026-02-15", "2026-02-23"),
      holiday("清明节", "2026-04-04", "2026-04-06"),
      holiday("劳动节", "2026-05-01", "2026-05-05"),
      holiday("端午节", "2026-06-19", "2026-06-21"),
      holiday("中秋节", "2026-09-25", "2026-09-27"),
      holiday("国庆节", "2026-10-01", "2026-10-07"),
    ])),
    ("workdays", .list(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"].map(YAMLTree.scalar))),
  ])

  static let school: YAMLTree = .map([
    ("example", .scalar("true")),
    ("source", .scalar("示例校历（非官方）：学期日期须由各区县按本地教育行政部门公布的校历设置")),
    ("semesters", .list([
      semester("2025—2026学年第一学期", "2025-09-01", "2026-01-16"),
      semester("2025—2026学年第二学期", "2026-03-02", "2026-07-10"),
      semester("2026—2027学年第一学期", "2026-09-01", "2027-01-22"),
      semester("2026—2027学年第二学期", "2027-02-22", "2027-07-09"),
    ])),
  ])

  /// The standard calendar: 2025, 2026 and the example school calendar.
  static func standard() throws -> HolidayCalendar {
    try HolidayCalendar.parse(
      arrangements: [y2025.node(file: "calendar/2025.yaml"), y2026.node(file: "calendar/2026.yaml")],
      school: school.node(file: "calendar/school.yaml"))
  }
}

extension Day {
  /// A literal date in tests (`Day("2026-09-28")`); an invalid literal is a test bug.
  init(_ iso: String) {
    guard let day = Day(iso: iso) else { preconditionFailure("bad date literal in a test: \(iso)") }
    self = day
  }
}
