import DudaoDiagnostics
import DudaoYAML

extension HolidayCalendar {
  /// Builds a calendar from loaded documents: one per `YYYY.yaml` arrangement
  /// file and the `school.yaml` document if any (formats in docs/deadlines.md).
  ///
  /// Throws every error found, with warnings, sorted by location; warnings
  /// alone end up in ``warnings``.
  public static func parse(arrangements documents: [Node], school: Node?) throws(DiagnosticList) -> HolidayCalendar {
    var reader = CalendarReader()
    var byYear: [Int: HolidayArrangement] = [:]
    for document in documents {
      guard let arrangement = reader.arrangement(document) else { continue }
      if let first = byYear[arrangement.year] {
        reader.report(.calendarDuplicateYear(arrangement.year, at: arrangement.location, first: first.location))
      } else {
        byYear[arrangement.year] = arrangement
      }
    }
    let schoolCalendar = school.flatMap { reader.schoolCalendar($0) }
    let sorted = reader.diagnostics.sortedByLocation()
    guard !sorted.contains(where: { $0.severity == .error }) else { throw DiagnosticList(sorted) }
    return HolidayCalendar(checked: byYear, school: schoolCalendar, warnings: sorted)
  }
}

extension [Diagnostic] {
  /// By file, line and column; diagnostics without a location last, in their order.
  func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      switch (a.element.location, b.element.location) {
      case let (x?, y?): x == y ? a.offset < b.offset : x < y
      case (.some, nil): true
      case (nil, .some): false
      case (nil, nil): a.offset < b.offset
      }
    }.map(\.element)
  }
}

/// Reads arrangement and school-calendar documents, collecting diagnostics.
struct CalendarReader {
  private(set) var diagnostics: [Diagnostic] = []
  /// Whether an error was reported since the current document began.
  private var failed = false

  mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
    if diagnostic.severity == .error { failed = true }
  }

  static let arrangementKeys = ["year", "notice", "source", "holidays", "workdays"]
  static let noticeKeys = ["title", "number", "published", "url"]
  static let holidayKeys = ["name", "from", "to"]
  static let schoolKeys = ["source", "example", "semesters"]
  static let semesterKeys = ["name", "from", "to"]

  /// One arrangement file; nil when it has errors.
  mutating func arrangement(_ document: Node) -> HolidayArrangement? {
    failed = false
    guard let top = mapping(document, .init(zh: "节假日安排（year、notice、holidays 等键的映射）", en: "a holiday arrangement (a mapping of year, notice, holidays, …)"), Self.arrangementKeys)
    else { return nil }
    let year = required(top, "year", in: document).flatMap { self.year($0) }
    let notice = required(top, "notice", in: document).flatMap { self.notice($0) }
    let source = required(top, "source", in: document).flatMap { text($0, key: "source") }
    var holidays: [HolidayArrangement.Holiday] = []
    if let list = required(top, "holidays", in: document).flatMap({ sequence($0, .init(zh: "放假安排列表", en: "a list of holidays")) }) {
      holidays = list.compactMap { holiday($0) }
    }
    var workdays: [(day: Day, location: SourceLocation)] = []
    // `workdays:` left empty means none, like `workdays: []`.
    if let node = top["workdays"], !node.isNull,
      let list = sequence(node, .init(zh: "调休上班日期列表", en: "a list of make-up working days"))
    {
      workdays = list.compactMap { item in day(item).map { ($0, item.location) } }
    }
    guard let year else { return nil }
    let yearNode = top["year"] ?? document
    if let fileYear = Self.fileYear(document.location.file), fileYear != year {
      report(.calendarYearMismatch(fileYear: fileYear, declared: year, at: yearNode.location))
    }
    check(holidays: holidays, workdays: workdays, year: year)
    guard !failed, let notice, let source else { return nil }
    return HolidayArrangement(
      year: year, notice: notice, holidays: holidays, workdays: workdays.map(\.day), source: source,
      location: yearNode.location)
  }

  /// The school calendar; nil when it has errors.
  mutating func schoolCalendar(_ document: Node) -> SchoolCalendar? {
    failed = false
    guard let top = mapping(document, .init(zh: "校历（source、semesters 等键的映射）", en: "a school calendar (a mapping of source, semesters, …)"), Self.schoolKeys)
    else { return nil }
    let source = required(top, "source", in: document).flatMap { text($0, key: "source") }
    var isExample = false
    if let node = top["example"] {
      if let flag = node.bool { isExample = flag } else { report(.calendarWrongType(.init(zh: "true 或 false", en: "true or false"), at: node.location)) }
      if isExample { report(.calendarExampleSchoolCalendar(at: node.location)) }
    }
    var semesters: [SchoolCalendar.Semester] = []
    if let list = required(top, "semesters", in: document).flatMap({ sequence($0, .init(zh: "学期列表", en: "a list of semesters")) }) {
      semesters = list.compactMap { semester($0) }
    }
    let ordered = semesters.sorted { $0.from < $1.from }
    for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.from <= earlier.to {
      if let at = later.location {
        report(.calendarSemesterOverlap(later.name, other: earlier.name, at: at, otherAt: earlier.location))
      }
    }
    guard !failed, let source else { return nil }
    return SchoolCalendar(semesters: semesters, source: source, isExample: isExample, location: document.location)
  }
}

