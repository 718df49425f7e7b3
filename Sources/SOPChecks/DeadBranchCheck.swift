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

    /// One note per member of the minimal set of facts that excludes the branch, each at its source.
    private func notes(_ reason: SemanticModel.DeadReason, label: String, branch: Branch, node: Node, _ context: CheckContext) -> [Note] {
        let program = context.program
        guard case .excluded(let exclusion) = reason else { return [Note("`\(label)` holds for no case")] }
        var notes: [Note] = []
        let branchNotes = exclusion.branches.map { j in
            Note("`\(context.label(of: node.branches[j], in: node))` is tested first", at: context.span(node.branches[j].range, of: node))
        }
        let decisionNotes = exclusion.decisions.map { decision -> Note in
            let d = program[decision.node]
            let at = decision.branches.count == 1 ? d.branches[decision.branches[0]].range : d.range
            let text = decision.requirement.map { "the path requires `\($0)` at node `\(d.name)`" } ?? "the path decides at node `\(d.name)`"
            return Note(text, at: context.span(at, of: d))
        }
        if exclusion.isLocal {
            notes.append(Note(branch.isElse ? "the other branches cover every case" : "every case with `\(label)` takes an earlier branch"))
            return notes + branchNotes
        }
        if exclusion.branches.isEmpty && exclusion.decisions.count == 1 && !exclusion.wholePath {
            // One decision alone: the note is that decision.
            return [Note("`\(label)` is impossible here: \(decisionNotes[0].message)", at: decisionNotes[0].span)]
        }
        if !exclusion.branches.isEmpty {
            notes.append(Note(branch.isElse
                ? "every case that reaches `\(node.name)` takes one of the other branches"
                : "every case that reaches `\(node.name)` with `\(label)` takes an earlier branch"))
        } else {
            notes.append(Note("`\(label)` is impossible here: these decisions on the path exclude it together"))
        }
        notes += branchNotes + decisionNotes
        if exclusion.wholePath {
            notes.append(Note(exclusion.requirement.map { "every path to `\(node.name)` requires `\($0)`" } ?? "no path to `\(node.name)` allows it together with the branches above"))
        }
        return notes
    }
}
