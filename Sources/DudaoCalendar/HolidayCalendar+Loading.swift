import DudaoDiagnostics
import DudaoYAML
import Foundation

extension HolidayCalendar {
  /// Reads a pack's calendar folder: every `YYYY.yaml` (one year's holiday
  /// arrangement) and `school.yaml` (the school calendar). Other `.yaml`, `.yml`
  /// and `.json` files there are reported as `calendar.unknown-file` warnings,
  /// since a misnamed year file would otherwise be ignored in silence; other
  /// files (a README) are skipped.
  ///
  /// Throws every error of every file (YAML errors included), with the
  /// warnings, sorted by location; warnings alone end up in ``warnings``.
  public static func load(directory: String, limits: YAMLLimits = .init()) throws(DiagnosticList) -> HolidayCalendar {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      throw DiagnosticList([.calendarUnreadableDirectory(directory)])
    }
    var diagnostics: [Diagnostic] = []
    var arrangements: [Node] = []
    var school: Node?
    for name in names where !name.hasPrefix(".") {
      let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      switch CalendarFile(name: name) {
      case .arrangement, .school:
        do {
          let node = try YAMLLoader.load(file: path, limits: limits)
          if CalendarFile(name: name) == .school { school = node } else { arrangements.append(node) }
        } catch {
          diagnostics.append(error)
        }
      case .unknown:
        diagnostics.append(.calendarUnknownFile(path))
      case .other:
        continue
      }
    }
    var calendar: HolidayCalendar
    do {
      calendar = try parse(arrangements: arrangements, school: school)
    } catch {
      throw DiagnosticList((diagnostics + error.diagnostics).sortedByLocation())
    }
    let all = (diagnostics + calendar.warnings).sortedByLocation()
    guard !all.contains(where: { $0.severity == .error }) else { throw DiagnosticList(all) }
    calendar.warnings = all
    return calendar
  }
}

/// What a file in the calendar folder is, by its name.
private enum CalendarFile: Equatable {
  case arrangement, school, unknown, other

  init(name: String) {
    let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    let isYAML = [".yaml", ".yml", ".json"].contains { name.lowercased().hasSuffix($0) }
    if name == "school.yaml" {
      self = .school
    } else if name.hasSuffix(".yaml"), stem.count == 4, stem.allSatisfy({ $0.isASCII && $0.isNumber }), name == stem + ".yaml" {
      self = .arrangement
    } else {
      self = isYAML ? .unknown : .other
    }
  }
}
