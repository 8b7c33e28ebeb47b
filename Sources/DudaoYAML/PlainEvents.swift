import CYAML
import DudaoDiagnostics

/// The parser events of one plain YAML or JSON document, for readers that
/// type values straight from them instead of from a `Node` tree (the YAML
/// fast path of `DatasetLoader`): no tree, no location per node.
///
/// Plain means nothing the loader would rewrite or report. The events stop
/// (`next()` gives nil, for good) at an anchor, alias or tag, a second
/// document, a syntax error, or when a limit of `YAMLLimits` is reached
/// (scalar size, depth, nodes); the caller then loads the document with
/// `YAMLLoader.load`, which reports it with its position as usual. What the
/// events cannot know is left to the reader, which must give up on it the
/// same way: mapping keys that are not scalars, repeated keys, merge keys
/// (`<<`), and any other problem of the document's content.
public struct YAMLPlainEvents: ~Copyable {
  public enum Event: Equatable, Sendable {
    /// A scalar without anchor or tag: its text after unescaping and folding.
    case scalar(String, Node.ScalarStyle)
    case mappingStart
    case sequenceStart
    /// The end of the innermost open mapping or sequence.
    case end
  }

  private let source: SourceText
  private let parser: EventParser
  private let limits: YAMLLimits
  private var stopped = false
  private var documents = 0
  /// Open mappings and sequences.
  private var depth = 0
  /// Nodes so far (scalars and collections), as `TreeBuilder` counts them.
  private var nodes = 0
  /// Where the last scalar or collection starts.
  private var start = Mark(line: 0, column: 0)

  init(source: SourceText, parser: EventParser, limits: YAMLLimits) {
    self.source = source
    self.parser = parser
    self.limits = limits
  }

  /// Where the node of the last `scalar`, `mappingStart` or `sequenceStart`
  /// is, as `Node.location` has it (a plain node is where libyaml marks it).
  public var location: SourceLocation { source.location(start) }

  /// The next event of the document; nil when the document is not plain
  /// (see above), and after its root has ended.
  public mutating func next() -> Event? {
    while !stopped {
      var event = yaml_event_t()
      guard yaml_parser_parse(parser.parser, &event) != 0 else { break }
      defer { yaml_event_delete(&event) }
      switch event.type {
      case YAML_STREAM_START_EVENT:
        continue
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { break }
        continue
      case YAML_SCALAR_EVENT:
        let e = event.data.scalar
        guard e.anchor == nil, e.tag == nil, e.length <= limits.maxScalarBytes, count() else { break }
        start = Self.mark(event.start_mark)
        // By length, not NUL-terminated: `"\0"` is a legal scalar.
        let text = String(decoding: UnsafeBufferPointer(start: e.value, count: e.length), as: UTF8.self)
        return .scalar(text, Node.ScalarStyle(e.style))
      case YAML_MAPPING_START_EVENT:
        let e = event.data.mapping_start
        guard e.anchor == nil, e.tag == nil, open() else { break }
        start = Self.mark(event.start_mark)
        return .mappingStart
      case YAML_SEQUENCE_START_EVENT:
        let e = event.data.sequence_start
        guard e.anchor == nil, e.tag == nil, open() else { break }
        start = Self.mark(event.start_mark)
        return .sequenceStart
      case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
        depth -= 1
        return .end
      default:
        break  // an alias; the end of the document or stream, which the reader did not expect
      }
      break
    }
    stopped = true
    return nil
  }

  /// After the root's `end`: whether the rest is the end of this one
  /// document and of the stream, without error.
  public mutating func finish() -> Bool {
    guard !stopped, depth == 0, documents == 1 else { return false }
    stopped = true
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(parser.parser, &event) != 0 else { return false }
      defer { yaml_event_delete(&event) }
      switch event.type {
      case YAML_DOCUMENT_END_EVENT: continue
      case YAML_STREAM_END_EVENT: return true
      default: return false
      }
    }
  }

  /// Counts a node; false past the node limit.
  private mutating func count() -> Bool {
    nodes += 1
    return nodes <= limits.maxNodes
  }

  /// Opens a collection; false at the depth or node limit.
  private mutating func open() -> Bool {
    guard depth < limits.maxDepth, count() else { return false }
    depth += 1
    return true
  }

  private static func mark(_ m: yaml_mark_t) -> Mark {
    Mark(line: Int(clamping: m.line), column: Int(clamping: m.column))
  }
}

extension YAMLPlainEvents {
  /// An event with where its node is (nil for `end`), as `next()` and
  /// `location` give them together.
  public struct Placed: Equatable, Sendable, CustomStringConvertible {
    public var event: Event
    public var location: SourceLocation?

    public init(event: Event, location: SourceLocation? = nil) {
      self.event = event
      self.location = location
    }

    public var description: String { "\(event) \(location?.description ?? "")" }
  }

  /// The events a plain document of `tree` gives: its nodes in pre-order,
  /// keys before their values, each collection followed by its end (the
  /// tests and the YAML fuzz target compare the two).
  public static func expected(from tree: Node) -> [Placed] {
    var out: [Placed] = []
    func walk(_ node: Node) {
      switch node.kind {
      case .scalar(let s):
        out.append(Placed(event: .scalar(s.text, s.style), location: node.location))
      case .sequence(let list):
        out.append(Placed(event: .sequenceStart, location: node.location))
        for item in list { walk(item) }
        out.append(Placed(event: .end))
      case .mapping(let entries):
        out.append(Placed(event: .mappingStart, location: node.location))
        for entry in entries {
          walk(entry.key)
          walk(entry.value)
        }
        out.append(Placed(event: .end))
      }
    }
    walk(tree)
    return out
  }
}
