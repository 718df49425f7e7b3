import SOPCore
import SOPGraph

/// `example-mismatch`: an `examples:` entry whose `given` case does not end in its `expect` outcome, by the
/// one example runner (`Program.run`).
public struct ExampleMismatchCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.exampleMismatch] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let sop = context.sop
        for example in program[sop].examples {
            let verdict = program.run(example, from: sop)
            let path = Note("path taken: `\(verdict.pathText)`")
            switch verdict.failure {
            case nil, .malformed?, .noExpectation?:
                // An example naming no known outcome has its own diagnostic from the compiler.
                continue
            case .wrongOutcome(let expected, let got)?:
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` ends in `\(program.name(of: got, from: sop))`, not `\(program.name(of: expected, from: sop))`",
                    notes: [path, Note("expected here", at: context.span(example.expectRange))],
                    help: "fix the tree or the example's `expect`"
                ))
            case .missingInput(let node, let inputs)?:
                let names = inputs.map { "`\(program.name(of: $0, from: sop))`" }.joined(separator: ", ")
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` does not give \(names), needed at node `\(program.pathName(of: node, from: sop))`",
                    notes: [path],
                    help: "add \(names) to the example's `given`"
                ))
            case .noBranch(let node)?:
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` takes no branch at node `\(program.pathName(of: node, from: sop))`",
                    notes: [path],
                    help: "add a branch for this case, or fix the example's `given`"
                ))
            }
        }
    }
}
