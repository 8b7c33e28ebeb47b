import Crypto
import DudaoDiagnostics
import Foundation
import GRDB

/// A verified chain: how many events and the hash of the last one. Keep the
/// head hash elsewhere (minutes, e-mail) to detect a rewrite of the whole chain.
public struct ChainCheck: Sendable, Hashable {
  public var count: Int
  public var head: String
}

extension Ledger {
  /// Recomputes the hash chain and names the first event that was edited,
  /// inserted, deleted or moved behind the tool's back (`ledger.chain-broken`);
  /// also checks the stored head and that each attachment matches its hash.
  public func verify() throws(Diagnostic) -> ChainCheck {
    try read { db in
      var expectedSeq: Int64 = 1
      var prev = LedgerEvent.genesis
      let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY seq")
      while let row = try cursor.next() {
        let seq: Int64 = row["seq"] ?? -1
        if seq > expectedSeq { throw Diagnostic.chainBroken(expectedSeq, .deleted) }
        guard let event = LedgerEvent(row: row) else { throw Diagnostic.chainBroken(seq, .edited) }
        if event.prevHash != prev {
          // The previous link no longer points here: something before was removed, inserted or swapped.
          throw Diagnostic.chainBroken(seq, seq == 1 ? .edited : .moved)
        }
        if event.expectedHash != event.hash { throw Diagnostic.chainBroken(seq, .edited) }
        prev = event.hash
        expectedSeq = seq + 1
      }
      let count = expectedSeq - 1
      let head = try Chain.load(db)
      if head.count > count { throw Diagnostic.chainBroken(count + 1, .deleted) }
      if head.count < count || head.head != prev { throw Diagnostic.chainBroken(head.count + 1, .inserted) }
      for row in try Row.fetchAll(db, sql: "SELECT hash, data FROM attachments") {
        let data: Data = row["data"] ?? Data()
        let hash: String = row["hash"] ?? ""
        if hex(SHA256.hash(data: data)) != hash {
          throw Diagnostic.ledger(
            "attachment-altered", zh: "附件 sha256:\(hash) 的内容已被改动", en: "attachment sha256:\(hash) was altered")
        }
      }
      return ChainCheck(count: Int(count), head: prev)
    }
  }
}

enum Tampering: String {
  case edited, deleted, inserted, moved
}

extension Diagnostic {
  static func chainBroken(_ seq: Int64, _ how: Tampering) -> Self {
    let zh: String
    let en: String
    switch how {
    case .edited: (zh, en) = ("第 \(seq) 条事件被改动", "event \(seq) was edited")
    case .deleted: (zh, en) = ("第 \(seq) 条事件被删除", "event \(seq) was deleted")
    case .inserted: (zh, en) = ("第 \(seq) 条事件是工具之外插入的", "event \(seq) was inserted outside dudao")
    case .moved: (zh, en) = ("第 \(seq) 条事件之前的记录被删除、插入或调换", "the events before event \(seq) were deleted, inserted or reordered")
    }
    return .ledger("chain-broken", zh: "台账历史校验失败：" + zh, en: "ledger history check failed: " + en)
  }
}
