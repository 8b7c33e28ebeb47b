import Crypto
import DudaoDiagnostics
import Foundation
import Testing

@testable import DudaoSample

/// The test vectors in docs/sampling.md (made with docs/sampling_reference.py).
@Suite struct VectorTests {
  @Test(arguments: ["v1", "v2"])
  func dudaoReproducesTheDocumentedPlan(_ name: String) throws {
    let listing = try docVector(name, "inputs")
    let inputs = try SampleInputs(canonical: listing, file: "docs/sampling.md")
    #expect(inputs.canonicalText == listing)
    #expect(inputs.draw().json() == (try docVector(name, "plan")))
  }

  @Test(arguments: ["v1", "v2"])
  func theDigestIsTheSHA256OfTheListing(_ name: String) throws {
    let listing = try docVector(name, "inputs")
    let hex = SHA256.hash(data: Array(listing.utf8)).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    #expect(try SampleInputs(canonical: listing, file: "v").digest == "sha256:" + hex)
    #expect(try docVector(name, "plan").contains("\"digest\": \"sha256:\(hex)\""))
  }

  /// The vectors exercise what they claim to.
  @Test func vectorsCoverUnstaffedSchools() throws {
    let v1 = try SampleInputs(canonical: docVector("v1", "inputs"), file: "v1").draw()
    let v2 = try SampleInputs(canonical: docVector("v2", "inputs"), file: "v2").draw()
    #expect(v1.unstaffed.map(\.reason) == [.capacity])
    #expect(v2.unstaffed.map(\.reason) == [.conflicts])
  }
}

struct ListingCase: Sendable, CustomTestStringConvertible {
  var name: String
  var text: String
  var line: Int
  var testDescription: String { name }
}

@Suite struct CanonicalListingTests {
  static let good = "dudao.sample/v1\nseed\ts\ncount\t1\nstrata\nteam_size\t1\nmax_per_inspector\tnone\nweight\t1\nschool\tA\t\t1\nschool\tB\t\t1\ninspector\tI\tA\n"

  @Test func roundTrips() throws {
    let inputs = try SampleInputs(canonical: Self.good, file: "x")
    #expect(inputs.canonicalText == Self.good)
    #expect(inputs.inspectors == [.init(id: "I", conflicts: ["A"])])
  }

  @Test(arguments: [
    ListingCase(name: "no final line break", text: String(good.dropLast()), line: 10),
    ListingCase(name: "wrong format line", text: good.replacingOccurrences(of: "/v1", with: "/v9"), line: 1),
    ListingCase(name: "count zero", text: good.replacingOccurrences(of: "count\t1", with: "count\t0"), line: 3),
    ListingCase(name: "count with leading zero", text: good.replacingOccurrences(of: "count\t1", with: "count\t01"), line: 3),
    ListingCase(name: "missing team_size", text: good.replacingOccurrences(of: "team_size\t1\n", with: ""), line: 5),
    ListingCase(name: "bad max", text: good.replacingOccurrences(of: "\tnone", with: "\t-1"), line: 6),
    ListingCase(name: "zero tickets", text: good.replacingOccurrences(of: "A\t\t1", with: "A\t\t0"), line: 8),
    ListingCase(name: "tickets above weight", text: good.replacingOccurrences(of: "A\t\t1", with: "A\t\t2"), line: 8),
    ListingCase(name: "school after inspector", text: good + "school\tC\t\t1\n", line: 11),
    ListingCase(name: "unknown line", text: good + "other\tx\n", line: 11),
    ListingCase(name: "unsorted schools", text: good.replacingOccurrences(of: "school\tA\t\t1\nschool\tB", with: "school\tB\t\t1\nschool\tA"), line: 1),
    ListingCase(name: "duplicate school", text: good.replacingOccurrences(of: "school\tB", with: "school\tA"), line: 1),
    ListingCase(name: "count above schools", text: good.replacingOccurrences(of: "count\t1", with: "count\t3"), line: 10),
    ListingCase(name: "team above inspectors", text: good.replacingOccurrences(of: "team_size\t1", with: "team_size\t2"), line: 10),
    ListingCase(name: "empty", text: "", line: 1),
  ])
  func badListingsAreRejectedWithALine(_ c: ListingCase) {
    #expect {
      try SampleInputs(canonical: c.text, file: "inputs.txt")
    } throws: { e in
      guard let d = e as? Diagnostic else { return false }
      return d.code == "sample.bad-inputs" && d.location?.file == "inputs.txt" && d.location?.line == c.line
    }
  }
}

@Suite struct CanonicalListingMutationTests {
  /// Mutated listings are rejected with a diagnostic or drawn; never a crash.
  @Test func mutatedListingsNeverCrash() throws {
    let good = Array(try docVector("v1", "inputs").utf8)
    var stream = RandomStream(seed: "mutate-listing")
    let specials = Array("\t\n0123456789-S/I;x".utf8)
    for _ in 0..<400 {
      var bytes = good
      for _ in 0..<(1 + stream.uniform(3)) {
        let i = stream.uniform(bytes.count)
        switch stream.uniform(3) {
        case 0: bytes[i] = specials[stream.uniform(specials.count)]
        case 1: bytes.remove(at: i)
        default: bytes.insert(specials[stream.uniform(specials.count)], at: i)
        }
      }
      switch Result(catching: { () throws(Diagnostic) in try SampleInputs(canonical: String(decoding: bytes, as: UTF8.self), file: "m") }) {
      case .success(let inputs):
        let plan = inputs.draw()
        #expect(plan.visits.count == inputs.count)
      case .failure(let d):
        #expect(d.code == "sample.bad-inputs")
      }
    }
  }
}
