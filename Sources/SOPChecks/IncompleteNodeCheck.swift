import SOPCore
import SOPGraph
import SOPSolver

/// `incomplete-node`: a case reaches the node, satisfies none of its guards and finds no `else`.
public struct IncompleteNodeCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.incompleteNode] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        for facts in context.semanticModel.nodes where facts.isIncomplete {
            let node = context.program[facts.node]
            var notes: [Note] = []
            if facts.everyCaseUncovered {
                notes.append(Note("every case reaching the node is uncovered: no branch holds for any of them"))
            } else if let uncovered = facts.uncoveredCondition {
                notes.append(Note("no branch covers `\(uncovered)`"))
            }
            sink.emit(
                Diagnostic(
                    .incompleteNode, at: context.span(node.range, of: node),
                    facts.everyCaseUncovered ? "no case that reaches `\(node.name)` takes a branch" : "some cases that reach `\(node.name)` take no branch",
                    node: node.name, notes: notes,
                    help: "add an `else` branch, or a branch for the uncovered cases",
                    witness: facts.incompleteWitness.map { context.witness($0, path: facts.incompletePath, at: node.id) }
                ),
                node: node
            )
        }
    }
}
