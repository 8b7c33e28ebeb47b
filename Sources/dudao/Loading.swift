import ArgumentParser
import Foundation
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
    do { return try loader.load(paths: paths) } catch { throw unusableData(error.diagnostics, language: language) }
  }

  /// `dataset`, keeping only the schools with these ids (`DatasetLoader.load(paths:onlySchools:)`).
  static func dataset(_ paths: [String], onlySchools ids: Set<String>, with loader: DatasetLoader, language: Language) throws -> Dataset {
    do { return try loader.load(paths: paths, onlySchools: ids) } catch { throw unusableData(error.diagnostics, language: language) }
  }

  /// The ids of the data's first `count` schools (`DatasetLoader.firstSchoolIDs`).
  static func firstSchoolIDs(_ paths: [String], count: Int, with loader: DatasetLoader, language: Language) throws -> [String] {
    do { return try loader.firstSchoolIDs(paths: paths, count: count) } catch { throw unusableData(error.diagnostics, language: language) }
  }

  /// Data with errors: each printed (file:line:column), then how many and
  /// what to do; exit status 2. `progress`: a progress line on stderr is
  /// cleared first.
  static func unusableData(_ diagnostics: [Diagnostic], language: Language, progress: Bool = false) -> ExitCode {
    if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    Terminal.report(diagnostics, language: language)
    Terminal.stderr(
      language == .zh
        ? "数据无法使用：共 \(diagnostics.count) 个错误，请更正后重试。"
        : "the data cannot be used: \(diagnostics.count) error(s); correct them and try again.")
    return ExitCode(2)
  }
}
