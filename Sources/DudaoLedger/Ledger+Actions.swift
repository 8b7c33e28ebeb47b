import Crypto
import DudaoDiagnostics
import Foundation
import GRDB

/// A file given as evidence, stored by the SHA-256 of its bytes.
public struct Attachment: Sendable, Hashable {
  public var name: String
  public var data: Data
  public init(name: String, data: Data) {
    self.name = name
    self.data = data
  }
  public var hash: String { hex(SHA256.hash(data: data)) }
}

/// What a waiver applies to.
public enum WaiverTarget: Sendable, Hashable {
  case key(String)
  /// Every finding of a rule, optionally at one school; later checks too.
  case rule(String, school: String?)
}

extension Ledger {
  /// 销号: closes an open (or waived) finding with evidence and who closed it.
  public func close(
    key: String, evidence: String, by role: String, on day: Day, attachments: [Attachment] = []
  ) throws(Diagnostic) {
    try Self.require(evidence, "--evidence")
    try Self.require(role, "--by")
    try write { db in
      let f = try Self.finding(db, key)
      guard f.state != .closed else { throw Diagnostic.badState(key, f.state.rawValue, "销号") }
      for a in attachments {
        try db.execute(
          sql: "INSERT OR IGNORE INTO attachments (hash, name, size, data) VALUES (?,?,?,?)",
          arguments: [a.hash, a.name, a.data.count, a.data])
      }
      try db.execute(
        sql: """
          UPDATE findings SET status = 'closed', closed_on = ?, closed_by = ?, evidence = ?, passing_awaiting_close = 0,
            waived_until = NULL WHERE key = ?
          """, arguments: [day.description, role, evidence, key])
      var chain = try Chain.load(db)
      try chain.append(
        db, key: key, inspection: nil, kind: .closed, day: day.description,
        payload: ["evidence": evidence, "by": role,
                  "attachments": attachments.isEmpty ? nil : attachments.map { "sha256:\($0.hash) \($0.name)" }.joined(separator: "\n")])
      try chain.save(db)
    }
  }

  /// Reopens a closed finding by hand (e.g. a spot check found the 销号 premature).
  public func reopen(key: String, reason: String, by role: String, on day: Day) throws(Diagnostic) {
    try Self.require(reason, "--reason")
    try Self.require(role, "--by")
    try write { db in
      let f = try Self.finding(db, key)
      guard f.state == .closed else { throw Diagnostic.badState(key, f.state.rawValue, "重新打开") }
      try db.execute(
        sql: """
          UPDATE findings SET status = 'open', reopen_count = reopen_count + 1, closed_on = NULL, closed_by = NULL,
            evidence = NULL WHERE key = ?
          """, arguments: [key])
      var chain = try Chain.load(db)
      try chain.append(db, key: key, inspection: nil, kind: .reopened, day: day.description, payload: ["reason": reason, "by": role])
      try chain.save(db)
    }
  }

  /// Grants a waiver and applies it to the matching open findings; returns how many it waived.
  /// A rule waiver also covers findings recorded later, until `until`.
  @discardableResult
  public func waive(
    _ target: WaiverTarget, reason: String, approvedBy role: String, until: Day, on day: Day
  ) throws(Diagnostic) -> Int {
    try Self.require(reason, "--reason")
    try Self.require(role, "--approved-by")
    return try write { db in
      var keys: [String]
      let (findingKey, ruleID, schoolID): (String?, String?, String?)
      switch target {
      case .key(let key):
        let f = try Self.finding(db, key)
        guard f.state != .closed else { throw Diagnostic.badState(key, f.state.rawValue, "豁免") }
        keys = [key]
        (findingKey, ruleID, schoolID) = (key, nil, nil)
      case .rule(let rule, let school):
        keys = try String.fetchAll(
          db, sql: "SELECT key FROM findings WHERE status = 'open' AND rule_id = ? AND (? IS NULL OR school_id = ?) ORDER BY key",
          arguments: [rule, school, school])
        (findingKey, ruleID, schoolID) = (nil, rule, school)
      }
      try db.execute(
        sql: "INSERT INTO waivers (finding_key, rule_id, school_id, reason, approved_by, until, granted_on) VALUES (?,?,?,?,?,?,?)",
        arguments: [findingKey, ruleID, schoolID, reason, role, until.description, day.description])
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM waivers WHERE id = ?", arguments: [db.lastInsertedRowID])
      else { throw Diagnostic.storage("waiver not stored", file: path) }
      let waiver = Waiver(row: row)
      var chain = try Chain.load(db)
      for key in keys {
        try db.execute(
          sql: "UPDATE findings SET status = 'waived', waived_until = ? WHERE key = ?", arguments: [until.description, key])
        try chain.append(db, key: key, inspection: nil, kind: .waived, day: day.description, payload: waiver.payload)
      }
      try chain.save(db)
      return keys.count
    }
  }
}

extension Ledger {
  static func require(_ text: String, _ option: String) throws(Diagnostic) {
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptyText(option) }
  }

  static func finding(_ db: Database, _ key: String) throws -> LedgerFinding {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM findings WHERE key = ?", arguments: [key]) else {
      throw Diagnostic.unknownKey(key)
    }
    return LedgerFinding(row: row)
  }
}
