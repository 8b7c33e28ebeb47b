/// A record type with known fields, from the data dictionary: selecting a
/// field it does not declare is a checker error (with a suggestion).
///
/// At run time an object is a `Value.map` with string keys; a declared field
/// that is absent from the data makes the result `unknown`.
public struct ObjectType: Sendable, Hashable {
  /// The name used in messages, e.g. `school` or `class`.
  public var name: String
  /// The declared fields and their types.
  public var fields: [String: CELType]

  /// A record type named `name` (for messages) with these fields.
  public init(name: String, fields: [String: CELType]) {
    self.name = name
    self.fields = fields
  }
}
