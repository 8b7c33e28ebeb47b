import ArgumentParser
import DudaoDiagnostics
import DudaoLedger
import Foundation

/// `dudao ledger …`: the rectification ledger (整改台账).
struct LedgerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "整改台账：记录、销号、反弹、逾期、豁免、校验 / Rectification ledger: record, close, reopen, overdue, waive, verify",
    discussion: """
      台账是一个 SQLite 文件（默认当前目录下 dudao.db，可用 --ledger 指定）。
      The ledger is one SQLite file (dudao.db in the current folder unless --ledger PATH).
      示例 / Example:
        dudao check --format json --output report.json examples/district
        dudao ledger record report.json --inspector 督导组A
        dudao ledger overdue --as-of 2026-12-31
      """,
    subcommands: [
      LedgerRecord.self, LedgerList.self, LedgerShow.self, LedgerClose.self, LedgerReopen.self,
      LedgerWaive.self, LedgerOverdue.self, LedgerExportCommand.self, LedgerVerify.self,
    ])
}

/// `--ledger PATH` and `--lang`, shared by every ledger subcommand.
struct LedgerOptions: ParsableArguments {
  @Option(help: "台账数据库文件 / ledger database file") var ledger: String = "dudao.db"
  @Option(help: "信息语言 / language of messages: zh | en") var lang: Language = .zh

  /// Opens the ledger; a database that cannot be used exits 2.
  func open() throws -> Ledger {
    try attempt { () throws(Diagnostic) in try Ledger(path: ledger) }
  }

  /// Runs a ledger call; a diagnostic is printed and exits 2 (the input could not be used).
  func attempt<T>(_ body: () throws(Diagnostic) -> T) throws -> T {
    do { return try body() } catch {
      Terminal.report([error], language: lang)
      throw ExitCode(2)
    }
  }

  func day(_ text: String?, option: String) throws -> Day {
    guard let text else { return Terminal.today() }
    guard let d = Day(iso: text) else {
      Terminal.stderr("error[cli.bad-date]: \(option) “\(text)” 不是日期，应写成 YYYY-MM-DD / is not a date; write YYYY-MM-DD")
      throw ExitCode(2)
    }
    return d
  }
}


enum LedgerFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, csv
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
  case csv, json
}

extension StatusFilter: ExpressibleByArgument {}

struct LedgerRecord: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "把检查报告记入台账 / Record a check report in the ledger",
    discussion: """
      新的不合格项立项，已立项的记为再次发现，已销号又不合格的记为反弹；
      整改中的项本次合格只标记“已合格待销号”，销号需证据。同一报告不会重复记录。
      New failing findings are opened, open ones are seen again, closed ones failing again are reopened (反弹);
      an open finding now passing is only marked "passing, awaiting 销号". The same report is not recorded twice.
      示例 / Example:
        dudao ledger record report.json --inspector 督导组A --ledger district.db
      """)
  @OptionGroup var options: LedgerOptions
  @Option(name: .customLong("inspection-id"), help: "检查编号 / inspection id (default: date and report digest)") var inspectionID: String?
  @Option(help: "督导组（角色或编号，不写人名）/ inspector team (a role or id, not a person's name)") var inspector: String?
  @Argument(help: "dudao check --format json 的报告 / a report of dudao check --format json") var report: String

  func run() throws {
    let ledger = try options.open()
    // A batch of findings at a time: a national report need not fit in memory.
    let reader = try options.attempt { () throws(Diagnostic) in try LedgerReportReader(file: report) }
    let stamp = ISO8601DateFormatter().string(from: Date())
    let s = try options.attempt { () throws(Diagnostic) in
      try ledger.record(
        asOf: reader.asOf, pack: reader.pack, digest: reader.digest, findings: { try reader.forEach($0) },
        inspectionID: inspectionID, inspector: inspector, recordedAt: stamp,
        progress: CheckLedgerOptions.recordingProgress(options.lang))
    }
    print(
      options.lang == .zh
        ? "已记录检查 \(s.inspection)：新立项 \(s.recorded)，再次发现 \(s.seen)，反弹 \(s.reopened)，已合格待销号 \(s.passing)，豁免 \(s.waived)，豁免到期 \(s.waiverExpired)"
        : "recorded inspection \(s.inspection): \(s.recorded) opened, \(s.seen) seen again, \(s.reopened) reopened, \(s.passing) passing awaiting close, \(s.waived) waived, \(s.waiverExpired) waivers expired")
  }
}

