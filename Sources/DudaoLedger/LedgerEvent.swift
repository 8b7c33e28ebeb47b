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
    // Length-prefixed fields: no separator inside a value can make two events encode alike.
    // One buffer, one update: recording appends an event per finding.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(160 + key.utf8.count + payload.utf8.count)
    for field in ["dudao.ledger.event/v1", String(seq), key, inspection ?? "\u{0}", kind.rawValue, day, payload, prevHash] {
      bytes += String(field.utf8.count).utf8
      bytes.append(UInt8(ascii: ":"))
      bytes += field.utf8
    }
    return hex(SHA256.hash(data: bytes))
  }

  /// The hash this event should have given its fields.
  public var expectedHash: String {
    Self.hash(seq: seq, key: key, inspection: inspection, kind: kind, day: day, payload: payload, prevHash: prevHash)
  }
}

/// A JSON object of strings with sorted keys, for event payloads; nil values are left out.
func canonicalJSON(_ fields: [String: String?]) -> String {
  var pairs: [(String, String)] = []
  pairs.reserveCapacity(fields.count)
  for (name, value) in fields { if let value { pairs.append((name, value)) } }
  pairs.sort { $0.0 < $1.0 }
  return canonicalJSON(sorted: pairs)
}

/// `canonicalJSON` of fields already sorted by name (and without nils):
/// what recording writes for each finding, without a dictionary.
func canonicalJSON(sorted fields: [(String, String)]) -> String {
  var out: [UInt8] = [UInt8(ascii: "{")]
  out.reserveCapacity(128)
  for (i, (name, value)) in fields.enumerated() {
    if i > 0 { out.append(UInt8(ascii: ",")) }
    appendJSONString(name, to: &out)
    out.append(UInt8(ascii: ":"))
    appendJSONString(value, to: &out)
  }
  out.append(UInt8(ascii: "}"))
  return String(decoding: out, as: UTF8.self)
}

/// A JSON string literal (RFC 8259 escapes).
func jsonString(_ s: String) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(s.utf8.count + 2)
  appendJSONString(s, to: &out)
  return String(decoding: out, as: UTF8.self)
}

/// `jsonString(s)` appended as UTF-8: `"` and `\\` escaped, LF, CR and tab
/// as `\n`, `\r`, `\t`, other controls below U+0020 as `\u00xx`; every
/// other byte as it is.
func appendJSONString(_ s: String, to out: inout [UInt8]) {
  out.append(UInt8(ascii: "\""))
  for b in s.utf8 {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
      out.append(UInt8(ascii: "\\"))
      out.append(b)
    case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
    case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
    case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
    case 0..<0x20:
      out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
      out.append(hexDigits[Int(b >> 4)])
      out.append(hexDigits[Int(b & 0x0f)])
    default: out.append(b)
    }
  }
  out.append(UInt8(ascii: "\""))
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Lower-case hex of a digest (no `String(format:)` per byte: it dominated recording time).
func hex(_ bytes: some Sequence<UInt8>) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(64)
  for b in bytes {
    out.append(hexDigits[Int(b >> 4)])
    out.append(hexDigits[Int(b & 0x0f)])
  }
  return String(decoding: out, as: UTF8.self)
}
