import DudaoDiagnostics
import DudaoEngine
import DudaoRules
import DudaoTestSupport
import Foundation
import Testing

/// Child tables streamed as raw rows (`CSVRecordStream.nextRow`): a plain
/// line kept as its bytes and typed from them, a line with a quote parsed.
/// The rows must be exactly the records the parser gives, for every line
/// shape and chunk boundary, and the check must be the same as reading the
/// tables whole, with every school still typed straight into slots.
@Suite struct CSVRawRowTests {
  /// Every shape of line the parser treats specially.
  static let tricky: [(name: String, text: String)] = [
    ("plain", "a,b,c\n1,2,3\n4,5,6\n"),
    ("crlf", "a,b\r\n1,2\r\n3,4\r\n"),
    ("lone cr", "a,b\r1,2\r3,4\r"),
    ("mixed ends", "a,b\n1,2\r\n3,4\r5,6\n"),
    ("no final line end", "a,b\n1,2\n3,4"),
    ("blank lines", "a,b\n\n1,2\n\n\n3,4\n\n"),
    ("commas only", "a,b\n,\n1,2\n , \t,\n3,4\n"),
    ("spaces and tabs", "a,b\n  1 ,\t2\t\n 3 , 4 \n"),
    ("trailing comma", "a,b\n1,2,\n3,4,"),
    ("fewer and more cells", "a,b,c\n1\n1,2,3,4\n,,,,\n"),
    ("quoted", "a,b\n\"1,5\",2\n3,\"x\"\"y\"\n5,6\n"),
    ("quoted line break", "a,b\n\"1\n2\",3\n4,\"5\r\n6\"\n7,8\n"),
    ("quote inside a cell", "a,b\n1,x\"y\n2,3\n"),
    ("quoted empty", "a,b\n\"\",\"\"\n1,2\n"),
    ("multibyte", "a,b\n学校,“引号”\n𠀀,\u{20000}\n"),
    ("only the header", "a,b\n"),
  ]

