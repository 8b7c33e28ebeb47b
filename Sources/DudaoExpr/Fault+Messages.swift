// All wording of expression errors, Chinese first. Codes are stable; the
// wording may improve.

extension Fault {
  // MARK: Limits

  static func tooLong(_ length: Int, limit: Int) -> Fault {
    Fault(
      "expr.too-long", zh: "表达式过长（\(length) 个字符，上限 \(limit)）",
      en: "expression is too long (\(length) characters; the limit is \(limit))")
  }

  static func tooDeep(limit: Int) -> Fault {
    Fault(
      "expr.too-deep", zh: "表达式嵌套过深（上限 \(limit) 层）",
      en: "expression is nested too deeply (the limit is \(limit) levels)")
  }

  static func costLimit(_ limit: Int) -> Fault {
    Fault(
      "expr.cost-limit", zh: "计算量过大，已停止（上限 \(limit) 步）",
      en: "evaluation stopped: too much work (the limit is \(limit) steps)")
  }

  // MARK: Syntax

  static let unexpectedEnd = Fault("expr.syntax", zh: "表达式意外结束", en: "unexpected end of expression")

  static func expected(_ token: String) -> Fault {
    Fault("expr.syntax", zh: "此处应为“\(token)”", en: "expected '\(token)'")
  }

  static func unexpected(_ text: String) -> Fault {
    Fault("expr.syntax", zh: "此处不应出现“\(text)”", en: "unexpected '\(text)'")
  }

  static func unexpectedCharacter(_ c: Unicode.Scalar) -> Fault {
    switch c {
    case "=": Fault("expr.syntax", zh: "不应出现“=”；比较相等请用“==”", en: "unexpected '='; use '==' to compare")
    case "&": Fault("expr.syntax", zh: "不应出现“&”；“并且”请用“&&”", en: "unexpected '&'; use '&&' for 'and'")
    case "|": Fault("expr.syntax", zh: "不应出现“|”；“或者”请用“||”", en: "unexpected '|'; use '||' for 'or'")
    default:
      Fault("expr.syntax", zh: "不应出现字符“\(c)”", en: "unexpected character '\(c)'")
    }
  }

  static let unterminatedString = Fault("expr.syntax", zh: "字符串缺少结束引号", en: "unterminated string")

  static let lineBreakInString = Fault(
    "expr.syntax", zh: "字符串中不能直接换行；请用 \\n 或三引号字符串",
    en: "line break in a string; use \\n or a triple-quoted string")

  static func badEscape(_ text: String) -> Fault {
    Fault("expr.syntax", zh: "无效的转义序列“\(text)”", en: "invalid escape sequence '\(text)'")
  }

  static let badCodePoint = Fault("expr.syntax", zh: "无效的 Unicode 码位", en: "invalid Unicode code point")

  static func numberOutOfRange(_ text: String) -> Fault {
    Fault("expr.syntax", zh: "数字“\(text)”超出范围", en: "number '\(text)' is out of range")
  }

  static func badNumber(_ text: String) -> Fault {
    Fault("expr.syntax", zh: "无效的数字“\(text)”", en: "invalid number '\(text)'")
  }

  static func reservedWord(_ word: String) -> Fault {
    Fault("expr.syntax", zh: "“\(word)”是保留字，不能用作名称", en: "'\(word)' is a reserved word and cannot be used as a name")
  }

  static let bytesUnsupported = Fault(
    "expr.unsupported", zh: "不支持字节串（bytes）", en: "bytes are not supported")

  static let objectConstructionUnsupported = Fault(
    "expr.unsupported", zh: "不支持构造对象（Name{...}）", en: "object construction (Name{...}) is not supported")

  static func macroVariable(_ macro: String) -> Fault {
    Fault(
      "expr.syntax", zh: "\(macro)() 的第一个参数必须是变量名，如 x",
      en: "the first argument of \(macro)() must be a variable name, like x")
  }

  static let hasArgument = Fault(
    "expr.syntax", zh: "has() 的参数必须是字段选择，如 has(school.schedule)",
    en: "has() needs a field selection, like has(school.schedule)")

  // MARK: Names and types (checker; some also at run time)

  static func undeclared(_ name: String, suggestion: String? = nil) -> Fault {
    Fault(
      "expr.undeclared-reference", zh: "未定义的名称“\(name)”" + didYouMean(zh: suggestion),
      en: "undeclared reference to '\(name)'" + didYouMean(en: suggestion))
  }

