/// Agreement metrics over confusion matrices.
public enum Metrics {
    /// `a / b`, or `nil` when `b` is 0.
    public static func ratio(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }

    /// Cohen's kappa of a square `size`×`size` matrix (rows: one rater, columns: the other).
    ///
    /// `(po - pe) / (1 - pe)` with `po` the observed agreement and `pe` the agreement expected from the
    /// raters' marginals. `nil` with no rows, and when `pe` is 1 but agreement is not perfect; 1 when both
    /// raters put every row in the same single class.
    public static func kappa(_ m: [Int], size: Int) -> Double? {
        var rows = [Int](repeating: 0, count: size), cols = rows
        var n = 0, diagonal = 0
        for r in 0..<size {
            for c in 0..<size {
                let v = m[r * size + c]
                guard v != 0 else { continue }
                n += v
                rows[r] += v
                cols[c] += v
                if r == c { diagonal += v }
            }
        }
        return kappa(agree: diagonal, total: n, rows: rows, columns: cols)
    }

    /// Cohen's kappa from the agreeing count, the total and the two raters' marginals.
    public static func kappa(agree: Int, total n: Int, rows: [Int], columns cols: [Int]) -> Double? {
        guard n > 0 else { return nil }
        let po = Double(agree) / Double(n)
        var pe = 0.0
        for k in 0..<min(rows.count, cols.count) { pe += Double(rows[k]) * Double(cols[k]) }
        pe /= Double(n) * Double(n)
        if pe >= 1 { return po >= 1 ? 1 : nil }
        return (po - pe) / (1 - pe)
    }
}
