import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// The oracle for sub-tree calls: the called SOP inlined into its caller as one tree. A caller's analysis
/// stops at its calls; the flattened tree's does not, and brute force checks it. The caller's own findings
/// must be the same either way (a call is a tail call). The callee's own analysis, from its start with
/// every input free, sees every case the inlined copy sees and more: each branch dead in the callee is dead
/// in the copy, and each overlap and gap of the copy is one the callee's analysis reports too.
@Suite struct FlattenedCallTests {
    /// The program with `callee`'s nodes and outcomes moved into `caller` and every call replaced by a
    /// branch to the callee's start: the same cases take the same decisions, in one tree.
    static func flattened(_ program: Program, caller: SOPID, callee: SOPID) -> Program {
        var flat = program
        guard let start = program[callee].start else { return flat }
        for n in program[callee].nodes { flat.nodes[n.index].sop = caller }
        for o in program[callee].outcomes { flat.outcomes[o.index].sop = caller }
        flat.sops[caller.index].nodes += program[callee].nodes
        flat.sops[caller.index].outcomes += program[callee].outcomes
        flat.sops[callee.index].nodes = []
        flat.sops[callee.index].outcomes = []
        flat.sops[callee.index].start = nil
        for n in flat.nodes.indices {
            for b in flat.nodes[n].branches.indices where flat.nodes[n].branches[b].target == .call(callee) {
                flat.nodes[n].branches[b].target = .node(start)
            }
        }
        return flat
    }

    @Test func callStoppingAnalysisAgreesWithTheFlattenedTree() {
        var calls = 0, calleeNodes = 0, deadInCopyOnly = 0
        for seed in UInt64(0)..<3_000 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let main = SOPID(0)
            guard program.sops.count > 1 else { continue }
            let sub = SOPID(1)
            let calling = program[main].nodes.contains { n in program[n].branches.contains { $0.target == .call(sub) } }
            guard calling else { continue }
            calls += 1
            let flat = Self.flattened(program, caller: main, callee: sub)
            let stopping = SemanticModel(program: program, sop: main)
            let whole = SemanticModel(program: flat, sop: main)
            let callee = SemanticModel(program: program, sop: sub)
            #expect(stopping.limitHits.isEmpty && whole.limitHits.isEmpty && callee.limitHits.isEmpty)

            // The flattened tree itself agrees with brute force.
            let oracle = BruteForce(program: flat, sop: main)
            for facts in whole.nodes {
                let reaching = oracle.cases(reaching: facts.node)
                #expect(facts.isFeasible == !reaching.isEmpty, "seed \(seed): feasibility in the flattened tree")
                let eff = oracle.effective[facts.node]!
                let dead = flat[facts.node].branches.indices.filter { i in !reaching.contains { eff[i].evaluate($0) == true } }
                #expect(!facts.isFeasible || facts.deadBranches.map(\.branch) == dead, "seed \(seed): dead branches in the flattened tree")
            }

            // The caller's own nodes: the same findings whether or not the analysis follows the call.
            for facts in stopping.nodes {
                guard let other = whole.facts(of: facts.node) else {
                    Issue.record("seed \(seed): caller node missing from the flattened analysis")
                    continue
                }
                #expect(facts.isFeasible == other.isFeasible, "seed \(seed): feasibility")
                #expect(facts.deadBranches == other.deadBranches, "seed \(seed): dead branches")
                #expect(facts.redundantGuards == other.redundantGuards, "seed \(seed): redundant guards")
                #expect(facts.ambiguities.map { [$0.first, $0.second] } == other.ambiguities.map { [$0.first, $0.second] }, "seed \(seed): overlaps")
                #expect(facts.isIncomplete == other.isIncomplete, "seed \(seed): gaps")
            }
            // The callee's nodes: its own analysis sees every case the copy sees, and more.
            for facts in callee.nodes {
                calleeNodes += 1
                guard let copy = whole.facts(of: facts.node) else { continue }
                let dead = Set(facts.deadBranches.map(\.branch)), copyDead = Set(copy.deadBranches.map(\.branch))
                if copy.isFeasible {
                    #expect(dead.isSubset(of: copyDead), "seed \(seed): a branch dead in the callee is live in the copy")
                    deadInCopyOnly += copyDead.subtracting(dead).count
                }
                #expect(!copy.isFeasible || facts.isFeasible, "seed \(seed): the copy is reached, the callee's node not")
                let pairs = Set(facts.ambiguities.map { [$0.first, $0.second] })
                #expect(copy.ambiguities.allSatisfy { pairs.contains([$0.first, $0.second]) }, "seed \(seed): an overlap of the copy the callee misses")
                #expect(!copy.isIncomplete || facts.isIncomplete, "seed \(seed): a gap of the copy the callee misses")
            }
        }
        #expect(calls > 300 && calleeNodes > 500, "\(calls) SOPs with calls, \(calleeNodes) callee nodes")
        // The caller's context does narrow the callee: some branches are dead only in the copy.
        #expect(deadInCopyOnly > 10, "\(deadInCopyOnly) branches dead only where the caller's path reaches the callee")
    }
}
