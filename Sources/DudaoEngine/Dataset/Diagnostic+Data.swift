import DudaoDiagnostics

/// Wording of dataset diagnostics.
extension Diagnostic {
  static func dataWrongType(_ path: String, expected: LocalizedText, found: String, at loc: SourceLocation) -> Self {
    Self(
      code: "data.wrong-type", location: loc,
      message: .init(
        zh: "\(path) 应为\(expected.zh)，实际是“\(found)”；请按数据模板更正",
        en: "\(path) must be \(expected.en), found '\(found)'; correct it as the data template shows"))
  }

  static func dataBadValue(_ path: String, value: String, allowed: [String], at loc: SourceLocation) -> Self {
    Self(
      code: "data.bad-value", location: loc,
      message: .init(
        zh: "\(path) 的值“\(value)”不在允许范围内；可填：\(allowed.joined(separator: "、"))",
        en: "\(path) has the value '\(value)', which is not allowed; use one of: \(allowed.joined(separator: ", "))"))
  }

  static func dataOutOfRange(_ path: String, value: String, min: Double?, max: Double?, at loc: SourceLocation) -> Self {
    func f(_ d: Double?) -> String { d.map { $0 == $0.rounded() ? String(Int64($0)) : String($0) } ?? "…" }
    return Self(
      code: "data.out-of-range", location: loc,
      message: .init(
        zh: "\(path) 的值 \(value) 超出合理范围（\(f(min))–\(f(max))）；请核对",
        en: "\(path) is \(value), outside the plausible range \(f(min))–\(f(max)); please check it"))
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

  static func dataIO(_ path: String, reason: LocalizedText) -> Self {
    Self(code: "data.io", location: SourceLocation(file: path, line: 0, column: 0), message: reason)
  }
}
