import CYAML
import DudaoDiagnostics

/// Loads one document from a `SourceText` by pulling libyaml's events one at
/// a time and handing them to a `TreeBuilder`. The only file that sees libyaml.
///
/// Locations: libyaml marks a node that has an anchor or a tag at the anchor
/// or tag; the loader moves such a node's location to its content (the
/// scalar's first character or quote, a flow collection's bracket, a block
/// mapping's first key, a block sequence's first `-`) by skipping the
/// properties in the source text, and keeps the tag's own position for tag
/// errors. Nodes without properties are where libyaml marks them.
enum Loader {
  static func load(
    _ source: SourceText, limits: YAMLLimits, budget: inout TreeBuilder.Budget
  ) throws(Diagnostic) -> Node {
    let empty = Node(.scalar(Node.Scalar(text: "")), at: source.location(Mark(line: 0, column: 0)))
    // libyaml refuses a null input pointer, which an empty array may give.
    guard !source.bytes.isEmpty else { return empty }
    let result: Result<Node?, Diagnostic> = source.bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, let parser = EventParser.make(base, count: buffer.count) else {
        return .failure(.outOfMemory(at: empty.location))
      }
      var run = Run(source: source, parser: parser, builder: TreeBuilder(limits: limits, budget: budget))
      let outcome = Result { () throws(Diagnostic) in try run.parseAll() }
      budget = run.builder.budget
      return outcome.map { run.builder.root }
    }
    return try result.get() ?? empty
  }
}

/// Owns one libyaml parser; deleting it frees libyaml's buffers.
final class EventParser {
  let parser: UnsafeMutablePointer<yaml_parser_t>

  private init(_ parser: UnsafeMutablePointer<yaml_parser_t>) { self.parser = parser }

  /// A parser reading `count` UTF-8 bytes at `input`, which must outlive it; nil if libyaml cannot allocate.
  static func make(_ input: UnsafePointer<UInt8>, count: Int) -> EventParser? {
    // Heap-allocated because libyaml keeps a pointer to the parser inside itself.
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    parser.initialize(to: yaml_parser_t())
    guard yaml_parser_initialize(parser) != 0 else {
      parser.deinitialize(count: 1)
      parser.deallocate()
      return nil
    }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input, count)
    return EventParser(parser)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deinitialize(count: 1)
    parser.deallocate()
  }
}

/// One pass over the events of one input.
private struct Run {
  let source: SourceText
  let parser: EventParser
  var builder: TreeBuilder
  var documents = 0
  /// Follows the events through the source (they arrive in file order).
  var cursor = SourceText.Cursor()

  init(source: SourceText, parser: EventParser, builder: TreeBuilder) {
    self.source = source
    self.parser = parser
    self.builder = builder
  }

