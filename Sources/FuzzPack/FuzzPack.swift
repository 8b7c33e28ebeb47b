import DudaoEngine
import DudaoRules
import Foundation
import FuzzSupport

/// A pack folder: the standard dictionary (trimmed) and calendar, a minimal
/// pack.yaml and one rule file; the input replaces one of these files.
let pack = FuzzSupport.scratchFolder("fuzz-pack")
let files: [(path: String, fixed: [UInt8])] = [
  ("rules.yaml", []),
  ("pack.yaml", Array("name: fuzz\nversion: \"1\"\ndictionary: dictionary.yaml\ncalendar: calendar/\n".utf8)),
  ("dictionary.yaml", contents("Tests/FuzzCorpus/pack-dictionary.yaml")),
  ("calendar/2026.yaml", contents("rules/calendar/2026.yaml")),
]
let prepared: Void = {
  try? FileManager.default.createDirectory(atPath: pack + "/calendar", withIntermediateDirectories: true)
  for f in files { FuzzSupport.write(f.fixed, to: pack + "/" + f.path) }
}()

func contents(_ path: String) -> [UInt8] {
  FileManager.default.contents(atPath: FuzzSupport.repositoryRoot + "/" + path).map { [UInt8]($0) } ?? []
}

/// One input: a selector byte (which file of the pack it is: the rule file,
/// pack.yaml, the dictionary or a calendar year), then that file. The pack
/// is loaded and, when it loads, its rules compiled.
func fuzz(_ input: [UInt8]) {
  guard let selector = input.first else { return }
  _ = prepared
  let target = files[Int(selector) % files.count]
  FuzzSupport.write(Array(input.dropFirst()), to: pack + "/" + target.path)
  defer { if !target.fixed.isEmpty { FuzzSupport.write(target.fixed, to: pack + "/" + target.path) } }
  guard let loaded = try? PackLoader().load(pack) else { return }
  _ = try? Engine(pack: loaded)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPack(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(FuzzSupport.bytes(data, size))
  return 0
}
