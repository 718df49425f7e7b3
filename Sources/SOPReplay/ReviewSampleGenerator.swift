import SOPCore
import SOPGraph

/// Generates a QA-review data set: items labeled by several labelers over several weeks, with handling
/// times, an AI outcome and a gold set, and three things planted so the review can be checked:
///
/// - **an SOP defect**: on items whose walk passes `defectNode`, every labeler chooses the same other
///   outcome (reached through another branch of that node), and gold agrees with them;
/// - **labeler noise**: each labeler mislabels a share of items (`noise`) with a random other outcome;
/// - **productivity differences**: each labeler's handling times scatter around their own mean.
public struct ReviewSampleGenerator: Sendable {
    public struct Labeler: Sendable {
        public var name: String
        /// Share of items this labeler labels with a random outcome other than the item's true one.
        public var noise: Double
        /// Mean seconds per sample.
        public var seconds: Double

        public init(name: String, noise: Double, seconds: Double) {
            self.name = name
            self.noise = noise
            self.seconds = seconds
        }
    }

    public struct Options: Sendable {
        public var labelers: [Labeler] = []
        /// Labelers per item (distinct; at most the number of labelers).
        public var labelsPerItem = 3
        /// The node where the SOP is planted wrong.
        public var defectNode: NodeID?
        /// Share of the items through `defectNode` that the defect affects.
        public var defectRate = 1.0
        /// Share of rows that record the labeler's `path` (never on a row the labeler's noise changed).
        public var pathRate = 0.0
        /// Share of items in the gold set.
        public var goldRate = 0.1
        /// Share of rows carrying an AI outcome, and how often it differs from the true outcome.
        public var aiRate = 0.5
        public var aiErrorRate = 0.08
        /// Items are spread evenly over this many days from `firstDay` (days since 1970-01-01).
        public var days = 28
        public var firstDay = ISODate.days(year: 2026, month: 1, day: 5)
        public var seed: UInt64 = 7

        public init() {}
    }

    /// One labeled row, with what was planted in it.
    public struct Row: Sendable {
        public var item: Int
        public var sample: Case
        public var sop: OutcomeID
        /// The outcome the item should get (gold): the SOP's, or the planted defect's.
        public var truth: OutcomeID
        public var label: OutcomeID
        public var labeler: String
        public var ai: OutcomeID?
        public var day: Int
        /// Seconds after midnight UTC.
        public var second: Int
        public var seconds: Double
        /// The labeler's noise changed this label.
        public var noisy: Bool
        /// The route the labeler recorded, if any.
        public var path: [NodeID]?
        /// The item passes the defect node.
        public var defect: Bool
        public var inGold: Bool
    }

    public let graph: ReplayGraph
    public let options: Options
    private let cases: SampleGenerator

    public init(graph: ReplayGraph, options: Options) {
        self.graph = graph
        self.options = options
        var o = SampleGenerator.Options()
        if let d = options.defectNode { o.noise = [d: options.defectRate] }
        o.pathRate = options.pathRate
        o.seed = options.seed
        cases = SampleGenerator(graph: graph, options: o)
    }

    /// The rows of item `index`: one per labeler who labeled it; the same for the same seed and index.
    public func rows(item index: Int) -> [Row] {
        guard let base = cases.sample(index) else { return [] }
        var rng = SplitMix64(seed: options.seed &* 31 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        // The planted defect: a sample noised at the defect node keeps its detour as the true outcome.
        let defect = base.planted != nil
        let truth = base.label
        let outcomes = graph.reachableOutcomes
        var pool = Array(options.labelers.indices)
        var chosen: [Int] = []
        for _ in 0..<min(options.labelsPerItem, pool.count) { chosen.append(pool.remove(at: rng.below(pool.count))) }
        let day = options.firstDay + (options.days > 0 ? index % options.days : 0)
        let inGold = rng.unit() < options.goldRate
        return chosen.map { l -> Row in
            let labeler = options.labelers[l]
            var label = truth
            var noisy = false
            if rng.unit() < labeler.noise, outcomes.count > 1 {
                let others = outcomes.filter { $0 != truth }
                label = others[rng.below(others.count)]
                noisy = true
            }
            var ai: OutcomeID?
            if rng.unit() < options.aiRate {
                ai = rng.unit() < options.aiErrorRate && outcomes.count > 1 ? outcomes[rng.below(outcomes.count)] : truth
            }
            // Handling time: the labeler's mean times a spread of 0.5 to 1.5, in tenths of a second.
            let seconds = (labeler.seconds * (0.5 + rng.unit()) * 10).rounded() / 10
            return Row(item: index, sample: base.sample, sop: base.sop, truth: truth, label: label, labeler: labeler.name, ai: ai,
                       day: day, second: 8 * 3600 + rng.below(9 * 3600), seconds: seconds, noisy: noisy, path: noisy ? nil : base.path,
                       defect: defect, inGold: inGold)
        }
    }

    /// The item's id in generated files.
    public static func id(_ item: Int) -> String { "item-\(item + 1)" }

    /// A row as JSON Lines: inputs, `id`, `label`, `labeler`, `ai`, `labeled_at` (ISO 8601 with a `Z`),
    /// `seconds`.
    public func jsonLine(_ r: Row) -> String {
        let d = ISODate.civil(fromDays: r.day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        let time = "\(d.year)-\(two(d.month))-\(two(d.day))T\(two(r.second / 3600)):\(two(r.second / 60 % 60)):\(two(r.second % 60))Z"
        let sample = SampleGenerator.Sample(sample: r.sample, label: r.label, sop: r.sop, planted: nil, path: r.path, labeler: r.labeler, ai: r.ai)
        var line = cases.jsonLine(sample, id: Self.id(r.item))
        line.removeLast(2)
        line += ",\"labeled_at\":\"\(time)\",\"seconds\":\(JSONValue.double(r.seconds, fractionDigits: 1).rendered(indent: 0))}\n"
        return line
    }

    /// A gold row: `id` and `label`.
    public func goldLine(_ r: Row) -> String {
        var out = "{\"id\":"
        JSONValue.writeString(Self.id(r.item), to: &out)
        out += ",\"label\":"
        JSONValue.writeString(graph.name(of: r.truth), to: &out)
        return out + "}\n"
    }
}
