import SOPCore
import Testing

@Suite("Did-you-mean")
struct SpellingTests {
    @Test("distance counts insertions, deletions, substitutions and adjacent swaps as one edit each", arguments: [
        ("", "abc", 3), ("kitten", "sitting", 3), ("dnoe", "done", 1), ("esclate", "escalate", 1),
        ("question", "questoin", 1), ("same", "same", 0), ("ab", "ba", 1), ("abc", "ca", 3),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Spelling.distance(a, b) == expected)
        #expect(Spelling.distance(b, a) == expected)
    }

    @Test func suggestsTheClosestWithinTheLimit() {
        #expect(Spelling.suggestion(for: "dnoe", among: ["stop", "done"]) == "done")
        #expect(Spelling.suggestion(for: "guidence", among: ["question", "guidance", "on"]) == "guidance")
        #expect(Spelling.suggestion(for: "EUR", among: ["EU", "US"]) == "EU")
        #expect(Spelling.suggestion(for: "xyz", among: ["question", "guidance"]) == nil)
        #expect(Spelling.suggestion(for: "a", among: ["b", "c"]) == "b", "ties go to the earlier candidate")
        #expect(Spelling.suggestion(for: "done", among: ["done"]) == nil, "the word itself is no suggestion")
        #expect(Spelling.suggestion(for: String(repeating: "x", count: 1_000_000), among: ["done"]) == nil, "a huge word is not measured")
    }

    @Test("the banded distance equals the full one whenever it is within the limit, on 20,000 random pairs")
    func bandedDistance() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("abcde_".unicodeScalars)
        func word() -> [Unicode.Scalar] { (0..<rng.below(9)).map { _ in alphabet[rng.below(alphabet.count)] } }
        for _ in 0..<20_000 {
            let a = word(), b = word(), limit = rng.below(4)
            let full = Spelling.distance(String(String.UnicodeScalarView(a)), String(String.UnicodeScalarView(b)))
            #expect(Spelling.distance(a, b, atMost: limit) == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
        }
    }

    @Test("lookups are bounded: words past 64 characters are not measured, nor candidates past the 500th")
    func bounds() {
        let long = String(repeating: "a", count: 65)
        #expect(Spelling.suggestion(for: long, among: [long + "b"]) == nil)
        #expect(Spelling.suggestion(for: String(long.dropLast()), among: [long]) == long)
        let crowd = (0..<500).map { "other_\($0 + 10_000)" }
        #expect(Spelling.suggestion(for: "outcome_7", among: crowd + ["outcome_1"]) == nil)
        #expect(Spelling.suggestion(for: "outcome_7", among: Array(crowd.dropLast()) + ["outcome_1"]) == "outcome_1")
    }
}
