import SOPChecks
import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// `sopc check --deep` is the default analysis with boxes of cases: the checks build each SOP's model with
/// the boxes their limits ask for, and boxes never lose a proof. (That boxes prove more, and only the
/// truth, is `SemanticModelPropertyTests.boxesProveMoreAndAgreeWithBruteForce`; on the 10,000-node
/// benchmark SOP `--deep` proves 973 nodes against 428, `docs/performance.md`.)
@Suite struct DeepCheckTests {
    @Test func deepChecksUseBoxesWithTheSameBounds() {
        #expect(AnalysisLimits.default.boxes == 0)
        #expect(AnalysisLimits.deep.boxes == SemanticModel.boxLimit && AnalysisLimits.deep.boxes > 0)
        #expect(AnalysisLimits.deep.solverSteps == AnalysisLimits.default.solverSteps && AnalysisLimits.deep.runSteps == AnalysisLimits.default.runSteps)
        // A search of one step per question, so the cheap answers decide.
        let plain = AnalysisLimits(solverSteps: 10), deep = AnalysisLimits(solverSteps: 10, boxes: SemanticModel.boxLimit)
        var provenPlain = 0, provenDeep = 0
        for seed in UInt64(0)..<400 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let valid: Set<SOPID> = [SOPID(0)]
            let a = Checks.run(on: program, valid: valid, limits: plain).coverage
            let b = Checks.run(on: program, valid: valid, limits: deep).coverage
            let share = plain.stepsPerSOP(among: 1)
            #expect(a == SemanticModel(program: program, sop: SOPID(0), stepLimit: 10, totalLimit: share, boxLimit: 0).coverage, "seed \(seed)")
            #expect(b == SemanticModel(program: program, sop: SOPID(0), stepLimit: 10, totalLimit: share, boxLimit: SemanticModel.boxLimit).coverage, "seed \(seed)")
            #expect(b.provenNodes >= a.provenNodes, "seed \(seed): boxes never lose a proof")
            provenPlain += a.provenNodes
            provenDeep += b.provenNodes
        }
        #expect(provenDeep >= provenPlain && provenPlain > 0, "\(provenDeep) nodes proven with boxes, \(provenPlain) without")
    }
}