  static func file(_ text: String) throws -> String {
    let path = TestScratch.folder + "dudao-rawrow-\(UUID().uuidString).csv"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Raw rows, parsed, equal the records `next()` gives, at every chunk
  /// size, with and without their cells' lines and columns.
  @Test(arguments: tricky)
  func rowsAreTheRecords(_ name: String, _ text: String) throws {
    let path = try Self.file(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    for positions in [false, true] {
      let expected = CSVStreamProbe.records(of: path, chunkBytes: 1 << 20, rows: false, positions: positions)
      #expect(expected != nil || name == "only the header", "\(name)")
      #expect(expected?.allSatisfy { $0.lines.isEmpty == !positions } ?? true)
      for chunk in 1...text.utf8.count + 1 {
        let rows = CSVStreamProbe.records(of: path, chunkBytes: chunk, rows: true, positions: positions)
        #expect(rows == expected, "\(name), chunk \(chunk), positions \(positions)")
      }
    }
  }

  /// A syntax error stops the rows where it stops the records.
  @Test func syntaxErrors() throws {
    for text in ["a,b\n1,2\n\"3,4\n", "a,b\n1,2\n\"3\"x,4\n"] {
      let path = try Self.file(text)
      defer { try? FileManager.default.removeItem(atPath: path) }
      for chunk in [1, 3, 1 << 20] {
        #expect(CSVStreamProbe.records(of: path, chunkBytes: chunk, rows: true) == nil, "\(text.debugDescription), chunk \(chunk)")
      }
      #expect(CSVStreamProbe.records(of: path, chunkBytes: 1 << 20, rows: false) == nil)
    }
  }

  /// Staff and class rows of every shape the fast path types from bytes
  /// (or hands to `Quick.value`): the same check as the tables read whole,
  /// every school still in slots.
  @Test(arguments: [false, true])
  func checkSameAsWhole(_ crlf: Bool) throws {
    let eol = crlf ? "\r\n" : "\n"
    let schools = ["id,name,level,students", "S1,一校,primary,400", "S2,二校,junior,900", "S3,三校,nine_year,1200"]
    let classes = [
      "school_id,id,grade,students",
      "S1,S1-C1,1,40", " S1 , S1-C2 ,\t2\t, 46 ", "S1,\"S1-C3\",3,44",
      "", ",,,",
      "S2,S2-C1,7,~", "S2,S2-C2,8,null", "S2,S2-C3,9,51,",
      "S3,S3-C1,+5,50", "S3,S3-C2,4,-0", "S3,\"S3-C3\",5,\"5\"\"\"",
    ]
    let staff = [
      "school_id,id,role,subjects,full_time,weekly_periods",
      "S1,S1-T1,teacher,math;pe,true,18", "S1,S1-T2,teacher,mental_health,yes,21", "S1,S1-T3,admin,,no,0",
      "S1,S1-T4,teacher,\"math;pe\",1,12",
      "S2,S2-T1,teacher,语文；体育,是,22", "S2,S2-T2,head,math; pe,否,4", "S2,S2-T3,support, ,0,",
      "S3,S3-T1,teacher,mental_health,True,20", "S3,S3-T2,Teacher,math,false,19", "S3,S3-T3,teacher,math,NULL,017",
    ]
    func data(_ lines: [String]) -> Data { Data((lines.joined(separator: eol) + eol).utf8) }
    let dir = try CSVStreamTests.folder(["schools.csv": data(schools), "classes.csv": data(classes), "staff.csv": data(staff)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // Bad cells ("Teacher", a quoted `5"`) are errors of the whole read,
    // with their positions: the streamed check says the same.
    let expected = try CSVStreamTests.expectSame([dir])
    #expect(expected.exit == 2, "\(expected)")
    #expect(Set(expected.diagnostics.map(\.code)) == ["data.wrong-type", "data.bad-value"], "\(expected)")
    let valid = [
      "school_id,id,role,subjects,full_time,weekly_periods",
      "S1,S1-T1,teacher,math;pe,true,18", "S1,S1-T2,teacher,mental_health,yes,21", "S1,S1-T3,admin,,no,0",
      "S1,S1-T4,teacher,\"math;pe\",1,12", "S2,S2-T1,teacher,语文；体育,是,22", "S2,S2-T2,head,math; pe,否,4",
      "S2,S2-T3,support, ,0,", "S3,S3-T1,teacher,mental_health,有,20", "S3,S3-T3,teacher,math,NULL,017",
    ]
    let validClasses = classes.filter { !$0.contains("+5") && !$0.contains("\"\"\"") }
    let dir2 = try CSVStreamTests.folder(["schools.csv": data(schools), "classes.csv": data(validClasses), "staff.csv": data(valid)])
    defer { try? FileManager.default.removeItem(atPath: dir2) }
    let valid2 = try CSVStreamTests.expectSame([dir2], streamed: 3)
    #expect(valid2.exit != 2, "\(valid2)")
  }

  /// A pack whose rules show every staff and class cell as observed (each
  /// fails where the value is there, is unknown where it is not), so that
  /// any cell typed differently from bytes changes the report.
  static func showingPack() throws -> TempPack {
    let root = RuleExampleTests.root
    func rule(_ id: String, _ each: String, _ check: String, _ observed: String) -> String {
      """
        - id: \(id)
          title: { zh: 显示\(id), en: show \(id) }
          sources: [ { document: 测试, quote: 测试 } ]
          for_each: { \(each): school.\(each == "class" ? "classes" : "staff") }
          check: "\(check)"
          observed: \(observed)
          severity: major
          rectify: { within: 30 days, responsible: 校长 }

      """
    }
    return try TempPack(files: [
      "pack.yaml": """
        name: raw-rows
        version: "1"
        title: { zh: 原始行, en: raw rows }
        dictionary: \(root)/rules/dictionary.yaml
        calendar: \(root)/rules/calendar/
        params: {}
        """,
      "rules.yaml": "rules:\n"
        + rule("F1", "staff", "staff.full_time == !staff.full_time", "staff.full_time")
        + rule("F2", "staff", "staff.weekly_periods != staff.weekly_periods", "staff.weekly_periods")
        + rule("F3", "staff", "staff.role != staff.role", "staff.role")
        + rule("F4", "staff", "size(staff.subjects) < 0", "staff.subjects")
        + rule("F5", "class", "class.grade != class.grade", "class.grade")
        + rule("F6", "class", "class.students != class.students", "class.students"),
    ])
  }

  /// Every cell of the raw rows as the general path types it: the same
  /// report, every school typed into slots.
  @Test func cellsTypedAsTheGeneralPath() throws {
    let temp = try Self.showingPack()
    defer { try? FileManager.default.removeItem(atPath: temp.root) }
    let pack = try PackLoader().load(temp.path())
    let staff = [
      "school_id,id,role,subjects,full_time,weekly_periods",
      "S1,S1-T1,teacher,math;pe,true,18", "S1,S1-T2,teacher,mental_health,yes,21", "S1,S1-T3,admin,,no,0",
      "S1,S1-T4,teacher,\"math;pe\",1,12", "S2,S2-T1,teacher,语文；体育,是,22", "S2,S2-T2,head,math; pe,否,4",
      "S2,S2-T3,support, ,0,", "S3,S3-T1,teacher,mental_health,有,20", "S3,S3-T2, other ,\tmath\t,无, 7 ",
      "S3,S3-T3,teacher,math,NULL,017", "S3,S3-T4,deputy_head,~,false,-0", "S3,S3-T5,teacher,;math;;pe;,~,null,",
    ]
    let classes = [
      "school_id,id,grade,students", "S1,S1-C1,1,40", " S1 , S1-C2 ,\t2\t, 46 ", "S1,\"S1-C3\",3,44", "", ",,,",
      "S2,S2-C1,7,~", "S2,S2-C2,8,null", "S2,S2-C3,9,51,", "S3,S3-C1,12,0",
    ]
    let schools = ["id,name,level,students", "S1,一校,primary,400", "S2,二校,junior,900", "S3,三校,nine_year,1200"]
    func data(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }
    let dir = try CSVStreamTests.folder(["schools.csv": data(schools), "classes.csv": data(classes), "staff.csv": data(staff)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let general = try FastPathTests.run(pack, [dir], keep: nil, fast: false)
    let fast = try FastPathTests.run(pack, [dir], keep: nil, fast: true)
    #expect(general.exit == 1, "\(general.warnings)")
    #expect(fast.bytes == general.bytes)
    #expect(fast.warnings == general.warnings)
    #expect(fast.intoSlots == 3)
    // Each staff member and class has its row per rule (fail or unknown).
    #expect(general.bytes.split(whereSeparator: \.isNewline).count == 1 + 4 * 12 + 2 * 7)
    // A row with a cell too many (not empty), or too few, alone: the error
    // of the whole read, not a school typed from the row. (This pack has
    // no district rule, and the classes no missing value: nothing is handed
    // to the general path, which would find it anyway.)
    let complete = ["school_id,id,grade,students", "S1,S1-C1,1,40", "S2,S2-C1,7,50", "S3,S3-C1,9,45"]
    for extra in ["S2,S2-C9,9,40,x", "S2,S2-C9,9,40, , x", "S2,S2-C9", "S2,S2-C9,9,40,,"] {
      let fullStaff = ["school_id,id,role,subjects,full_time,weekly_periods", "S1,S1-T1,teacher,math,true,18", "S2,S2-T1,teacher,pe,false,12", "S3,S3-T1,head,math,true,4"]
      let dir3 = try CSVStreamTests.folder(["schools.csv": data(schools), "classes.csv": data(complete + [extra]), "staff.csv": data(fullStaff)])
      defer { try? FileManager.default.removeItem(atPath: dir3) }
      let expected = FastPathTests.errors(pack, [dir3], fast: false)
      #expect(FastPathTests.errors(pack, [dir3], fast: true) == expected, "\(extra)")
      #expect(expected.count == (extra.hasSuffix(",,") ? 0 : 1), "\(extra): \(expected)")
    }
  }
}
