import GRDB
import Testing
@testable import DudaoLedger

/// The bytes the hash chain is computed over are a published format: a
/// ledger written by one build must verify under the next. These values
/// were produced by the encoders before the eighth session's rewrite for
/// speed (dictionary payloads, per-scalar escaping, one hash update per
/// field) and must not change.
@Suite struct EventEncodingTests {
  static let tricky = [
    "", "plain", "引号\"和\\反斜杠", "line\nbreak\r\ttab", "\u{1}\u{1F}\u{7F}", "学校0", "emoji 🏫 and é",
    "a,b;c", "{\"json\":1}",
  ]

  @Test func canonicalPayloads() {
    #expect(canonicalJSON([:]) == "{}")
    #expect(canonicalJSON(["a": nil]) == "{}")
    #expect(
      canonicalJSON(["subject": "staff:T1", "deadline": "2026-12-23", "rule": "R8", "school": "S1", "severity": "major"])
        == #"{"deadline":"2026-12-23","rule":"R8","school":"S1","severity":"major","subject":"staff:T1"}"#)
    #expect(canonicalJSON(["deadline": nil, "rule": "R1", "b": "x"]) == #"{"b":"x","rule":"R1"}"#)
    var all: [String: String?] = [:]
    for (i, s) in Self.tricky.enumerated() { all["k\(i)"] = s }
    all["引"] = "值"
    #expect(
      canonicalJSON(all)
        == #"{"k0":"","k1":"plain","k2":"引号\"和\\反斜杠","k3":"line\nbreak\r\ttab","k4":"\u0001\u001f"#
        + "\u{7F}" + #"","k5":"学校0","k6":"emoji 🏫 and é","k7":"a,b;c","k8":"{\"json\":1}","引":"值"}"#)
  }

  @Test func eventHashes() {
    #expect(
      LedgerEvent.hash(
        seq: 1, key: "0d0abbabd313fd32", inspection: "2026-11-23-6f231b1bc39c", kind: .recorded, day: "2026-11-23",
        payload: #"{"rule":"R1"}"#, prevHash: LedgerEvent.genesis)
        == "f5550abbc317b1f80bc358f9ef442df9f4c861e2b822c388c159dd1d4761387d")
    #expect(
      LedgerEvent.hash(
        seq: 1_234_567, key: "引号\"", inspection: nil, kind: .waiverExpired, day: "2027-01-01", payload: "{}",
        prevHash: String(repeating: "ab", count: 32))
        == "62da2b01d3767da3523036ecbb31f11fb5f1746d71b983aca42479198b1ac315")
    #expect(
      LedgerEvent.hash(seq: 0, key: "", inspection: "", kind: .passing, day: "", payload: "", prevHash: "") 
        == "0815aec5b538eedfc90c461007e1ba9b198a29a1e27d6cb83204c441e3f60678")
  }

  /// Every event of a scenario with each kind of event, recorded through
  /// the streamed path (`check --record`): seq, kind, payload and hash, and
  /// the chain head, against what the encoders before the rewrite wrote.
  @Test func chainOfAScenario() throws {
    let ledger = try Ledger(path: tempLedgerPath())
    func record(_ asOf: String, _ id: String, _ items: [Item]) throws {
      let r = try report(asOf: asOf, items)
      _ = try ledger.record(
        asOf: r.asOf, pack: r.pack, findings: StreamedRecordTests.streamed(r), inspectionID: id, recordedAt: "t")
    }
    _ = try ledger.waive(.rule("R9", school: "S9"), reason: "改造\"中\"", approvedBy: "市局", until: day("2026-12-31"), on: day("2026-02-01"))
    try record("2026-03-01", "i1", [
      Item(key: keyA, deadline: "2026-03-31"), Item(key: keyB, school: "S2", deadline: "2026-03-31"),
      Item(key: keyC, status: "pass"), Item(key: "9999999999999999", rule: "R9", school: "S9"),
    ])
    try record("2026-04-01", "i2", [Item(key: keyA), Item(key: keyB, status: "pass", school: "S2")])
    try ledger.close(key: keyB, evidence: "已补配\n教师", by: "县督导室", on: day("2026-04-05"))
    _ = try ledger.waive(.key(keyA), reason: "r", approvedBy: "a", until: day("2026-06-30"), on: day("2026-06-02"))
    try record("2026-07-02", "i3", [Item(key: keyA), Item(key: keyB, school: "S2", deadline: "2026-07-31")])
    let queue = try DatabaseQueue(path: ledger.path)
    let events = try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT seq, kind, payload, hash FROM events ORDER BY seq").map { r -> String in
        let seq: Int64 = r["seq"], kind: String = r["kind"], payload: String = r["payload"], hash: String = r["hash"]
        return "\(seq) \(kind) \(payload) \(hash.prefix(12))"
      }
    }
    #expect(
      events == [
        #"1 recorded {"deadline":"2026-03-31","rule":"PE.DAILY","school":"S001","severity":"major","subject":"school:S001"} 03387d2c2904"#,
        #"2 recorded {"deadline":"2026-03-31","rule":"PE.DAILY","school":"S2","severity":"major","subject":"school:S2"} 25f37e7dbc6e"#,
        #"3 recorded {"rule":"R9","school":"S9","severity":"major","subject":"school:S9"} 66f206a59907"#,
        #"4 waived {"approved_by":"市局","reason":"改造\"中\"","until":"2026-12-31","waiver":"1"} e771a683c5fe"#,
        #"5 seen {} 5d365202d6af"#,
        #"6 passing {} 3c058732d1a3"#,
        #"7 closed {"by":"县督导室","evidence":"已补配\n教师"} 1397b2fafde9"#,
        #"8 waived {"approved_by":"a","reason":"r","until":"2026-06-30","waiver":"2"} 4ab0b0b1d57b"#,
        #"9 waiver_expired {"until":"2026-06-30"} 4e9ec5f63bde"#,
        #"10 seen {} d8589e85f9df"#,
        #"11 reopened {"deadline":"2026-07-31","reason":"反弹 / fails again"} 43f6ab6323e8"#,
      ])
    #expect(try ledger.verify().count == events.count)
  }
}
