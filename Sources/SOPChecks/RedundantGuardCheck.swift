import SOPCore
import SOPGraph
import SOPSolver

/// `redundant-guard`: a `when` guard that holds for every case reaching its node.
public struct RedundantGuardCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.redundantGuard] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        for facts in context.semanticModel.nodes {
            let node = context.program[facts.node]
            for i in facts.redundantGuards {
                let branch = node.branches[i]
                let label = context.label(of: branch, in: node)
                let testedAfterOthers = node.match == .first && node.branches[..<i].contains { !$0.isElse }
                var notes = [Note(testedAfterOthers
                    ? "every case that reaches `\(node.name)` and passes the branches before it satisfies it"
                    : "every case that reaches `\(node.name)` satisfies it")]
                if i + 1 < node.branches.count {
                    notes.append(Note(node.match == .first
                        ? "so no branch after it is ever taken"
                        : "so every other branch either overlaps it or is never taken"))
                }
                sink.emit(
                    Diagnostic(
                        .redundantGuard, at: context.span(branch.range, of: node),
                        "guard `\(label)` always holds here", node: node.name, notes: notes,
                        help: "replace the branch with `else`, or remove the condition"
                    ),
                    node: node, branch: i
                )
            }
        }
    }
}