struct LedgerList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "列出台账中的问题 / List findings in the ledger",
    discussion: """
      示例 / Example:
        dudao ledger list --status overdue --school S001 --as-of 2026-12-31 --format csv
      """)
  @OptionGroup var options: LedgerOptions
  @Option(help: "状态 / status: open | closed | overdue | waived | all") var status: StatusFilter = .open
  @Option(help: "学校代码 / school id") var school: String?
  @Option(help: "规则编号 / rule id") var rule: String?
  @Option(name: .customLong("as-of"), help: "按此日期判断逾期 / date for overdue (default: today)") var asOf: String?
  @Option(help: "输出格式 / output format: text | json | csv") var format: LedgerFormat = .text

  func run() throws {
    let day = try options.day(asOf, option: "--as-of")
    let ledger = try options.open()
    let rows = try options.attempt { () throws(Diagnostic) in
      try ledger.findings(status: status, school: school, rule: rule, asOf: day)
    }
    let export = LedgerExport(asOf: day)
    switch format {
    case .text: print(LedgerText(export: export, language: options.lang).table(rows), terminator: "")
    case .json: print(export.json(rows), terminator: "")
    case .csv: print(export.csv(rows), terminator: "")
    }
  }
}

struct LedgerShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "显示一个问题及其全部历史 / Show one finding and its whole history",
    discussion: "示例 / Example:\n  dudao ledger show 3f2a9c0d1e4b5a67")
  @OptionGroup var options: LedgerOptions
  @Option(name: .customLong("as-of"), help: "按此日期判断逾期 / date for overdue (default: today)") var asOf: String?
  @Argument(help: "问题编号 / finding key") var key: String

  func run() throws {
    let day = try options.day(asOf, option: "--as-of")
    let ledger = try options.open()
    let (f, events) = try options.attempt { () throws(Diagnostic) in
      (try ledger.finding(key: key), try ledger.history(key: key))
    }
    print(LedgerText(export: LedgerExport(asOf: day), language: options.lang).detail(f, events), terminator: "")
  }
}

struct LedgerClose: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "close",
    abstract: "销号：凭整改证据关闭问题 / Close (销号) a finding with evidence",
    discussion: """
      数据合格不会自动销号；销号需写明证据和销号人（角色）。附件按内容哈希保存。
      Passing data never closes a finding: give the evidence and who closes it (a role). Attachments are stored by content hash.
      示例 / Example:
        dudao ledger close 3f2a9c0d1e4b5a67 --evidence "已补配体育教师2名，见聘用文件" --by 县教育局督导室 --attach contract.pdf
      """)
  @OptionGroup var options: LedgerOptions
  @Argument(help: "问题编号 / finding key") var key: String
  @Option(help: "整改证据 / evidence of rectification") var evidence: String
  @Option(help: "销号人（角色）/ who closes it (a role)") var by: String
  @Option(help: "销号日期 / date of closing YYYY-MM-DD (default: today)") var date: String?
  @Option(help: "证据附件文件，可多次 / evidence file, repeatable") var attach: [String] = []

  func run() throws {
    let day = try options.day(date, option: "--date")
    var files: [Attachment] = []
    for path in attach {
      guard let data = FileManager.default.contents(atPath: path) else {
        Terminal.stderr("error[ledger.attachment]: 无法读取附件 / cannot read the attachment \(path)")
        throw ExitCode(2)
      }
      files.append(Attachment(name: URL(fileURLWithPath: path).lastPathComponent, data: data))
    }
    let ledger = try options.open()
    try options.attempt { () throws(Diagnostic) in
      try ledger.close(key: key, evidence: evidence, by: by, on: day, attachments: files)
    }
    print(options.lang == .zh ? "已销号 \(key)" : "closed \(key)")
  }
}

struct LedgerReopen: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen",
    abstract: "重新打开已销号的问题 / Reopen a closed finding",
    discussion: "示例 / Example:\n  dudao ledger reopen 3f2a9c0d1e4b5a67 --reason \"复查发现仍未整改\" --by 市督导组")
  @OptionGroup var options: LedgerOptions
  @Argument(help: "问题编号 / finding key") var key: String
  @Option(help: "原因 / reason") var reason: String
  @Option(help: "操作人（角色）/ who reopens it (a role)") var by: String
  @Option(help: "日期 / date YYYY-MM-DD (default: today)") var date: String?

  func run() throws {
    let day = try options.day(date, option: "--date")
    let ledger = try options.open()
    try options.attempt { () throws(Diagnostic) in try ledger.reopen(key: key, reason: reason, by: by, on: day) }
    print(options.lang == .zh ? "已重新打开 \(key)" : "reopened \(key)")
  }
}

