/// A range of Unicode scalars in the expression source.
struct Span: Hashable, Sendable {
  var offset: Int
  var length: Int
}
