import DudaoYAML
import FuzzSupport

/// One input: the bytes of a YAML file. Any diagnostic is fine; a crash,
/// hang or memory blow-up is a finding.
func fuzz(_ bytes: [UInt8]) {
  _ = try? YAMLLoader.load(bytes: bytes, file: "fuzz.yaml")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
