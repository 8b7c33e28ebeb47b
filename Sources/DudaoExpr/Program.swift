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
    switch run(activation) {
    case .success(let v): return .value(v)
    case .failure(.unknown(let paths)): return .unknown(Array(Set(paths)).sorted())
    case .failure(.error(let e)), .failure(.abort(let e)): return .error(e)
    }
  }

  /// `evaluate`, with an unknown result's paths as the evaluation collected
  /// them (in order, repeats kept: what the same expression gives inside a
  /// larger one); nil when the cost limit stopped it (never absorbed).
  package func evaluateUnsorted(_ activation: Activation) -> EvalResult? {
    switch run(activation) {
    case .success(let v): return .value(v)
    case .failure(.unknown(let paths)): return .unknown(paths)
    case .failure(.error(let e)): return .error(e)
    case .failure(.abort): return nil
    }
  }

  private func run(_ activation: Activation) -> Result<Value, Interrupt> {
    var failures: [Int: Interrupt] = [:]
    if !activation.failures.isEmpty {
      for (slot, name) in globalNames.enumerated() {
        if let f = activation.failure(name) { failures[slot] = f }
      }
    }
    let frame = Frame(
      globals: globalNames.map { activation[$0] }, failures: failures, slots: slots, maxCost: maxCost)
    do throws(Interrupt) {
      return .success(try root(frame))
    } catch {
      return .failure(error)
    }
  }
}
