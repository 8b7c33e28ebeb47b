/// Bounds on what one YAML or JSON input may cost to load.
///
/// Every limit exists so that a hostile or broken file fails fast with a
/// positioned diagnostic instead of exhausting memory or time: an oversized
/// file or scalar, collections nested deeply enough to exhaust a stack, and
/// alias bombs ("billion laughs": a few hundred bytes expanding to billions of
/// nodes). The defaults are far above anything a school dataset or rule pack
/// needs.
public struct YAMLLimits: Sendable, Hashable {
  /// Largest file accepted, in bytes (`yaml.file-too-large`).
  public var maxFileBytes: Int = 32 << 20
  /// Largest single scalar, in bytes after unescaping (`yaml.scalar-too-large`).
  public var maxScalarBytes: Int = 1 << 20
  /// Deepest nesting of sequences and mappings (`yaml.depth-limit`).
  public var maxDepth: Int = 64
  /// Total nodes produced by expanding aliases, counted before copying (`yaml.alias-limit`).
  public var maxAliasNodes: Int = 100_000
  /// Total nodes in the tree, aliases expanded (`yaml.node-limit`).
  public var maxNodes: Int = 5_000_000

  public init() {}
}
