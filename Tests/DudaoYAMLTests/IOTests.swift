import DudaoDiagnostics
import DudaoYAML
import Foundation
import Testing

@Test func missingFileIsAnIOErrorForTheWholeFile() throws {
  let path = fixture("duplicate-key.yaml") + ".missing"
  let d = try #require(loadFailureAt(path))
  #expect(d.code == "yaml.io")
  #expect(d.location == DudaoDiagnostics.SourceLocation(file: path, line: 0, column: 0))
  #expect(d.message.en.contains("not found"))
}

@Test func directoryIsAnIOError() throws {
  let path = (fixture("duplicate-key.yaml") as NSString).deletingLastPathComponent
  let d = try #require(loadFailureAt(path))
  #expect(d.code == "yaml.io")
  #expect(d.message.en.contains("is a folder"))
}

@Test func missingJSONLinesFileIsAnIOError() {
  do {
    _ = try YAMLLoader.loadLines(file: "/nonexistent/x.jsonl")
    Issue.record("loaded")
  } catch {
    #expect(error.code == "yaml.io")
  }
}

/// A device reports size 0 but never ends: reading stops one byte past the limit.
@Test func endlessDeviceIsCutOff() throws {
  let d = try #require(loadFailureAt("/dev/zero", limits: limits { $0.maxFileBytes = 1000 }))
  #expect(d.code == "yaml.file-too-large")
}

@Test func loadsAFile() throws {
  let root = try YAMLLoader.load(file: fixture("merge.yaml"))
  #expect(root.at(["schools", 1])?.int("students") == 800)
  #expect(root.at(["schools", 1])?.string("district") == "翔安区")
  // Merged entries keep the locations of the anchored mapping.
  #expect(root.at(["schools", 1, "district"])?.location.position == "4:13")
  #expect(root.at(["schools", 1, "district"])?.location.file.hasSuffix("merge.yaml") == true)
}
