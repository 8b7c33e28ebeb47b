import DudaoCalendar
import DudaoDiagnostics
import DudaoYAML
import DudaoTestSupport
import Foundation
import Testing

/// The repository's `rules/calendar` folder.
let standardCalendarFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("rules/calendar").path

/// Arrangement data without source positions, to compare files with fixtures.
func withoutLocations(_ a: HolidayArrangement) -> HolidayArrangement {
  var copy = a
  copy.location = nil
  copy.holidays = a.holidays.map { .init(name: $0.name, from: $0.from, to: $0.to) }
  return copy
}

@Test func standardFilesMatchTheFacts() throws {
  let files = try HolidayCalendar.load(directory: standardCalendarFolder)
  let fixture = try Fixture.standard()
  #expect(files.years == [2025, 2026])
  for year in [2025, 2026] {
    #expect(files.arrangements[year].map(withoutLocations) == fixture.arrangements[year].map(withoutLocations))
  }
  #expect(files.school?.semesters.map { [$0.name, "\($0.from)", "\($0.to)"] } == fixture.school?.semesters.map { [$0.name, "\($0.from)", "\($0.to)"] })
  #expect(files.school?.isExample == true)
  #expect(files.warnings.map(\.code) == ["calendar.school-example"])
  // Deadlines from the files, end to end.
  #expect(try files.deadline(.days(5), from: Day("2026-09-28")).get().date == Day("2026-10-08"))
}

/// The fixtures' layout gives the positions the real loader reports.
@Test(arguments: [("2025.yaml", Fixture.y2025), ("2026.yaml", Fixture.y2026), ("school.yaml", Fixture.school)])
func treeLayoutMatchesLoader(_ name: String, _ tree: YAMLTree) throws {
  let (node, text) = tree.document(file: name)
  #expect(try YAMLLoader.load(string: text, file: name) == node)
}

/// A scratch calendar folder with the given files.
func folder(_ files: [String: String]) throws -> String {
  let url = URL(fileURLWithPath: TestScratch.folder + "dudao-calendar-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  for (name, text) in files {
    try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  return url.path
}

let minimal2027 = """
  year: 2027
  notice: { title: 国务院办公厅关于2027年部分节假日安排的通知, published: 2026-11-10 }
  source: test
  holidays:
    - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }
  workdays: []

  """

@Test func loadsAFolderAndReportsEveryFile() throws {
  let path = try folder([
    "2026.yaml": "year: 2026\nnotice: { title: T, published: 2025-11-04 }\nsource: S\nholidays: [ { name: 国庆节, from: 2026-10-01, to: 2026-10-32 } ]\n",
    "2027.yaml": "year: 2027\nyear: 2028\n",
    "2028.yml": minimal2027,
    "README.md": "not read",
  ])
  defer { try? FileManager.default.removeItem(atPath: path) }
  #expect(throws: DiagnosticList.self) { try HolidayCalendar.load(directory: path) }
  do {
    _ = try HolidayCalendar.load(directory: path)
  } catch {
    let found = error.diagnostics.map { "\($0.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \($0.code)" }
    #expect(found == ["2026.yaml:4:48 calendar.bad-date", "2027.yaml:2:1 yaml.duplicate-key", "2028.yml:1:1 calendar.unknown-file"])
  }
}

@Test func overlayFolderAddsAYear() throws {
  let path = try folder(["2027.yaml": minimal2027])
  defer { try? FileManager.default.removeItem(atPath: path) }
  let overlay = try HolidayCalendar.load(directory: path)
  let merged = overlay.inheriting(from: try HolidayCalendar.load(directory: standardCalendarFolder))
  #expect(merged.years == [2025, 2026, 2027])
  #expect(merged.school?.isExample == true)
  let due = try merged.deadline(.workdays(1), from: Day("2026-12-31")).get()
  #expect(due.date == Day("2027-01-04"))
  #expect(due.provisional == false)
}

@Test func missingFolder() {
  do {
    _ = try HolidayCalendar.load(directory: "/nonexistent/calendar")
    Issue.record("loaded a missing folder")
  } catch {
    #expect(error.diagnostics.map(\.code) == ["calendar.unreadable"])
  }
}

/// Damaged copies of a real file give diagnostics with positions, never a crash.
@Test func mutatedFilesGiveDiagnostics() throws {
  let text = try String(contentsOfFile: standardCalendarFolder + "/2026.yaml", encoding: .utf8)
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  var variants: [String] = []
  for i in lines.indices {
    variants.append(lines.enumerated().filter { $0.offset != i }.map(\.element).joined(separator: "\n"))
    variants.append(lines.enumerated().map { $0.offset == i ? $0.element.replacingOccurrences(of: "2026-", with: "2026-1") : $0.element }.joined(separator: "\n"))
    variants.append(lines.enumerated().map { $0.offset == i ? $0.element.replacingOccurrences(of: ":", with: "") : $0.element }.joined(separator: "\n"))
  }
  let scalars = Array(text.unicodeScalars)
  for cut in stride(from: 0, to: scalars.count, by: 7) {
    variants.append(String(String.UnicodeScalarView(scalars[..<cut])))
  }
  for variant in variants {
    do {
      let node = try YAMLLoader.load(string: variant, file: "2026.yaml")
      _ = try HolidayCalendar.parse(arrangements: [node], school: nil)
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.code.hasPrefix("yaml."))
    } catch let list as DiagnosticList {
      #expect(!list.diagnostics.isEmpty)
      #expect(list.diagnostics.allSatisfy { $0.location != nil })
    }
  }
}

@Test func quotedYearAndEmptyWorkdays() throws {
  let path = try folder([
    "2027.yaml": "year: \"2027\"\nnotice: { title: T, published: 2026-11-10 }\nsource: S\nholidays:\n  - { name: 元旦, from: 2027-01-01 }\nworkdays:\n"
  ])
  defer { try? FileManager.default.removeItem(atPath: path) }
  let calendar = try HolidayCalendar.load(directory: path)
  #expect(calendar.arrangements[2027]?.holidays.first?.to == Day("2027-01-01"))
  #expect(calendar.arrangements[2027]?.workdays == [])
  #expect(calendar.warnings.isEmpty)
}
