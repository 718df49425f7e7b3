#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inter-rater agreement and the small statistics the QA review reports, as pure functions over counts.
///
/// Checked against statsmodels (`fleiss_kappa`, `cohens_kappa`) and the `krippendorff` package in
/// `Tests/e2e/test_agreement_stats.py`.
public enum Agreement {
    /// Fleiss' kappa from per-item category counts (`items[i][k]`: how many labels item `i` got in class `k`).
    ///
    /// Items with fewer than two labels are skipped. With a varying number of labels per item each item's
    /// agreement is `(Σ_k n_ik² - n_i) / (n_i (n_i - 1))` and the class shares are taken over all labels;
    /// with a constant number this is Fleiss' (1971) statistic exactly. `nil` with no item, and when the
    /// expected agreement is 1 (every label in one class).
    public static func fleissKappa(_ items: [[Int]]) -> Double? {
        var a = Accumulator(classes: items.map(\.count).max() ?? 0)
        for counts in items { a.add(counts) }
        return a.fleissKappa
    }

    /// Krippendorff's alpha for nominal data from per-item category counts (the coincidence-matrix form).
    ///
    /// Items with fewer than two labels carry no pairable value and are skipped. `nil` when fewer than two
    /// pairable labels remain, or when every pairable label is in one class (no expected disagreement).
    public static func krippendorffAlpha(_ items: [[Int]]) -> Double? {
        var a = Accumulator(classes: items.map(\.count).max() ?? 0)
        for counts in items { a.add(counts) }
        return a.krippendorffAlpha
    }

    /// Sums over items, one item at a time, for Fleiss' kappa and Krippendorff's alpha: memory does not
    /// grow with the number of items.
    public struct Accumulator: Sendable {
        /// Labels per class, over items with two labels or more.
        var totals: [Int]
        var labels = 0
        var items = 0
        /// Σ over items of the item's pairwise agreement (Fleiss' P_i).
        var sumP = 0.0
        /// Σ over items of (m² - Σ_k n_k²) / (m - 1): the disagreeing pairs of the coincidence matrix.
        var observed = 0.0

        public init(classes: Int) { totals = Array(repeating: 0, count: classes) }

        /// Adds one item's counts per class; items with fewer than two labels are skipped.
        public mutating func add(_ counts: [Int]) {
            counts.withUnsafeBufferPointer { add($0) }
        }

        /// `add` over a buffer of counts.
        public mutating func add(_ counts: UnsafeBufferPointer<Int>) {
            let present = counts.indices.filter { counts[$0] != 0 }
            present.withUnsafeBufferPointer { add(counts, present: $0) }
        }

        /// `add` for an item whose labels fall in the classes `present` lists (each once, in any order): the
        /// other classes' counts are 0 and are not read. For items of a few labels among many classes.
        mutating func add(_ counts: UnsafeBufferPointer<Int>, present: UnsafeBufferPointer<Int>) {
            var m = 0, squares = 0
            for k in present {
                m += counts[k]
                squares += counts[k] * counts[k]
            }
            guard m >= 2 else { return }
            if let last = present.max(), totals.count <= last { totals += Array(repeating: 0, count: last + 1 - totals.count) }
            totals.withUnsafeMutableBufferPointer { totals in
                for k in present { totals[k] += counts[k] }
            }
            labels += m
            items += 1
            sumP += Double(squares - m) / Double(m * (m - 1))
            observed += Double(m * m - squares) / Double(m - 1)
        }

        public var fleissKappa: Double? {
            guard items > 0 else { return nil }
            let pBar = sumP / Double(items)
            var pe = 0.0
            for t in totals {
                let p = Double(t) / Double(labels)
                pe += p * p
            }
            if pe >= 1 { return nil }
            return (pBar - pe) / (1 - pe)
        }

        /// alpha = 1 - (n - 1) · Σ_u (m_u² - Σ_k n_uk²) / (m_u - 1) / (n² - Σ_k n_k²).
        public var krippendorffAlpha: Double? {
            guard labels >= 2 else { return nil }
            var squares = 0.0
            for t in totals { squares += Double(t) * Double(t) }
            let expected = Double(labels) * Double(labels) - squares
            guard expected > 0 else { return nil }
            return 1 - Double(labels - 1) * observed / expected
        }
    }

    /// Wilson score interval at 95% for `k` successes out of `n`; `nil` when `n` is 0.
    public static func wilson(_ k: Int, _ n: Int) -> (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let z = 1.959963984540054
        let nn = Double(n), p = Double(k) / nn
        let z2 = z * z
        let denominator = 1 + z2 / nn
        let center = (p + z2 / (2 * nn)) / denominator
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }

    /// The median of sorted values: the middle one, or the mean of the two middle ones; `nil` when empty.
    public static func median<C: RandomAccessCollection<Double>>(sorted v: C) -> Double? where C.Index == Int {
        guard !v.isEmpty else { return nil }
        let m = v.count / 2
        return v.count % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least `q` of the values at
    /// or below it (`q` in 0...1); `nil` when empty.
    public static func percentile<C: RandomAccessCollection<Double>>(sorted v: C, _ q: Double) -> Double? where C.Index == Int {
        guard !v.isEmpty else { return nil }
        let rank = Int((q * Double(v.count)).rounded(.up))
        return v[min(max(rank, 1), v.count) - 1]
    }
}
