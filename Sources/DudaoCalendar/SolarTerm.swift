import DudaoDiagnostics
import Foundation

/// Solar terms (节气) computed from the sun's apparent ecliptic longitude.
///
/// 清明 begins when the apparent longitude reaches 15°; the holiday is the
/// calendar day of that moment in Beijing time (UTC+8). The longitude comes
/// from the truncated VSOP87D series for the Earth (Meeus, *Astronomical
/// Algorithms*, 2nd ed., ch. 25 and appendix III, as NREL's Solar Position
/// Algorithm uses it: about 1″, i.e. under a minute of time), with
/// nutation in longitude, aberration and the FK5 correction; TT is turned into
/// UT with the ΔT polynomials of Espenak & Meeus (2006). Over 1901–2100 the
/// moment is never closer than ten minutes to midnight (2071: 00:10 on
/// 5 April), so the date does not depend on the residual error; the tests
/// check every year against a published 1900–2100 table.
public enum SolarTerm {
  /// Years for which ``qingming(_:)`` answers.
  public static let years: ClosedRange<Int> = 1901...2100

  /// The day of 清明 (sun at apparent longitude 15°) in Beijing time; nil outside ``years``.
  public static func qingming(_ year: Int) -> Day? {
    guard years.contains(year), let guess = Day(year: year, month: 4, day: 5) else { return nil }
    // Newton steps from noon on 5 April: the longitude grows about 0.9856° a day.
    var jde = julianDay(guess) + 0.5
    for _ in 0..<8 {
      let step = angleDifference(15, apparentLongitude(jde: jde)) / 0.985_647
      jde += step
      if abs(step) < 1e-7 { break }
    }
    let beijing = jde - deltaT(year: Double(year) + 0.26) / 86_400 + 8.0 / 24
    // Julian days begin at noon: add half a day to count civil days.
    return Day(ordinal: Int((beijing + 0.5).rounded(.down)) - unixEpochJulianDay)
  }
}

private extension SolarTerm {
  typealias Term = (amplitude: Double, phase: Double, frequency: Double)

  /// Julian day number of 1970-01-01 (ordinal 0).
  static let unixEpochJulianDay = 2_440_588

  /// Julian date at 0h of `day`.
  static func julianDay(_ day: Day) -> Double {
    Double(day.ordinal + unixEpochJulianDay) - 0.5
  }

  static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

  /// `a - b` folded into -180°..<180°.
  static func angleDifference(_ a: Double, _ b: Double) -> Double {
    var d = (a - b).truncatingRemainder(dividingBy: 360)
    if d >= 180 { d -= 360 }
    if d < -180 { d += 360 }
    return d
  }

  static func series(_ terms: [Term], _ tau: Double) -> Double {
    terms.reduce(0) { $0 + $1.amplitude * cos($1.phase + $1.frequency * tau) }
  }

  /// The sun's apparent geocentric longitude in degrees at Julian Ephemeris Day `jde`.
  static func apparentLongitude(jde: Double) -> Double {
    let tau = (jde - 2_451_545) / 365_250  // Julian millennia from J2000.0
    let l = series(l0, tau) + tau * (series(l1, tau) + tau * (series(l2, tau)
      + tau * (series(l3, tau) + tau * (series(l4, tau) + tau * series(l5, tau)))))
    let r = (series(r0, tau) + tau * series(r1, tau)) / 1e8
    let heliocentric = l / 1e8 * 180 / .pi
    // Meeus (22.A, low accuracy): nutation in longitude, in arcseconds, within 0.5″.
    let t = tau * 10
    let omega = radians(125.04452 - 1_934.136261 * t)
    let sunMean = radians(280.4665 + 36_000.7698 * t)
    let moonMean = radians(218.3165 + 481_267.8813 * t)
    let nutation = -17.20 * sin(omega) - 1.32 * sin(2 * sunMean) - 0.23 * sin(2 * moonMean) + 0.21 * sin(2 * omega)
    let fk5 = -0.09033
    let aberration = -20.4898 / r
    return heliocentric + 180 + (nutation + fk5 + aberration) / 3_600
  }

  /// TT − UT in seconds (Espenak & Meeus 2006 polynomials, 1900–2150).
  static func deltaT(year y: Double) -> Double {
    switch y {
    case ..<1920:
      let t = y - 1900
      return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t
    case ..<1941:
      let t = y - 1920
      return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t
    case ..<1961:
      let t = y - 1950
      return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2_547
    case ..<1986:
      let t = y - 1975
      return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718
    case ..<2005:
      let t = y - 2000
      return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t
        + 0.00002373599 * t * t * t * t * t
    case ..<2050:
      let t = y - 2000
      return 62.92 + 0.32217 * t + 0.005589 * t * t
    default:
      let u = (y - 1820) / 100
      return -20 + 32 * u * u - 0.5628 * (2150 - y)
    }
  }

