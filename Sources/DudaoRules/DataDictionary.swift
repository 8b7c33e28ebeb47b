import DudaoDiagnostics
import DudaoExpr
import DudaoYAML

/// The entities of school data and their fields: what rules may read,
/// what datasets must look like, what templates ask for.
public struct DataDictionary: Sendable {
  public indirect enum FieldType: Sendable, Hashable {
    case string, int, double, bool, date, time, any
    case enumeration([String])
    case list(FieldType)
    case entity(String)
    case object([Field])
  }

  public struct Field: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var label: LocalizedText
    public var unit: LocalizedText?
    public var aliases: [String]
    public var help: LocalizedText?
    public var valueLabels: [String: LocalizedText]
    public var required: Bool
    /// Personal data (a person's name): never shown in any output.
    public var personal: Bool
    public var min: Double?
    public var max: Double?
    public var location: SourceLocation
  }

  public struct Entity: Sendable, Hashable {
    public var name: String
    public var label: LocalizedText
    public var fields: [Field]
    public var location: SourceLocation

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
  }

  public var entities: [Entity]
  public var file: String

  public func entity(_ name: String) -> Entity? { entities.first { $0.name == name } }

  /// The field at a dotted path below an entity (`schedule.daily_pe_minutes` of `school`).
  public func field(_ path: [String], in entityName: String) -> Field? {
    guard var fields = entity(entityName)?.fields, !path.isEmpty else { return nil }
    for (i, name) in path.enumerated() {
      guard let f = fields.first(where: { $0.name == name }) else { return nil }
      if i == path.count - 1 { return f }
      switch f.type {
      case .object(let sub): fields = sub
      case .entity(let e): fields = entity(e)?.fields ?? []
      case .list(.entity(let e)): fields = entity(e)?.fields ?? []
      default: return nil
      }
    }
    return nil
  }

  /// The CEL type of an entity, for the static checker.
  public func celType(of entityName: String) -> CELType {
    celType(.entity(entityName), depth: 0)
  }

  func celType(_ t: FieldType, depth: Int) -> CELType {
    guard depth < 16 else { return .dyn }
    switch t {
    case .string: return .string
    case .int: return .int
    case .double: return .double
    case .bool: return .bool
    case .date: return .date
    case .time: return .time
    case .any: return .dyn
    case .enumeration(let values): return .enumeration(values)
    case .list(let e): return .list(celType(e, depth: depth + 1))
    case .entity(let name):
      guard let e = entity(name) else { return .dyn }
      return .object(ObjectType(name: name, fields: Dictionary(e.fields.map { ($0.name, celType($0.type, depth: depth + 1)) }, uniquingKeysWith: { a, _ in a })))
    case .object(let fields):
      return .object(ObjectType(name: "object", fields: Dictionary(fields.map { ($0.name, celType($0.type, depth: depth + 1)) }, uniquingKeysWith: { a, _ in a })))
    }
  }

  /// Every personal field path below `school` (`school.staff.name`), for lint.
  public var personalPaths: Set<String> {
    var out = Set<String>()
    func walk(_ fields: [Field], prefix: String, depth: Int) {
      guard depth < 16 else { return }
      for f in fields {
        let p = prefix + "." + f.name
        if f.personal { out.insert(p) }
        switch f.type {
        case .object(let sub): walk(sub, prefix: p, depth: depth + 1)
        case .entity(let e), .list(.entity(let e)): walk(entity(e)?.fields ?? [], prefix: p, depth: depth + 1)
        default: break
        }
      }
    }
    walk(entity("school")?.fields ?? [], prefix: "school", depth: 0)
    return out
  }
}

extension DataDictionary {
  static let fieldKeys = ["type", "label", "unit", "aliases", "help", "values", "value_labels", "required", "personal", "min", "max", "of", "fields", "note"]