struct LedgerWaive: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waive",
    abstract: "豁免：经批准的例外 / Waive findings: an approved exception",
    discussion: """
      按问题编号，或按规则（可限一所学校）豁免到某日；之后问题重新生效。
      Waive one finding by key, or every finding of a rule (optionally at one school), until a date; after it the finding is live again.
      示例 / Example:
        dudao ledger waive --rule pe-teacher-ratio --school S001 --reason "新校区在建" --approved-by 市教育局 --until 2027-08-31
      """)
  @OptionGroup var options: LedgerOptions
  @Argument(help: "问题编号 / finding key") var key: String?
  @Option(help: "规则编号 / rule id") var rule: String?
  @Option(help: "学校代码（与 --rule 一起用）/ school id (with --rule)") var school: String?
  @Option(help: "原因 / reason") var reason: String
  @Option(name: .customLong("approved-by"), help: "批准单位（角色）/ approver (a role)") var approvedBy: String
  @Option(help: "豁免截止日期 / last day of the waiver YYYY-MM-DD") var until: String
  @Option(help: "批准日期 / date granted (default: today)") var date: String?

  func validate() throws {
    if (key == nil) == (rule == nil) {
      throw ValidationError("请给出问题编号或 --rule 之一 / give either a finding key or --rule")
    }
    if school != nil && rule == nil { throw ValidationError("--school 需与 --rule 一起用 / --school needs --rule") }
  }

  func run() throws {
    let end = try options.day(until, option: "--until")
    let day = try options.day(date, option: "--date")
    let target: WaiverTarget = if let key { .key(key) } else { .rule(rule ?? "", school: school) }
    let ledger = try options.open()
    let n = try options.attempt { () throws(Diagnostic) in
      try ledger.waive(target, reason: reason, approvedBy: approvedBy, until: end, on: day)
    }
    print(options.lang == .zh ? "已豁免 \(n) 项，至 \(end)" : "waived \(n) finding(s) until \(end)")
  }
}

struct LedgerOverdue: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overdue",
    abstract: "逾期未整改的问题 / Open findings past their deadline",
    discussion: "示例 / Example:\n  dudao ledger overdue --as-of 2026-12-31")
  @OptionGroup var options: LedgerOptions
  @Option(name: .customLong("as-of"), help: "按此日期判断 / date (default: today)") var asOf: String?
  @Option(help: "输出格式 / output format: text | json | csv") var format: LedgerFormat = .text

  func run() throws {
    let day = try options.day(asOf, option: "--as-of")
    let ledger = try options.open()
    let rows = try options.attempt { () throws(Diagnostic) in try ledger.overdue(asOf: day) }
    let export = LedgerExport(asOf: day)
    switch format {
    case .text: print(LedgerText(export: export, language: options.lang).table(rows), terminator: "")
    case .json: print(export.json(rows), terminator: "")
    case .csv: print(export.csv(rows), terminator: "")
    }
  }
}

struct LedgerExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "导出整个台账（Excel 可直接打开）/ Export the whole ledger (opens in Excel)",
    discussion: "示例 / Example:\n  dudao ledger export --format csv --output 整改台账.csv")
  @OptionGroup var options: LedgerOptions
  @Option(help: "格式 / format: csv | json") var format: ExportFormat = .csv
  @Option(help: "写入文件 / write to this file instead of stdout") var output: String?
  @Option(name: .customLong("as-of"), help: "按此日期计算逾期天数 / date for days overdue (default: today)") var asOf: String?

  func run() throws {
    let day = try options.day(asOf, option: "--as-of")
    let ledger = try options.open()
    let rows = try options.attempt { () throws(Diagnostic) in try ledger.findings(status: .all, asOf: day) }
    let export = LedgerExport(asOf: day)
    try Terminal.write(format == .csv ? export.csv(rows) : export.json(rows), to: output)
  }
}

struct LedgerVerify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "校验台账历史的哈希链 / Verify the ledger's hash-chained history",
    discussion: """
      退出状态 / exit status: 0 完好（打印事件数和链头哈希 / prints the event count and head hash），
      1 有事件被改动、插入或删除（指出第一条 / names the first such event），2 数据库无法使用.
      示例 / Example:
        dudao ledger verify --ledger district.db
      """)
  @OptionGroup var options: LedgerOptions

  func run() throws {
    let ledger = try options.open()
    do {
      let c = try ledger.verify()
      print(options.lang == .zh ? "台账完好：\(c.count) 条事件，链头 sha256:\(c.head)" : "ledger intact: \(c.count) events, head sha256:\(c.head)")
    } catch {
      Terminal.report([error], language: options.lang)
      throw ExitCode(error.code == "ledger.chain-broken" || error.code == "ledger.attachment-altered" ? 1 : 2)
    }
  }
}