  // VSOP87D Earth, heliocentric longitude L0–L5 and radius R0–R1 (leading terms),
  // units 1e-8 rad and 1e-8 au (Meeus appendix III).
  static let l0: [Term] = [
    (175_347_046, 0, 0), (3_341_656, 4.6692568, 6283.07585), (34_894, 4.6261, 12566.1517),
    (3_497, 2.7441, 5753.3849), (3_418, 2.8289, 3.5231), (3_136, 3.6277, 77713.7715),
    (2_676, 4.4181, 7860.4194), (2_343, 6.1352, 3930.2097), (1_324, 0.7425, 11506.7698),
    (1_273, 2.0371, 529.691), (1_199, 1.1096, 1577.3435), (990, 5.233, 5884.927),
    (902, 2.045, 26.298), (857, 3.508, 398.149), (780, 1.179, 5223.694),
    (753, 2.533, 5507.553), (505, 4.583, 18849.228), (492, 4.205, 775.523),
    (357, 2.92, 0.067), (317, 5.849, 11790.629), (284, 1.899, 796.298),
    (271, 0.315, 10977.079), (243, 0.345, 5486.778), (206, 4.806, 2544.314),
    (205, 1.869, 5573.143), (202, 2.458, 6069.777), (156, 0.833, 213.299),
    (132, 3.411, 2942.463), (126, 1.083, 20.775), (115, 0.645, 0.98),
    (103, 0.636, 4694.003), (102, 0.976, 15720.839), (102, 4.267, 7.114),
    (99, 6.21, 2146.17), (98, 0.68, 155.42), (86, 5.98, 161000.69),
    (85, 1.3, 6275.96), (85, 3.67, 71430.7), (80, 1.81, 17260.15),
    (79, 3.04, 12036.46), (75, 1.76, 5088.63), (74, 3.5, 3154.69),
    (74, 4.68, 801.82), (70, 0.83, 9437.76), (62, 3.98, 8827.39),
    (61, 1.82, 7084.9), (57, 2.78, 6286.6), (56, 4.39, 14143.5),
    (56, 3.47, 6279.55), (52, 0.19, 12139.55), (52, 1.33, 1748.02),
    (51, 0.28, 5856.48), (49, 0.49, 1194.45), (41, 5.37, 8429.24),
    (41, 2.4, 19651.05), (39, 6.17, 10447.39), (37, 6.04, 10213.29),
    (37, 2.57, 1059.38), (36, 1.71, 2352.87), (36, 1.78, 6812.77),
    (33, 0.59, 17789.85), (30, 0.44, 83996.85), (30, 2.74, 1349.87),
    (25, 3.16, 4690.48),
  ]
  static let l1: [Term] = [
    (628_331_966_747, 0, 0), (206_059, 2.678235, 6283.07585), (4_303, 2.6351, 12566.1517),
    (425, 1.59, 3.523), (119, 5.796, 26.298), (109, 2.966, 1577.344),
    (93, 2.59, 18849.23), (72, 1.14, 529.69), (68, 1.87, 398.15),
    (67, 4.41, 5507.55), (59, 2.89, 5223.69), (56, 2.17, 155.42),
    (45, 0.4, 796.3), (36, 0.47, 775.52), (29, 2.65, 7.11),
    (21, 5.34, 0.98), (19, 1.85, 5486.78), (19, 4.97, 213.3),
    (17, 2.99, 6275.96), (16, 0.03, 2544.31), (16, 1.43, 2146.17),
    (15, 1.21, 10977.08), (12, 2.83, 1748.02), (12, 3.26, 5088.63),
    (12, 5.27, 1194.45), (12, 2.08, 4694.0), (11, 0.77, 553.57),
    (10, 1.3, 6286.6), (10, 4.24, 1349.87), (9, 2.7, 242.73),
    (9, 5.64, 951.72), (8, 5.3, 2352.87), (6, 2.65, 9437.76),
    (6, 4.67, 4690.48),
  ]
  static let l2: [Term] = [
    (52_919, 0, 0), (8_720, 1.0721, 6283.0758), (309, 0.867, 12566.152),
    (27, 0.05, 3.52), (16, 5.19, 26.3), (16, 3.68, 155.42),
    (10, 0.76, 18849.23), (9, 2.06, 77713.77), (7, 0.83, 775.52),
    (5, 4.66, 1577.34), (4, 1.03, 7.11), (4, 3.44, 5573.14),
    (3, 5.14, 796.3), (3, 6.05, 5507.55), (3, 1.19, 242.73),
    (3, 6.12, 529.69), (3, 0.31, 398.15), (3, 2.28, 553.57),
    (2, 4.38, 5223.69), (2, 3.75, 0.98),
  ]
  static let l3: [Term] = [
    (289, 5.844, 6283.076), (35, 0, 0), (17, 5.49, 12566.15), (3, 5.2, 155.42),
    (1, 4.72, 3.52), (1, 5.3, 18849.23), (1, 5.97, 242.73),
  ]
  static let l4: [Term] = [(114, 3.142, 0), (8, 4.13, 6283.08), (1, 3.84, 12566.15)]
  static let l5: [Term] = [(1, 3.14, 0)]
  static let r0: [Term] = [
    (100_013_989, 0, 0), (1_670_700, 3.0984635, 6283.07585), (13_956, 3.05525, 12566.1517),
  ]
  static let r1: [Term] = [(103_019, 1.10749, 6283.07585)]
}
