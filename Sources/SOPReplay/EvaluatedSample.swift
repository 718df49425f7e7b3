import SOPGraph

/// One sample walked through a SOP by `Replayer.evaluate`: what `sopc run` prints per case.
public struct EvaluatedSample: Hashable, Sendable {
    /// The line the sample starts on.
    public var line: Int
    /// The sample's `id`, or its line number when it has none.
    public var id: String
    public var label: OutcomeID?
    public var labeler: String?
    public var ai: OutcomeID?
    /// The outcome the SOP reaches; `nil` when the row was rejected.
    public var outcome: OutcomeID?
    /// The nodes the walk visited, in order (spell it with `DecisionPath`).
    public var path: [NodeID] = []
    /// Why the row could not be walked, when it could not.
    public var rejection: RejectedRow?

    public init(line: Int, id: String, label: OutcomeID? = nil, labeler: String? = nil, ai: OutcomeID? = nil,
                outcome: OutcomeID? = nil, path: [NodeID] = [], rejection: RejectedRow? = nil) {
        self.line = line
        self.id = id
        self.label = label
        self.labeler = labeler
        self.ai = ai
        self.outcome = outcome
        self.path = path
        self.rejection = rejection
    }
}
