import DudaoDiagnostics
import DudaoEngine
import DudaoYAML
import Foundation

/// The inspectors file: YAML `inspectors: [{id, name, conflicts: [school ids]}]`
/// or a CSV table with columns `id,name,conflicts` (Chinese headers allowed;
/// conflicting school ids separated by `;` or `；`).
///
/// Every problem carries file:line:column. An unknown key in the YAML form is
/// an error, not a warning: a misspelt `conflicts` would silently send an
/// inspector to a school they must not visit.
public struct InspectorRoster: Sendable {
  public var inspectors: [Inspector]
  /// Problems that do not stop the draw (unknown CSV columns).
  public var warnings: [Diagnostic]

  /// CSV headers accepted for each column, English first.
  static let headers: [(column: Column, names: [String])] = [
    (.id, ["id", "编号", "督学编号", "工号"]),
    (.name, ["name", "姓名", "督学姓名"]),
    (.conflicts, ["conflicts", "回避学校", "回避", "利益冲突学校"]),
  ]

  enum Column { case id, name, conflicts }

  public init(inspectors: [Inspector], warnings: [Diagnostic] = []) {
    self.inspectors = inspectors
    self.warnings = warnings
  }

  /// Reads `.csv` as a table, anything else as YAML (or JSON).
  public init(file: String, limits: YAMLLimits = .init()) throws(DiagnosticList) {
    var diags: [Diagnostic] = []
    var found: [Inspector] = []
    do {
      found = try Self.read(file, limits, &diags)
    } catch {
      throw DiagnosticList([error])
    }
    Self.check(found, &diags)
    let errors = diags.filter { $0.severity == .error }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    self.init(inspectors: found, warnings: diags)
  }
}

private extension InspectorRoster {
  static let keys = ["id", "name", "conflicts"]

  static func read(_ file: String, _ limits: YAMLLimits, _ diags: inout [Diagnostic]) throws(Diagnostic) -> [Inspector] {
    guard file.lowercased().hasSuffix(".csv") else {
      return yaml(try YAMLLoader.load(file: file, limits: limits), file: file, &diags)
    }
    guard let data = FileManager.default.contents(atPath: file) else { throw .sampleIO(file) }
    guard data.count <= limits.maxFileBytes else { throw .sampleTooLarge(file, limit: limits.maxFileBytes) }
    return try csv(CSVReader(file: file, data: data), file: file, &diags)
  }

  static func yaml(_ root: Node, file: String, _ diags: inout [Diagnostic]) -> [Inspector] {
    guard let entries = root.entries else {
      diags.append(.sampleRosterShape(file, at: root.location))
      return []
    }
    for e in entries where e.key.text != "inspectors" {
      diags.append(.sampleUnknownKey(e.key.text ?? "…", allowed: ["inspectors"], at: e.key.location))
    }
    guard let list = root["inspectors"] else {
      diags.append(.sampleRosterShape(file, at: root.location))
      return []
    }
    guard let items = list.sequence else {
      diags.append(.sampleNotA(.init(zh: "inspectors 应为列表", en: "inspectors must be a list"), at: list.location))
      return []
    }
    var out: [Inspector] = []
    for item in items {
      guard let fields = item.entries else {
        diags.append(.sampleNotA(.init(zh: "每位督学应写成映射（id、name、conflicts）", en: "each inspector must be a mapping (id, name, conflicts)"), at: item.location))
        continue
      }
      for e in fields where !keys.contains(e.key.text ?? "") {
        diags.append(.sampleUnknownKey(e.key.text ?? "…", allowed: keys, at: e.key.location))
      }
      guard let idNode = item["id"], let id = idNode.text, !id.isEmpty else {
        diags.append(.sampleMissingInspectorID(at: item.location))
        continue
      }
      var name: String?
      if let n = item["name"], !n.isNull {
        guard let t = n.text else {
          diags.append(.sampleNotA(.init(zh: "name 应为文字", en: "name must be a text"), at: n.location))
          continue
        }
        name = t
      }
      var conflicts: [Inspector.Conflict] = []
      if let c = item["conflicts"], !c.isNull {
        if let list = c.sequence {
          for s in list {
            guard let t = s.text, !t.isEmpty else {
              diags.append(.sampleNotA(.init(zh: "回避学校应为学校代码", en: "a conflict must be a school id"), at: s.location))
              continue
            }
            conflicts.append(.init(school: t, location: s.location))
          }
        } else if let t = c.text {
          conflicts = split(t).map { .init(school: $0, location: c.location) }
        } else {
          diags.append(.sampleNotA(.init(zh: "conflicts 应为学校代码列表", en: "conflicts must be a list of school ids"), at: c.location))
        }
      }
      out.append(Inspector(id: id, name: name, conflicts: conflicts, location: idNode.location))
    }
    return out
  }

  static func csv(_ reader: CSVReader, file: String, _ diags: inout [Diagnostic]) throws(Diagnostic) -> [Inspector] {
    var columns: [Column: Int] = [:]
    var header: CSVRecord?
    var out: [Inspector] = []
    var localDiags: [Diagnostic] = []
    try reader.forEachRecord { (record) throws(Diagnostic) -> Bool in
      guard let head = header else {
        header = record
        for (i, cell) in record.cells.enumerated() {
          let name = cell.lowercased()
          guard let column = headers.first(where: { $0.names.contains(name) })?.column else {
            localDiags.append(.sampleUnknownColumn(cell, at: record.location(i, file: file)))
            continue
          }
          if let first = columns[column] {
            throw .sampleDuplicateColumn(cell, at: record.location(i, file: file), first: record.location(first, file: file))
          }
          columns[column] = i
        }
        guard columns[.id] != nil else { throw .sampleNoIDColumn(file, at: record.location(0, file: file)) }
        return true
      }
      _ = head
      func cell(_ c: Column) -> String? {
        guard let i = columns[c], i < record.cells.count else { return nil }
        return record.cells[i]
      }
      guard let idColumn = columns[.id], let id = cell(.id), !id.isEmpty else {
        localDiags.append(.sampleMissingInspectorID(at: record.location(columns[.id] ?? 0, file: file)))
        return true
      }
      let name = cell(.name).flatMap { $0.isEmpty ? nil : $0 }
      let conflictLocation = record.location(columns[.conflicts] ?? 0, file: file)
      let conflicts = split(cell(.conflicts) ?? "").map { Inspector.Conflict(school: $0, location: conflictLocation) }
      out.append(Inspector(id: id, name: name, conflicts: conflicts, location: record.location(idColumn, file: file)))
      return true
    }
    diags += localDiags
    if header == nil { throw .sampleRosterShape(file, at: SourceLocation(file: file, line: 1, column: 1)) }
    return out
  }

  /// School ids in one text, separated by `;`, `；` or `、`, trimmed.
  static func split(_ text: String) -> [String] {
    text.split(whereSeparator: { ";；、".contains($0) })
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Duplicate ids, ids that cannot be written in a plan, an empty roster.
  static func check(_ inspectors: [Inspector], _ diags: inout [Diagnostic]) {
    var seen: [String: SourceLocation] = [:]
    for i in inspectors {
      if !SampleInputs.isUsableID(i.id) { diags.append(.sampleBadID(i.id, at: i.location)) }
      for c in i.conflicts where !SampleInputs.isUsableID(c.school) { diags.append(.sampleBadID(c.school, at: c.location)) }
      if let first = seen[i.id] {
        diags.append(.sampleDuplicateInspector(i.id, at: i.location, first: first))
      } else {
        seen[i.id] = i.location
      }
    }
  }
}
