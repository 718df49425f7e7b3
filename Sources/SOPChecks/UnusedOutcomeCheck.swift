import SOPCore
import SOPGraph

/// `unused-outcome`: an outcome no branch anywhere in the program ends in. Libraries are exempt: they
/// declare outcomes for others.
public struct UnusedOutcomeCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.unusedOutcome] }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let sop = program[context.sop]
        guard sop.start != nil else { return }
        var used = [Bool](repeating: false, count: program.outcomes.count)
        for n in program.nodes.indices {
            let branches = program.nodes[n].branches
            for i in branches.indices {
                if case .outcome(let o)? = branches[i].target { used[o.index] = true }
            }
        }
        for id in sop.outcomes where !used[id.index] {
            let outcome = program[id]
            sink.emit(Diagnostic(
                .unusedOutcome, at: context.span(outcome.range),
                "outcome `\(outcome.name)` is never used", help: "end a branch in `\(outcome.name)`, or remove it"), outcome: outcome)
        }
    }
}
