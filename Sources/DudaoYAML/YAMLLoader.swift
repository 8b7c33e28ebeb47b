import DudaoDiagnostics
import Foundation

/// Reads YAML and JSON files into `Node` trees whose every node knows its
/// file, line and column.
///
/// What the loader guarantees, so that later stages need not check:
/// - exactly one document per file (`yaml.multiple-documents`);
/// - mapping keys are scalars (`yaml.complex-key`) and unique by text
///   (`yaml.duplicate-key`);
/// - aliases are expanded and merge keys (`<<`) applied;
/// - only the tags `!!str !!int !!float !!bool !!null !!map !!seq`, and a
///   tagged scalar is of its tag's type;
/// - input is bounded by `YAMLLimits` (size, depth, nodes, alias expansion).
///
/// Every failure is a `Diagnostic` with a location. For `yaml.io` and
/// `yaml.file-too-large` the location is the file with line 0, column 0
/// (the file as a whole); all others point at a line and column.
///
/// Node locations are 1-based, columns in Unicode scalars, lines ended as
/// libyaml ends them (LF, CRLF, CR, NEL, U+2028, U+2029); a UTF-8 BOM takes
/// no column. A node with an anchor or tag is located at its content, not at
/// `&anchor`/`!tag`; an expanded alias keeps the anchored node's locations.
///
/// A path or name ending in `.json` (any case) is read as JSON: the same YAML
/// parser, after rewriting what libyaml rejects in JSON (tabs outside strings,
/// surrogate-pair escapes) without moving any position.
public enum YAMLLoader {
  /// Loads the one document of a YAML or JSON file. An empty file gives a
  /// null scalar node at 1:1; more than one document is an error.
  public static func load(file path: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> Node {
    try load(bytes: read(path, limits: limits), file: path, limits: limits)
  }

  /// Loads the one document in `bytes`, reporting positions in `file`.
  public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> Node {
    guard bytes.count <= limits.maxFileBytes else { throw .fileTooLarge(file, limit: limits.maxFileBytes) }
    var source = try SourceText(validating: bytes, file: file)
    if isJSON(file) { source.prepareJSON() }
    var budget = TreeBuilder.Budget()
    return try Loader.load(source, limits: limits, budget: &budget)
  }

  /// The bytes of a file as `load(file:limits:)` reads them, with the same
  /// diagnostics (`yaml.io`, `yaml.file-too-large`, …), for a caller that
  /// tries `withPlainEvents` first and `load(bytes:file:limits:)` after.
  public static func read(file path: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> [UInt8] {
    try read(path, limits: limits)
  }

  /// Runs `body` on the events of the one document in `bytes` (a path or
  /// name ending in `.json` read as JSON, as `load` reads it), for readers
  /// that type values straight from the parser. nil when `body` gives nil,
  /// and without calling it when the bytes are not even plain to start with
  /// (too large, empty, an encoding error): `load(bytes:file:limits:)` then
  /// says what is wrong, if anything. See `YAMLPlainEvents`.
  public static func withPlainEvents<R>(
    bytes: [UInt8], file: String, limits: YAMLLimits = .init(), _ body: (inout YAMLPlainEvents) -> R?
  ) -> R? {
    guard bytes.count <= limits.maxFileBytes, var source = try? SourceText(validating: bytes, file: file) else {
      return nil
    }
    if isJSON(file) { source.prepareJSON() }
    let text = source
    // libyaml refuses a null input pointer, which an empty array may give.
    guard !text.bytes.isEmpty else { return nil }
    return text.bytes.withUnsafeBufferPointer { buffer -> R? in
      guard let base = buffer.baseAddress, let parser = EventParser.make(base, count: buffer.count) else { return nil }
      var events = YAMLPlainEvents(source: text, parser: parser, limits: limits)
      return body(&events)
    }
  }

  /// Loads the one document in `string`, reporting positions in `file`.
  public static func load(string: String, file: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> Node {
    try load(bytes: Array(string.utf8), file: file, limits: limits)
  }

  /// JSON Lines: one JSON (or YAML flow) document per non-blank line; node
  /// locations carry the real line numbers. Blank lines and lines starting
  /// with `#` are skipped. The limits hold for the file as a whole.
  public static func loadLines(file path: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> [Node] {
    try loadLines(bytes: read(path, limits: limits), file: path, limits: limits)
  }

  /// JSON Lines in `bytes`, reporting positions in `file`; see `loadLines(file:limits:)`.
  public static func loadLines(bytes: [UInt8], file: String, limits: YAMLLimits = .init()) throws(Diagnostic) -> [Node] {
    guard bytes.count <= limits.maxFileBytes else { throw .fileTooLarge(file, limit: limits.maxFileBytes) }
    // Validates the whole file first, so an encoding error has its real position.
    let whole = try SourceText(validating: bytes, file: file)
    var budget = TreeBuilder.Budget()
    var nodes: [Node] = []
    var lineNumber = 0
    for line in whole.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      let content = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
      if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
      var source = try SourceText(validating: Array(line), file: file, firstLine: lineNumber)
      source.prepareJSON()
      nodes.append(try Loader.load(source, limits: limits, budget: &budget))
    }
    return nodes
  }

  /// One line of a JSON Lines file (without its line end), its node
  /// locations on line `line` of `file`. The limits hold for this line
  /// alone, so a district of any number of lines is never cut off by the
  /// node or alias budget (streaming readers call this once per line).
  public static func loadLine(bytes: ArraySlice<UInt8>, file: String, line: Int, limits: YAMLLimits = .init()) throws(Diagnostic) -> Node {
    var source = try SourceText(validating: Array(bytes), file: file, firstLine: line)
    source.prepareJSON()
    var budget = TreeBuilder.Budget()
    return try Loader.load(source, limits: limits, budget: &budget)
  }
}

private extension YAMLLoader {
  static func isJSON(_ file: String) -> Bool { file.lowercased().hasSuffix(".json") }

  /// The file's bytes, refusing a file larger than the limit before reading
  /// it, and reading at most one byte more than the limit (a device or a file
  /// that grows is cut off, never read without end).
  static func read(_ path: String, limits: YAMLLimits) throws(Diagnostic) -> [UInt8] {
    if let bytes = readRegularFile(path, limit: limits.maxFileBytes) { return bytes }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .fileNotFound(path)
    }
    guard !isDirectory.boolValue else { throw .isDirectory(path) }
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if let size = attributes[.size] as? NSNumber, size.int64Value > Int64(limits.maxFileBytes) {
        throw Diagnostic.fileTooLarge(path, limit: limits.maxFileBytes)
      }
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw Diagnostic.unreadable(path, reason: "permission denied")
      }
      defer { try? handle.close() }
      let data = try handle.read(upToCount: min(limits.maxFileBytes, Int.max - 1) + 1) ?? Data()
      guard data.count <= limits.maxFileBytes else { throw Diagnostic.fileTooLarge(path, limit: limits.maxFileBytes) }
      return [UInt8](data)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw .unreadable(path, reason: error.localizedDescription)
    }
  }

  /// The bytes of a regular file of at most `limit` bytes, read with plain
  /// system calls (a folder of thousands of small files spends much of its
  /// time in Foundation's file checks otherwise). nil whenever anything is
  /// not that simple — missing, a folder, too large, unreadable, growing —
  /// and then `read` looks again the usual way and says what is wrong.
  static func readRegularFile(_ path: String, limit: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0, info.st_size <= limit else {
      return nil
    }
    // One byte more than the size: a file that grew is not read here.
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
    var count = 0
    while count < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return Foundation.read(fd, base + count, buffer.count - count)
      }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      count += n
    }
    guard count < bytes.count else { return nil }
    bytes.removeLast(bytes.count - count)
    return bytes
  }
}
