import DudaoDiagnostics
import DudaoYAML
import Testing

@Test(arguments: [
  FailureCase("Latin-1 byte", bytes: Array("a: caf".utf8) + [0xE9, 0x0A], code: "yaml.invalid-utf8", at: "1:7"),
  FailureCase("GBK after CJK", bytes: Array("名称: ".utf8) + [0xB2, 0xE2, 0x0A], code: "yaml.invalid-utf8", at: "1:5"),
  FailureCase("second line", bytes: Array("a: 1\nb: ".utf8) + [0xC3, 0x28], code: "yaml.invalid-utf8", at: "2:4"),
  FailureCase("lone continuation byte", bytes: Array("a: x".utf8) + [0x80], code: "yaml.invalid-utf8", at: "1:5"),
  FailureCase("overlong encoding", bytes: Array("a: ".utf8) + [0xC0, 0xAF], code: "yaml.invalid-utf8", at: "1:4"),
  FailureCase("encoded surrogate", bytes: Array("a: ".utf8) + [0xED, 0xA0, 0x80], code: "yaml.invalid-utf8", at: "1:4"),
  FailureCase("beyond U+10FFFF", bytes: Array("a: ".utf8) + [0xF4, 0x90, 0x80, 0x80], code: "yaml.invalid-utf8",
              at: "1:4"),
  FailureCase("truncated at end of file", bytes: Array("a: ".utf8) + [0xE4, 0xB8], code: "yaml.invalid-utf8", at: "1:4"),
  FailureCase("after BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("a: ".utf8) + [0xFF], code: "yaml.invalid-utf8", at: "1:4"),
  FailureCase("UTF-16 LE BOM", bytes: [0xFF, 0xFE, 0x61, 0x00], code: "yaml.unsupported-encoding", at: "1:1"),
  FailureCase("UTF-16 BE BOM", bytes: [0xFE, 0xFF, 0x00, 0x61], code: "yaml.unsupported-encoding", at: "1:1"),
  FailureCase("UTF-32 LE BOM", bytes: [0xFF, 0xFE, 0x00, 0x00], code: "yaml.unsupported-encoding", at: "1:1"),
  FailureCase("NUL byte", bytes: Array("a: b".utf8) + [0x00] + Array("c\n".utf8), code: "yaml.syntax", at: "1:5"),
  FailureCase("bell character", bytes: Array("a: 1\nb: ".utf8) + [0x07], code: "yaml.syntax", at: "2:4"),
  FailureCase("DEL character", bytes: Array("a: ".utf8) + [0x7F], code: "yaml.syntax", at: "1:4"),
  FailureCase("C1 control character", bytes: Array("a: ".utf8) + [0xC2, 0x80], code: "yaml.syntax", at: "1:4"),
  FailureCase("U+FFFE", bytes: Array("a: ".utf8) + [0xEF, 0xBF, 0xBE], code: "yaml.syntax", at: "1:4"),
])
func encodingFailures(_ c: FailureCase) {
  expectFailure(c)
}

struct FixtureCase: Sendable, CustomTestStringConvertible {
  var fixture: String
  var code: String
  var at: String
  var testDescription: String { fixture }
}

@Test(arguments: [
  // GBK 实 (CA B5) happens to be valid UTF-8 (U+02B5); 验 (D1 E9) is not.
  FixtureCase(fixture: "gbk.yaml", code: "yaml.invalid-utf8", at: "2:10"),
  FixtureCase(fixture: "utf16.yaml", code: "yaml.unsupported-encoding", at: "1:1"),
  FixtureCase(fixture: "nul.yaml", code: "yaml.syntax", at: "2:9"),
  FixtureCase(fixture: "truncated.yaml", code: "yaml.syntax", at: "4:1"),
])
func badFixtures(_ c: FixtureCase) {
  let d = loadFailureAt(fixture(c.fixture))
  #expect(d?.code == c.code)
  #expect(d?.location?.position == c.at)
}

@Test func encodingMessagesSayWhatToDo() throws {
  let gbk = try #require(loadFailureAt(fixture("gbk.yaml")))
  #expect(gbk.message.zh.contains("UTF-8"))
  #expect(gbk.message.en.contains("0xD1"))
  let utf16 = try #require(loadFailureAt(fixture("utf16.yaml")))
  #expect(utf16.message.en == "the file is encoded as UTF-16: save it as UTF-8 and try again")
  let nul = try #require(loadFailureAt(fixture("nul.yaml")))
  #expect(nul.message.en.contains("U+0000"))
}

@Test func escapedNULIsKeptByLength() throws {
  let root = try YAMLLoader.load(string: #"a: "x\0y""#, file: "t.yaml")
  #expect(root["a"]?.text?.unicodeScalars.map(\.value) == [0x78, 0, 0x79])
}

@Test func byteOrderMarkAloneIsAnEmptyDocument() throws {
  let root = try YAMLLoader.load(bytes: [0xEF, 0xBB, 0xBF], file: "t.yaml")
  #expect(root.isNull)
  #expect(root.location.position == "1:1")
}
