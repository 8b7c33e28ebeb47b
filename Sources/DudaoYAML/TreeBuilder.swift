import DudaoDiagnostics

/// Builds one document's `Node` tree from parser events with an explicit
/// stack (no recursion, so nesting costs heap, not call stack), applying the
/// loader's rules as events arrive: depth and node limits, scalar-only and
/// unique mapping keys, alias expansion with a node budget, merge keys (`<<`)
/// and the tags dudao accepts.
///
/// Knows nothing of libyaml: `Loader` translates libyaml's events into calls.
struct TreeBuilder {
  /// Counters shared by all documents of one file (JSON Lines), so that the
  /// limits hold for the file as a whole.
  struct Budget {
    var nodes = 0
    var aliasNodes = 0
  }

  enum CollectionKind {
    case sequence, mapping
  }

  /// An explicit tag and where it was written.
  struct Tag {
    var name: String
    var location: SourceLocation
  }

  let limits: YAMLLimits
  var budget: Budget
  private(set) var root: Node?
  private var stack: [Frame] = []
  private var anchors: [String: Anchored] = [:]
  /// Anchors defined so far, to order definitions: an alias refers to the latest one.
  private var definitions = 0

  /// The innermost sequence or mapping not yet closed (for errors at the end of a truncated file).
  var unfinished: (kind: CollectionKind, location: SourceLocation)? {
    stack.last.map { ($0.kind, $0.location) }
  }

  init(limits: YAMLLimits, budget: Budget) {
    self.limits = limits
    self.budget = budget
  }

  /// A scalar event. `location` is where its content starts (after anchor and tag).
  mutating func scalar(
    _ scalar: Node.Scalar, at location: SourceLocation, textStart: SourceLocation?, anchor: String?, tag: Tag?
  ) throws(Diagnostic) {
    var scalar = scalar
    if let tag {
      scalar.tag = try Self.checkScalarTag(tag, text: scalar.text)
    }
    try count(1, at: location)
    var node = Node(.scalar(scalar), at: location)
    node.textStart = textStart
    if let anchor { anchors[anchor] = Anchored(node: node, count: 1, order: define()) }
    try attach(Built(node: node, count: 1, use: location))
  }

  /// The start of a sequence or mapping.
  mutating func open(_ kind: CollectionKind, at location: SourceLocation, anchor: String?, tag: Tag?) throws(Diagnostic) {
    if let top = stack.indices.last, stack[top].kind == .mapping, stack[top].pendingKey == nil {
      throw .complexKey(at: location)
    }
    guard stack.count < limits.maxDepth else { throw .depthLimit(limits.maxDepth, at: location) }
    if let tag { try Self.checkCollectionTag(tag, kind: kind) }
    try count(1, at: location)
    stack.append(Frame(kind: kind, location: location, anchor: anchor, order: anchor == nil ? 0 : define()))
  }

  /// The end of the innermost open sequence or mapping.
  mutating func close() throws(Diagnostic) {
    guard let frame = stack.popLast() else { return }
    let node: Node
    switch frame.kind {
    case .sequence: node = Node(.sequence(frame.items), at: frame.location)
    case .mapping: node = Node(.mapping(frame.resolvedEntries()), at: frame.location)
    }
    if let anchor = frame.anchor {
      anchors[anchor] = Anchored(node: node, count: frame.count, order: frame.order)
    }
    try attach(Built(node: node, count: frame.count, use: frame.location, nonMappingItem: frame.nonMappingItem))
  }

