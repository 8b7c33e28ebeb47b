import Crypto
import DudaoCalendar
import DudaoDiagnostics
import DudaoExpr
import DudaoYAML
import Foundation

/// Loads a pack folder and the packs it `extends`, applying overrides.
public struct PackLoader {
  static let packKeys = ["name", "version", "title", "extends", "dictionary", "calendar", "defaults", "params", "overrides", "description", "note"]
  static let overrideKeys = ["params", "rectify", "severity", "enabled", "reason", "loosen", "effective", "applies", "message", "requirement", "observe", "title"]
  static let maxExtendsDepth = 8

  public var limits: YAMLLimits

  public init(limits: YAMLLimits = .init()) { self.limits = limits }

  /// Loads `path` (a pack folder or its `pack.yaml`). Throws every error
  /// found, sorted by location; warnings are kept in `RulePack.warnings`.
  public func load(_ path: String) throws(DiagnosticList) -> RulePack {
    var state = State()
    let pack = loadPack(path, chain: [], via: nil, state: &state)
    let errors = state.reader.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty, let pack else {
      throw DiagnosticList(Self.sorted(errors.isEmpty ? state.reader.diagnostics : errors))
    }
    var result = pack
    result.warnings = Self.sorted(state.reader.diagnostics.filter { $0.severity == .warning })
    result.files = state.files
    return result
  }

  public static func sorted(_ ds: [Diagnostic]) -> [Diagnostic] {
    ds.sorted { ($0.location ?? SourceLocation(file: "", line: 0, column: 0), $0.code) < ($1.location ?? SourceLocation(file: "", line: 0, column: 0), $1.code) }
  }

  struct State {
    var reader = NodeReader()
    var files: [String: String] = [:]
    var hasher = SHA256()
  }

  func readYAML(_ file: String, state: inout State) -> Node? {
    do {
      let node = try YAMLLoader.load(file: file, limits: limits)
      if let data = FileManager.default.contents(atPath: file) {
        state.files[file] = String(decoding: data, as: UTF8.self)
      }
      return node
    } catch {
      state.reader.report(error)
      return nil
    }
  }

