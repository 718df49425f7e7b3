import SOPCore
import SOPGraph
import SOPSolver

/// `dead-branch`: a branch, case or `else` that no case reaching its node can take.
public struct DeadBranchCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.deadBranch] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        for facts in context.semanticModel.nodes {
            let node = program[facts.node]
            for dead in facts.deadBranches {
                let branch = node.branches[dead.branch]
                let label = context.label(of: branch, in: node)
                let message: String
                switch branch.kind {
                case .when: message = "branch `\(label)` is never taken"
                case .case: message = "case `\(label)` is never taken"
                case .else: message = "`else` is never taken"
                }
                sink.emit(
                    Diagnostic(
                        .deadBranch, at: context.span(branch.range, of: node), message, node: node.name,
                        notes: notes(dead.reason, label: label, branch: branch, node: node, context),
                        help: branch.isElse ? "remove the `else` branch" : "remove the branch, or fix its condition or the decisions before it"
                    ),
                    node: node, branch: dead.branch
                )
            }
        }
    }

    private func notes(_ reason: SemanticModel.DeadReason, label: String, branch: Branch, node: Node, _ context: CheckContext) -> [Note] {
        let program = context.program
        switch reason {
        case .neverHolds:
            return [Note("`\(label)` holds for no case")]
        case .coveredByOthers(let others):
            let first = branch.isElse ? "the other branches cover every case" : "every case with `\(label)` takes an earlier branch"
            return [Note(first)] + others.prefix(3).map { j in
                Note("`\(context.label(of: node.branches[j], in: node))` is tested first", at: context.span(node.branches[j].range, of: node))
            }
        case .takenByOthers(let others):
            let first = branch.isElse
                ? "every case that reaches `\(node.name)` takes one of the other branches"
                : "every case that reaches `\(node.name)` with `\(label)` takes an earlier branch"
            return [Note(first)] + others.prefix(3).map { j in
                Note("`\(context.label(of: node.branches[j], in: node))` takes those cases", at: context.span(node.branches[j].range, of: node))
            }
        case .excludedByPath(let requirement?, let decider?, let branches):
            let d = program[decider]
            let at = branches.count == 1 ? d.branches[branches[0]].range : d.range
            return [Note("`\(label)` is impossible here: the path requires `\(requirement)` at node `\(d.name)`", at: context.span(at, of: d))]
        case .excludedByPath(let requirement?, nil, _):
            return [Note("`\(label)` is impossible here: every path to `\(node.name)` requires `\(requirement)`")]
        case .excludedByPath(nil, _, _):
            return [Note("`\(label)` is impossible here: no path to `\(node.name)` allows it")]
        }
    }
}
