import SOPCore
import SOPGraph
import SOPSolver
import Synchronization

/// Holds a SOP's semantic model so that it is built once, by the first check that needs it.
package final class AnalysisCache: Sendable {
    private let model = Mutex<SemanticModel?>(nil)

    package init() {}

    /// The model of `context`'s SOP, built on first use.
    package func semanticModel(_ context: CheckContext) -> SemanticModel {
        model.withLock { cached in
            if let cached { return cached }
            let built = SemanticModel(program: context.program, sop: context.sop, stepLimit: context.limits.solverSteps, totalLimit: context.analysisSteps,
                                      boxLimit: context.limits.boxes, cancellation: context.cancellation)
            cached = built
            return built
        }
    }
}