  func fileLines(_ file: String, state: State) -> [Substring] {
    (state.files[file] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
  }

  func loadPack(_ path: String, chain: [String], via: SourceLocation?, state: inout State) -> RulePack? {
    var isDir: ObjCBool = false
    var root = path
    if path.hasSuffix("pack.yaml") { root = (path as NSString).deletingLastPathComponent }
    if root.isEmpty { root = "." }
    let canonical = URL(fileURLWithPath: root).standardizedFileURL.path
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
      var d = Diagnostic.packIO(root, reason: "找不到规则包文件夹 / no such pack folder: \(root)")
      if let via { d.location = via }
      state.reader.report(d)
      return nil
    }
    if chain.contains(canonical) || chain.count >= Self.maxExtendsDepth {
      state.reader.report(.extendsCycle((chain + [canonical]).joined(separator: " → "), at: via ?? SourceLocation(file: root, line: 0, column: 0)))
      return nil
    }
    let packFile = Self.join(root, "pack.yaml")
    guard FileManager.default.fileExists(atPath: packFile) else {
      var d = Diagnostic.packIO(root, reason: "文件夹中没有 pack.yaml / the folder has no pack.yaml")
      if let via { d.location = via }
      state.reader.report(d)
      return nil
    }
    guard let packNode = readYAML(packFile, state: &state) else { return nil }
    let ctx = LocalizedText(zh: "pack.yaml ", en: "pack.yaml")
    let entries = state.reader.mapping(packNode, ctx, allowed: Self.packKeys) ?? []
    func value(_ k: String) -> Node? { entries.first { $0.key == k }?.node }

    var base: RulePack?
    if let ext = value("extends"), let rel = state.reader.string(ext, ctx) {
      base = loadPack(Self.join(root, rel), chain: chain + [canonical], via: ext.location, state: &state)
      if base == nil { return nil }
    }
    let name = value("name").flatMap { state.reader.string($0, ctx) } ?? {
      state.reader.report(.missingKey("name", in: "pack.yaml ", at: packNode.location))
      return ""
    }()
    let version = value("version").flatMap { state.reader.string($0, ctx) } ?? base?.version ?? ""
    var pack = RulePack(
      name: name, version: version, title: value("title").flatMap { state.reader.localized($0, ctx) } ?? base?.title,
      root: root, digest: "", dictionary: base?.dictionary ?? DataDictionary(entities: [], file: ""),
      calendar: base?.calendar ?? HolidayCalendar(), defaults: base?.defaults ?? [:], params: base?.params ?? [],
      rules: base?.rules ?? [], layers: (base?.layers ?? []) + [RulePack.Layer(name: name, version: version, root: root, location: packNode.location)],
      warnings: [], files: [:])

    // Files that are not rule files.
    var excluded: Set<String> = [packFile]
    var excludedDirs: [String] = []
    if let d = value("dictionary"), let rel = state.reader.string(d, ctx) {
      let file = Self.join(root, rel)
      excluded.insert(file)
      if let node = readYAML(file, state: &state) {
        pack.dictionary = DataDictionary.parse(node, file: file, reader: &state.reader)
      }
    } else if base == nil {
      state.reader.report(.missingKey("dictionary", in: "pack.yaml ", at: packNode.location, hint: .init(zh: "基础规则包必须有数据字典", en: "a pack that extends nothing needs a data dictionary")))
    }
    if let c = value("calendar"), let rel = state.reader.string(c, ctx) {
      let dir = Self.join(root, rel)
      excludedDirs.append(URL(fileURLWithPath: dir).standardizedFileURL.path)
      do {
        let own = try HolidayCalendar.load(directory: dir)
        pack.calendar = base.map { own.inheriting(from: $0.calendar) } ?? own
      } catch {
        for d in error.diagnostics { state.reader.report(d) }
      }
      for f in Self.yamlFiles(in: dir, excludingDirs: []) {
        if let data = FileManager.default.contents(atPath: f) { state.files[f] = String(decoding: data, as: UTF8.self) }
      }
    }
    if let d = value("defaults") {
      for (k, n, _) in state.reader.mapping(d, .init(zh: "pack.yaml defaults", en: "pack.yaml defaults"), allowed: ["rectify"]) ?? [] where k == "rectify" {
        for (sev, rn, keyLoc) in state.reader.mapping(n, .init(zh: "defaults.rectify", en: "defaults.rectify"), allowed: Severity.allCases.map(\.rawValue)) ?? [] {
          guard let s = Severity(rawValue: sev) else { state.reader.report(.badSeverity(sev, at: keyLoc)); continue }
          var parser = RuleParser(reader: state.reader, fileLines: fileLines(packFile, state: state), pack: name)
          if let r = parser.parseRectify(rn, ctx: .init(zh: "defaults ", en: "defaults")) {
            pack.defaults[s] = r.over(pack.defaults[s])
          }
          state.reader = parser.reader
        }
      }
    }
    if let p = value("params") {
      var parser = RuleParser(reader: state.reader, fileLines: [], pack: name)
      for np in parser.parseParams(p, ctx: .init(zh: "pack.yaml ", en: "pack.yaml")) {
        if let i = pack.params.firstIndex(where: { $0.name == np.name }) { pack.params[i] = np } else { pack.params.append(np) }
      }
      state.reader = parser.reader
    }

    // Rule files of this layer.
    let inherited = Dictionary(pack.rules.map { ($0.id, $0.location) }, uniquingKeysWith: { a, _ in a })
    var own: [String: SourceLocation] = [:]
    for file in Self.yamlFiles(in: root, excludingDirs: excludedDirs) where !excluded.contains(file) {
      guard let node = readYAML(file, state: &state) else { continue }
      var parser = RuleParser(reader: state.reader, fileLines: fileLines(file, state: state), pack: name)
      let rules = parser.parseFile(node)
      state.reader = parser.reader
      for r in rules {
        if let first = own[r.id] { state.reader.report(.duplicateRule(r.id, at: r.location, first: first)); continue }
        if let b = inherited[r.id] { state.reader.report(.redefinedRule(r.id, at: r.location, base: b)); continue }
        own[r.id] = r.location
        pack.rules.append(r)
      }
    }
    if let o = value("overrides") { applyOverrides(o, to: &pack, packName: name, packFile: packFile, state: &state) }
    pack.rules.sort { $0.id < $1.id }

    // Digest over every file of this layer in path order, after the base's.
    var files = Self.yamlFiles(in: root, excludingDirs: [])
    files.sort()
    for f in files {
      guard let data = FileManager.default.contents(atPath: f) else { continue }
      let rel = String(f.dropFirst(root.count))
      state.hasher.update(data: Data("\(name)\u{1F}\(rel)\u{1F}\(data.count)\u{1F}".utf8))
      state.hasher.update(data: data)
    }
    pack.digest = "sha256:" + state.hasher.finalize().map { String(format: "%02x", $0) }.joined()
    return pack
  }

