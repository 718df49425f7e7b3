/// One replayed row, reduced to what the QA review needs after the pass: about 60 bytes a row.
///
/// The counts of the plain replay are additive and merged per batch; the review needs rows grouped by item
/// (several labelers on one id), sorted durations and a class per disagreement, so each worker keeps these
/// compact rows and the review is computed once, over all of them, after the merge.
struct ReviewRow: Sendable {
    /// The item (by `id`): batch-local while a worker holds the row, global after the merge; -1 without id.
    var item: Int32 = -1
    /// The labeler, numbered like the item; -1 without labeler.
    var labeler: Int32 = -1
    /// UTC day of the row's time (days since 1970-01-01); `Int32.min` without one.
    var day: Int32 = .min
    /// The divergence node of a disagreement; -1 when the row agrees, -2 when the label is unreachable.
    var node: Int32 = -1
    /// Where the SOP parts from the gold outcome, coded like `node`.
    var goldNode: Int32 = -1
    var label: Int16 = 0
    var sop: Int16 = 0
    /// The AI's outcome, or -1.
    var ai: Int16 = -1
    /// The gold outcome for the row's id, or -1.
    var gold: Int16 = -1
    /// The SOP's branch at `node` / `goldNode`.
    var branch: Int16 = -1
    var goldBranch: Int16 = -1
    /// Seconds spent on the sample; NaN without one.
    var duration: Float = .nan
    var line: Int = 0

    var agrees: Bool { node == -1 }
}

/// What the QA review reads and how it reports, beside the plain replay's options.
public struct ReviewOptions: Sendable {
    /// Trend period (used when the rows carry a time).
    public var period: ReviewPeriod = .week
    /// The gold outcome per item id.
    public var gold: GoldSet?
    /// Labels per hour each labeler should reach; those below are flagged.
    public var targetRate: Double?
    /// Agreement each labeler should reach (also the accuracy target of the productivity table).
    public var target = 0.95
    /// Items, defects and cases listed in the report (all are counted).
    public var maxListed = 20

    public init() {}
}
