import DudaoYAML

/// libFuzzer entry: loads the bytes as YAML, JSON or JSON Lines (first byte
/// selects which); any result but a crash, hang or blow-up is fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  _ = try? YAMLLoader.load(bytes: bytes, file: "fuzz.yaml")
  return 0
}
