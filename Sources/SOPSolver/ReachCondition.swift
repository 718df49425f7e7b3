import SOPCore
import SOPGraph

/// What must hold for a case to reach a node: the node's path condition, simplified for people.
public enum ReachCondition: Hashable, Sendable {
    /// The node is the start: every case reaches it.
    case always
    /// Every case reaching the node satisfies all of `common` and one of the `alternatives` (each a
    /// conjunction), with the count of further alternatives left out.
    case when(common: [String], alternatives: [String], omitted: Int)
    /// Edges lead to the node, but only through branches no case takes.
    case never
    /// No chain of branches leads from the start to the node.
    case notConnected
    /// The analysis ran past its bound before reaching the node.
    case limitReached

    /// Computes the reach condition of `node` in `sop`, bounding each diagram operation batch by `stepLimit`.
    public init(program: Program, sop: SOPID, node: NodeID, stepLimit: Int = Solver.defaultStepLimit) {
        let analysis = PathAnalysis(program: program, sop: sop, stepLimit: stepLimit, bounded: false)
        guard !analysis.hasCycle, node.index >= 0, node.index < program.nodes.count, analysis.position[node.index] >= 0 else {
            self = .notConnected
            return
        }
        let p = analysis.position[node.index]
        if p == 0 {
            self = .always
            return
        }
        guard let pc = analysis.pc[p] else {
            self = .limitReached
            return
        }
        if pc == DecisionDiagram.falseRef {
            self = .never
            return
        }
        analysis.dd.budget(stepLimit)
        let (common, rest, omitted) = analysis.simplifier().factored(pc, in: analysis.dd)
        if analysis.dd.exhausted {
            self = .limitReached
            return
        }
        let alternatives = rest.map { $0.isEmpty ? "true" : $0.joined(separator: " and ") }
        self = .when(common: common, alternatives: alternatives, omitted: omitted)
    }

    /// The condition as lines of text, the way `sopc why` prints it.
    public var lines: [String] {
        switch self {
        case .always: return ["always reached: it is the start node"]
        case .when(let common, let alternatives, let omitted):
            if common.isEmpty && alternatives.isEmpty { return ["always reached: every case gets here"] }
            let shared = common.joined(separator: " and ")
            if alternatives.count <= 1 && omitted == 0 {
                return ["reached when " + ([shared] + alternatives).filter { !$0.isEmpty }.joined(separator: " and ")]
            }
            var result = [common.isEmpty ? "reached when any of:" : "reached when \(shared), and any of:"]
            result += alternatives.map { "  \($0)" }
            if omitted > 0 { result.append("  " + MoreNotShown.text(omitted)) }
            return result
        case .never: return ["never reached: every branch leading here is dead"]
        case .notConnected: return ["never reached: no branch leads here from the start"]
        case .limitReached: return ["unknown: the analysis stopped at its work bound before this node"]
        }
    }
}