  /// An alias `*name`: a copy of the anchored node (keeping the anchored
  /// node's locations), counted against the alias budget before copying.
  mutating func alias(_ name: String, at location: SourceLocation) throws(Diagnostic) {
    let anchored = anchors[name]
    if let open = stack.last(where: { $0.anchor == name }), open.order > anchored?.order ?? 0 {
      throw .aliasCycle(name, at: location, anchor: open.location)
    }
    guard let anchored else { throw .undefinedAlias(name, at: location) }
    let (aliasNodes, overflow) = budget.aliasNodes.addingReportingOverflow(anchored.count)
    guard !overflow, aliasNodes <= limits.maxAliasNodes else { throw .aliasLimit(limits.maxAliasNodes, at: location) }
    budget.aliasNodes = aliasNodes
    try count(anchored.count, at: location)
    try attach(Built(node: anchored.node, count: anchored.count, use: location))
  }
}

private extension TreeBuilder {
  /// A finished node on its way into its parent.
  struct Built {
    var node: Node
    /// Nodes it stands for, aliases expanded (an upper bound once merges drop overridden keys).
    var count: Int
    /// Where it was written: its own location, or the alias that copied it.
    var use: SourceLocation
    /// For a sequence built here: where its first item that is not a mapping was written.
    var nonMappingItem: SourceLocation?
  }

  struct Anchored {
    var node: Node
    var count: Int
    /// When the anchor was written, relative to other anchors.
    var order: Int
  }

  struct PendingKey {
    var node: Node
    var isMerge: Bool
  }

  struct Merge {
    /// Index in `entries` before which the merged entries go (where `<<` was written).
    var position: Int
    var sources: [Node]
  }

  struct Frame {
    let kind: CollectionKind
    let location: SourceLocation
    let anchor: String?
    let order: Int
    var count = 1
    var items: [Node] = []
    var nonMappingItem: SourceLocation?
    var entries: [Node.Entry] = []
    var pendingKey: PendingKey?
    /// Where an entry's key was written when that was an alias, by index in
    /// `entries` (other keys were written where their node is).
    var aliasKeyUses: [Int: SourceLocation] = [:]
    /// Index in `entries` by key text, once there are more entries than are
    /// cheaper to compare one by one than to hash (`linearKeys`).
    var keyIndex: [String: Int]?
    var mergeKey: SourceLocation?
    var merge: Merge?

    init(kind: CollectionKind, location: SourceLocation, anchor: String?, order: Int) {
      self.kind = kind
      self.location = location
      self.anchor = anchor
      self.order = order
    }

    /// Where the explicit key `text` was first written, if it was.
    /// (`mutating` only so that calling it on `stack[top]` does not copy the frame.)
    mutating func firstUse(ofKey text: String) -> SourceLocation? {
      let found: Int?
      if let keyIndex {
        found = keyIndex[text]
      } else {
        found = entries.firstIndex { $0.key.hasText(text) }
      }
      guard let i = found else { return nil }
      return aliasKeyUses[i] ?? entries[i].key.location
    }

    /// The entries with merged ones inserted where `<<` stood: explicit keys
    /// win, and among merged mappings the earlier one wins (YAML 1.1 merge).
    func resolvedEntries() -> [Node.Entry] {
      guard let merge else { return entries }
      var seen = Set(entries.map { $0.key.text ?? "" })
      var merged: [Node.Entry] = []
      for source in merge.sources {
        for entry in source.entries ?? [] where seen.insert(entry.key.text ?? "").inserted {
          merged.append(entry)
        }
      }
      var result = entries
      result.insert(contentsOf: merged, at: min(merge.position, result.count))
      return result
    }
  }

  mutating func define() -> Int {
    definitions += 1
    return definitions
  }

  mutating func count(_ n: Int, at location: SourceLocation) throws(Diagnostic) {
    let (nodes, overflow) = budget.nodes.addingReportingOverflow(n)
    guard !overflow, nodes <= limits.maxNodes else { throw .nodeLimit(limits.maxNodes, at: location) }
    budget.nodes = nodes
  }

