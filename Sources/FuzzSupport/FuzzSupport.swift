import Foundation

/// What the fuzz targets share: reading libFuzzer's input, replaying files
/// outside libFuzzer, a scratch folder for inputs that must be files.
/// See docs/fuzzing.md.
public enum FuzzSupport {
  /// The repository this was built from (fixed inputs: dictionary, packs).
  public static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// libFuzzer's input as an array (empty for a null pointer).
  public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
  }

  /// Without libFuzzer: runs `body` on each file (or each file of each
  /// folder) named on the command line, then exits; 2 when one is unreadable.
  public static func main(_ body: ([UInt8]) -> Void) -> Never {
    exit(replay(CommandLine.arguments.dropFirst(), body))
  }

  /// Runs `body` on each file, or each file of each folder, in `arguments`;
  /// 2 when one is unreadable, else 0.
  public static func replay(_ arguments: ArraySlice<String>, _ body: ([UInt8]) -> Void) -> Int32 {
    var status: Int32 = 0
    for path in arguments {
      var isDir: ObjCBool = false
      let files: [String]
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
        files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
      } else {
        files = [path]
      }
      for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
          FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
          status = 2
          continue
        }
        body([UInt8](data))
      }
    }
    return status
  }

  /// A fresh folder for this process's scratch files, in memory where the
  /// system has `/dev/shm`.
  public static func scratchFolder(_ name: String) -> String {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = "\(base)/dudao-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes `bytes` to `path`, replacing it.
  public static func write(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
  }

  /// `utf8` converted to GB18030, or nil when it is not valid UTF-8.
  public static func gb18030(_ utf8: [UInt8]) -> [UInt8]? {
    // CoreFoundation's kCFStringEncodingGB_18030_2000 as an NSStringEncoding.
    String(validating: utf8, as: UTF8.self)?.data(using: String.Encoding(rawValue: 0x8000_0632)).map { [UInt8]($0) }
  }
}
