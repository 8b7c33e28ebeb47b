import Testing

@testable import DudaoSample

@Suite struct RandomStreamTests {
  /// docs/sampling.md, "Test vectors": seed `abc`.
  @Test func wordsMatchTheDocumentedVector() {
    var s = RandomStream(seed: "abc")
    let words = (0..<5).map { _ in s.nextWord() }
    #expect(words == [6_860_934_752_652_134_519, 14_907_354_409_485_183_922, 11_653_979_513_521_884_276, 2_296_575_363_320_539_520, 13_821_278_549_264_138_760])
  }

  @Test func uniformMatchesTheDocumentedVector() {
    var s = RandomStream(seed: "abc")
    #expect([10, 1, 3, 7, 1000].map { s.uniform($0) } == [9, 0, 0, 2, 760])
  }

  @Test func uniformOfOneStillUsesAWord() {
    var a = RandomStream(seed: "x"), b = RandomStream(seed: "x")
    _ = a.uniform(1)
    _ = b.nextWord()
    #expect(a.nextWord() == b.nextWord())
  }

  @Test func uniformStaysInRangeForLargeN() {
    var s = RandomStream(seed: "range")
    for n in [1, 2, 3, 1 << 40, Int.max] {
      for _ in 0..<50 { #expect((0..<n).contains(s.uniform(n))) }
    }
  }

  @Test func seedBytesMatter() {
    var a = RandomStream(seed: "督导"), b = RandomStream(seed: "督导 ")
    #expect(a.nextWord() != b.nextWord())
  }
}
