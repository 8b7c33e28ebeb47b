import DudaoDiagnostics

/// All wording of the YAML loader. Codes are stable; messages say what is
/// wrong and what to do, for people who edit data and rule files, not code.
extension Diagnostic {
  // MARK: Files and encoding

  /// `location`: the file with line 0 and column 0 (the file as a whole).
  static func fileNotFound(_ path: String) -> Self {
    Self(
      code: "yaml.io", location: wholeFile(path),
      message: .init(
        zh: "找不到文件“\(path)”：请检查路径和文件名是否正确",
        en: "file '\(path)' not found: check the path and the file name"))
  }

  static func isDirectory(_ path: String) -> Self {
    Self(
      code: "yaml.io", location: wholeFile(path),
      message: .init(
        zh: "“\(path)”是文件夹，不是文件：请指定其中的 YAML 或 JSON 文件",
        en: "'\(path)' is a folder, not a file: name a YAML or JSON file inside it"))
  }

  static func unreadable(_ path: String, reason: String) -> Self {
    Self(
      code: "yaml.io", location: wholeFile(path),
      message: .init(
        zh: "无法读取文件“\(path)”（\(reason)）：请检查文件是否存在、是否有读取权限",
        en: "cannot read file '\(path)' (\(reason)): check that it exists and that you may read it"))
  }

  static func fileTooLarge(_ path: String, limit: Int) -> Self {
    Self(
      code: "yaml.file-too-large", location: wholeFile(path),
      message: .init(
        zh: "文件太大（超过 \(limit) 字节）：请把数据拆分到多个文件中",
        en: "the file is too large (more than \(limit) bytes): split the data into several files"))
  }

  static func invalidUTF8(byte: UInt8, at location: SourceLocation) -> Self {
    let hex = "0x" + String(byte, radix: 16, uppercase: true)
    return Self(
      code: "yaml.invalid-utf8", location: location,
      message: .init(
        zh: "文件不是有效的 UTF-8 编码（此处的字节 \(hex) 无法识别），可能是用 GBK/GB18030 等编码保存的：请用 UTF-8 编码重新保存（如“另存为”时选择 UTF-8）",
        en: "the file is not valid UTF-8 (byte \(hex) here cannot be read); it may have been saved as GBK/GB18030: save it again as UTF-8 (e.g. 'Save As' with encoding UTF-8)"))
  }

