import SOPCore
import SOPGraph
import SOPSolver

/// `unreachable-node` for nodes that branches lead to but no case reaches: every way in is a dead branch.
///
/// Nodes with no chain of branches from the start are the structural check's; this one reports only
/// nodes that chain exists for.
public struct InfeasibleNodeCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.unreachableNode] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        for facts in context.semanticModel.nodes where !facts.isFeasible {
            let node = program[facts.node]
            var notes: [Note] = facts.feasiblePredecessors.prefix(3).map { step in
                let from = program[step.node]
                let branch = from.branches[step.branch]
                return Note("`\(context.label(of: branch, in: from))` at node `\(from.name)` is never taken", at: context.span(branch.range, of: from))
            }
            if notes.isEmpty {
                notes.append(Note("it is reached only from nodes that are never reached"))
            }
            sink.emit(
                Diagnostic(
                    .unreachableNode, at: context.span(node.range, of: node),
                    "node `\(node.name)` is never reached: every branch leading to it is dead",
                    node: node.name, notes: notes,
                    help: "remove the node, or fix the conditions that lead to it"
                ),
                node: node
            )
        }
    }
}
