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

    /// The longest word measured, in Unicode scalars: names are identifiers of a few words, and a longer
    /// word (a pasted paragraph, a corrupt cell) gets no suggestion rather than a costly search.
    public static let maximumLength = 64
    /// The most candidates measured for one word (those within the length window, in the order given).
    /// Each costs at most 7 comparisons per character once their common prefix and suffix are set aside
    /// (the distance is computed only near the diagonal, and abandoned once a whole row is past the
    /// limit), so one lookup among the 10,000 outcomes of a generated SOP stays well under a millisecond.
    public static let maximumCandidates = 500

    /// The closest candidate within about a third of the word's length (1 to 3 edits); ties go to the
    /// earlier candidate so suggestions are deterministic. Bounded: see `maximumLength` and
    /// `maximumCandidates`.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let length = word.unicodeScalars.count
        guard length <= maximumLength else { return nil }
        let limit = max(1, min(3, (length + 2) / 3))
        var lowered: [Unicode.Scalar] = []
        fold(word, into: &lowered)
        var other: [Unicode.Scalar] = []
        var rows = Rows()
        var best: (String, Int)?
        var measured = 0
        for candidate in candidates where candidate != word {
            // The distance is at least the difference in length: skip what cannot be close.
            guard abs(candidate.unicodeScalars.count - length) <= limit else { continue }
            measured += 1
            if measured > maximumCandidates { break }
            let bound = min(limit, (best?.1 ?? Int.max) - 1)
            guard bound >= 0 else { break }
            other.removeAll(keepingCapacity: true)
            fold(candidate, into: &other)
            if let d = distance(lowered[...], other[...], atMost: bound, rows: &rows) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// `text` lower-cased, scalar by scalar, appended to `scalars` (no string is built per candidate).
    private static func fold(_ text: String, into scalars: inout [Unicode.Scalar]) {
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let v = scalar.value
                scalars.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar)
            } else {
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
    }

    /// The three rows of the distance table, kept across candidates.
    private struct Rows {
        var beforePrevious: [Int] = []
        var previous: [Int] = []
        var current: [Int] = []
    }

    /// The optimal-string-alignment distance when it is at most `limit`, else nil.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int? {
        var rows = Rows()
        return distance(a[...], b[...], atMost: limit, rows: &rows)
    }

    /// The common prefix and suffix are set aside (an edit never gains from crossing them); then only
    /// cells within `limit` of the diagonal are computed, and the computation stops once a whole row
    /// exceeds the limit.
    private static func distance(_ a: ArraySlice<Unicode.Scalar>, _ b: ArraySlice<Unicode.Scalar>, atMost limit: Int, rows: inout Rows) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        var a = a, b = b
        while let x = a.first, let y = b.first, x == y { a.removeFirst(); b.removeFirst() }
        while let x = a.last, let y = b.last, x == y { a.removeLast(); b.removeLast() }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let n = a.count, m = b.count, a0 = a.startIndex, b0 = b.startIndex
        let outside = limit + 1
        // The arrays keep their storage from one candidate to the next.
        rows.beforePrevious.removeAll(keepingCapacity: true)
        rows.beforePrevious.append(contentsOf: repeatElement(outside, count: m + 1))
        rows.previous.removeAll(keepingCapacity: true)
        rows.previous.append(contentsOf: (0...m).lazy.map { min($0, outside) })
        rows.current.removeAll(keepingCapacity: true)
        rows.current.append(contentsOf: repeatElement(outside, count: m + 1))
        for i in 1...n {
            let low = max(1, i - limit), high = min(m, i + limit)
            rows.current[0] = min(i, outside)
            if low > 1 { rows.current[low - 1] = outside }
            var rowMinimum = rows.current[0]
            for j in low...high {
                let cost = a[a0 + i - 1] == b[b0 + j - 1] ? 0 : 1
                var d = min(rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
                if i > 1, j > 1, a[a0 + i - 1] == b[b0 + j - 2], a[a0 + i - 2] == b[b0 + j - 1] {
                    d = min(d, rows.beforePrevious[j - 2] + 1)
                }
                rows.current[j] = min(d, outside)
                rowMinimum = min(rowMinimum, rows.current[j])
            }
            if high < m { rows.current[high + 1] = outside }
            if rowMinimum > limit { return nil }
            swap(&rows.beforePrevious, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[m] <= limit ? rows.previous[m] : nil
    }
}
