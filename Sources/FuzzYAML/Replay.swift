#if !FUZZING
  import Foundation

  /// Without libFuzzer: replays the files given as arguments.
  @main
  struct Replay {
    static func main() {
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        _ = data.withUnsafeBytes { fuzzYAML($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
      }
    }
  }
#endif
