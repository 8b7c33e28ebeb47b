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
    w.beginObject()
    w.field("schema", Self.schema)
    w.field("as_of", run.asOf.description)
    w.field("lang", model.language.rawValue)
    w.key("pack")
    w.beginObject()
    w.field("name", run.pack.name)
    w.field("version", run.pack.version)
    w.field("digest", run.pack.digest)
    w.endObject()
    w.key("summary")
    w.beginObject()
    w.field("schools", model.schoolCount)
    for s in [Status.pass, .fail, .unknown, .notApplicable, .waived, .error] { w.field(s.rawValue, model.counts[s] ?? 0) }
    // The monitoring dimensions of seed 002 (and resources, environment) as report groupings.
    w.key("by_dimension")
    w.beginArray()
    for t in model.byDimension {
      w.beginObject()
      w.field("dimension", t.key)
      for s in [Status.pass, .fail, .unknown, .notApplicable, .waived, .error] { w.field(s.rawValue, t.counts[s] ?? 0) }
      w.endObject()
    }
    w.endArray()
    w.endObject()
    w.key("findings")
    w.beginArray()
    for f in run.findings { finding(f, model, &w) }
    w.endArray()
    w.key("warnings")
    w.beginArray()
    for d in run.warnings {
      w.beginObject()
      w.field("code", d.code)
      w.field("location", d.location?.description)
      w.field("message", d.message.text(in: model.language))
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return w.out + "\n"
  }

  func finding(_ f: Finding, _ model: ReportModel, _ w: inout JSONWriter) {
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
    w.key("rule")
    w.beginObject()
    w.field("id", f.rule.id)
    w.field("title", model.t(f.rule.title))
    w.field("severity", f.rule.severity.rawValue)
    w.field("dimension", f.rule.dimension)
    w.key("sources")
    w.beginArray()
    for s in f.rule.sources {
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
    w.field("status", f.status.rawValue)
    w.key("observed")
    w.raw(f.observed?.jsonText ?? "null")
    w.field("requirement", f.requirement.map(model.t))
    w.field("message", f.message.map(model.t))
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
    w.field("responsible", f.responsible.map(model.t))
    w.field("measures", f.measures.map(model.t))
    w.key("missing")
    w.beginArray()
    for m in f.missing { w.string(m) }
    w.endArray()
    w.field("detail", f.detail.map(model.t))
    // Additive to v1: present only when on-site observations replaced a value the rule read.
    if !f.onSite.isEmpty { onSite(f, &w) }
    w.endObject()
  }

  func onSite(_ f: Finding, _ w: inout JSONWriter) {
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
