import DudaoEngine
import DudaoRules
import DudaoYAML
import Foundation
import FuzzSupport

/// The standard pack's data dictionary, to type the school data by.
let dictionary: DataDictionary = {
  do { return try PackLoader().load(FuzzSupport.repositoryRoot + "/rules").dictionary } catch {
    fatalError("the standard pack (a fixed input, not the fuzzer's) does not load: \(error)")
  }
}()
let scratch = FuzzSupport.scratchFolder("fuzz-json")
let probe = FastReaderProbe(dictionary: dictionary)

/// One input: a selector byte, then a data file. Selector bit 0: JSON
/// (`.json`) or JSON Lines (`.jsonl`); bit 1: the bytes alone through
/// `YAMLLoader`, or as a school data file through `DatasetLoader`.
func fuzz(_ input: [UInt8]) {
  guard let selector = input.first else { return }
  let bytes = Array(input.dropFirst())
  let lines = selector & 1 == 1
  if selector & 2 == 0 {
    if lines {
      _ = try? YAMLLoader.loadLines(bytes: bytes, file: "fuzz.jsonl")
    } else {
      _ = try? YAMLLoader.load(bytes: bytes, file: "fuzz.json")
    }
    return
  }
  if lines {
    // The fast reader of large checks (issue 7) must agree with the general one.
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
      Array(line).withUnsafeBufferPointer { b in
        if let problem = probe.disagreement(b) { fatalError("fast JSON Lines reader: \(problem)") }
      }
    }
  }
  let file = scratch + (lines ? "/fuzz.jsonl" : "/fuzz.json")
  FuzzSupport.write(bytes, to: file)
  _ = try? DatasetLoader(dictionary: dictionary).load(paths: [file])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
