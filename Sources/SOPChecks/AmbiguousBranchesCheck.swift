import SOPCore
import SOPGraph
import SOPSolver

/// `ambiguous-branches`: two guards of an exclusive node that both hold for a case reaching it.
public struct AmbiguousBranchesCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.ambiguousBranches] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        for facts in context.semanticModel.nodes {
            let node = context.program[facts.node]
            for overlap in facts.ambiguities {
                let first = node.branches[overlap.first], second = node.branches[overlap.second]
                let a = context.label(of: first, in: node), b = context.label(of: second, in: node)
                sink.emit(
                    Diagnostic(
                        .ambiguousBranches, at: context.span(second.range, of: node),
                        "branches `\(a)` and `\(b)` of node `\(node.name)` both hold for some cases",
                        node: node.name,
                        notes: [Note("`\(a)` also holds for the witness", at: context.span(first.range, of: node))],
                        help: "make the guards exclusive, or add `match: first` so the first matching branch wins",
                        witness: overlap.witness.map { context.witness($0, path: overlap.path, at: node.id) }
                    ),
                    node: node, branch: overlap.second
                )
            }
        }
    }
}
