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
        var used = [Bool](repeating: false, count: program.inputs.count)
        func mark(_ g: Guard) {
            switch g {
            case .constant: break
            case .not(let inner): mark(inner)
            case .and(let parts), .or(let parts): parts.forEach(mark)
            case .compare(let id, _, _), .oneOf(let id, _), .contains(let id, _): used[id.index] = true
            }
        }
        for n in program.nodes.indices {
            if case .switch(let input) = program.nodes[n].form { used[input.index] = true }
            let branches = program.nodes[n].branches
            for i in branches.indices { mark(branches[i].condition) }
        }
        for id in sop.inputs where !used[id.index] {
            let input = program[id]
            sink.emit(Diagnostic(
                .unusedInput, at: context.span(input.range),
                "input `\(input.name)` is never read", help: "use `\(input.name)` in a guard or a switch, or remove it"), input: input)
        }
    }
}