  mutating func attach(_ built: Built) throws(Diagnostic) {
    guard !stack.isEmpty else {
      root = built.node
      return
    }
    let top = stack.count - 1
    stack[top].count += built.count
    switch stack[top].kind {
    case .sequence:
      if stack[top].nonMappingItem == nil, !built.node.isMapping { stack[top].nonMappingItem = built.use }
      // A few at once: most collections of a data file are small, and growing one by one reallocates twice.
      if stack[top].items.isEmpty { stack[top].items.reserveCapacity(4) }
      stack[top].items.append(built.node)
    case .mapping:
      if let key = stack[top].pendingKey.take() {
        if key.isMerge {
          try addMerge(built, at: top)
        } else {
          if stack[top].entries.isEmpty { stack[top].entries.reserveCapacity(4) }
          stack[top].entries.append(Node.Entry(key: key.node, value: built.node))
        }
      } else {
        try addKey(built, at: top)
      }
    }
  }

  mutating func addKey(_ built: Built, at top: Int) throws(Diagnostic) {
    guard let key = built.node.scalar else { throw .complexKey(at: built.use) }
    if key.style == .plain, key.tag == nil, key.text == "<<" {
      if let first = stack[top].mergeKey { throw .duplicateKey("<<", at: built.use, first: first) }
      stack[top].mergeKey = built.use
      stack[top].pendingKey = PendingKey(node: built.node, isMerge: true)
      return
    }
    if let first = stack[top].firstUse(ofKey: key.text) { throw .duplicateKey(key.text, at: built.use, first: first) }
    // The key's entry is appended with its value, before any other key comes.
    let index = stack[top].entries.count
    if built.use != built.node.location { stack[top].aliasKeyUses[index] = built.use }
    if stack[top].keyIndex != nil {
      stack[top].keyIndex?[key.text] = index
    } else if index >= Self.linearKeys {
      var keyIndex: [String: Int] = [:]
      keyIndex.reserveCapacity(index * 2)
      for (i, entry) in stack[top].entries.enumerated() { keyIndex[entry.key.text ?? ""] = i }
      keyIndex[key.text] = index
      stack[top].keyIndex = keyIndex
    }
    stack[top].pendingKey = PendingKey(node: built.node, isMerge: false)
  }

  /// Mappings with up to this many keys find duplicates by comparing keys.
  static let linearKeys = 12

  mutating func addMerge(_ built: Built, at top: Int) throws(Diagnostic) {
    let sources: [Node]
    switch built.node.kind {
    case .mapping:
      sources = [built.node]
    case .sequence(let items):
      if let bad = items.first(where: { $0.entries == nil }) {
        throw .mergeInvalid(found: bad, at: built.nonMappingItem ?? built.use)
      }
      sources = items
    case .scalar:
      throw .mergeInvalid(found: built.node, at: built.use)
    }
    stack[top].merge = Merge(position: stack[top].entries.count, sources: sources)
  }

  static let core = "tag:yaml.org,2002:"

  /// The tag to store: one of the core scalar tags, and the text must be of its type.
  static func checkScalarTag(_ tag: Tag, text: String) throws(Diagnostic) -> String {
    let probe = Node(.scalar(Node.Scalar(text: text)), at: tag.location)
    let fits: Bool
    switch tag.name {
    case core + "str": fits = true
    case core + "int": fits = Node.parseInt(text) != nil
    case core + "float": fits = probe.double != nil
    case core + "bool": fits = probe.bool != nil
    case core + "null": fits = probe.isNull
    case core + "map", core + "seq": fits = false
    default: throw .unsupportedTag(tag.name, at: tag.location)
    }
    guard fits else { throw .tagMismatch(tag.name, text: text, at: tag.location) }
    return tag.name
  }

  static func checkCollectionTag(_ tag: Tag, kind: CollectionKind) throws(Diagnostic) {
    switch tag.name {
    case core + "map" where kind == .mapping, core + "seq" where kind == .sequence:
      return
    case core + "str", core + "int", core + "float", core + "bool", core + "null", core + "map", core + "seq":
      throw .tagMismatch(tag.name, text: nil, at: tag.location)
    default:
      throw .unsupportedTag(tag.name, at: tag.location)
    }
  }
}
