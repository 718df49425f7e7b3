import SOPGraph

/// The QA review of a replay: trends, productivity, agreement between labelers on the same items, accuracy
/// against a gold set, and a root cause for every disagreement. Plain values, computed once after the
/// pass; the text, JSON and HTML reports only format them.
public struct QAReview: Sendable {
    public var trends: Trends?
    public var productivity: Productivity?
    public var multiRater: MultiRater?
    public var gold: GoldReview?
    public var rootCauses: RootCauses
    /// Rows that repeat the (item, labeler) pair of an earlier row, and the first of them in input order
    /// (its item, labeler or -1, and line): found while the labels are grouped by item.
    var repeatedPairs = 0
    var firstRepeat: (item: Int32, labeler: Int32, line: Int)?
    /// Rows with an id grouped by item, and those past `ReplayOptions.maxItemBytes` that are not: they
    /// count everywhere but in the analyses by item (several labelers per item, consensus, repeated pairs).
    var groupedItemRows = 0
    var ungroupedItemRows = 0

    // MARK: - Trends

    /// One period of a series.
    public struct PeriodPoint: Sendable {
        /// The period's place in `Trends.periods`.
        public var index: Int
        public var period: String
        public var samples: Int
        public var agree: Int
        public var agreement: Double?
        public var kappa: Double?
        public var disagreements: Int { samples - agree }
    }

    /// How a ratio moved between the last two periods, against the Wilson 95% interval of the earlier one.
    public struct Change: Sendable {
        public var from: String
        public var to: String
        public var previous: Double
        public var latest: Double
        public var low: Double
        public var high: Double
        /// `latest` lies outside `low...high`.
        public var flagged: Bool
    }

    /// Agreement over periods, for everyone (every period) or one labeler (the periods it has rows in).
    public struct Series: Sendable {
        public var name: String
        public var points: [PeriodPoint]
        public var change: Change?
    }

    /// One hotspot node's disagreements over periods; `rate` is over the period's replayed rows.
    public struct NodeSeries: Sendable {
        public var node: NodeID
        public var points: [(period: String, disagreements: Int, rate: Double?)]
        public var change: Change?
    }

    public struct Trends: Sendable {
        public var period: ReviewPeriod
        public var periods: [String]
        public var overall: Series
        public var labelers: [Series]
        public var nodes: [NodeSeries]
        /// Replayed rows in periods before the latest `ReviewOptions.maxPeriods`: in every figure but the
        /// trends.
        public var earlierRows: Int
    }

    // MARK: - Productivity

    /// One labeler's KPI row.
    public struct LabelerKPI: Sendable {
        public var labeler: String
        public var labels: Int
        /// Labels with a duration.
        public var timed: Int
        public var seconds: Double
        public var labelsPerHour: Double?
        public var medianSeconds: Double?
        public var p90Seconds: Double?
        /// Agreement with the SOP.
        public var accuracy: Double?
        /// Agreement with the gold set, when one is given and covers the labeler's items.
        public var goldAccuracy: Double?
        public var belowAccuracyTarget: Bool
        public var belowRateTarget: Bool
    }

    public struct Productivity: Sendable {
        public var accuracyTarget: Double
        public var rateTarget: Double?
        public var labelers: [LabelerKPI]
        /// Everyone together (labeler `*`).
        public var team: LabelerKPI
    }

    // MARK: - Several labelers per item

    /// Cohen's kappa between two labelers over the items both labeled.
    public struct RaterPair: Sendable {
        public var a: String
        public var b: String
        public var items: Int
        public var agree: Int
        public var kappa: Double?
    }

    /// An item's labels and their consensus.
    public struct ItemConsensus: Sendable {
        public var id: String
        /// Labels per outcome, most first.
        public var labels: [(outcome: OutcomeID, count: Int)]
        /// The outcome more than half of the labels chose, if any.
        public var majority: OutcomeID?
        /// The largest outcome's share of the labels.
        public var share: Double
        /// The SOP's outcome on the item's first row.
        public var sop: OutcomeID
    }

    public struct MultiRater: Sendable {
        /// Items with two labels or more, and the labels on them.
        public var items: Int
        public var labels: Int
        public var minLabels: Int
        public var maxLabels: Int
        public var fleissKappa: Double?
        public var krippendorffAlpha: Double?
        /// Labelers in the matrix, by name; `pairs` for every two of them with a shared item.
        public var labelers: [String]
        public var pairs: [RaterPair]
        public var withMajority: Int
        public var unanimous: Int
        public var noMajority: Int
        /// Items whose majority equals the SOP's outcome.
        public var majorityAgreesWithSOP: Int
        /// Items with no majority, by id (the first `maxListed`).
        public var noMajorityItems: [ItemConsensus]
        /// Items with the lowest consensus, then by id (the first `maxListed`).
        public var lowestConsensus: [ItemConsensus]
    }

