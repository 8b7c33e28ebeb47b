import ArgumentParser
import DudaoDiagnostics
import DudaoEngine
import DudaoRules

/// Compiling a pack and loading data the same way in every command: the
/// problems are printed (file:line:column) and the command exits 2.
enum Loading {
  static func engine(_ pack: RulePack, language: Language) throws -> Engine {
    do { return try Engine(pack: pack) } catch {
      Terminal.report(error.diagnostics, language: language, files: pack.files)
      throw ExitCode(2)
    }
  }

  static func dataset(_ paths: [String], with loader: DatasetLoader, language: Language) throws -> Dataset {
    do { return try loader.load(paths: paths) } catch {
      Terminal.report(error.diagnostics, language: language)
      Terminal.stderr(language == .zh ? "数据无法使用：共 \(error.diagnostics.count) 个错误，请更正后重试。" : "the data cannot be used: \(error.diagnostics.count) error(s); correct them and try again.")
      throw ExitCode(2)
    }
  }
}