  /// Parses `dictionary.yaml` (`entities: { name: { label, fields: { … } } }`).
  static func parse(_ root: Node, file: String, reader: inout NodeReader) -> DataDictionary {
    var dict = DataDictionary(entities: [], file: file)
    guard let top = reader.mapping(root, .init(zh: "数据字典", en: "the data dictionary"), allowed: ["entities", "title", "version", "note"]) else { return dict }
    guard let entitiesNode = top.first(where: { $0.key == "entities" })?.node else {
      reader.report(.missingKey("entities", in: "数据字典", at: root.location))
      return dict
    }
    let ctx = LocalizedText(zh: "数据字典 entities", en: "dictionary entities")
    for (name, node, keyLoc) in reader.mapping(entitiesNode, ctx, allowed: nil) ?? [] {
      var entity = Entity(name: name, label: .init(name), fields: [], location: keyLoc)
      for (k, v, _) in reader.mapping(node, .init(zh: "实体 \(name)", en: "entity \(name)"), allowed: ["label", "fields", "help", "note"]) ?? [] {
        switch k {
        case "label": entity.label = reader.localized(v, .init(zh: "label", en: "label")) ?? entity.label
        case "fields": entity.fields = parseFields(v, owner: name, reader: &reader)
        default: break
        }
      }
      dict.entities.append(entity)
    }
    // Entity references must resolve.
    let names = Set(dict.entities.map(\.name))
    func checkRefs(_ fields: [Field]) {
      for f in fields {
        switch f.type {
        case .entity(let e), .list(.entity(let e)):
          if !names.contains(e) {
            reader.report(Diagnostic(
              code: "dictionary.unknown-entity", location: f.location,
              message: .init(zh: "字段 \(f.name) 引用了未定义的实体“\(e)”", en: "field \(f.name) refers to the undefined entity '\(e)'")))
          }
        case .object(let sub): checkRefs(sub)
        default: break
        }
      }
    }
    for e in dict.entities { checkRefs(e.fields) }
    if !names.contains("school") {
      reader.report(.missingKey("school", in: "数据字典 entities", at: entitiesNode.location))
    }
    return dict
  }

  static func parseFields(_ node: Node, owner: String, reader: inout NodeReader) -> [Field] {
    var fields: [Field] = []
    for (name, v, keyLoc) in reader.mapping(node, .init(zh: "\(owner) 的 fields", en: "fields of \(owner)"), allowed: nil) ?? [] {
      var f = Field(
        name: name, type: .any, label: .init(name), unit: nil, aliases: [], help: nil, valueLabels: [:],
        required: false, personal: false, min: nil, max: nil, location: keyLoc)
      let ctx = LocalizedText(zh: "字段 \(owner).\(name)", en: "field \(owner).\(name)")
      guard let entries = reader.mapping(v, ctx, allowed: fieldKeys) else { continue }
      var typeName = "any"
      var typeLoc = keyLoc
      var values: [String]?
      var of: (String, SourceLocation)?
      var sub: [Field] = []
      for (k, n, _) in entries {
        switch k {
        case "type": typeName = n.text ?? ""; typeLoc = n.location
        case "label": f.label = reader.localized(n, ctx) ?? f.label
        case "unit": f.unit = reader.localized(n, ctx)
        case "aliases": f.aliases = reader.strings(n, ctx) ?? []
        case "help", "note": f.help = reader.localized(n, ctx)
        case "values": values = reader.strings(n, ctx)
        case "value_labels":
          for (vk, vn, _) in reader.mapping(n, ctx, allowed: nil) ?? [] { f.valueLabels[vk] = reader.localized(vn, ctx) }
        case "required": f.required = reader.bool(n, ctx) ?? false
        case "personal": f.personal = reader.bool(n, ctx) ?? false
        case "min": f.min = n.double
        case "max": f.max = n.double
        case "of": of = (n.text ?? "", n.location)
        case "fields": sub = parseFields(n, owner: "\(owner).\(name)", reader: &reader)
        default: break
        }
      }
      switch typeName {
      case "string": f.type = .string
      case "int", "integer": f.type = .int
      case "double", "number", "float": f.type = .double
      case "bool", "boolean": f.type = .bool
      case "date": f.type = .date
      case "time": f.type = .time
      case "any": f.type = .any
      case "enum":
        if let values { f.type = .enumeration(values) } else {
          reader.report(.missingKey("values", in: "字段 \(owner).\(name)", at: typeLoc))
        }
      case "object": f.type = .object(sub)
      case "list":
        let element = of?.0 ?? "any"
        f.type = .list(scalarType(element) ?? .entity(element))
      default:
        reader.report(Diagnostic(
          code: "dictionary.bad-type", location: typeLoc,
          message: .init(
            zh: "字段 \(owner).\(name) 的类型“\(typeName)”无效；可用：string、int、double、bool、date、time、enum、list、object、any",
            en: "field \(owner).\(name) has the unknown type '\(typeName)'; use string, int, double, bool, date, time, enum, list, object or any")))
      }
      fields.append(f)
    }
    return fields
  }

  static func scalarType(_ name: String) -> FieldType? {
    switch name {
    case "string": .string
    case "int", "integer": .int
    case "double", "number", "float": .double
    case "bool", "boolean": .bool
    case "date": .date
    case "time": .time
    case "any": .any
    default: nil
    }
  }
}