  func applyOverrides(_ node: Node, to pack: inout RulePack, packName: String, packFile: String, state: inout State) {
    let ctx = LocalizedText(zh: "pack.yaml overrides", en: "pack.yaml overrides")
    let known = pack.rules.map(\.id)
    for (id, on, keyLoc) in state.reader.mapping(node, ctx, allowed: nil) ?? [] {
      guard let index = pack.rules.firstIndex(where: { $0.id == id }) else {
        state.reader.report(.unknownOverride(id, known: known, at: keyLoc))
        continue
      }
      var rule = pack.rules[index]
      let octx = LocalizedText(zh: "overrides.\(id) ", en: "overrides.\(id)")
      var parser = RuleParser(reader: state.reader, fileLines: fileLines(packFile, state: state), pack: packName)
      let bounds = (try? Parser.parse(rule.check.text))?.parameterBounds() ?? [:]
      var loosened: [Loosening] = []
      var loosenReason: (text: String, location: SourceLocation)?
      for (k, n, kLoc) in parser.reader.mapping(on, octx, allowed: Self.overrideKeys) ?? [] {
        var change: LocalizedText?
        switch k {
        case "params":
          for p in parser.parseParams(n, ctx: octx) {
            guard let i = rule.params.firstIndex(where: { $0.name == p.name }) else {
              parser.reader.report(.unknownParam(p.name, rule: id, known: rule.params.map(\.name), at: p.location))
              continue
            }
            let old = rule.params[i].value
            if let bound = bounds[p.name], let loosening = Loosening(param: p.name, bound: bound, old: old, new: p.value, at: p.location) {
              loosened.append(loosening)
            }
            rule.params[i] = p
            record(&rule, packName, p.location, .init(zh: "参数 \(p.name)：\(old.jsonText) → \(p.value.jsonText)", en: "parameter \(p.name): \(old.jsonText) → \(p.value.jsonText)"))
          }
        case "rectify":
          if let r = parser.parseRectify(n, ctx: octx) {
            let before = rule.rectify?.termText ?? "-"
            rule.rectify = r.over(rule.rectify)
            change = .init(zh: "整改要求：\(before) → \(rule.rectify?.termText ?? "-")", en: "rectify: \(before) → \(rule.rectify?.termText ?? "-")")
          }
        case "severity":
          if let t = n.text, let s = Severity(rawValue: t) {
            change = .init(zh: "严重程度：\(rule.severity.rawValue) → \(s.rawValue)", en: "severity: \(rule.severity.rawValue) → \(s.rawValue)")
            rule.severity = s
          } else { parser.reader.report(.badSeverity(n.text ?? "", at: n.location)) }
        case "enabled":
          if let b = parser.reader.bool(n, octx) {
            rule.enabled = b
            change = b ? .init(zh: "启用", en: "enabled") : .init(zh: "停用", en: "disabled")
          }
        case "reason":
          rule.disabledReason = parser.reader.string(n, octx)
        case "loosen":
          if let text = parser.reader.string(n, octx) { loosenReason = (text, n.location) }
        case "effective":
          var tmp = rule
          if let r = parser.parseRule(Self.synthetic(id: id, key: "effective", value: n, at: kLoc)) {
            tmp.effectiveFrom = r.effectiveFrom ?? rule.effectiveFrom
            tmp.effectiveUntil = r.effectiveUntil ?? rule.effectiveUntil
          }
          rule = tmp
          change = .init(zh: "生效日期：\(rule.effectiveFrom?.description ?? "…") 至 \(rule.effectiveUntil?.description ?? "…")", en: "effective: \(rule.effectiveFrom?.description ?? "…") to \(rule.effectiveUntil?.description ?? "…")")
        case "applies":
          parser.parseApplies(n, into: &rule, ctx: octx)
          change = .init(zh: "适用范围已修改", en: "applies changed")
        case "message":
          rule.message = parser.template(n, octx)
          change = .init(zh: "提示信息已修改", en: "message changed")
        case "requirement":
          rule.requirement = parser.template(n, octx)
          change = .init(zh: "要求说明已修改", en: "requirement text changed")
        case "observe":
          rule.observe = parser.reader.localized(n, octx)
          change = .init(zh: "现场查看要点已修改", en: "observe changed")
        case "title":
          rule.title = parser.reader.localized(n, octx) ?? rule.title
          change = .init(zh: "标题已修改", en: "title changed")
        default: break
        }
        if let change { record(&rule, packName, kLoc, change) }
      }
      checkLoosening(loosened, reason: loosenReason, rule: &rule, packName: packName, at: keyLoc, reader: &parser.reader)
      if !rule.enabled, let reason = rule.disabledReason, !rule.changes.isEmpty {
        rule.changes[rule.changes.count - 1].description.zh += "（理由：\(reason)）"
        rule.changes[rule.changes.count - 1].description.en += " (reason: \(reason))"
      }
      if !rule.enabled && (rule.disabledReason ?? "").isEmpty {
        parser.reader.report(.missingKey("reason", in: "overrides.\(id) ", at: keyLoc, hint: .init(zh: "停用规则须说明理由", en: "disabling a rule needs a reason")))
      }
      state.reader = parser.reader
      pack.rules[index] = rule
    }
  }

