import Foundation
import DudaoDiagnostics
import DudaoRules

extension DataTemplate {
  /// One column of a CSV table: its header (the field's Chinese label) and field.
  public struct Column: Sendable {
    public var header: String
    /// Path from the table's entity (`schedule.daily_pe_minutes`).
    public var path: [String]
    public var field: DataDictionary.Field
  }

  /// One CSV table: `schools.csv`, or one per list of the school (`classes.csv`).
  public struct Table: Sendable {
    public var fileName: String
    public var label: LocalizedText
    public var columns: [Column]
  }

  /// The tables: schools first, then one per list of entities, in dictionary
  /// order. Child tables start with the school code that joins them.
  public var tables: [Table] {
    var schoolColumns: [Column] = []
    var children: [Table] = []
    func flatten(_ items: [Item], into columns: inout [Column]) {
      for item in items {
        switch item.field.type {
        case .object: flatten(item.children, into: &columns)
        case .list(.entity): break
        default: columns.append(Column(header: item.field.label.zh, path: item.path, field: item.field))
        }
      }
    }
    flatten(items, into: &schoolColumns)
    let schoolLabel = dictionary.entity("school")?.label ?? .init(zh: "学校", en: "Schools")
    for item in items {
      guard let entity = item.listEntity else { continue }
      let join = dictionary.entity(entity)?.field("school_id") ?? dictionary.field(["id"], in: "school")
      var columns: [Column] = []
      if let join {
        var f = join
        f.name = "school_id"
        columns.append(Column(header: join.label.zh, path: ["school_id"], field: f))
      }
      var inner: [Column] = []
      flatten(item.children.map { var c = $0; c.path = Array(c.path.dropFirst()); return c }, into: &inner)
      columns += inner
      children.append(Table(fileName: item.field.name + ".csv", label: item.field.label, columns: Self.unique(columns)))
    }
    return [Table(fileName: "schools.csv", label: schoolLabel, columns: Self.unique(schoolColumns))] + children
  }

  /// Every file of the CSV template: the tables (UTF-8 with BOM, so Excel
  /// reads the Chinese headers) and `填表说明.md`.
  public func csvFiles(language: Language) -> [(name: String, text: String)] {
    let tables = self.tables
    var out = tables.map { t in (name: t.fileName, text: "\u{FEFF}" + t.columns.map { Self.csvField($0.header) }.joined(separator: ",") + "\r\n") }
    out.append((name: "填表说明.md", text: guide(tables, language: language)))
    return out
  }

  /// The field guide: per table, each header with its field path, type, unit, allowed values and help.
  func guide(_ tables: [Table], language: Language) -> String {
    let zh = language == .zh
    var s = zh
      ? """
        # 填表说明

        规则包 \(packName) \(packVersion) 的数据采集表，只含在用规则读取的字段。
        表格为 UTF-8（带 BOM）编码的 CSV，可用 Excel 打开；表头不要修改。
        每所学校在 `schools.csv` 中一行；班级、教职工等分表每行一项，第一列填所属学校的学校代码。
        没有的数据留空（检查结果为“数据缺失”）。列表型字段（如任教学科）多个值用英文分号 `;` 分隔。
        个人信息（如姓名）不必填写：规则不读取，报告也不显示。

        填好后运行：`dudao check 本文件夹`


        """
      : """
        # Field guide

        Data-collection tables of rule pack \(packName) \(packVersion): only the fields the rules in force read.
        The tables are CSV in UTF-8 with a BOM (Excel opens them); keep the headers as they are.
        One row per school in `schools.csv`; the tables of classes, staff, … have one row per item,
        the first column being the school code it belongs to.
        Leave a cell empty when the data is not available (the check reports it as unknown).
        List fields (e.g. subjects taught) take several values separated by `;`.
        Personal data (names) is not asked for: no rule reads it and no report shows it.

        Then run: `dudao check THIS_FOLDER`


        """
    for t in tables {
      s += "## \(t.fileName)（\(t.label.text(in: language))）\n\n"
      s += zh ? "| 表头 | 字段 | 类型 | 单位 | 可填 | 说明 |\n" : "| header | field | type | unit | allowed values | help |\n"
      s += "|---|---|---|---|---|---|\n"
      for c in t.columns {
        let cells = [
          c.header, "`" + c.path.joined(separator: ".") + "`",
          typeName(c.field.type, language: language) + (c.field.required ? (zh ? "，必填" : ", required") : ""),
          c.field.unit?.text(in: language) ?? "", allowedValues(c.field, language: language) ?? "",
          c.field.help?.text(in: language) ?? "",
        ]
        s += "| " + cells.map { Self.oneLine($0).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
      }
      s += "\n"
    }
    return s
  }

  func typeName(_ t: DataDictionary.FieldType, language: Language) -> String {
    let zh = language == .zh
    switch t {
    case .string: return zh ? "文字" : "text"
    case .int: return zh ? "整数" : "whole number"
    case .double: return zh ? "数值" : "number"
    case .bool: return zh ? "是/否" : "true/false"
    case .date: return zh ? "日期 YYYY-MM-DD" : "date YYYY-MM-DD"
    case .time: return zh ? "时刻 HH:MM" : "time HH:MM"
    case .any: return zh ? "任意" : "any"
    case .enumeration: return zh ? "选项" : "choice"
    case .list(let e): return (zh ? "列表（; 分隔）：" : "list (';'-separated) of ") + typeName(e, language: language)
    case .entity(let e): return e
    case .object: return zh ? "对象" : "object"
    }
  }

  /// Headers must be unique in a table: a repeated label falls back to the field path.
  static func unique(_ columns: [Column]) -> [Column] {
    var seen: Set<String> = []
    return columns.map { c in
      var c = c
      if seen.contains(c.header) { c.header = c.path.joined(separator: ".") }
      let base = c.header
      var n = 2
      // Terminates: `seen` is finite.
      while seen.contains(c.header) {
        c.header = "\(base)_\(n)"
        n += 1
      }
      seen.insert(c.header)
      return c
    }
  }

  /// RFC 4180 quoting where needed.
  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