  static func unsupportedEncoding(_ name: String, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.unsupported-encoding", location: location,
      message: .init(
        zh: "文件是 \(name) 编码：请另存为 UTF-8 编码后再试",
        en: "the file is encoded as \(name): save it as UTF-8 and try again"))
  }

  static func controlCharacter(_ value: UInt32, at location: SourceLocation) -> Self {
    let hex = String(value, radix: 16, uppercase: true)
    let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    let utf16Hint = value == 0
      ? (zh: "；如果文件里到处都是这种字符，它可能是 UTF-16 编码，请另存为 UTF-8", en: "; if the whole file is like this, it may be UTF-16: save it as UTF-8")
      : (zh: "", en: "")
    return Self(
      code: "yaml.syntax", location: location,
      message: .init(
        zh: "文件中有不允许的控制字符 \(name)：请删除它（常是从其他软件复制来的不可见字符）\(utf16Hint.zh)",
        en: "the file contains the control character \(name), which YAML does not allow: delete it (it is often an invisible character pasted from another program)\(utf16Hint.en)"))
  }

  static func outOfMemory(at location: SourceLocation) -> Self {
    Self(
      code: "yaml.out-of-memory", location: location,
      message: .init(
        zh: "内存不足，无法读取此文件：请关闭其他程序或把文件拆小后再试",
        en: "not enough memory to read this file: close other programs or split the file, then try again"))
  }

  // MARK: Structure

  static func multipleDocuments(at location: SourceLocation) -> Self {
    Self(
      code: "yaml.multiple-documents", location: location,
      message: .init(
        zh: "文件中有第二个 YAML 文档（以“---”开始）：每个文件只能有一个文档，请删除多余的“---”或把内容拆到不同文件",
        en: "a second YAML document starts here (at '---'): a file holds one document; remove the extra '---' or split the file"))
  }

  static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation) -> Self {
    Self(
      code: "yaml.duplicate-key", location: location,
      message: .init(
        zh: "键“\(key)”在同一个映射中重复出现：每个键只能写一次，请删除或合并其中一处",
        en: "key '\(key)' appears twice in the same mapping: write each key once; remove or merge one of them"),
      notes: [.init(location: first, message: .init(zh: "首次出现于此", en: "first defined here"))])
  }

  static func complexKey(at location: SourceLocation) -> Self {
    Self(
      code: "yaml.complex-key", location: location,
      message: .init(
        zh: "映射的键必须是单个值（文字或数字），不能是列表或映射：请改用简单的文字作为键",
        en: "a mapping key must be a single value (text or a number), not a list or a mapping: use plain text as the key"))
  }

  // MARK: Aliases and merge keys

  static func undefinedAlias(_ name: String, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.undefined-alias", location: location,
      message: .init(
        zh: "别名“*\(name)”找不到对应的锚点“&\(name)”：锚点必须写在别名之前，请检查名称拼写；如果“*”是普通文字，请给整个值加引号",
        en: "alias '*\(name)' refers to no anchor '&\(name)': define the anchor before the alias and check the spelling; if the '*' is part of the text, put the whole value in quotes"))
  }

  static func aliasCycle(_ name: String, at location: SourceLocation, anchor: SourceLocation) -> Self {
    Self(
      code: "yaml.alias-cycle", location: location,
      message: .init(
        zh: "别名“*\(name)”引用了包含它自己的节点，会无限展开：请删除这个别名",
        en: "alias '*\(name)' refers to a node that contains it, which would repeat forever: remove the alias"),
      notes: [.init(location: anchor, message: .init(zh: "锚点“&\(name)”在此定义", en: "anchor '&\(name)' is defined here"))])
  }

  static func aliasLimit(_ limit: Int, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.alias-limit", location: location,
      message: .init(
        zh: "别名（*名称）展开后的内容过多（超过 \(limit) 个值）：别名层层嵌套引用会使文件成倍膨胀（“十亿笑声”攻击就是这样构造的）；请减少别名的使用，直接写出内容",
        en: "aliases (*name) expand to too much content (more than \(limit) values): aliases of aliases multiply the size of a file (this is how a 'billion laughs' attack works); use fewer aliases and write the content out"))
  }

  static func mergeInvalid(found: Node, at location: SourceLocation) -> Self {
    let kind = found.isNull ? (zh: "空值", en: "an empty value")
      : found.sequence != nil ? (zh: "列表", en: "a list") : (zh: "单个值", en: "a single value")
    return Self(
      code: "yaml.merge-invalid", location: location,
      message: .init(
        zh: "合并键“<<”的值必须是映射或映射的列表（如 <<: *默认值 或 <<: [*a, *b]），这里却是\(kind.zh)",
        en: "the value of a merge key '<<' must be a mapping or a list of mappings (e.g. '<<: *defaults' or '<<: [*a, *b]'), not \(kind.en)"))
  }

  // MARK: Tags

  static func unsupportedTag(_ tag: String, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.unsupported-tag", location: location,
      message: .init(
        zh: "不支持的标签“\(shortTag(tag))”：只能使用 !!str、!!int、!!float、!!bool、!!null、!!map、!!seq；如果“!”是值的一部分，请给整个值加引号",
        en: "unsupported tag '\(shortTag(tag))': only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed; if the '!' is part of the value, put the whole value in quotes"))
  }

  /// `text` is nil when the tag is on a list or mapping.
  static func tagMismatch(_ tag: String, text: String?, at location: SourceLocation) -> Self {
    let short = shortTag(tag)
    let expected: (zh: String, en: String) =
      switch short {
      case "!!int": (zh: "整数", en: "an integer")
      case "!!float": (zh: "数字", en: "a number")
      case "!!bool": (zh: "布尔值（true 或 false）", en: "a boolean (true or false)")
      case "!!null": (zh: "空值（null 或 ~）", en: "null (null or ~)")
      case "!!map": (zh: "映射", en: "a mapping")
      case "!!seq": (zh: "列表", en: "a list")
      default: (zh: "文字", en: "text")
      }
    let found = text.map { (zh: "值“\(Self.excerpt($0))”", en: "'\(Self.excerpt($0))'") }
      ?? (zh: "列表或映射", en: "a list or mapping")
    return Self(
      code: "yaml.tag-mismatch", location: location,
      message: .init(
        zh: "\(found.zh)不是\(expected.zh)，与标签 \(short) 不符：请修改值或删除标签",
        en: "\(found.en) is not \(expected.en), as its tag \(short) says: correct the value or remove the tag"))
  }

  // MARK: Limits

  static func scalarTooLarge(bytes: Int, limit: Int, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.scalar-too-large", location: location,
      message: .init(
        zh: "这个值太长（\(bytes) 字节，上限 \(limit) 字节）：请缩短它，或检查是否有引号没有闭合",
        en: "this value is too long (\(bytes) bytes, the limit is \(limit)): shorten it, or look for a quote that is not closed"))
  }

  static func depthLimit(_ limit: Int, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.depth-limit", location: location,
      message: .init(
        zh: "嵌套层数太深（列表和映射超过 \(limit) 层）：请减少嵌套，或检查是否有多余、未闭合的括号",
        en: "nesting is too deep (more than \(limit) levels of lists and mappings): flatten the data, or look for extra or unclosed brackets"))
  }

  static func nodeLimit(_ limit: Int, at location: SourceLocation) -> Self {
    Self(
      code: "yaml.node-limit", location: location,
      message: .init(
        zh: "文件中的值太多（超过 \(limit) 个）：请把数据拆分到多个文件中",
        en: "the file holds too many values (more than \(limit)): split the data into several files"))
  }

  // MARK: Syntax

  /// A libyaml error: translated where the problem is known, libyaml's own
  /// text otherwise (kept in the English wording either way, after the advice).
  /// `unfinished` is set when the error is at the end of the file: whether
  /// the innermost open collection is a mapping, and where it starts.
  static func syntax(
    problem: String, context: String?, found: Unicode.Scalar?, at location: SourceLocation,
    contextAt contextLocation: SourceLocation?, unfinished: (isMapping: Bool, location: SourceLocation)? = nil
  ) -> Self {
    let original = context.map { "\(problem) (\($0))" } ?? problem
    let message: LocalizedText
    let truncated = unfinished != nil && endsEarly.contains(problem)
    if truncated {
      message = .init(
        zh: "文件意外结束：请检查括号和引号是否都已闭合，文件是否完整",
        en: "the file ends unexpectedly: check that every bracket and quote is closed and that the file is complete [\(original)]")
    } else if let advice = syntaxAdvice(problem: problem, context: context, found: found) {
      message = .init(zh: advice.zh, en: "\(advice.en) [\(original)]")
    } else {
      message = .init(zh: "YAML 语法错误：\(original)", en: "YAML syntax error: \(original)")
    }
    var notes: [Note] = []
    if let context, let contextLocation, contextLocation != location {
      notes.append(.init(location: contextLocation, message: contextNote(context)))
    } else if let unfinished, unfinished.location != location {
      notes.append(.init(
        location: unfinished.location,
        message: unfinished.isMapping
          ? .init(zh: "没有结束的映射从这里开始", en: "the unfinished mapping starts here")
          : .init(zh: "没有结束的列表从这里开始", en: "the unfinished list starts here")))
    }
    return Self(code: "yaml.syntax", location: location, message: message, notes: notes)
  }
}

