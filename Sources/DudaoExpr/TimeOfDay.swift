/// A time of day to the minute, as schedules state it (`08:20`); no date,
/// no time zone.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Minutes since midnight, `0..<1440`.
  public var minutes: Int

  /// nil unless `0 <= minutes < 1440`.
  public init?(minutes: Int) {
    guard (0..<1440).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// Parses `HH:MM` exactly (five characters), `00:00` to `23:59`.
  public init?(text: some StringProtocol) {
    let u = Array(text.utf8)
    guard u.count == 5, u[2] == UInt8(ascii: ":"),
      [u[0], u[1], u[3], u[4]].allSatisfy({ (48...57).contains($0) })
    else { return nil }
    let h = Int(u[0] - 48) * 10 + Int(u[1] - 48)
    let m = Int(u[3] - 48) * 10 + Int(u[4] - 48)
    guard h < 24, m < 60 else { return nil }
    self.minutes = h * 60 + m
  }

  /// 0 to 23.
  public var hour: Int { minutes / 60 }
  /// 0 to 59.
  public var minute: Int { minutes % 60 }

  /// `HH:MM`.
  public var description: String {
    let h = hour, m = minute
    return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
  }

  /// Earlier in the day.
  public static func < (a: Self, b: Self) -> Bool { a.minutes < b.minutes }
}