  func record(_ rule: inout Rule, _ pack: String, _ loc: SourceLocation, _ text: LocalizedText) {
    rule.changes.append(RuleChange(pack: pack, location: loc, description: text))
  }

  /// A minimal rule node carrying one key, to reuse the rule parser's checks.
  static func synthetic(id: String, key: String, value: Node, at loc: SourceLocation) -> Node {
    Node(.mapping([
      .init(key: Node(.scalar(.init(text: "id")), at: loc), value: Node(.scalar(.init(text: id)), at: loc)),
      .init(key: Node(.scalar(.init(text: key)), at: loc), value: value),
      .init(key: Node(.scalar(.init(text: "title")), at: loc), value: Node(.scalar(.init(text: id)), at: loc)),
      .init(key: Node(.scalar(.init(text: "check")), at: loc), value: Node(.scalar(.init(text: "true")), at: loc)),
      .init(key: Node(.scalar(.init(text: "severity")), at: loc), value: Node(.scalar(.init(text: "minor")), at: loc)),
      .init(key: Node(.scalar(.init(text: "sources")), at: loc), value: Node(.sequence([Node(.mapping([
        .init(key: Node(.scalar(.init(text: "document")), at: loc), value: Node(.scalar(.init(text: "-")), at: loc)),
        .init(key: Node(.scalar(.init(text: "quote")), at: loc), value: Node(.scalar(.init(text: "-")), at: loc)),
      ]), at: loc)]), at: loc)),
    ]), at: loc)
  }

  static func join(_ base: String, _ rel: String) -> String {
    if rel.hasPrefix("/") { return rel }
    let joined = base.hasSuffix("/") ? base + rel : base + "/" + rel
    var parts: [Substring] = []
    for p in joined.split(separator: "/", omittingEmptySubsequences: false) {
      if p == "." { continue }
      if p == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
      parts.append(p)
    }
    let s = parts.joined(separator: "/")
    return s.hasSuffix("/") && s.count > 1 ? String(s.dropLast()) : s
  }

  /// Every `.yaml`/`.yml` file below `dir`, sorted, skipping hidden folders,
  /// `excludingDirs`, and nested packs (folders with their own pack.yaml).
  static func yamlFiles(in dir: String, excludingDirs: [String]) -> [String] {
    var out: [String] = []
    var stack = [dir]
    let fm = FileManager.default
    while let d = stack.popLast() {
      guard let names = try? fm.contentsOfDirectory(atPath: d) else { continue }
      for n in names.sorted() where !n.hasPrefix(".") {
        let p = d.hasSuffix("/") ? d + n : d + "/" + n
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: p, isDirectory: &isDir) else { continue }
        if isDir.boolValue {
          let canonical = URL(fileURLWithPath: p).standardizedFileURL.path
          if excludingDirs.contains(canonical) || fm.fileExists(atPath: p + "/pack.yaml") { continue }
          stack.append(p)
        } else if n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
          out.append(p)
        }
      }
    }
    return out.sorted()
  }
}
