import SOPCore
import SOPGraph

/// `unreachable-node` (structural): no chain of branches leads from `start` to the node.
public struct UnreachableNodeCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.unreachableNode] }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let sop = program[context.sop]
        guard let start = sop.start else { return }
        let reached = Self.reachable(from: start, in: program)
        for id in sop.nodes where !reached.contains(id) {
            let node = program[id]
            sink.emit(Diagnostic(
                .unreachableNode, at: context.span(node.range),
                "node `\(node.name)` is not reachable from `start`", node: node.name,
                help: "point a branch at `\(node.name)`, or remove it"), node: node)
        }
    }

    /// Nodes of the start's SOP reachable by following node targets (not sub-tree calls).
    static func reachable(from start: NodeID, in program: Program) -> Set<NodeID> {
        var seen: Set<NodeID> = [start]
        var stack = [start]
        while let n = stack.popLast() {
            let branches = program.nodes[n.index].branches
            for i in branches.indices {
                if case .node(let m)? = branches[i].target, seen.insert(m).inserted { stack.append(m) }
            }
        }
        return seen
    }
}