  static func unknownField(_ field: String, of owner: String, suggestion: String?) -> Fault {
    Fault(
      "expr.unknown-field", zh: "\(owner) 没有字段“\(field)”" + didYouMean(zh: suggestion),
      en: "\(owner) has no field '\(field)'" + didYouMean(en: suggestion))
  }

  static func noFields(_ field: String, on type: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(type) 类型的值没有字段，不能选择“\(field)”",
      en: "cannot select field '\(field)' on a value of type \(type)")
  }

  static func unknownFunction(_ name: String, suggestion: String?) -> Fault {
    Fault(
      "expr.unknown-function", zh: "未知函数“\(name)”" + didYouMean(zh: suggestion),
      en: "unknown function '\(name)'" + didYouMean(en: suggestion))
  }

  static func notReceiver(_ name: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(name)() 不能写成 x.\(name)()，请写 \(name)(x)",
      en: "\(name)() cannot be called as x.\(name)(); write \(name)(x)")
  }

  static func onlyReceiver(_ name: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(name)() 需写成 x.\(name)(…)", en: "\(name)() must be called as x.\(name)(…)")
  }

  static func arity(_ name: String, usage: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(name)() 的参数个数不对；用法：\(usage)",
      en: "wrong number of arguments to \(name)(); usage: \(usage)")
  }

  static func argumentTypes(_ name: String, _ types: [String], usage: String) -> Fault {
    let list = types.joined(separator: ", ")
    return Fault(
      "expr.no-overload", zh: "\(name)() 不接受参数类型 (\(list))；用法：\(usage)",
      en: "\(name)() does not accept arguments of types (\(list)); usage: \(usage)")
  }

  static func noOperator(_ op: String, _ a: String, _ b: String) -> Fault {
    let mixed: Set = ["int", "uint", "double"]
    let hint = mixed.contains(a) && mixed.contains(b) && a != b
    return Fault(
      "expr.no-overload",
      zh: "运算“\(op)”不适用于 \(a) 和 \(b)" + (hint ? "；请先用 double(…) 或 int(…) 转换" : ""),
      en: "no operator '\(op)' for \(a) and \(b)" + (hint ? "; convert first with double(…) or int(…)" : ""))
  }

  static func noUnaryOperator(_ op: String, _ a: String) -> Fault {
    Fault("expr.no-overload", zh: "运算“\(op)”不适用于 \(a)", en: "no operator '\(op)' for \(a)")
  }

  /// `what` names the operand: ("条件", "the condition").
  static func notBool(_ what: (zh: String, en: String), _ type: String) -> Fault {
    Fault("expr.no-overload", zh: "\(what.zh)必须是 bool，而不是 \(type)", en: "\(what.en) must be bool, not \(type)")
  }

  static func notIterable(_ macro: String, _ type: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(macro)() 需要列表或映射，而不是 \(type)",
      en: "\(macro)() needs a list or a map, not \(type)")
  }

  static func enumValue(_ literal: String, allowed: [String], suggestion: String?) -> Fault {
    let list = allowed.joined(separator: ", ")
    return Fault(
      "expr.enum-value", zh: "“\(literal)”不是允许的取值（\(list)）" + didYouMean(zh: suggestion),
      en: "'\(literal)' is not one of the allowed values (\(list))" + didYouMean(en: suggestion))
  }

  static func alwaysFalse(_ a: String, _ b: String) -> Fault {
    Fault(
      "expr.type-mismatch", zh: "比较 \(a) 与 \(b)，结果总是不相等",
      en: "comparing \(a) with \(b) is never equal")
  }

  static func macroDepth(limit: Int) -> Fault {
    Fault(
      "expr.macro-depth", zh: "宏（all、exists、map 等）嵌套过深（上限 \(limit) 层）",
      en: "macros (all, exists, map, …) are nested too deeply (the limit is \(limit))")
  }

  static func cost(_ estimate: Int, limit: Int) -> Fault {
    Fault(
      "expr.cost", zh: "估计计算量 \(estimate) 超过上限 \(limit)；请减少宏的嵌套",
      en: "estimated cost \(estimate) exceeds the limit \(limit); nest fewer macros")
  }

  // MARK: Evaluation

  static let divisionByZero = Fault("expr.division-by-zero", zh: "除数为零", en: "division by zero")
  static let modulusByZero = Fault("expr.division-by-zero", zh: "取模的除数为零", en: "modulus by zero")
  static let overflow = Fault("expr.overflow", zh: "整数溢出", en: "integer overflow")

  static func outOfRange(_ value: String, _ type: String) -> Fault {
    Fault("expr.overflow", zh: "\(value) 超出 \(type) 的范围", en: "\(value) is out of the \(type) range")
  }

  static func noSuchKey(_ key: String) -> Fault {
    Fault("expr.no-such-key", zh: "没有键：\(key)", en: "no such key: \(key)")
  }

  static func indexOutOfRange(_ index: String, size: Int) -> Fault {
    Fault(
      "expr.index-out-of-range", zh: "下标 \(index) 越界（列表长度 \(size)）",
      en: "index \(index) out of range (list size \(size))")
  }

  static func duplicateKey(_ key: String) -> Fault {
    Fault("expr.duplicate-key", zh: "映射中的键重复：\(key)", en: "duplicate map key: \(key)")
  }

  static func badMapKey(_ type: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "映射的键只能是 int、uint、bool 或 string，不能是 \(type)",
      en: "map keys must be int, uint, bool or string, not \(type)")
  }

  static func cannotConvert(_ text: String, to type: String) -> Fault {
    Fault("expr.invalid-argument", zh: "无法把 \(text) 转换为 \(type)", en: "cannot convert \(text) to \(type)")
  }

  static func emptyList(_ function: String) -> Fault {
    Fault("expr.invalid-argument", zh: "\(function)() 的列表为空", en: "\(function)() of an empty list")
  }

  static func listElement(_ function: String, expected: String, found: String) -> Fault {
    Fault(
      "expr.no-overload", zh: "\(function)() 需要\(expected)的列表，但有一个元素是 \(found)",
      en: "\(function)() needs a list of \(expected); found an element of type \(found)")
  }

  static let ratioByZero = Fault("expr.division-by-zero", zh: "ratio：除数为零", en: "ratio: division by zero")
  static let cvMeanZero = Fault("expr.division-by-zero", zh: "cv：平均值为零", en: "cv: the mean is zero")
  static let cvWeightsZero = Fault("expr.division-by-zero", zh: "cv：权重之和为零", en: "cv: the weights sum to zero")
  static let cvNegativeWeight = Fault("expr.invalid-argument", zh: "cv：权重不能为负", en: "cv: a weight is negative")

  static func cvLengths(_ values: Int, _ weights: Int) -> Fault {
    Fault(
      "expr.invalid-argument", zh: "cv：有 \(values) 个数值，却有 \(weights) 个权重",
      en: "cv: \(values) values but \(weights) weights")
  }

  static func invalidDate(_ text: String) -> Fault {
    Fault(
      "expr.invalid-argument", zh: "无效的日期“\(text)”（应为 YYYY-MM-DD）",
      en: "invalid date '\(text)' (expected YYYY-MM-DD)")
  }

  static func invalidTime(_ text: String) -> Fault {
    Fault(
      "expr.invalid-argument", zh: "无效的时间“\(text)”（应为 HH:MM，00:00 至 23:59）",
      en: "invalid time '\(text)' (expected HH:MM, 00:00 to 23:59)")
  }

  static let timeOutOfRange = Fault(
    "expr.overflow", zh: "时间超出范围（00:00 至 23:59）", en: "time out of range (00:00 to 23:59)")

  static let dateOutOfRange = Fault(
    "expr.overflow", zh: "日期超出范围（公元 1 至 9999 年）", en: "date out of range (years 1 to 9999)")

  static func regex(_ detail: String, zh detailZh: String) -> Fault {
    Fault("expr.regex", zh: "无效的正则表达式：\(detailZh)", en: "invalid regular expression: \(detail)")
  }

  static let regexTooSlow = Fault(
    "expr.regex", zh: "正则表达式对此输入运行过久，已停止", en: "regular expression took too long on this input")

  private static func didYouMean(zh s: String?) -> String { s.map { "；是否想写“\($0)”？" } ?? "" }
  private static func didYouMean(en s: String?) -> String { s.map { " (did you mean '\($0)'?)" } ?? "" }
}
