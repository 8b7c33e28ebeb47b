import Foundation

/// For the test suites: one folder for a test process's scratch files
/// (data, packs, ledgers, outputs), removed when the process exits, so that
/// a test run leaves nothing in the temporary folder however its tests end.
public enum TestScratch {
  /// `NSTemporaryDirectory()/dudao-tests-PID/`, created on first use; ends with `/`.
  public static let folder: String = {
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("dudao-tests-\(getpid())") + "/"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: TestScratch.folder) }
    return dir
  }()
}
