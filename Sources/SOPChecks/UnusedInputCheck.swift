import SOPCore
import SOPGraph

/// `unused-input`: an input no guard or switch in the program reads. Libraries are exempt, and so are
/// files with errors: a guard that failed to compile may be the one that reads the input.
public struct UnusedInputCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.unusedInput] }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let sop = program[context.sop]
        guard sop.start != nil, context.compiledCleanly else { return }
        let used = context.programUsage.inputsRead
        for id in sop.inputs where !used[id.index] {
            let input = program[id]
            sink.emit(Diagnostic(
                .unusedInput, at: context.span(input.range),
                "input `\(input.name)` is never read", help: "use `\(input.name)` in a guard or a switch, or remove it"), input: input)
        }
    }
}
