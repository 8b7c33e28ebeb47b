import DudaoDiagnostics
import DudaoRules

/// The data-collection template for the rules in force: the fields the
/// enabled rules read (after overlays), plus the ids, names, level and
/// district every dataset needs, in dictionary order.
///
/// Rendered as one commented YAML skeleton (`yaml(language:)`) or as CSV
/// tables with Chinese headers and a field guide (`csvFiles(language:)`).
/// Personal fields (a person's name) are left out unless a rule reads them:
/// collect only what supervision checks.
///
/// ```swift
/// let template = DataTemplate(pack: try PackLoader().load("rules"))
/// let text = template.yaml(language: .zh)   // school.yaml
/// ```
public struct DataTemplate: Sendable {
  /// One field of the template and the fields it holds (objects, lists of entities).
  public struct Item: Sendable {
    public var field: DataDictionary.Field
    /// Path from the entity the item belongs to (`["schedule", "daily_pe_minutes"]`).
    public var path: [String]
    public var children: [Item]

    /// The entity of a list-of-entity field (`classes` → `class`).
    public var listEntity: String? {
      if case .list(.entity(let e)) = field.type { return e }
      return nil
    }
  }

  public var packName: String
  public var packVersion: String
  public var dictionary: DataDictionary
  /// The fields of `school` the template asks for.
  public var items: [Item]

  /// School fields every template has, whatever the rules read.
  static let schoolKeys: Set<String> = ["id", "name", "level", "district"]

  public init(pack: RulePack) {
    self.init(dictionary: pack.dictionary, used: TemplateFields(pack: pack), packName: pack.name, packVersion: pack.version)
  }

  public init(dictionary: DataDictionary, used: TemplateFields, packName: String, packVersion: String) {
    self.packName = packName
    self.packVersion = packVersion
    self.dictionary = dictionary
    let fields = dictionary.entity("school")?.fields ?? []
    self.items = Self.items(fields, prefix: [], used: used, always: Self.schoolKeys, dictionary: dictionary, depth: 0)
  }

  /// The included fields among `fields`: those read, the `always` keys and required ones.
  static func items(
    _ fields: [DataDictionary.Field], prefix: [String], used: TemplateFields, always: Set<String>,
    dictionary: DataDictionary, depth: Int
  ) -> [Item] {
    guard depth < 8 else { return [] }
    var out: [Item] = []
    for f in fields {
      let path = prefix + [f.name]
      let read = used.contains(path)
      guard read || ((always.contains(f.name) || f.required) && !(f.personal && !read)) else { continue }
      var item = Item(field: f, path: path, children: [])
      switch f.type {
      case .object(let sub):
        item.children = items(sub, prefix: path, used: used, always: [], dictionary: dictionary, depth: depth + 1)
        // An object read as a whole (`has(school.psych)`): ask for all of it.
        if item.children.isEmpty {
          item.children = sub.map { Item(field: $0, path: path + [$0.name], children: []) }
        }
      case .list(.entity(let e)):
        let sub = (dictionary.entity(e)?.fields ?? []).filter { $0.name != "school_id" }
        item.children = items(sub, prefix: path, used: used, always: ["id"], dictionary: dictionary, depth: depth + 1)
      default: break
      }
      out.append(item)
    }
    return out
  }
}

// MARK: - YAML skeleton

extension DataTemplate {
  /// One commented YAML file, `school.yaml`: every field with a comment
  /// `# 标签（单位）：说明；可填：…` above it and `~` (null) as the value to
  /// replace; each list has one example element to copy.
  public func yaml(language: Language) -> String {
    let zh = language == .zh
    var out = zh
      ? """
        # dudao 数据采集模板（YAML）—— 规则包 \(packName) \(packVersion)
        # 只列出在用规则读取的字段。请把每个 ~ 换成本校数据；每个列表下是一个示例项，
        # 每个班级、每名教职工复制一份。没有的数据保留 ~（检查结果为“数据缺失”）。
        # 填好后运行：dudao check school.yaml

        """
      : """
        # dudao data-collection template (YAML) — rule pack \(packName) \(packVersion)
        # Only the fields the rules in force read. Replace every ~ by the school's data;
        # each list holds one example element: copy it for every class or staff member.
        # Data you do not have stays ~ (the check reports it as unknown).
        # Then run: dudao check school.yaml

        """
    out += "school:\n"
    yamlLines(items, indent: 2, language: language, into: &out)
    return out
  }

  func yamlLines(_ items: [Item], indent: Int, language: Language, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    for item in items {
      out += pad + "# " + comment(item.field, language: language) + "\n"
      let key = pad + item.field.name + ":"
      switch item.field.type {
      case .object:
        out += key + "\n"
        yamlLines(item.children, indent: indent + 2, language: language, into: &out)
      case .list(.entity):
        out += key + "\n" + pad + "  -\n"
        yamlLines(item.children, indent: indent + 4, language: language, into: &out)
      case .list:
        out += key + "\n" + pad + "  - ~\n"
      default:
        out += key + " ~\n"
      }
    }
  }

  /// `标签（单位）：说明；可填：…（必填）` on one line.
  func comment(_ f: DataDictionary.Field, language: Language) -> String {
    let zh = language == .zh
    var s = f.label.text(in: language)
    if let u = f.unit { s += zh ? "（\(u.text(in: language))）" : " (\(u.text(in: language)))" }
    if let h = f.help { s += (zh ? "：" : ": ") + h.text(in: language) }
    if let allowed = allowedValues(f, language: language) { s += (zh ? "；可填：" : "; allowed: ") + allowed }
    if let format = format(f.type, language: language) { s += (zh ? "；格式：" : "; format: ") + format }
    if f.required { s += zh ? "（必填）" : " (required)" }
    return Self.oneLine(s)
  }

  /// The allowed values with their labels (`primary（小学）、junior（初中）`), or nil.
  func allowedValues(_ f: DataDictionary.Field, language: Language) -> String? {
    let sep = language == .zh ? "、" : ", "
    func labelled(_ v: String) -> String {
      guard let l = f.valueLabels[v] else { return v }
      return language == .zh ? "\(v)（\(l.zh)）" : "\(v) (\(l.text(in: language)))"
    }
    switch f.type {
    case .enumeration(let values): return values.map(labelled).joined(separator: sep)
    case .bool: return language == .zh ? "true（是）、false（否）" : "true, false"
    case .list(.string) where !f.valueLabels.isEmpty: return f.valueLabels.keys.sorted().map(labelled).joined(separator: sep)
    default:
      var range: [String] = []
      if let min = f.min { range.append((language == .zh ? "最小 " : "min ") + Self.number(min)) }
      if let max = f.max { range.append((language == .zh ? "最大 " : "max ") + Self.number(max)) }
      return range.isEmpty ? nil : range.joined(separator: sep)
    }
  }

  func format(_ t: DataDictionary.FieldType, language: Language) -> String? {
    switch t {
    case .date: language == .zh ? "YYYY-MM-DD" : "YYYY-MM-DD"
    case .time: language == .zh ? "'HH:MM'（加引号）" : "'HH:MM' (quoted)"
    case .int: language == .zh ? "整数" : "whole number"
    case .double: language == .zh ? "数值" : "number"
    default: nil
    }
  }

  static func number(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
  }

  static func oneLine(_ s: String) -> String {
    String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
  }
}
