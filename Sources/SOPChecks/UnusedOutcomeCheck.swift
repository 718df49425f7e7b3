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
        let used = context.programUsage.outcomesTargeted
        for id in sop.outcomes where !used[id.index] {
            let outcome = program[id]
            sink.emit(Diagnostic(
                .unusedOutcome, at: context.span(outcome.range),
                "outcome `\(outcome.name)` is never used", help: "end a branch in `\(outcome.name)`, or remove it"), outcome: outcome)
        }
    }
}
