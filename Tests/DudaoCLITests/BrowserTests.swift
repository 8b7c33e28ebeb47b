import DudaoTestSupport
import Foundation
import Testing

/// Headless Chromium, as a person opening the report would: the page must
/// render offline with no request leaving it and no console message.
/// Chromium runs with every host name unresolvable, so neither the page nor
/// the browser's own background calls reach the network; requests are read
/// from its verbose log, and two canary pages prove both detectors work.
///
/// Needs the Debian packages `chromium` and `fonts-noto-cjk` (`.ci/run`
/// installs them). Without Chromium the tests fail, saying how to install it:
/// a browser check that silently passes would prove nothing. Set
/// `DUDAO_SKIP_BROWSER=1` to skip them on purpose (e.g. a machine without
/// Debian packages); CI never sets it.
enum Chromium {
  static var skip: Bool { ProcessInfo.processInfo.environment["DUDAO_SKIP_BROWSER"] == "1" }

  static var binary: String? {
    if let p = ProcessInfo.processInfo.environment["DUDAO_CHROMIUM"] { return p }
    return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  struct Render {
    var status: Int32
    var log: String
    /// Console messages (CSP violations are logged there too).
    var console: [String] { log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") } }

    /// URLs requested over the network, other than the browser's own service
    /// calls (time, update, account checks to Google hosts), which are not
    /// the page's and never resolve here (see `--host-resolver-rules`).
    var pageRequests: [String] {
      let marker = "NotifyBeforeURLRequest: "
      return log.split(separator: "\n").compactMap { line -> String? in
        guard let r = line.range(of: marker) else { return nil }
        let url = String(line[r.upperBound...])
        guard !url.hasPrefix("file:"), !url.hasPrefix("data:") else { return nil }
        let host = URL(string: url)?.host ?? ""
        let browser = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"].contains { host == $0 || host.hasSuffix("." + $0) }
        return browser ? nil : url
      }
    }
  }

  /// Screenshots `html` into `png` at `width`×`height`; gives up after 90 s.
  static func render(_ html: String, to png: String, width: Int, height: Int) throws -> Render {
    guard let binary else {
      Issue.record("Chromium not found: apt-get install -y chromium fonts-noto-cjk (or DUDAO_SKIP_BROWSER=1 to skip the browser tests on purpose)")
      return Render(status: -1, log: "")
    }
    let dir = TestScratch.folder + "dudao-chromium-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = FileManager.default.createFile(atPath: dir + "/log", contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/log"))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
      // Nothing resolves: no request of the page or the browser leaves the machine.
      "--host-resolver-rules=MAP * ~NOTFOUND",
      // --v=1 logs every URL request (NotifyBeforeURLRequest) besides console messages.
      "--user-data-dir=\(dir)/profile", "--enable-logging=stderr", "--v=1",
      "--window-size=\(width),\(height)", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString,
    ]
    p.standardOutput = log
    p.standardError = log
    try p.run()
    let deadline = Date().addingTimeInterval(90)
    while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    if p.isRunning {
      p.terminate()
      Issue.record("Chromium did not finish within 90 s")
    }
    p.waitUntilExit()
    try log.close()
    return Render(status: p.terminationStatus, log: String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/log")), as: UTF8.self))
  }
}

/// The few facts of a PNG file a test needs, read from its chunks.
struct PNGInfo {
  var width = 0
  var height = 0
  /// Bytes of compressed image data: a blank page compresses to almost nothing.
  var idatBytes = 0

  init?(_ data: Data) {
    let b = [UInt8](data)
    guard b.count > 33, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
    func u32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
    var i = 8
    while i + 8 <= b.count {
      let length = u32(i)
      let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
      guard i + 12 + length <= b.count else { return nil }
      if type == "IHDR" {
        width = u32(i + 8)
        height = u32(i + 12)
      }
      if type == "IDAT" { idatBytes += length }
      if type == "IEND" { break }
      i += 12 + length
    }
    guard width > 0 else { return nil }
  }
}

