import Crypto

/// The public random stream of a draw (docs/sampling.md, "Random stream").
///
/// Block `i` is `SHA-256(UTF-8(seed) + ":" + decimal(i))` for i = 0, 1, 2, …;
/// each 32-byte block gives four unsigned 64-bit big-endian integers, used in
/// order. Anyone with the seed computes the same numbers with any SHA-256.
public struct RandomStream: Sendable {
  private let seed: [UInt8]
  private var block = 0
  private var words: [UInt64] = []
  private var next = 0

  public init(seed: String) {
    self.seed = Array(seed.utf8)
  }

  /// The next 64-bit number of the stream.
  public mutating func nextWord() -> UInt64 {
    if next == words.count {
      let digest = SHA256.hash(data: seed + Array(":\(block)".utf8))
      let bytes = Array(digest)
      words = (0..<4).map { w in bytes[(w * 8)..<(w * 8 + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
      block += 1
      next = 0
    }
    defer { next += 1 }
    return words[next]
  }

  /// A number in `0..<n` with equal chances, by rejection: a word `u` is
  /// accepted when `u < 2^64 − (2^64 mod n)`, and gives `u mod n`.
  /// `uniform(1)` still uses one word (and returns 0). `n` must be positive.
  public mutating func uniform(_ n: Int) -> Int {
    precondition(n > 0, "uniform(n) needs n ≥ 1")
    let m = UInt64(n)
    // 2^64 mod m, computed in 64 bits: (2^64 − m) mod m.
    let excess = (0 &- m) % m
    while true {
      let u = nextWord()
      if excess == 0 || u < 0 &- excess { return Int(u % m) }
    }
  }
}
