import ArgumentParser
import DudaoDiagnostics
import Foundation

/// What the executable alone knows: the terminal, NO_COLOR, today, files.
enum Terminal {
  static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
  static func useColor(fd: Int32 = 1) -> Bool {
    if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
    return isTTY(fd)
  }

  static func today() -> Day {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    return Day(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday)) ?? Day(year: 2026, month: 1, day: 1)!
  }

  static func stderr(_ s: String) {
    FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
  }

  static func stdout(_ s: String) {
    FileHandle.standardOutput.write(Data(s.utf8))
  }

  /// Prints diagnostics with source excerpts to stderr; the same one at
  /// many places is shown at the first few, then summed up.
  static func report(_ diagnostics: [Diagnostic], language: Language, files: [String: String] = [:]) {
    let shown = Diagnostic.collapsingRepeats(diagnostics)
    // Each file read once, whatever its size and however many diagnostics point into it.
    let lines = SourceLines(for: shown, texts: files)
    for d in shown { stderr(d.rendered(in: language, line: lines.line)) }
  }

  /// Writes to `--output` or stdout.
  static func write(_ text: String, to output: String?) throws {
    guard let output else { return stdout(text) }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output))
    } catch {
      stderr("error[io]: 无法写入 / cannot write \(output): \(error.localizedDescription)")
      throw ExitCode(2)
    }
  }
}
