import SOPCore
import SOPGraph

/// `example-mismatch`: an `examples:` entry whose `given` case does not end in its `expect` outcome.
public struct ExampleMismatchCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.exampleMismatch] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let sop = context.sop
        for example in program[sop].examples {
            guard let expected = example.expect else { continue }
            var c = Case(inputCount: program.inputs.count)
            for (id, value) in example.given where id.index >= 0 && id.index < program.inputs.count {
                c[id] = value
            }
            let walk = program.walk(c, from: sop)
            // Spelled as every path is (`DecisionPath`): node ids as seen from this SOP, then where it ended.
            let path = walk.steps.map { program.pathName(of: $0.node, from: sop) }
            func taken(_ last: String) -> Note { Note("path taken: `\(DecisionPath.join(path + [last]))`") }
            let expectedName = program.name(of: expected, from: sop)
            switch walk.end {
            case .malformed:
                continue
            case .outcome(let o):
                if o == expected { continue }
                let got = program.name(of: o, from: sop)
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` ends in `\(got)`, not `\(expectedName)`",
                    notes: [taken(got), Note("expected here", at: context.span(example.expectRange))],
                    help: "fix the tree or the example's `expect`"
                ))
            case .missingInput(let node, let inputs):
                let names = inputs.map { "`\(program.name(of: $0, from: sop))`" }.joined(separator: ", ")
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` does not give \(names), needed at node `\(program[node].name)`",
                    notes: [taken(program.pathName(of: node, from: sop))],
                    help: "add \(names) to the example's `given`"
                ))
            case .noBranch(let node):
                sink.emit(Diagnostic(
                    .exampleMismatch, at: context.span(example.range),
                    "example `\(example.name)` takes no branch at node `\(program[node].name)`",
                    notes: [taken(program.pathName(of: node, from: sop))],
                    help: "add a branch for this case, or fix the example's `given`"
                ))
            }
        }
    }
}
