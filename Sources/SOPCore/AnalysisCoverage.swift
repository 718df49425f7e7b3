/// How much of the semantic analysis was proven: nodes whose every question was answered, and branches
/// whose liveness was decided, against those a question about which ran out of budget.
public struct AnalysisCoverage: Hashable, Sendable {
    public var provenNodes = 0
    public var openNodes = 0
    public var provenBranches = 0
    public var openBranches = 0

    public init(provenNodes: Int = 0, openNodes: Int = 0, provenBranches: Int = 0, openBranches: Int = 0) {
        self.provenNodes = provenNodes
        self.openNodes = openNodes
        self.provenBranches = provenBranches
        self.openBranches = openBranches
    }

    /// Whether some question was left open.
    public var isPartial: Bool { openNodes > 0 || openBranches > 0 }

    public static func + (a: AnalysisCoverage, b: AnalysisCoverage) -> AnalysisCoverage {
        AnalysisCoverage(provenNodes: a.provenNodes + b.provenNodes, openNodes: a.openNodes + b.openNodes,
                         provenBranches: a.provenBranches + b.provenBranches, openBranches: a.openBranches + b.openBranches)
    }

    /// `semantic analysis: 9,990 nodes proven, 10 left open (24,500 branches proven, 31 open)`.
    public var line: String {
        "semantic analysis: \(provenNodes) node\(provenNodes == 1 ? "" : "s") proven, \(openNodes) left open"
            + " (\(provenBranches) branch\(provenBranches == 1 ? "" : "es") proven, \(openBranches) open)"
    }
}
