/// "Did you mean …?": the candidate closest to a misspelt name.
enum Suggestion {
  /// The closest candidate by edit distance (a swap of two neighbours
  /// counts as one edit), if it is close enough to be a likely typo.
  static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let a = Array(name.lowercased().unicodeScalars)
    let limit = max(1, min(3, a.count / 3))
    var best: (String, Int)?
    for c in candidates where c != name {
      let d = distance(a, Array(c.lowercased().unicodeScalars))
      if d <= limit, d < (best?.1 ?? Int.max) || (d == best?.1 && c < (best?.0 ?? "")) { best = (c, d) }
    }
    return best?.0
  }

  /// Optimal string alignment distance.
  private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { rows[i][0] = i }
    for j in 0...b.count { rows[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var d = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, rows[i - 2][j - 2] + 1) }
        rows[i][j] = d
      }
    }
    return rows[a.count][b.count]
  }
}