  mutating func parseAll() throws(Diagnostic) {
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(parser.parser, &event) != 0 else { throw failure() }
      defer { yaml_event_delete(&event) }
      let start = Self.mark(event.start_mark)
      let end = Self.mark(event.end_mark)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { throw .multipleDocuments(at: source.location(start)) }
      case YAML_SCALAR_EVENT:
        try scalar(event, start: start, end: end)
      case YAML_SEQUENCE_START_EVENT:
        let e = event.data.sequence_start
        try open(.sequence, anchor: e.anchor, tag: e.tag, start: start, end: end)
      case YAML_MAPPING_START_EVENT:
        let e = event.data.mapping_start
        try open(.mapping, anchor: e.anchor, tag: e.tag, start: start, end: end)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        try builder.close()
      case YAML_ALIAS_EVENT:
        try builder.alias(Self.string(event.data.alias.anchor) ?? "", at: source.location(start))
      default:
        continue  // stream start, document end
      }
    }
  }

  mutating func scalar(_ event: yaml_event_t, start: Mark, end: Mark) throws(Diagnostic) {
    let e = event.data.scalar
    let (tagMark, content) = e.anchor == nil && e.tag == nil
      ? (nil, start) : source.contentStart(from: start, notAfter: end, cursor: &cursor)
    let location = source.location(content)
    guard e.length <= builder.limits.maxScalarBytes else {
      throw .scalarTooLarge(bytes: e.length, limit: builder.limits.maxScalarBytes, at: location)
    }
    // By length, not NUL-terminated: `"\0"` is a legal scalar.
    let text = String(decoding: UnsafeBufferPointer(start: e.value, count: e.length), as: UTF8.self)
    let style = Node.ScalarStyle(e.style)
    let textStart = textStart(style: style, text: text, content: content, end: end)
    var textLocation: SourceLocation?
    if let textStart { textLocation = source.location(textStart) }
    try builder.scalar(
      Node.Scalar(text: text, style: style), at: location, textStart: textLocation,
      anchor: Self.string(e.anchor), tag: tag(e.tag, at: tagMark ?? start))
  }

  mutating func open(
    _ kind: TreeBuilder.CollectionKind, anchor: UnsafeMutablePointer<yaml_char_t>?,
    tag: UnsafeMutablePointer<yaml_char_t>?, start: Mark, end: Mark
  ) throws(Diagnostic) {
    let (tagMark, content) = anchor == nil && tag == nil
      ? (nil, start) : source.contentStart(from: start, notAfter: end, cursor: &cursor)
    try builder.open(
      kind, at: source.location(content), anchor: Self.string(anchor), tag: self.tag(tag, at: tagMark ?? start))
  }

  func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at mark: Mark) -> TreeBuilder.Tag? {
    Self.string(pointer).map { TreeBuilder.Tag(name: $0, location: source.location(mark)) }
  }

  /// Where the scalar's text starts when its characters map one-to-one onto
  /// the file: a one-line plain scalar, a one-line quoted scalar without
  /// escapes, or a literal block (line by line). nil otherwise.
  mutating func textStart(style: Node.ScalarStyle, text: String, content: Mark, end: Mark) -> Mark? {
    switch style {
    case .plain:
      return content.line == end.line && !text.isEmpty ? content : nil
    case .singleQuoted, .doubleQuoted:
      let unescaped = content.line == end.line && end.column - content.column - 2 == Self.scalarCount(text)
      return unescaped ? Mark(line: content.line, column: content.column + 1) : nil
    case .literal:
      return text.isEmpty ? nil : source.literalTextStart(indicator: content, cursor: &cursor)
    case .folded:
      return nil
    }
  }

  /// libyaml's error as a positioned diagnostic, its wording translated where known.
  func failure() -> Diagnostic {
    let p = parser.parser.pointee
    let problem = Self.string(p.problem) ?? "unknown error"
    let mark: Mark
    var context: String?
    switch p.error {
    case YAML_MEMORY_ERROR:
      return .outOfMemory(at: source.location(Mark(line: 0, column: 0)))
    case YAML_READER_ERROR:
      mark = source.mark(atByte: p.problem_offset)
    default:
      mark = Self.mark(p.problem_mark)
      context = Self.string(p.context)
    }
    let location = source.location(mark)
    let atEnd = location == source.location(source.end)
    return .syntax(
      problem: problem, context: context, found: source.scalar(at: mark), at: location,
      contextAt: context == nil ? nil : source.location(Self.mark(p.context_mark)),
      unfinished: atEnd ? builder.unfinished.map { ($0.kind == .mapping, $0.location) } : nil)
  }

  /// `text.unicodeScalars.count`, counted on the UTF-8 bytes (every byte that does not continue a sequence starts a scalar).
  static func scalarCount(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { bytes in
      var count = 0
      for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
      return count
    }
  }

  static func mark(_ m: yaml_mark_t) -> Mark {
    Mark(line: Int(clamping: m.line), column: Int(clamping: m.column))
  }

  static func string(_ p: UnsafePointer<CChar>?) -> String? {
    p.map { String(cString: $0) }
  }

  static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    p.map { String(cString: UnsafePointer($0)) }
  }
}

extension Node.ScalarStyle {
  /// The style of a libyaml scalar event.
  init(_ s: yaml_scalar_style_t) {
    switch s {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: self = .literal
    case YAML_FOLDED_SCALAR_STYLE: self = .folded
    default: self = .plain
    }
  }
}
