import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// `--format json`: the `dudao.report/v1` schema (docs/report-schema.md).
/// Keys are in a fixed order and findings sorted, so the same inputs and
/// `--as-of` give byte-identical output.
public struct JSONReporter: Sendable {
  public static let schema = "dudao.report/v1"

  public init() {}

  public func render(_ model: ReportModel) -> String {
    var w = JSONWriter()
    let run = model.run
    let dimensions = model.byDimension.map { t in (t.key, { (s: Status) in t.counts[s] ?? 0 }) }
    Self.head(
      run.pack, asOf: run.asOf, language: model.language, schools: model.schoolCount, counts: { model.counts[$0] ?? 0 },
      byDimension: dimensions, &w)
    for f in run.findings { Self.finding(f, model.language, &w) }
    Self.tail(run.warnings, language: model.language, &w)
    return w.out + "\n"
  }

  /// The report written by a streaming check: the same bytes as `render`
  /// of the whole run, with findings rendered one at a time.
  public static func streamFormat(pack: RulePack, asOf: Day, language: Language) -> StreamFormat {
    // Each rule's block, as every finding of the rule has it.
    var blocks: [String: [UInt8]] = [:]
    for rule in pack.enabledRules {
      var w = JSONWriter(indent: 3, first: [false, false, false, false])
      ruleBlock(rule, language, &w)
      blocks[rule.id] = w.bytes
    }
    let ruleBlocks = blocks
    return StreamFormat(
      header: { summary in
        var w = JSONWriter()
        let dimensions = ReportModel.dimensionOrder(summary.keptByDimension.keys).map { d in
          (d, { (s: Status) in summary.keptByDimension[d]?[s.countIndex] ?? 0 })
        }
        head(
          pack, asOf: asOf, language: language, schools: summary.schoolsWithFindings, counts: { summary.kept[$0.countIndex] },
          byDimension: dimensions, &w)
        return w.bytes
      },
      row: { f in
        // Inside the findings array, after an element: starts with ",".
        var w = JSONWriter(indent: 2, first: [false, false, false])
        finding(f, language, &w, rule: ruleBlocks[f.rule.id])
        return w.bytes
      },
      footer: { summary in
        var w = JSONWriter(indent: 2, first: [false, false, summary.kept.allSatisfy { $0 == 0 }])
        tail(summary.warnings, language: language, &w)
        return w.bytes + [0x0A]
      },
      separatorBytes: 1)
  }

  /// Everything up to the opening of the findings array.
  static func head(
    _ pack: RulePack, asOf: Day, language: Language, schools: Int, counts: (Status) -> Int,
    byDimension: [(String, (Status) -> Int)], _ w: inout JSONWriter
  ) {
    w.beginObject()
    w.field("schema", Self.schema)
    w.field("as_of", asOf.description)
    w.field("lang", language.rawValue)
    w.key("pack")
    w.beginObject()
    w.field("name", pack.name)
    w.field("version", pack.version)
    w.field("digest", pack.digest)
    w.endObject()
    w.key("summary")
    w.beginObject()
    w.field("schools", schools)
    for s in [Status.pass, .fail, .unknown, .notApplicable, .waived, .error] { w.field(s.rawValue, counts(s)) }
    // The monitoring dimensions of seed 002 (and resources, environment) as report groupings.
    w.key("by_dimension")
    w.beginArray()
    for (name, count) in byDimension {
      w.beginObject()
      w.field("dimension", name)
      for s in [Status.pass, .fail, .unknown, .notApplicable, .waived, .error] { w.field(s.rawValue, count(s)) }
      w.endObject()
    }
    w.endArray()
    w.endObject()
    w.key("findings")
    w.beginArray()
  }

  /// The end of the findings array, the warnings, the end.
  static func tail(_ warnings: [Diagnostic], language: Language, _ w: inout JSONWriter) {
    w.endArray()
    w.key("warnings")
    w.beginArray()
    for d in warnings {
      w.beginObject()
      w.field("code", d.code)
      w.field("location", d.location?.description)
      w.field("message", d.message.text(in: language))
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }

  /// One finding; `rule` is its rule's block as `ruleBlock` writes it
  /// inside a finding (nil: written here).
  static func finding(_ f: Finding, _ language: Language, _ w: inout JSONWriter, rule: [UInt8]? = nil) {
    func t(_ text: LocalizedText?) -> String { text?.text(in: language) ?? "" }
    w.beginObject()
    w.field("key", f.key)
    w.key("school")
    w.beginObject()
    w.field("id", f.school.id)
    w.field("name", f.school.name)
    w.endObject()
    w.key("subject")
    w.beginObject()
    w.field("kind", f.subject.kind)
    w.field("id", f.subject.id)
    w.endObject()
    if let rule { w.member(rule) } else { ruleBlock(f.rule, language, &w) }
    w.field("status", f.status.rawValue)
    w.key("observed")
    w.raw(f.observed?.jsonText ?? "null")
    w.field("requirement", f.requirement.map(t))
    w.field("message", f.message.map(t))
    w.key("deadline")
    if let d = f.deadline {
      w.beginObject()
      w.field("date", d.date.description)
      w.field("provisional", d.provisional)
      w.field("overdue", d.overdue)
      w.field("basis", d.basis)
      w.endObject()
    } else {
      w.null()
    }
    w.field("responsible", f.responsible.map(t))
    w.field("measures", f.measures.map(t))
    w.key("missing")
    w.beginArray()
    for m in f.missing { w.string(m) }
    w.endArray()
    w.field("detail", f.detail.map(t))
    // Additive to v1: present only when on-site observations replaced a value the rule read.
    if !f.onSite.isEmpty { onSite(f, &w) }
    w.endObject()
  }

  /// A finding's `rule` member.
  static func ruleBlock(_ rule: Rule, _ language: Language, _ w: inout JSONWriter) {
    w.key("rule")
    w.beginObject()
    w.field("id", rule.id)
    w.field("title", rule.title.text(in: language))
    w.field("severity", rule.severity.rawValue)
    w.field("dimension", rule.dimension)
    w.key("sources")
    w.beginArray()
    for s in rule.sources {
      w.beginObject()
      w.field("document", s.document)
      w.field("number", s.number)
      w.field("clause", s.clause)
      w.field("quote", s.quote)
      if let url = s.url { w.field("url", url) }
      w.field("verified", s.verified)
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }

  static func onSite(_ f: Finding, _ w: inout JSONWriter) {
    w.key("observations")
    w.beginArray()
    for o in f.onSite {
      w.beginObject()
      w.field("path", o.path)
      w.field("item", o.item)
      w.field("date", o.date?.description)
      w.key("value")
      w.raw(o.value.jsonText)
      w.key("reported")
      w.raw(o.reported?.jsonText ?? "null")
      w.field("note", o.note)
      w.endObject()
    }
    w.endArray()
  }
}
