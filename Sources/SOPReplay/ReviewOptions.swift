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
    /// The most trend periods a run keeps: the latest ones (see `docs/limits.md`). Rows of earlier periods
    /// count in every figure but the trends.
    public var maxPeriods = ReviewOptions.defaultMaxPeriods
    public static let defaultMaxPeriods = 1_000

    public init() {}
}
