import DudaoDiagnostics
import DudaoYAML

/// A YAML document written as Swift values and laid out as block YAML, so that
/// every node gets the line and column it would have in the rendered file
/// (`text`). Lists hold scalars or flow mappings, as the calendar files do.
indirect enum YAMLTree: Sendable {
  case scalar(String)
  case map([(String, YAMLTree)])
  case list([YAMLTree])
  /// `{ key: value, … }` on one line.
  case flow([(String, YAMLTree)])

  /// The document as `Node`s with positions in `file`, and its text.
  func document(file: String) -> (node: Node, text: String) {
    var layout = Layout(file: file)
    let node = layout.block(self, indent: 0)
    return (node, layout.text)
  }

  func node(file: String) -> Node { document(file: file).node }
}

private struct Layout {
  let file: String
  var line = 1
  var text = ""

  init(file: String) { self.file = file }

  func at(_ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

  /// A map or list starting on a fresh line at `indent` spaces.
  mutating func block(_ tree: YAMLTree, indent: Int) -> Node {
    let start = at(indent + 1)
    switch tree {
    case .map(let entries):
      var out: [Node.Entry] = []
      for (key, value) in entries {
        let keyNode = Node(.scalar(.init(text: key)), at: at(indent + 1))
        text += String(repeating: " ", count: indent) + key + ":"
        let column = indent + key.unicodeScalars.count + 3
        switch value {
        case .scalar, .flow:
          text += " "
          out.append(.init(key: keyNode, value: inline(value, column: column)))
          text += "\n"
          line += 1
        case .map, .list:
          text += "\n"
          line += 1
          out.append(.init(key: keyNode, value: block(value, indent: indent + 2)))
        }
      }
      return Node(.mapping(out), at: start)
    case .list(let items):
      var out: [Node] = []
      for item in items {
        text += String(repeating: " ", count: indent) + "- "
        out.append(inline(item, column: indent + 3))
        text += "\n"
        line += 1
      }
      return Node(.sequence(out), at: start)
    case .scalar, .flow:
      let node = inline(tree, column: indent + 1)
      text += "\n"
      line += 1
      return node
    }
  }

  /// A scalar or flow mapping written at `column` of the current line.
  mutating func inline(_ tree: YAMLTree, column: Int) -> Node {
    switch tree {
    case .scalar(let value):
      text += value
      return Node(.scalar(.init(text: value)), at: at(column))
    case .flow(let entries):
      let start = at(column)
      text += "{ "
      var col = column + 2
      var out: [Node.Entry] = []
      for (index, (key, value)) in entries.enumerated() {
        if index > 0 {
          text += ", "
          col += 2
        }
        let keyNode = Node(.scalar(.init(text: key)), at: at(col))
        text += key + ": "
        col += key.unicodeScalars.count + 2
        let before = text.unicodeScalars.count
        out.append(.init(key: keyNode, value: inline(value, column: col)))
        col += text.unicodeScalars.count - before
      }
      text += " }"
      return Node(.mapping(out), at: start)
    case .map, .list:
      // Not used by the calendar files: keep the fixtures simple.
      return Node(.scalar(.init(text: "")), at: at(column))
    }
  }
}
