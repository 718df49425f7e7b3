/// Did-you-mean suggestions by edit distance, for unknown keys, references and enum values.
public enum Spelling {
    /// The optimal-string-alignment distance (Levenshtein plus adjacent transpositions, the commonest
    /// typo), by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The closest candidate within about a third of the word's length (1 to 3 edits); ties go to the
    /// earlier candidate so suggestions are deterministic.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let length = word.unicodeScalars.count
        // A word far longer than any name (a pasted paragraph, a corrupt cell) has no suggestion, and
        // measuring it would cost its length times each candidate's.
        guard length <= 256 else { return nil }
        let limit = max(1, min(3, (length + 2) / 3))
        var best: (String, Int)?
        for candidate in candidates where candidate != word {
            // The distance is at least the difference in length: skip what cannot be close.
            guard abs(candidate.unicodeScalars.count - length) <= limit else { continue }
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= limit, d < (best?.1 ?? Int.max) {
                best = (candidate, d)
            }
        }
        return best?.0
    }
}