private extension CalendarReader {
  /// The year of a file named `YYYY.yaml` (or `.yml`).
  static func fileYear(_ path: String) -> Int? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let stem = name.hasSuffix(".yaml") ? name.dropLast(5) : name.hasSuffix(".yml") ? name.dropLast(4) : nil
    guard let stem, stem.count == 4, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(stem)
  }

  mutating func check(holidays: [HolidayArrangement.Holiday], workdays: [(day: Day, location: SourceLocation)], year: Int) {
    var taken: [Int: HolidayArrangement.Holiday] = [:]
    for holiday in holidays {
      guard let at = holiday.location else { continue }
      for day in [holiday.from, holiday.to] where day.year != year {
        report(.calendarDateOutsideYear(day, year: year, at: at))
      }
      guard holiday.from.year == year, holiday.to.year == year else { continue }
      for day in holiday.days {
        if let other = taken[day.ordinal] {
          report(.calendarHolidayOverlap(day, holiday.name, other: other.name, at: at, otherAt: other.location))
          break
        }
        taken[day.ordinal] = holiday
      }
    }
    var seen: [Int: SourceLocation] = [:]
    for (day, at) in workdays {
      if day.year != year {
        report(.calendarDateOutsideYear(day, year: year, at: at))
        continue
      }
      if let holiday = taken[day.ordinal] {
        report(.calendarHolidayWorkdayConflict(day, holiday: holiday.name, at: at, holidayAt: holiday.location))
      }
      if let first = seen[day.ordinal] {
        report(.calendarDuplicateWorkday(day, at: at, first: first))
      } else {
        seen[day.ordinal] = at
      }
      if !day.isWeekend { report(.calendarWorkdayOnWeekday(day, at: at)) }
    }
  }

  mutating func notice(_ node: Node) -> HolidayArrangement.Notice? {
    guard let map = mapping(node, .init(zh: "通知信息（title、number、published、url）", en: "the notice (title, number, published, url)"), Self.noticeKeys)
    else { return nil }
    let title = required(map, "title", in: node).flatMap { text($0, key: "title") }
    let number = map["number"].flatMap { text($0, key: "number") }
    let published = required(map, "published", in: node).flatMap { day($0) }
    let url = map["url"].flatMap { text($0, key: "url") }
    guard let title, let published else { return nil }
    return .init(title: title, number: number, published: published, url: url)
  }

  mutating func holiday(_ node: Node) -> HolidayArrangement.Holiday? {
    guard let map = mapping(node, .init(zh: "放假安排（name、from、to）", en: "a holiday (name, from, to)"), Self.holidayKeys)
    else { return nil }
    let name = required(map, "name", in: node).flatMap { text($0, key: "name") }
    let from = required(map, "from", in: node).flatMap { day($0) }
    let to = map["to"].map { day($0) } ?? from
    guard let name, let from, let to else { return nil }
    guard from <= to else {
      report(.calendarRangeReversed(from: from, to: to, at: map["to"]?.location ?? node.location))
      return nil
    }
    return .init(name: name, from: from, to: to, location: node.location)
  }

  mutating func semester(_ node: Node) -> SchoolCalendar.Semester? {
    guard let map = mapping(node, .init(zh: "学期（name、from、to）", en: "a semester (name, from, to)"), Self.semesterKeys)
    else { return nil }
    let name = required(map, "name", in: node).flatMap { text($0, key: "name") }
    let from = required(map, "from", in: node).flatMap { day($0) }
    let to = required(map, "to", in: node).flatMap { day($0) }
    guard let name, let from, let to else { return nil }
    guard from <= to else {
      report(.calendarRangeReversed(from: from, to: to, at: map["to"]?.location ?? node.location))
      return nil
    }
    return .init(name: name, from: from, to: to, location: node.location)
  }

  /// The mapping's entries by key, reporting a non-mapping and unknown keys.
  mutating func mapping(_ node: Node, _ what: LocalizedText, _ allowed: [String]) -> [String: Node]? {
    guard let entries = node.entries else {
      report(.calendarWrongType(what, at: node.location))
      return nil
    }
    var map: [String: Node] = [:]
    for entry in entries {
      guard let key = entry.key.text else {
        report(.calendarWrongType(.init(zh: "文字键", en: "a text key"), at: entry.key.location))
        continue
      }
      if allowed.contains(key) {
        map[key] = entry.value
      } else {
        report(.calendarUnknownKey(key, allowed: allowed, at: entry.key.location))
      }
    }
    return map
  }

  mutating func required(_ map: [String: Node], _ key: String, in node: Node) -> Node? {
    guard let value = map[key] else {
      report(.calendarMissingKey(key, at: node.location))
      return nil
    }
    return value
  }

  mutating func sequence(_ node: Node, _ what: LocalizedText) -> [Node]? {
    if let items = node.sequence { return items }
    report(.calendarWrongType(what, at: node.location))
    return nil
  }

  mutating func text(_ node: Node, key: String) -> String? {
    guard let text = node.text, !node.isNull else {
      report(node.isNull ? .calendarEmptyValue(key, at: node.location) : .calendarWrongType(.init(zh: "文字", en: "text"), at: node.location))
      return nil
    }
    guard !text.allSatisfy(\.isWhitespace) else {
      report(.calendarEmptyValue(key, at: node.location))
      return nil
    }
    return text
  }

  mutating func day(_ node: Node) -> Day? {
    guard let text = node.text else {
      report(.calendarWrongType(.init(zh: "YYYY-MM-DD 格式的日期", en: "a YYYY-MM-DD date"), at: node.location))
      return nil
    }
    guard let day = Day(iso: text) else {
      report(.calendarBadDate(text, at: node.location))
      return nil
    }
    return day
  }

  /// A year, written `2026` or quoted `"2026"`.
  mutating func year(_ node: Node) -> Int? {
    let text = node.text ?? ""
    let value = node.int.map(Int.init) ?? (text.count == 4 && text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil)
    guard let value, let day = Day(year: value, month: 1, day: 1) else {
      report(.calendarBadYear(node.text ?? "", at: node.location))
      return nil
    }
    return day.year
  }
}
