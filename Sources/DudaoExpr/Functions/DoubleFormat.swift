/// Text forms of doubles: JSON's (shortest round trip, `2.0`, `1e+20`,
/// `Infinity`) and `string(x)`'s, which follows cel-go (Go's `%g` with the
/// shortest digits: `2`, `1.5`, `1e+06`).
enum DoubleFormat {
  static func json(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    return d.description
  }

  static func go(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    let sign = d.sign == .minus ? "-" : ""
    // Shortest round-trip digits and decimal point position, from Swift's
    // own shortest formatting ("123.45", "1.5e-07", "1e+20").
    let text = abs(d).description
    let parts = text.split(separator: "e")
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    var digits = Array(mantissa.joined().utf8)
    var point = mantissa[0].count + exponent
    while let f = digits.first, f == UInt8(ascii: "0") {
      digits.removeFirst()
      point -= 1
    }
    while let l = digits.last, l == UInt8(ascii: "0") { digits.removeLast() }
    if digits.isEmpty { return sign + "0" }
    let s = String(decoding: digits, as: UTF8.self)
    let exp10 = point - 1
    if exp10 < -4 || exp10 >= 6 {
      let rest = digits.count > 1 ? "." + s.dropFirst() : ""
      let e = abs(exp10)
      return sign + s.prefix(1) + rest + "e" + (exp10 < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + s }
    if point >= digits.count { return sign + s + String(repeating: "0", count: point - digits.count) }
    return sign + s.prefix(point) + "." + s.dropFirst(point)
  }
}
