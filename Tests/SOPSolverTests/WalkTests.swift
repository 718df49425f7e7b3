import SOPCore
import SOPGraph
import Testing
@testable import SOPSolver

/// Forward walks: every box a walk leaves at a node holds only cases that reach that node, checked case by
/// case against brute force on random small SOPs; and with walks the analysis proves more than without,
/// agreeing with brute force either way (`SemanticModelPropertyTests.walksProveMoreAndAgreeWithBruteForce`).
@Suite struct WalkTests {
    @Test func everyWalkedBoxHoldsOnlyCasesThatReachItsNode() {
        var boxesChecked = 0, casesChecked = 0, deepBoxes = 0
        for seed in UInt64(0)..<1_000 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sop = SOPID(0)
            let analysis = PathAnalysis(program: program, sop: sop, stepLimit: 200_000, followsCalls: false, upperCap: 0, lowerCap: 1,
                                        sampleCount: 0, boxLimit: 0, walkCount: 64)
            guard analysis.order.count > 1 else { continue }
            let reached = analysis.walk(toward: Array(analysis.order.indices))
            var effective: [NodeID: [Guard]] = [:]
            for node in program.nodes { effective[node.id] = program.effectiveGuards(of: node) }
            var rng = SplitMix64(seed: seed)
            let layout = analysis.boxes.layout
            for p in reached.sorted() {
                let node = analysis.order[p]
                for index in analysis.boxes.byPosition[p] {
                    let box = Array(analysis.boxes.pool[(Int(index) * layout.words)..<((Int(index) + 1) * layout.words)])
                    boxesChecked += 1
                    if p > 0 { deepBoxes += 1 }
                    for _ in 0..<8 {
                        // A random case of the box: at each level one of the values it allows.
                        let assignment = layout.sizes.indices.map { level in
                            let allowed = (0..<layout.sizes[level]).filter { v in box.withUnsafeBufferPointer { layout.allows($0.baseAddress!, layout.offsets[level] + v) } }
                            return allowed.isEmpty ? -1 : allowed[rng.below(allowed.count)]
                        }
                        #expect(!assignment.contains(-1), "seed \(seed): an empty box at \(program[node].name)")
                        guard !assignment.contains(-1) else { break }
                        let c = analysis.encoding.decode(assignment)
                        #expect(BruteForce.reached(by: c, program, sop, effective).contains(node), "seed \(seed): a walked case does not reach \(program[node].name)")
                        casesChecked += 1
                    }
                }
            }
        }
        #expect(boxesChecked > 2_000 && deepBoxes > 1_000 && casesChecked > 10_000, "\(boxesChecked) boxes, \(deepBoxes) past the start, \(casesChecked) cases")
    }
}
