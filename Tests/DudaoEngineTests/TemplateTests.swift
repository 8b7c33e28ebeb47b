import DudaoDiagnostics
import DudaoEngine
import DudaoReport
import DudaoRules
import DudaoTestSupport
import DudaoYAML
import Foundation
import Testing

/// `dudao template`: the fields the rules read, a YAML skeleton that checks
/// once filled, CSV tables with Chinese headers and a field guide.
@Suite struct TemplateTests {
  static let root = RuleExampleTests.root

  static func pack(_ name: String) throws -> RulePack { try PackLoader().load(root + "/" + name) }

  @Test func readsFieldsThroughForEachAndMacros() throws {
    let used = TemplateFields(pack: try Self.pack("rules"))
    for path in [
      ["schedule", "daily_pe_minutes"], ["teaching", "screen_minutes"], ["special_education"],
      ["classes", "grade"], ["classes", "students"],  // for_each: { class: school.classes.filter(c, …) }
      ["staff", "subjects"],  // school.staff.exists(s, 'mental_health' in s.subjects)
    ] {
      #expect(used.contains(path), "\(path.joined(separator: "."))")
    }
    #expect(!used.contains(["staff", "name"]))
    #expect(!used.contains(["observations"]))
  }

  @Test func scansDistrictRulesAndSkipsStrings() throws {
    let pack = try TempPack.with(rules: """
      rules:
        - id: T.DISTRICT
          title: { zh: 测试 }
      \(TempPack.source)
          scope: district
          check: "sum(schools.map(s, size(s.classes.filter(c, c.students > 45)))) == 0"
          severity: minor
          examples: { pass: [ { schools: [] } ], fail: [ { schools: [] } ] }
        - id: T.STRING
          title: { zh: 测试 }
      \(TempPack.source)
          check: "school.name != 'school.schedule.daily_pe_minutes'"
          severity: minor
          examples: { pass: [ { school: { name: a } } ], fail: [ { school: { name: a } } ] }
      """).load()
    let used = TemplateFields(pack: pack)
    #expect(used.paths == [["classes"], ["classes", "students"], ["name"]])
    let tables = DataTemplate(pack: pack).tables
    #expect(tables.map(\.fileName) == ["schools.csv", "classes.csv"])
    let headers = tables.last?.columns.map(\.header) ?? []
    #expect(headers.count == 3)
    #expect(Set(headers).count == headers.count, "headers are unique: \(headers)")
  }

  @Test func overlayEnablesTeacherLoad() throws {
    // LOAD.WEEKLY_PERIODS reads teacher.weekly_periods through `school.staff.filter(s, …)`.
    let used = TemplateFields(pack: try Self.pack("examples/overlays/xiangan"))
    #expect(used.contains(["staff", "weekly_periods"]))
    #expect(used.contains(["staff", "role"]))
  }

  @Test func yamlSkeletonIsCommentedAndLeavesPersonalDataOut() throws {
    let text = DataTemplate(pack: try Self.pack("rules")).yaml(language: .zh)
    #expect(text.contains("    # 每天校内体育活动时间（分钟/天）：学生在校每天体育活动总时长"))
    #expect(text.contains("    daily_pe_minutes: ~\n"))
    #expect(text.contains("# 办学类型：按办学类型选择"))
    #expect(text.contains("可填：primary（小学）、junior（初中）"))
    #expect(text.contains("  classes:\n    -\n"))
    #expect(!text.contains("name: ~\n      # "), "a staff member's name is personal data")
    #expect(!text.contains("observations"))
    let root = try YAMLLoader.load(string: text, file: "school.yaml")
    #expect(root["school"]?["schedule"]?["daily_pe_minutes"]?.isNull == true)
    #expect(root["school"]?["classes"]?.sequence?.count == 1)
  }