private extension Diagnostic {
  /// Problems that, at the very end of the file, mean the file was cut short.
  static let endsEarly: Set<String> = [
    "did not find expected node content", "did not find expected key", "could not find expected ':'",
    "did not find expected '-' indicator",
  ]

  static func wholeFile(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 0, column: 0) }

  /// `!!str` for `tag:yaml.org,2002:str`; other tags as written.
  static func shortTag(_ tag: String) -> String {
    let core = "tag:yaml.org,2002:"
    return tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
  }

  static func excerpt(_ text: String) -> String {
    text.count <= 40 ? text : String(text.prefix(40)) + "…"
  }

  static func contextNote(_ context: String) -> LocalizedText {
    switch context {
    case "while parsing a flow sequence": .init(zh: "列表从这里开始", en: "the list starts here")
    case "while parsing a flow mapping": .init(zh: "映射从这里开始", en: "the mapping starts here")
    case "while scanning a quoted scalar", "while parsing a quoted scalar":
      .init(zh: "字符串从这里开始", en: "the string starts here")
    case "while parsing a block mapping": .init(zh: "所在的映射从这里开始", en: "the enclosing mapping starts here")
    case "while parsing a block collection": .init(zh: "所在的列表从这里开始", en: "the enclosing list starts here")
    case "while scanning a simple key": .init(zh: "这个键从这里开始", en: "the key starts here")
    case "while scanning a block scalar": .init(zh: "文本块从这里开始", en: "the text block starts here")
    default: .init(context)
    }
  }

  static func syntaxAdvice(problem: String, context: String?, found: Unicode.Scalar?)
    -> (zh: String, en: String)?
  {
    switch problem {
    case "found character that cannot start any token":
      switch found {
      case "\t":
        return (
          zh: "这里有 Tab 字符：YAML 只能用空格缩进，请把 Tab 换成空格",
          en: "a tab character here: YAML indents with spaces only; replace the tab with spaces")
      case "@", "`":
        return (
          zh: "值不能以“\(found.map(String.init) ?? "")”开头（YAML 保留字符）：请给整个值加引号",
          en: "a value cannot start with '\(found.map(String.init) ?? "")' (reserved in YAML): put the whole value in quotes")
      default:
        return (
          zh: "这里的字符不能作为值的开头：请给整个值加引号",
          en: "this character cannot start a value: put the whole value in quotes")
      }
    case "found a tab character that violates indentation",
      "found a tab character where an indentation space is expected":
      return (
        zh: "缩进里有 Tab 字符：YAML 只能用空格缩进，请把 Tab 换成空格",
        en: "a tab character in the indentation: YAML indents with spaces only; replace the tab with spaces")
    case "mapping values are not allowed in this context":
      return (
        zh: "这里不能出现“: ”：可能是缩进不对，或者值里含有“: ”（这时请给整个值加引号）",
        en: "a ': ' is not allowed here: check the indentation, or, if the value contains ': ', put it in quotes")
    case "did not find expected key":
      return (
        zh: "这里应该是“键: 值”：请检查缩进（同一层的键必须左对齐），以及引号后面是否还有多余的文字",
        en: "a 'key: value' line is expected here: check the indentation (keys of one level must line up) and any text after a closing quote")
    case "could not find expected ':'":
      return (
        zh: "缺少冒号“:”：键后面要写“: ”再写值；也可能是上一行的引号或括号没有闭合",
        en: "a ':' is missing: write 'key: value'; or a quote or bracket on an earlier line is not closed")
    case "did not find expected node content":
      return (
        zh: "这里缺少值，或者有多余的符号（如连续的逗号、多余的“]”或“}”）",
        en: "a value is missing here, or a symbol is out of place (two commas, an extra ']' or '}')")
    case "did not find expected ',' or ']'":
      return (
        zh: "“[”开始的列表没有正确结束：各项之间用英文逗号“,”分隔，最后用“]”结束",
        en: "the list opened with '[' does not end properly: separate items with ',' and close it with ']'")
    case "did not find expected ',' or '}'":
      return (
        zh: "“{”开始的映射没有正确结束：各项之间用英文逗号“,”分隔，最后用“}”结束",
        en: "the mapping opened with '{' does not end properly: separate entries with ',' and close it with '}'")
    case "found unexpected end of stream" where context?.contains("quoted scalar") ?? false:
      return (
        zh: "文件在字符串结束之前就结束了：请补上结尾的引号",
        en: "the file ends inside a quoted string: add the closing quote")
    case "found unexpected end of stream":
      return (
        zh: "文件意外结束：请检查引号和括号是否都已闭合",
        en: "the file ends unexpectedly: check that every quote and bracket is closed")
    case "found unknown escape character":
      return (
        zh: "双引号字符串中有无法识别的转义“\\”：要写反斜杠本身请写成“\\\\”，或改用单引号",
        en: "unknown escape after '\\' in a double-quoted string: write a backslash as '\\\\', or use single quotes")
    case "found invalid Unicode character escape code":
      return (
        zh: "无效的 Unicode 转义：\\u 或 \\U 后面的编码不是有效字符",
        en: "invalid Unicode escape: the code after \\u or \\U is not a valid character")
    case "did not find expected hexdecimal number":
      return (
        zh: "转义 \\x、\\u、\\U 后面必须是十六进制数字",
        en: "an escape \\x, \\u or \\U must be followed by hexadecimal digits")
    case "block sequence entries are not allowed in this context":
      return (
        zh: "这里不能开始“- ”列表项：请检查缩进，或在“键:”之后换行再写列表",
        en: "a '- ' list item cannot start here: check the indentation, or start the list on the line after 'key:'")
    case "did not find expected '-' indicator":
      return (
        zh: "这里应该是“- ”列表项：同一列表的各项必须左对齐",
        en: "a '- ' list item is expected here: items of one list must line up")
    case "did not find expected alphabetic or numeric character":
      return (
        zh: "“&”或“*”后面应是名称（字母、数字、- 或 _）；如果它们是普通文字，请给整个值加引号",
        en: "'&' or '*' must be followed by a name (letters, digits, - or _); if it is part of the text, put the whole value in quotes")
    case "found undefined tag handle", "did not find expected tag URI", "did not find expected '!'":
      return (
        zh: "无法识别的标签（以“!”开头）：如果“!”是值的一部分，请给整个值加引号",
        en: "a tag (starting with '!') that cannot be read: if the '!' is part of the value, put the whole value in quotes")
    case "did not find expected whitespace or line break":
      return (
        zh: "标签后面需要一个空格再写值",
        en: "a tag must be followed by a space before the value")
    case "found unexpected document indicator":
      return (
        zh: "字符串中的一行以“---”或“...”开头，会被当作文档分隔：请缩进这一行",
        en: "a line inside a string starts with '---' or '...', which separates documents: indent the line")
    case "did not find expected <document start>":
      return (
        zh: "文档结束标记“...”之后还有内容：每个文件只能有一个文档，请删除“...”或其后的内容",
        en: "there is content after the end-of-document marker '...': a file holds one document; remove '...' or what follows")
    case "did not find expected comment or line break":
      return (
        zh: "这一行在此之后不应再有内容（例如“|”或“>”后面只能写注释）",
        en: "nothing may follow here on this line (after '|' or '>' only a comment may follow)")
    case "found unexpected ':'":
      return (
        zh: "这里的“:”位置不对：如果冒号是值的一部分，请给整个值加引号",
        en: "a ':' is out of place here: if the colon is part of the value, put the whole value in quotes")
    case "mapping keys are not allowed in this context":
      return (
        zh: "这里不能出现“? ”：如果问号是值的一部分，请给整个值加引号",
        en: "a '? ' is not allowed here: if the question mark is part of the value, put it in quotes")
    case "found incompatible YAML document", "found duplicate %YAML directive", "found duplicate %TAG directive",
      "found unknown directive name", "did not find expected version number",
      "did not find expected digit or '.' character", "found extremely long version number":
      return (
        zh: "文件开头的 % 指令无法使用：请删除以“%”开头的行",
        en: "a '%' directive at the top of the file cannot be used: remove the lines starting with '%'")
    case "control characters are not allowed":
      return (
        zh: "文件中有不允许的控制字符：请删除它",
        en: "the file contains a control character YAML does not allow: delete it")
    default:
      return nil
    }
  }
}
