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
}