  @Test(arguments: ["rules"] + StandardPackTests.overlays)
  func filledYAMLTemplateChecks(_ packName: String) throws {
    let pack = try Self.pack(packName)
    let text = DataTemplate(pack: pack).yaml(language: .zh)
    let filled = try Self.fill(text, dictionary: pack.dictionary)
    let file = TestScratch.folder + "dudao-template-\(UUID().uuidString).yaml"
    try filled.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let dataset = try DatasetLoader(dictionary: pack.dictionary).load(paths: [file])
    #expect(dataset.warnings.isEmpty, "\(dataset.warnings.map(\.message.en))")
    let run = try Engine(pack: pack).evaluate(dataset, asOf: try #require(Day(iso: "2026-11-23")))
    #expect(!run.findings.isEmpty)
    for f in run.findings where f.status == .unknown || f.status == .error {
      Issue.record("\(f.rule.id) \(f.subject.id): \(f.status.rawValue) \(f.missing) \(f.detail?.en ?? "")")
    }
  }

  @Test func csvTablesHaveChineseHeadersAndBOM() throws {
    let files = DataTemplate(pack: try Self.pack("examples/overlays/xiangan")).csvFiles(language: .zh)
    #expect(files.map(\.name) == ["schools.csv", "classes.csv", "staff.csv", "rectification_items.csv", "填表说明.md"])
    let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) })
    let schools = try #require(byName["schools.csv"])
    #expect(Array(schools.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let header = schools.dropFirst().split(separator: "\r\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
    #expect(Array(header.prefix(4)) == ["学校代码", "学校名称", "办学类型", "区县"])
    #expect(header.contains("每天校内体育活动时间"))
    let staff = try #require(byName["staff.csv"])
    #expect(staff.hasPrefix("\u{FEFF}学校代码,教职工编号,"))
    #expect(staff.contains("周课时量"))
    #expect(!staff.contains("姓名"))
    #expect(try #require(byName["classes.csv"]).hasPrefix("\u{FEFF}学校代码,班级编号,"))
    let guide = try #require(byName["填表说明.md"])
    #expect(guide.contains("| 每天校内体育活动时间 | `schedule.daily_pe_minutes` | 整数 | 分钟/天 |"))
  }

  /// Replaces every `~` of the skeleton by a valid value of its field's type.
  static func fill(_ text: String, dictionary: DataDictionary) throws -> String {
    let root = try YAMLLoader.load(string: text, file: "school.yaml")
    var replacements: [Int: [(column: Int, value: String)]] = [:]
    func walk(_ node: Node, _ type: DataDictionary.FieldType, _ field: DataDictionary.Field?) {
      if node.isNull {
        replacements[node.location.line, default: []].append((node.location.column, value(type, field)))
        return
      }
      switch type {
      case .entity(let e): fields(node, dictionary.entity(e)?.fields ?? [])
      case .object(let sub): fields(node, sub)
      case .list(let element): for item in node.sequence ?? [] { walk(item, element, nil) }
      default: break
      }
    }
    func fields(_ node: Node, _ fields: [DataDictionary.Field]) {
      for e in node.entries ?? [] {
        guard let f = fields.first(where: { $0.name == e.key.text }) else { continue }
        walk(e.value, f.type, f)
      }
    }
    walk(try #require(root["school"]), .entity("school"), nil)
    var lines = text.components(separatedBy: "\n")
    for (line, cols) in replacements {
      var scalars = Array(lines[line - 1].unicodeScalars)
      for (col, v) in cols.sorted(by: { $0.column > $1.column }) {
        #expect(scalars[col - 1] == "~")
        scalars.replaceSubrange((col - 1)...(col - 1), with: v.unicodeScalars)
      }
      lines[line - 1] = String(String.UnicodeScalarView(scalars))
    }
    return lines.joined(separator: "\n")
  }

  static func value(_ type: DataDictionary.FieldType, _ field: DataDictionary.Field?) -> String {
    switch type {
    case .string, .any: return "\"X\(field?.name ?? "1")\""
    case .int: return String(Int(max(field?.min ?? 1, 1)))
    case .double: return "1.5"
    case .bool: return "true"
    case .date: return "2026-09-01"
    case .time: return "'08:30'"
    case .enumeration(let values): return values.first ?? "x"
    case .list, .entity, .object: return "[]"
    }
  }
}
