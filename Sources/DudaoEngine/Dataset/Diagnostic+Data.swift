import Foundation
import DudaoDiagnostics

/// Wording of dataset diagnostics.
extension Diagnostic {
  static func dataWrongType(_ path: LocalizedText, expected: LocalizedText, found: String, at loc: SourceLocation) -> Self {
    Self(
      code: "data.wrong-type", location: loc,
      message: .init(
        zh: "\(path.zh) 应为\(expected.zh)，实际是“\(found)”；请按数据模板更正",
        en: "\(path.en) must be \(expected.en), found '\(found)'; correct it as the data template shows"))
  }

  static func dataBadValue(_ path: LocalizedText, value: String, allowed: [String], at loc: SourceLocation) -> Self {
    Self(
      code: "data.bad-value", location: loc,
      message: .init(
        zh: "\(path.zh) 的值“\(value)”不在允许范围内；可填：\(allowed.joined(separator: "、"))",
        en: "\(path.en) has the value '\(value)', which is not allowed; use one of: \(allowed.joined(separator: ", "))"))
  }

  static func dataOutOfRange(_ path: LocalizedText, value: String, min: Double?, max: Double?, at loc: SourceLocation) -> Self {
    func f(_ d: Double?) -> String { d.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) } ?? "…" }
    return Self(
      code: "data.out-of-range", location: loc,
      message: .init(
        zh: "\(path.zh) 的值 \(value) 超出合理范围（\(f(min))–\(f(max))）；请核对",
        en: "\(path.en) is \(value), outside the plausible range \(f(min))–\(f(max)); please check it"))
  }

  static func dataUnknownField(_ path: String, suggestion: String?, at loc: SourceLocation) -> Self {
    Self(
      code: "data.unknown-field", severity: .warning, location: loc,
      message: .init(
        zh: "数据字典中没有字段 \(path)，规则不会读取它" + (suggestion.map { "；是否应为 \($0)？" } ?? ""),
        en: "the data dictionary has no field \(path); no rule reads it" + (suggestion.map { "; did you mean \($0)?" } ?? "")))
  }

  static func dataNoSchool(_ file: String, at loc: SourceLocation) -> Self {
    Self(
      code: "data.no-school", location: loc,
      message: .init(
        zh: "\(file) 中没有学校数据：文件应包含 school:（一所学校）或 schools:（多所学校的列表）",
        en: "\(file) holds no school: a data file needs `school:` (one school) or `schools:` (a list)"))
  }

  static func dataMissingID(at loc: SourceLocation) -> Self {
    Self(
      code: "data.missing-id", location: loc,
      message: .init(zh: "学校缺少学校代码 id；每所学校都必须有唯一的 id", en: "the school has no `id`; every school needs a unique id"))
  }

  static func dataDuplicateSchool(_ id: String, at loc: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "data.duplicate-school", location: loc,
      message: .init(zh: "学校代码 \(id) 重复出现", en: "school id \(id) appears twice"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first here"))])
  }

  static func dataDuplicateElement(_ path: String, id: String, at loc: SourceLocation) -> Self {
    Self(
      code: "data.duplicate-id", location: loc,
      message: .init(zh: "\(path) 中编号 \(id) 重复；班级、教职工的 id 在一所学校内必须唯一", en: "id \(id) appears twice in \(path); ids of classes and staff must be unique within a school"))
  }

  static func dataLineTooLong(_ file: String, line: Int, limit: Int) -> Self {
    Self(
      code: "data.line-too-long", location: SourceLocation(file: file, line: line, column: 1),
      message: .init(
        zh: "这一行（一所学校）超过 \(limit >> 20) MB 的上限：请检查文件是否缺少换行，或用 --max-school-mb 调高上限",
        en: "this line (one school) is larger than the \(limit >> 20) MB limit: check for missing line breaks, or raise it with --max-school-mb"))
  }

  /// The output (a file, or standard output when `path` is nil) could not be written.
  static func outputIO(_ path: String?, _ error: any Error) -> Self {
    .dataIO(path ?? "-", reason: .init(zh: "无法写入 \(path ?? "标准输出")：\(error)", en: "cannot write \(path ?? "standard output"): \(error)"))
  }

  /// No temporary file could be made (a full or read-only temporary
  /// folder), or, `reading`, one could not be read back.
  static func scratchIO(_ error: any Error, reading: Bool = false) -> Self {
    reading
      ? .dataIO(
        NSTemporaryDirectory(),
        reason: .init(zh: "无法读回临时文件：\(error)；请检查临时文件夹所在磁盘", en: "cannot read back a temporary file: \(error); check the disk of the temporary folder"))
      : .dataIO(
        NSTemporaryDirectory(),
        reason: .init(zh: "无法创建临时文件：\(error)；请检查临时文件夹的空间和权限", en: "cannot create a temporary file: \(error); check the space and permissions of the temporary folder"))
  }

  static func dataIO(_ path: String, reason: LocalizedText) -> Self {
    Self(code: "data.io", location: SourceLocation(file: path, line: 0, column: 0), message: reason)
  }

  // MARK: CSV tables

  static func csvEncoding(_ file: String, line: Int) -> Self {
    Self(
      code: "csv.encoding", location: SourceLocation(file: file, line: line, column: 1),
      message: .init(
        zh: "\(file) 第 \(line) 行有无法识别的字符：文件既不是 UTF-8 也不是 GB18030 编码；请在 Excel 中另存为“CSV UTF-8”",
        en: "\(file) line \(line) has bytes that are neither UTF-8 nor GB18030; save the table as \"CSV UTF-8\""))
  }

  static func csvUnterminatedQuote(at loc: SourceLocation) -> Self {
    Self(
      code: "csv.unterminated-quote", location: loc,
      message: .init(
        zh: "此处开始的引号直到文件末尾都没有闭合；请补上配对的英文双引号 \"",
        en: "the quote opened here is never closed; add the matching double quote"))
  }

  static func csvTextAfterQuote(at loc: SourceLocation) -> Self {
    Self(
      code: "csv.bad-quote", location: loc,
      message: .init(
        zh: "引号闭合后应为逗号或换行；单元格内的双引号须写成两个（\"\"）",
        en: "a closing quote must be followed by a comma or a line end; write a quote inside a cell as two (\"\")"))
  }

  static func csvRagged(_ file: String, found: Int, expected: Int, at loc: SourceLocation) -> Self {
    Self(
      code: "csv.ragged-row", location: loc,
      message: .init(
        zh: "\(file) 这一行有 \(found) 列，表头有 \(expected) 列；请检查多余或缺少的逗号",
        en: "\(file): this row has \(found) cells but the header has \(expected); look for an extra or missing comma"))
  }

  static func csvUnknownHeader(_ header: String, entity: String, suggestion: String?, at loc: SourceLocation) -> Self {
    Self(
      code: "csv.unknown-header", severity: .warning, location: loc,
      message: .init(
        zh: "列“\(header)”不是数据字典中 \(entity) 的字段，规则不会读取它" + (suggestion.map { "；是否应为“\($0)”？" } ?? ""),
        en: "column '\(header)' is not a field of \(entity) in the data dictionary; no rule reads it" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")))
  }

  static func csvDuplicateColumn(_ header: String, field: String, at loc: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "csv.duplicate-column", location: loc,
      message: .init(
        zh: "列“\(header)”与前面的列都对应字段 \(field)；请删去其中一列",
        en: "column '\(header)' and an earlier column both give \(field); remove one of them"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first here"))])
  }

  static func csvNoJoinColumn(_ file: String, entity: String, at loc: SourceLocation) -> Self {
    Self(
      code: "csv.no-school-id", location: loc,
      message: .init(
        zh: "\(file) 是\(entity)表，但没有学校代码列；请加一列 school_id（或“学校代码”）写明每行所属学校",
        en: "\(file) is a \(entity) table without a school id column; add a school_id column naming each row's school"))
  }

  static func csvMissingJoin(_ header: String, at loc: SourceLocation) -> Self {
    Self(
      code: "csv.no-school-id", location: loc,
      message: .init(
        zh: "这一行的列“\(header)”为空；请填写所属学校的学校代码",
        en: "column '\(header)' is empty in this row; give the school id of the row's school"))
  }

  static func csvUnknownSchool(_ id: String, header: String, suggestion: String?, at loc: SourceLocation) -> Self {
    Self(
      code: "csv.unknown-school", location: loc,
      message: .init(
        zh: "列“\(header)”的学校代码 \(id) 在学校数据中不存在；请核对代码或补充该校数据" + (suggestion.map { "；是否应为 \($0)？" } ?? ""),
        en: "column '\(header)': school id \(id) matches no school in the data; check the id or add the school" + (suggestion.map { "; did you mean \($0)?" } ?? "")))
  }

  static func csvUnknownTable(_ file: String, names: [String], at loc: SourceLocation) -> Self {
    Self(
      code: "csv.unknown-table", location: loc,
      message: .init(
        zh: "无法判断 \(file) 是哪张表：文件名和表头都不对应数据字典；请把文件命名为 \(names.joined(separator: "、"))",
        en: "cannot tell which table \(file) is from its name or headers; name it \(names.joined(separator: ", "))"))
  }
}
