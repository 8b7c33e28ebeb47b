import DudaoDiagnostics

/// All wording of the ledger's errors; codes are stable.
extension Diagnostic {
  static func ledger(_ code: String, zh: String, en: String) -> Self {
    Self(code: "ledger." + code, location: nil, message: .init(zh: zh, en: en))
  }

  static func unknownKey(_ key: String) -> Self {
    .ledger("unknown-key", zh: "台账中没有问题编号“\(key)”", en: "no finding with key '\(key)' in the ledger")
  }

  static func badReport(_ path: String, _ why: String) -> Self {
    .ledger("bad-report", zh: "无法读取检查报告 \(path)：\(why)", en: "cannot read the report \(path): \(why)")
  }

  static func duplicateInspection(_ id: String) -> Self {
    .ledger(
      "duplicate-inspection", zh: "检查“\(id)”已记录过（同一报告不重复记录；如确需再次记录请用 --inspection-id）",
      en: "inspection '\(id)' is already recorded (the same report is not recorded twice; use --inspection-id to force a new one)")
  }

  static func badState(_ key: String, _ state: String, _ action: String) -> Self {
    .ledger(
      "bad-state", zh: "问题 \(key) 当前为“\(state)”，不能\(action)",
      en: "finding \(key) is \(state); it cannot be \(action == "销号" ? "closed" : action == "重新打开" ? "reopened" : "waived")")
  }

  static func emptyText(_ option: String) -> Self {
    .ledger("empty-text", zh: "\(option) 不能为空", en: "\(option) must not be empty")
  }

  static func storage(_ why: String, file: String) -> Self {
    .ledger("storage", zh: "台账数据库 \(file) 无法使用：\(why)", en: "the ledger database \(file) cannot be used: \(why)")
  }

  /// `check --ledger PATH` without `--record` on a file that does not exist: nothing is created.
  public static func ledgerMissing(_ path: String) -> Self {
    Self(
      code: "ledger.missing", severity: .warning, location: nil,
      message: .init(
        zh: "台账数据库 \(path) 不存在，本次检查未应用任何豁免；请核对 --ledger 的路径（加 --record 时会新建台账）",
        en: "the ledger database \(path) does not exist, so no waivers were applied; check the --ledger path (--record creates a new ledger)"))
  }

  static func attachment(_ path: String) -> Self {
    .ledger("attachment", zh: "无法读取附件 \(path)", en: "cannot read the attachment \(path)")
  }

  static func noMatch(_ what: String) -> Self {
    .ledger("no-match", zh: "没有符合条件的问题：\(what)", en: "no finding matches \(what)")
  }
}
