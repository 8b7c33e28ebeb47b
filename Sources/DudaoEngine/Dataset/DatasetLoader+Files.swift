import DudaoDiagnostics
import DudaoExpr
import DudaoYAML
import Foundation

/// YAML and JSON files (one document each) read and typed on worker threads.
///
/// Reading a file — its bytes, the YAML tree, the typed schools — depends
/// on nothing but the file, so files are read in any order on any thread;
/// what joins them (duplicate school ids, CSV tables, checklists) stays on
/// the calling thread, in input order. So the schools and every diagnostic
/// are the same, in the same order, whatever the number of threads.
extension DatasetLoader {
  /// What one YAML or JSON file gave, to be merged in input order.
  struct DocumentResult: Sendable {
    enum Content: Sendable {
      /// The file could not be read or parsed: this error, and nothing else from it.
      case failed(Diagnostic)
      /// A filled on-site checklist: its rows join schools like a CSV table.
      case checklist([CSVChildRow])
      /// Schools, each with the diagnostics typing it gave (nil: unusable).
      case schools([(record: SchoolRecord?, diags: [Diagnostic])])
    }

    /// Diagnostics about the file as a whole, before its schools.
    var diags: [Diagnostic] = []
    var content: Content
  }

  /// Reads and types one YAML or JSON file (not `.jsonl`, not `.csv`):
  /// straight from the parser's events when the file is plain
  /// (`DatasetLoader+PlainYAML.swift`), else through its `Node` tree
  /// (always, with `plain` false: tests compare the two).
  func document(_ file: String, plain: Bool = true) -> DocumentResult {
    let bytes: [UInt8]
    do { bytes = try YAMLLoader.read(file: file, limits: limits) } catch {
      return DocumentResult(content: .failed(error))
    }
    if plain, let result = plainDocument(bytes, file: file) { return result }
    var diags: [Diagnostic] = []
    let root: Node
    do { root = try YAMLLoader.load(bytes: bytes, file: file, limits: limits) } catch {
      return DocumentResult(content: .failed(error))
    }
    // A filled on-site checklist joins its school like a CSV table (ChecklistFile.swift).
    if let rows = checklistRows(root, file: file, &diags) {
      return DocumentResult(diags: diags, content: .checklist(rows))
    }
    let nodes = schoolNodes(root, file: file, &diags)
    var schools: [(record: SchoolRecord?, diags: [Diagnostic])] = []
    schools.reserveCapacity(nodes.count)
    for node in nodes {
      var own: [Diagnostic] = []
      let record = school(node, &own)
      schools.append((record, own))
    }
    return DocumentResult(diags: diags, content: .schools(schools))
  }

  /// `document(_:)` of each file, in the order of `files`, on up to `threads` threads.
  func documents(_ files: [String], threads: Int) -> [DocumentResult] {
    let loader = self
    return ParallelMap.map(files, threads: threads) { loader.document($0) }
  }
}

/// `items.map(work)` on up to `threads` plain threads (the calling one
/// included), results in the order of `items`. Items are handed out a few
/// at a time, so a slow item does not hold up a whole share.
enum ParallelMap {
  static func map<T: Sendable, R: Sendable>(
    _ items: [T], threads: Int, _ work: @escaping @Sendable (T) -> R
  ) -> [R] {
    let workers = min(max(1, threads), items.count)
    guard workers > 1 else { return items.map(work) }
    let batch = max(1, min(16, items.count / (workers * 8)))
    let state = Shared<R>(count: items.count)
    let run: @Sendable () -> Void = {
      while let range = state.claim(batch) {
        for i in range { state.set(i, work(items[i])) }
      }
    }
    let done = DispatchSemaphore(value: 0)
    for _ in 1..<workers {
      let thread = Thread {
        run()
        done.signal()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    run()
    for _ in 1..<workers { done.wait() }
    return state.results()
  }

  /// Results set once each, under a lock.
  private final class Shared<R: Sendable>: @unchecked Sendable {
    private var storage: [R?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// The next `n` items no thread has taken, if any.
    func claim(_ n: Int) -> Range<Int>? {
      lock.lock()
      defer { lock.unlock() }
      guard next < storage.count else { return nil }
      let start = next
      next = min(storage.count, next + n)
      return start..<next
    }

    func set(_ i: Int, _ value: R) {
      lock.lock()
      storage[i] = value
      lock.unlock()
    }

    /// Every result, in order (all set once every thread has finished).
    func results() -> [R] {
      lock.lock()
      defer { lock.unlock() }
      return storage.compactMap { $0 }
    }
  }
}
