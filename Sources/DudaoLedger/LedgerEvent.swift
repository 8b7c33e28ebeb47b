import Crypto
import Foundation

/// One entry of the append-only history. Its `hash` is SHA-256 over the
/// canonical encoding of every other field plus `prevHash`, so editing,
/// inserting, deleting or reordering an event breaks the chain from there on.
public struct LedgerEvent: Sendable, Hashable {
  /// What happened to a finding.
  public enum Kind: String, Sendable, CaseIterable {
    case recorded, seen, closed, reopened, waived, passing
    case waiverExpired = "waiver_expired"
  }

  /// Position in the chain, 1-based, without gaps.
  public var seq: Int64
  public var key: String
  /// The inspection that caused the event (nil for manual actions).
  public var inspection: String?
  public var kind: Kind
  /// The day the event takes effect (`YYYY-MM-DD`).
  public var day: String
  /// Details as a JSON object with sorted keys (who, reason, evidence, deadline…).
  public var payload: String
  public var prevHash: String
  public var hash: String

  /// The hash of the very first event's predecessor.
  public static let genesis = String(repeating: "0", count: 64)

  /// Hex SHA-256 over the length-prefixed fields and the previous hash.
  public static func hash(
    seq: Int64, key: String, inspection: String?, kind: Kind, day: String, payload: String, prevHash: String
  ) -> String {
    var h = SHA256()
    // Length-prefixed fields: no separator inside a value can make two events encode alike.
    for field in ["dudao.ledger.event/v1", String(seq), key, inspection ?? "\u{0}", kind.rawValue, day, payload, prevHash] {
      let bytes = Array(field.utf8)
      h.update(data: Array("\(bytes.count):".utf8))
      h.update(data: bytes)
    }
    return hex(h.finalize())
  }

  /// The hash this event should have given its fields.
  public var expectedHash: String {
    Self.hash(seq: seq, key: key, inspection: inspection, kind: kind, day: day, payload: payload, prevHash: prevHash)
  }
}

/// A JSON object of strings with sorted keys, for event payloads; nil values are left out.
func canonicalJSON(_ fields: [String: String?]) -> String {
  var out = "{"
  for (name, value) in fields.compactMapValues({ $0 }).sorted(by: { $0.key < $1.key }) {
    if out.count > 1 { out += "," }
    out += jsonString(name) + ":" + jsonString(value)
  }
  return out + "}"
}

/// A JSON string literal (RFC 8259 escapes).
func jsonString(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
    default: out.unicodeScalars.append(u)
    }
  }
  return out + "\""
}

/// Lower-case hex of a digest (no `String(format:)` per byte: it dominated recording time).
func hex(_ bytes: some Sequence<UInt8>) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(64)
  for b in bytes {
    out.append(digits[Int(b >> 4)])
    out.append(digits[Int(b & 0x0f)])
  }
  return String(decoding: out, as: UTF8.self)
}
