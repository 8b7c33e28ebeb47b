import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import Foundation
import Testing

/// The standard pack and the example overlays as a whole: they lint clean
/// (warnings only for the deliberately unset local parameters), every rule
/// sits in the folder of its monitoring dimension, and every field a rule
/// reads is explained in the dictionary.
@Suite struct StandardPackTests {
  static let root = RuleExampleTests.root
  static let overlays = ["examples/overlays/xiangan", "examples/overlays/ningxia-2023", "examples/overlays/tighter-district", "examples/overlays/changge-2020"]

  static func lint(_ pack: String) throws -> [Diagnostic] {
    let loaded = try PackLoader().load(root + "/" + pack)
    return loaded.warnings + RuleAnalyzer().analyze(loaded).diagnostics
  }

  /// The parameters no national text fixes: each district sets them.
  static let localParams: Set<String> = [
    "LOAD.WEEKLY_PERIODS max_weekly_periods", "AFTER_SCHOOL.END_TIME local_office_close",
    "COURSE.WEEKLY_PERIODS max_grades_1_2", "COURSE.WEEKLY_PERIODS max_grades_3_6", "COURSE.WEEKLY_PERIODS max_grades_7_9",
  ]

  @Test(arguments: ["rules"] + overlays)
  func lintsCleanButForLocalParameters(_ pack: String) throws {
    let diagnostics = try Self.lint(pack)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.message.en))")
    #expect(diagnostics.allSatisfy { $0.code == "rules.param-unset" }, "\(diagnostics.map(\.code))")
    let loaded = try PackLoader().load(Self.root + "/" + pack)
    let unset = Set(loaded.rules.filter(\.enabled).flatMap { r in r.unsetParams.map { "\(r.id) \($0)" } })
    #expect(unset.isSubset(of: Self.localParams), "\(unset.subtracting(Self.localParams))")
    #expect(diagnostics.count == unset.count)
  }

  @Test func rulesSitInTheFolderOfTheirDimension() throws {
    let folders: [String: Set<String>] = [
      "conduct": ["品德行为"], "academic": ["学业水平"], "learning": ["学习品质"], "practice": ["实践创新"],
      "health": ["身心健康", "办学条件"], "conditions": ["办学条件"], "management": ["成长环境", "学业水平"], "district": ["办学条件"],
    ]
    let pack = try PackLoader().load(Self.root + "/rules")
    #expect(pack.rules.count >= 60)
    for rule in pack.rules {
      let relative = rule.location.file.replacingOccurrences(of: Self.root + "/rules/", with: "")
      let folder = String(relative.split(separator: "/").first ?? "")
      let allowed = try #require(folders[folder], "\(rule.id) is in an unexpected folder \(folder)")
      #expect(allowed.contains(rule.dimension ?? ""), "\(rule.id): dimension \(rule.dimension ?? "-") in \(folder)/")
    }
  }

  @Test func everyFieldHasLabelHelpAndAliases() throws {
    let dictionary = try PackLoader().load(Self.root + "/rules").dictionary
    func check(_ fields: [DataDictionary.Field], _ prefix: String) {
      for f in fields {
        #expect(f.help != nil, "\(prefix)\(f.name) has no help")
        switch f.type {
        case .object(let sub): check(sub, prefix + f.name + ".")
        case .list, .entity: break
        default: #expect(!f.aliases.isEmpty, "\(prefix)\(f.name) has no CSV alias")
        }
      }
    }
    for name in ["school", "class", "staff", "rectification_item", "observation"] {
      check(try #require(dictionary.entity(name)).fields, name + ".")
    }
  }

  @Test(arguments: overlays)
  func overlayExamplesPass(_ pack: String) throws {
    let loaded = try PackLoader().load(Self.root + "/" + pack)
    let outcomes = ExampleRunner(pack: loaded).run()
    #expect(outcomes.count > 200)
    for o in outcomes where !o.passed {
      Issue.record("\(o.example.location): \(o.rule) \(o.example.expect.rawValue): \(o.problems.map(\.en).joined(separator: "; "))")
    }
  }

  /// Ningxia 2023: the plan's term is 2023-12-31, so a finding opened in 2026 is overdue at once.
  @Test func ningxiaTermIsOverdue() throws {
    let loaded = try PackLoader().load(Self.root + "/examples/overlays/ningxia-2023")
    let dataset = try DatasetLoader(dictionary: loaded.dictionary).load(paths: [Self.root + "/examples/district"])
    let run = try Engine(pack: loaded).evaluate(dataset, asOf: try #require(Day(iso: "2026-11-23")))
    let bigBreak = try #require(run.findings.first { $0.rule.id == "PE.BIG_BREAK" && $0.status == .fail })
    #expect(bigBreak.deadline?.date.description == "2023-12-31")
    #expect(bigBreak.deadline?.overdue == true)
    let report = try #require(run.findings.first { $0.rule.id == "NX.RECTIFICATION_REPORT" && $0.school.id == "3502130101" })
    #expect(report.status == .fail)
    #expect(report.deadline?.date.description == "2023-09-20")
  }
}
