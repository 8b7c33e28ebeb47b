import DudaoDiagnostics
import DudaoYAML
import FuzzSupport

/// One input: the bytes of a YAML file. Any diagnostic is fine; a crash,
/// hang or memory blow-up is a finding. So is a document whose plain events
/// (`YAMLPlainEvents`, the data loader's fast path) go to its end but are
/// not its tree's nodes, in order, at the same places — unless the tree
/// rejects or merges keys, which the events leave to their reader.
func fuzz(_ bytes: [UInt8]) {
  var tree: Node?
  var error: Diagnostic?
  do { tree = try YAMLLoader.load(bytes: bytes, file: "fuzz.yaml") } catch let e { error = e }
  let events = YAMLLoader.withPlainEvents(bytes: bytes, file: "fuzz.yaml") { events -> [YAMLPlainEvents.Placed]? in
    var items: [YAMLPlainEvents.Placed] = []
    var depth = 0
    while let event = events.next() {
      items.append(YAMLPlainEvents.Placed(event: event, location: event == .end ? nil : events.location))
      switch event {
      case .mappingStart, .sequenceStart: depth += 1
      case .end: depth -= 1
      case .scalar: break
      }
      if depth == 0 { return events.finish() ? items : nil }
    }
    return nil
  }
  guard let events, !events.contains(where: { $0.event == .scalar("<<", .plain) }) else { return }
  if let code = error?.code {
    if code != "yaml.duplicate-key", code != "yaml.complex-key" { fatalError("plain events past \(code)") }
    return
  }
  let expected = tree.map(YAMLPlainEvents.expected) ?? []
  if events != expected { fatalError("plain events differ from the tree") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