    // MARK: - Gold

    public struct Accuracy: Sendable {
        public var name: String
        public var rows: Int
        public var correct: Int
        public var accuracy: Double?
    }

    /// A row where the SOP's own outcome differs from gold: a concrete case of an SOP defect.
    public struct GoldDefect: Sendable {
        public var id: String
        public var line: Int
        public var sop: OutcomeID
        public var gold: OutcomeID
        /// Where the SOP's walk parts from the gold outcome.
        public var divergence: Divergence
    }

    public struct GoldReview: Sendable {
        /// Entries in the gold file, and those matched by at least one replayed row.
        public var entries: Int
        public var matchedItems: Int
        /// Replayed rows whose id is in the gold set.
        public var rows: Int
        public var sop: Accuracy
        public var labels: Accuracy
        public var ai: Accuracy?
        public var labelers: [Accuracy]
        public var defects: Int
        /// Nodes where the SOP parts from gold, most first (`nil`: gold unreachable from the SOP's path).
        public var defectNodes: [(node: NodeID?, count: Int)]
        /// The first `maxListed` defects by id.
        public var defectCases: [GoldDefect]
    }

    // MARK: - Root causes

    public enum Cause: String, CaseIterable, Sendable {
        case labelError = "label-error"
        case sopSuspect = "sop-suspect"
        case unclear
    }

    /// Why a disagreement got its class.
    public enum Evidence: Sendable, Hashable {
        /// The gold outcome for the item.
        case gold(OutcomeID)
        /// `agreeing` of the item's `others` other labels chose `outcome` (the SOP's, or this label).
        case consensus(outcome: OutcomeID, agreeing: Int, others: Int)
        /// `labelers` different labelers made the same choice at the same node and SOP branch, in `share` of
        /// the rows whose SOP walk took that branch.
        case pattern(labelers: Int, share: Double)
        /// None of the above decides.
        case none
    }

    public struct Verdict: Sendable, Hashable {
        public var cause: Cause
        public var evidence: Evidence
    }

    /// One node's disagreements split by cause; hotspots are ranked by `sopSuspect`.
    public struct NodeCauses: Sendable {
        public var node: NodeID
        public var disagreements: Int
        public var labelError: Int
        public var sopSuspect: Int
        public var unclear: Int
        /// The most common (SOP branch → label) among the node's `sop-suspect` disagreements.
        public var suspectPattern: (branch: Int, label: OutcomeID, count: Int)?
    }

    public struct RootCauses: Sendable {
        public var labelError: Int
        public var sopSuspect: Int
        public var unclear: Int
        /// Disagreements decided by gold, by the other labels, by a shared pattern, or by none.
        public var byGold: Int
        public var byConsensus: Int
        public var byPattern: Int
        /// Per labeler: label-error, sop-suspect, unclear.
        public var labelers: [(labeler: String, labelError: Int, sopSuspect: Int, unclear: Int)]
        /// Nodes with at least one disagreement, most SOP suspicion first.
        public var nodes: [NodeCauses]
        /// Disagreements whose label no node can lead to, split by cause.
        public var unreachable: (labelError: Int, sopSuspect: Int, unclear: Int)
        /// Every disagreement's verdict, in input order, with its line.
        let lines: [Int]
        let verdicts: [Verdict]

        /// The verdict of the disagreement on `line`.
        public func verdict(line: Int) -> Verdict? {
            var lo = 0, hi = lines.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if lines[mid] < line { lo = mid + 1 } else { hi = mid }
            }
            return lo < lines.count && lines[lo] == line ? verdicts[lo] : nil
        }

        /// Verdicts in input order (the order of the disagreements file).
        public var inInputOrder: [Verdict] { verdicts }
    }

    /// A choice (SOP branch → label) counts as a pattern when at least this many labelers made it...
    public static let patternLabelers = 3
    /// ...in at least this share of the rows whose SOP walk took that branch (random slips spread thin).
    public static let patternShare = 0.1
    /// Up to this many labels on an item, a repeated (item, labeler) pair is found by scanning the item's
    /// earlier labels; above it, with a set.
    static let scannedLabels = 16
}
