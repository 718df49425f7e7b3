import SOPCore
import SOPGraph
import SOPSolver

/// `analysis-limit`: the semantic analysis hit its work bound at a node and left findings unreported.
public struct AnalysisLimitCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.analysisLimit] }
    public var needsValidProgram: Bool { true }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let model = context.semanticModel
        for hit in model.limitHits {
            let node = context.program[hit.node]
            let scope = hit.skipped > 0
                ? "findings about `\(node.name)` and the \(hit.skipped) node\(hit.skipped == 1 ? "" : "s") after it may be incomplete"
                : "findings about `\(node.name)` may be missing"
            sink.emit(
                Diagnostic(
                    .analysisLimit, at: context.span(node.range, of: node),
                    hit.budgetSpent
                        ? "analysis stopped at node `\(node.name)`: the SOP used up its analysis budget"
                        : hit.openQuestions > 0
                        ? "analysis left \(hit.openQuestions) question\(hit.openQuestions == 1 ? "" : "s") about node `\(node.name)` open: each needed more than \(model.searchLimit) search steps"
                        : "analysis stopped at node `\(node.name)`: it needed more than \(model.stepLimit) steps",
                    node: node.name, notes: [Note(scope)],
                    help: "split the SOP into sub-trees, or simplify the guards of the branches that merge here"
                ),
                node: node
            )
        }
    }
}
