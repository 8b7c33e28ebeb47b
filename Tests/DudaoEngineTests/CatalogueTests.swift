import DudaoDiagnostics
import DudaoReport
import DudaoRules
import Foundation
import Testing

/// `docs/rules.md` is `dudao rules --format md` of the standard pack: this
/// test regenerates it and compares; `DUDAO_RECORD=1 swift test` rewrites it.
@Suite struct CatalogueTests {
  static let root = RuleExampleTests.root

  /// What `dudao rules --format md` prints: the enabled rules, in Chinese.
  static func catalogue(_ pack: String, language: Language = .zh) throws -> String {
    var loaded = try PackLoader().load(root + "/" + pack)
    loaded.rules = loaded.rules.filter(\.enabled)
    return Catalogue(pack: loaded, language: language).render()
  }

  @Test func docsRulesMatchesThePack() throws {
    let actual = try Self.catalogue("rules")
    let path = Self.root + "/docs/rules.md"
    if ProcessInfo.processInfo.environment["DUDAO_RECORD"] == "1" {
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    #expect(actual == expected, "docs/rules.md is out of date; run DUDAO_RECORD=1 swift test and review the diff")
  }

  @Test func everyRuleHasItsSourcesAndTerm() throws {
    let pack = try PackLoader().load(Self.root + "/rules")
    let text = try Self.catalogue("rules")
    for r in pack.rules where r.enabled {
      #expect(text.contains("### \(r.id)\n"))
      for s in r.sources {
        let quote = s.quote.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("「\(quote)」"))
      }
    }
    #expect(text.contains("- 整改时限："))
    #expect(text.contains("## 身心健康"))
  }

  @Test func overlayParametersAndChangesAreShown() throws {
    let text = try Self.catalogue("examples/overlays/xiangan", language: .en)
    #expect(text.contains("`min_minutes` = `70`"))
    #expect(text.contains("`max_weekly_periods` = `20`"))
    #expect(text.contains("- Changed by overlays:"))
    #expect(!text.contains("### RESOURCE.SPORTS_AREA"), "disabled by the overlay")
  }
}
