/// A compiled expression: compile once per rule, evaluate for every subject.
///
/// ```swift
/// let program = Program(try Parser.parse("school.students <= 2000"))
/// let result = program.evaluate(Activation(["school": school]))
/// ```
///
/// Evaluation never crashes and stops after `limits.maxEvalCost` work units;
/// its recursion is bounded by the parser's depth limit.
public struct Program: Sendable {
  private let root: Eval
  private let globalNames: [String]
  /// The activation variables the expression reads (macro variables
  /// excluded), sorted: what the engine must bind.
  public var referencedVariables: [String] { globalNames.filter { !Value.typeNames.contains($0) }.sorted() }
  private let slots: Int
  private let maxCost: Int

  /// Compiles the syntax tree into closures (names resolved to slots,
  /// functions to their bodies, constant regular expressions compiled).
  public init(_ ast: AST) {
    var compiler = Compiler(ast)
    root = compiler.compile(ast.root)
    globalNames = compiler.globalNames
    slots = compiler.slotCount
    maxCost = ast.limits.maxEvalCost
  }

  /// Evaluates for one activation: a value, the missing data (`unknown`,
  /// sorted unique paths), or an error.
  public func evaluate(_ activation: Activation) -> EvalResult {
    let frame = Frame(
      globals: globalNames.map { activation[$0] }, slots: slots, maxCost: maxCost)
    do {
      return .value(try root(frame))
    } catch {
      switch error {
      case .unknown(let paths): return .unknown(Array(Set(paths)).sorted())
      case .error(let e), .abort(let e): return .error(e)
      }
    }
  }
}
