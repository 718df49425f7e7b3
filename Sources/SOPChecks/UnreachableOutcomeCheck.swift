import SOPCore
import SOPGraph
import SOPSolver

/// `unreachable-outcome`: an outcome that branches lead to, but that no case ends in.
public struct UnreachableOutcomeCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.unreachableOutcome] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        for unreachable in context.semanticModel.unreachableOutcomes {
            let outcome = program[unreachable.outcome]
            let notes = unreachable.branches.prefix(3).map { step -> Note in
                let from = program[step.node]
                let branch = from.branches[step.branch]
                let label = context.label(of: branch, in: from)
                if !(context.semanticModel.facts(of: step.node)?.isFeasible ?? false) {
                    return Note("`\(label)` is at node `\(from.name)`, which is never reached", at: context.span(branch.range, of: from))
                }
                return Note("`\(label)` at node `\(from.name)` is never taken", at: context.span(branch.range, of: from))
            }
            // The outcome's `allow:` accepts it; so does the branch, when it is the single way in.
            let only = unreachable.branches.count == 1 ? unreachable.branches[0] : nil
            sink.emit(
                Diagnostic(
                    .unreachableOutcome, at: context.span(outcome.range),
                    "outcome `\(outcome.name)` is never reached: every branch leading to it is dead",
                    notes: notes,
                    help: "remove the outcome, or fix the conditions that lead to it"
                ),
                node: only.map { program[$0.node] }, branch: only?.branch, outcome: outcome
            )
        }
    }
}
