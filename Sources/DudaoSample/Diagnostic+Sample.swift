import DudaoDiagnostics

/// Wording of `dudao sample` diagnostics; codes are stable.
extension Diagnostic {
  static func sampleIO(_ file: String) -> Self {
    Self(
      code: "sample.io", location: nil,
      message: .init(zh: "无法读取督学名单文件：\(file)", en: "cannot read the inspectors file: \(file)"))
  }

  static func sampleTooLarge(_ file: String, limit: Int) -> Self {
    Self(
      code: "sample.file-too-large", location: SourceLocation(file: file, line: 1, column: 1),
      message: .init(zh: "督学名单文件超过 \(limit) 字节", en: "the inspectors file is larger than \(limit) bytes"))
  }

  static func sampleRosterShape(_ file: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.no-inspectors-list", location: loc,
      message: .init(
        zh: "\(file) 不是督学名单：应写成 inspectors: [{id, name, conflicts}]，或 CSV 表头 id,name,conflicts（编号,姓名,回避学校）",
        en: "\(file) is not an inspectors file: write inspectors: [{id, name, conflicts}], or a CSV with the header id,name,conflicts"))
  }

  static func sampleUnknownKey(_ key: String, allowed: [String], at loc: SourceLocation) -> Self {
    Self(
      code: "sample.unknown-key", location: loc,
      message: .init(
        zh: "未知的键“\(key)”；可用：\(allowed.joined(separator: "、"))",
        en: "unknown key '\(key)'; use: \(allowed.joined(separator: ", "))"))
  }

  static func sampleNotA(_ what: LocalizedText, at loc: SourceLocation) -> Self {
    Self(code: "sample.wrong-type", location: loc, message: what)
  }

  static func sampleMissingInspectorID(at loc: SourceLocation) -> Self {
    Self(
      code: "sample.missing-inspector-id", location: loc,
      message: .init(zh: "督学缺少编号（id）；每位督学都要有唯一编号", en: "an inspector has no id; every inspector needs a unique id"))
  }

  static func sampleUnknownColumn(_ header: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.unknown-column", severity: .warning, location: loc,
      message: .init(
        zh: "未知的列“\(header)”，已忽略；可用：id（编号）、name（姓名）、conflicts（回避学校）",
        en: "unknown column '\(header)', ignored; use: id, name, conflicts"))
  }

  static func sampleDuplicateColumn(_ header: String, at loc: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "sample.duplicate-column", location: loc,
      message: .init(zh: "列“\(header)”重复", en: "column '\(header)' appears twice"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first defined here"))])
  }

  static func sampleNoIDColumn(_ file: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.no-id-column", location: loc,
      message: .init(
        zh: "\(file) 的表头没有编号列：第一行应为 id,name,conflicts（或 编号,姓名,回避学校）",
        en: "the header of \(file) has no id column: the first row should be id,name,conflicts"))
  }

  static func sampleBadID(_ id: String, at loc: SourceLocation) -> Self {
    let shown = id.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    return Self(
      code: "sample.bad-id", location: loc,
      message: .init(
        zh: "编号“\(shown)”含有制表符、换行等控制字符，无法写入抽查方案；请更正",
        en: "the id '\(shown)' contains a tab, line break or other control character and cannot stand in a plan; correct it"))
  }

  static func sampleDuplicateInspector(_ id: String, at loc: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "sample.duplicate-inspector", location: loc,
      message: .init(zh: "督学编号“\(id)”重复；每位督学只能列一次", en: "inspector id '\(id)' appears twice; list each inspector once"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first defined here"))])
  }

  static var sampleBadSeed: Self {
    Self(
      code: "sample.bad-seed", location: nil,
      message: .init(
        zh: "--seed 不能为空，也不能含制表符或换行；请用公开的文字，例如摇号结果或“2026-11-23 区督导室第3批”",
        en: "--seed must not be empty or contain a tab or line break; use a public text, e.g. a lottery result"))
  }

  static func sampleBadNumber(_ option: String, _ value: Int, min: Int) -> Self {
    Self(
      code: "sample.bad-number", location: nil,
      message: .init(zh: "\(option) 为 \(value)，应不小于 \(min)", en: "\(option) is \(value); it must be at least \(min)"))
  }

  static func sampleBadWeight(_ value: Int, max: Int) -> Self {
    Self(
      code: "sample.bad-number", location: nil,
      message: .init(zh: "--weight-overdue 为 \(value)，应在 1 到 \(max) 之间", en: "--weight-overdue is \(value); it must be between 1 and \(max)"))
  }

  static func sampleUnknownStratumField(_ field: String, available: [String]) -> Self {
    Self(
      code: "sample.unknown-stratum-field", location: nil,
      message: .init(
        zh: "--strata 中的字段“\(field)”不能用于分层；可用：\(available.joined(separator: "、"))",
        en: "--strata: '\(field)' cannot be used for strata; available: \(available.joined(separator: ", "))"))
  }

  static func sampleDuplicateStratumField(_ field: String) -> Self {
    Self(
      code: "sample.duplicate-stratum-field", location: nil,
      message: .init(zh: "--strata 中的字段“\(field)”重复", en: "--strata names '\(field)' twice"))
  }

  static func sampleMissingStratumValue(_ school: String, field: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.missing-stratum-value", severity: .warning, location: loc,
      message: .init(
        zh: "学校 \(school) 没有填写 \(field)，分层时按空值归类；请补填",
        en: "school \(school) has no \(field); it is put in the stratum with an empty value; please fill it in"))
  }

  static func sampleBadStratumValue(_ school: String, field: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.bad-stratum-value", location: loc,
      message: .init(
        zh: "学校 \(school) 的 \(field) 含有制表符、换行等控制字符，无法用于分层；请更正",
        en: "the \(field) of school \(school) contains a tab, line break or other control character and cannot define a stratum; correct it"))
  }

  static func sampleCountTooLarge(_ count: Int, candidates: Int, excluded: Int) -> Self {
    Self(
      code: "sample.count-too-large", location: nil,
      message: .init(
        zh: "--count \(count) 超过可抽学校数 \(candidates)（已排除 \(excluded) 所）；请减少抽取数量",
        en: "--count \(count) exceeds the \(candidates) schools that may be drawn (\(excluded) excluded); draw fewer"))
  }

  static var sampleNoInspectors: Self {
    Self(
      code: "sample.no-inspectors", location: nil,
      message: .init(zh: "督学名单为空；请至少列出一位督学", en: "the inspectors file lists nobody; list at least one inspector"))
  }

  static func sampleTeamTooLarge(_ size: Int, inspectors: Int) -> Self {
    Self(
      code: "sample.team-too-large", location: nil,
      message: .init(
        zh: "--team-size \(size) 大于督学人数 \(inspectors)；请减小每组人数或增加督学",
        en: "--team-size \(size) is larger than the \(inspectors) inspectors; use smaller teams or add inspectors"))
  }

  static func sampleUnknownConflictSchool(_ school: String, inspector: String, at loc: SourceLocation) -> Self {
    Self(
      code: "sample.unknown-conflict-school", severity: .warning, location: loc,
      message: .init(
        zh: "督学 \(inspector) 的回避学校“\(school)”不在学校数据中；请核对学校代码",
        en: "inspector \(inspector) must avoid '\(school)', which is not in the school data; check the school id"))
  }

  static func sampleBadListing(_ reason: LocalizedText, at loc: SourceLocation) -> Self {
    Self(code: "sample.bad-inputs", location: loc, message: reason)
  }
}