@Suite(.serialized, .enabled(if: !Chromium.skip, "DUDAO_SKIP_BROWSER=1"))
struct BrowserTests {
  /// Screenshots are kept here to look at: .build/screenshots/.
  static let shots = CLI.root + "/.build/screenshots"

  static func blankPage(width: Int, height: Int) throws -> PNGInfo? {
    let html = try CLI.file("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>", ext: "html")
    let png = TestScratch.folder + "dudao-blank-\(UUID().uuidString).png"
    _ = try Chromium.render(html, to: png, width: width, height: height)
    return PNGInfo(try Data(contentsOf: URL(fileURLWithPath: png)))
  }

  @Test func districtReportRendersOfflineWithoutConsoleMessages() throws {
    try FileManager.default.createDirectory(atPath: Self.shots, withIntermediateDirectories: true)
    let html = TestScratch.folder + "dudao-report-\(UUID().uuidString).html"
    let r = try CLI.run(["check", "--as-of", "2026-11-23", "--format", "html", "--output", html, "examples/district"])
    #expect(r.status == 1, "\(r.stderr)")
    let png = Self.shots + "/district-report.png"
    try? FileManager.default.removeItem(atPath: png)
    let render = try Chromium.render(html, to: png, width: 1000, height: 2400)
    #expect(render.status == 0, "\(render.log)")
    #expect(render.console.isEmpty, "console messages: \(render.console)")
    // No request leaves the page (a fetch the CSP blocks is a console message above).
    #expect(render.pageRequests.isEmpty, "\(render.pageRequests)")
    let info = try #require(PNGInfo(try Data(contentsOf: URL(fileURLWithPath: png))), "no PNG screenshot at \(png)")
    #expect(info.width == 1000 && info.height == 2400)
    let blank = try #require(try Self.blankPage(width: 1000, height: 2400))
    #expect(blank.width == 1000)
    // Text, tables and charts: far more image data than a blank page of the same size.
    #expect(info.idatBytes > 20 * blank.idatBytes, "report \(info.idatBytes) bytes vs blank \(blank.idatBytes)")
  }

  @Test func checklistRendersOfflineWithoutConsoleMessages() throws {
    try FileManager.default.createDirectory(atPath: Self.shots, withIntermediateDirectories: true)
    let html = TestScratch.folder + "dudao-checklist-\(UUID().uuidString).html"
    let r = try CLI.run(["checklist", "--school", "3502130401", "--as-of", "2026-11-23", "--format", "html", "--output", html, "examples/district"])
    #expect(r.status == 0, "\(r.stderr)")
    let png = Self.shots + "/checklist.png"
    let render = try Chromium.render(html, to: png, width: 794, height: 1123)  // A4 at 96 dpi
    #expect(render.console.isEmpty, "console messages: \(render.console)")
    #expect(render.pageRequests.isEmpty, "\(render.pageRequests)")
    let info = try #require(PNGInfo(try Data(contentsOf: URL(fileURLWithPath: png))))
    #expect(info.width == 794 && info.height == 1123 && info.idatBytes > 20_000)
  }

  /// The detectors work: a fetch without a CSP is seen as a request…
  @Test func aFetchIsSeen() throws {
    let html = try CLI.file("""
      <!DOCTYPE html><html><head><meta charset="utf-8"></head>
      <body><img src="http://dudao-canary.invalid/x.png"></body></html>
      """, ext: "html")
    let render = try Chromium.render(html, to: TestScratch.folder + "dudao-canary-\(UUID().uuidString).png", width: 400, height: 300)
    #expect(render.pageRequests == ["http://dudao-canary.invalid/x.png"], "\(render.pageRequests)")
  }

  /// … and one the CSP blocks is a console message.
  @Test func aForbiddenFetchIsCaught() throws {
    let html = try CLI.file("""
      <!DOCTYPE html><html><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
      </head><body><img src="http://127.0.0.1:9/x.png"></body></html>
      """, ext: "html")
    let render = try Chromium.render(html, to: TestScratch.folder + "dudao-canary-\(UUID().uuidString).png", width: 400, height: 300)
    #expect(render.console.contains { $0.contains("Content Security Policy") && $0.contains("127.0.0.1:9") }, "\(render.log)")
  }
}
