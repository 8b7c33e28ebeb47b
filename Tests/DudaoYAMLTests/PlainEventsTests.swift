import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

/// `YAMLPlainEvents`: a plain document's events are its tree's nodes in
/// order (texts, styles, locations); anything the loader would check or
/// rewrite stops them.
@Suite struct PlainEventsTests {
  typealias Item = YAMLPlainEvents.Placed

  /// All events of the document, and whether it was plain to the end.
  static func events(_ text: String, file: String = "t.yaml", limits: YAMLLimits = .init()) -> (items: [Item], plain: Bool) {
    var items: [Item] = []
    var plain = false
    _ = YAMLLoader.withPlainEvents(bytes: Array(text.utf8), file: file, limits: limits) { events -> Bool? in
      var depth = 0
      while let event = events.next() {
        items.append(Item(event: event, location: event == .end ? nil : events.location))
        switch event {
        case .mappingStart, .sequenceStart: depth += 1
        case .end: depth -= 1
        case .scalar: break
        }
        if depth == 0 {
          plain = events.finish()
          break
        }
      }
      return nil
    }
    return (items, plain)
  }

  @Test(arguments: [
    ("school: { id: A, name: '甲 校', list: [1, \"two\", ~] }", "t.yaml"),
    ("# c\nschool:\n  id: A\n  text: |\n    line\n  folded: >\n    a\n    b\n  items:\n    - x\n    - { y: 1 }\n", "t.yaml"),
    ("\u{FEFF}a: 1\r\nb:\r\n  - 2\r\n", "t.yaml"),
    ("%YAML 1.1\n---\n[1, 2]\n...\n", "t.yaml"),
    ("plain scalar root", "t.yaml"),
    ("{\t\"a\": \"\\uD83D\\uDE00\", \"b\": [1,\n 2], \"c\": {}}", "t.json"),
  ])
  func plainDocumentsGiveTheTreesNodes(_ c: (String, String)) throws {
    let (items, plain) = Self.events(c.0, file: c.1)
    #expect(plain)
    let expected = YAMLPlainEvents.expected(from: try YAMLLoader.load(string: c.0, file: c.1))
    #expect(items == expected)
  }

  /// Stops (nil, for good) at what the loader checks or rewrites.
  @Test(arguments: [
    "a: &x 1",
    "a: 1\nb: *x",
    "a: !!str 1",
    "a: !custom [1]",
    "! {a: 1}",
    "a: [1,",
    "a: 1\n]",
    "a: 1\n---\nb: 2\n",
    "- a\n- &y [1]\n- *y",
  ])
  func stopsAtWhatTheLoaderChecks(_ text: String) {
    let (_, plain) = Self.events(text)
    #expect(!plain)
  }

  @Test func stopsAtTheLimits() {
    var limits = YAMLLimits()
    limits.maxScalarBytes = 3
    #expect(Self.events("a: abc", limits: limits).plain)
    #expect(!Self.events("a: abcd", limits: limits).plain)
    limits = YAMLLimits()
    limits.maxDepth = 2
    #expect(Self.events("a: [1]", limits: limits).plain)
    #expect(!Self.events("a: [[1]]", limits: limits).plain)
    limits = YAMLLimits()
    limits.maxNodes = 4
    #expect(Self.events("a: [1]", limits: limits).plain)
    #expect(!Self.events("a: [1, 2]", limits: limits).plain)
  }

  /// No events at all for bytes the loader refuses before parsing.
  @Test func refusedBytesGiveNoEvents() {
    var limits = YAMLLimits()
    limits.maxFileBytes = 3
    for (bytes, limits) in [([UInt8](), YAMLLimits()), ([0xFF], YAMLLimits()), ([0xFE, 0xFF, 0x00, 0x61], YAMLLimits()), (Array("a: 1".utf8), limits)] {
      let called = YAMLLoader.withPlainEvents(bytes: bytes, file: "t.yaml", limits: limits) { _ in true }
      #expect(called == nil)
    }
  }

  /// After the events stop, they stay stopped, and `finish` says so.
  @Test func stoppedStaysStopped() {
    let result = YAMLLoader.withPlainEvents(bytes: Array("[&a 1, 2]".utf8), file: "t.yaml") { events -> [Bool]? in
      let first = events.next() == .sequenceStart
      let stopped = events.next() == nil
      let still = events.next() == nil
      return [first, stopped, still, !events.finish()]
    }
    #expect(result == [true, true, true, true])
  }
}
