import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

/// One step of a path into a loaded tree: a mapping key (`"name"`), the key
/// node itself (`"?name"`), or a sequence index (`0`).
enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
  case value(String)
  case key(String)
  case index(Int)

  init(stringLiteral s: String) { self = s.hasPrefix("?") ? .key(String(s.dropFirst())) : .value(s) }
  init(integerLiteral i: Int) { self = .index(i) }

  var description: String {
    switch self {
    case .value(let k): k
    case .key(let k): "?" + k
    case .index(let i): "[\(i)]"
    }
  }
}

extension Node {
  func at(_ path: [Step]) -> Node? {
    var node = self
    for step in path {
      switch step {
      case .value(let k): guard let next = node[k] else { return nil }; node = next
      case .key(let k): guard let next = node.entry(k)?.key else { return nil }; node = next
      case .index(let i):
        guard let items = node.sequence, items.indices.contains(i) else { return nil }
        node = items[i]
      }
    }
    return node
  }
}

extension DudaoDiagnostics.SourceLocation {
  /// `line:column`, the form test tables use.
  var position: String { "\(line):\(column)" }
}

/// The diagnostic loading `source` throws, nil if it loads.
func loadFailure(_ source: [UInt8], file: String = "test.yaml", limits: YAMLLimits = .init()) -> Diagnostic? {
  do {
    _ = try YAMLLoader.load(bytes: source, file: file, limits: limits)
    return nil
  } catch {
    return error
  }
}

func loadFailure(_ source: String, file: String = "test.yaml", limits: YAMLLimits = .init()) -> Diagnostic? {
  loadFailure(Array(source.utf8), file: file, limits: limits)
}

/// The path of a file in `Tests/DudaoYAMLTests/Fixtures`.
func fixture(_ name: String) -> String {
  guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
    return "missing-fixture/" + name
  }
  return url.path
}

/// Limits with one field changed.
func limits(_ change: (inout YAMLLimits) -> Void) -> YAMLLimits {
  var l = YAMLLimits()
  change(&l)
  return l
}

/// A named load that must fail with `code` at `line:column`.
struct FailureCase: Sendable, CustomTestStringConvertible {
  var name: String
  var source: [UInt8]
  var file = "test.yaml"
  var code: String
  var at: String
  var note: String?
  var limits = YAMLLimits()

  init(_ name: String, _ source: String, file: String = "test.yaml", code: String, at: String, note: String? = nil,
       limits: YAMLLimits = .init()) {
    self.init(name, bytes: Array(source.utf8), file: file, code: code, at: at, note: note, limits: limits)
  }

  init(_ name: String, bytes: [UInt8], file: String = "test.yaml", code: String, at: String, note: String? = nil,
       limits: YAMLLimits = .init()) {
    self.name = name
    self.source = bytes
    self.file = file
    self.code = code
    self.at = at
    self.note = note
    self.limits = limits
  }

  var testDescription: String { name }
}

/// Checks that `c` fails as the case says: code, file, position, first note,
/// and a message in both languages.
func expectFailure(_ c: FailureCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  guard let d = loadFailure(c.source, file: c.file, limits: c.limits) else {
    Issue.record("\(c.name): loaded, expected \(c.code)", sourceLocation: sourceLocation)
    return
  }
  #expect(d.code == c.code, sourceLocation: sourceLocation)
  #expect(d.location?.file == c.file, sourceLocation: sourceLocation)
  #expect(d.location?.position == c.at, "\(d.rendered(in: .en))", sourceLocation: sourceLocation)
  if let note = c.note {
    #expect(d.notes.first?.location?.position == note, sourceLocation: sourceLocation)
  }
  #expect(!d.message.zh.isEmpty && !d.message.en.isEmpty, sourceLocation: sourceLocation)
}
