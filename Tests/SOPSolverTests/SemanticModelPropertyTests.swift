import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// Every analysis result on thousands of random small SOPs, compared both ways with brute-force enumeration
/// of all input assignments.
@Suite struct SemanticModelPropertyTests {
    static let programCount = 3_000

    /// Exact path conditions, as small SOPs get.
    @Test func analysesAgreeWithBruteForce() {
        check(seeds: 0..<UInt64(Self.programCount), exactSize: 256, sampleSize: 64)
    }

    /// Path conditions approximated from the first node on, so every answer comes from the
    /// over-approximation, the under-approximation or the backward search.
    @Test func approximateAnalysesAgreeWithBruteForce() {
        check(seeds: UInt64(Self.programCount)..<UInt64(2 * Self.programCount), exactSize: 0, sampleSize: 1)
    }

    private func check(seeds: Range<UInt64>, exactSize: Int, sampleSize: Int) {
        var stats = (dead: 0, infeasible: 0, ambiguous: 0, incomplete: 0, redundant: 0, outcomes: 0, witnesses: 0)
        for seed in seeds {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sop = SOPID(0)
            let oracle = BruteForce(program: program, sop: sop)
            let model = SemanticModel(program: program, sop: sop, stepLimit: 200_000, exactSize: exactSize, sampleSize: sampleSize)
            #expect(model.limitHits.isEmpty, "seed \(seed)")
            let deterministic = !hasAnyAmbiguity(oracle)
            compare(model, oracle, seed: seed, deterministic: deterministic)
            for f in model.nodes {
                stats.dead += f.deadBranches.count
                stats.infeasible += f.isFeasible ? 0 : 1
                stats.ambiguous += f.ambiguities.count
                stats.incomplete += f.isIncomplete ? 1 : 0
                stats.redundant += f.redundantGuards.count
                stats.witnesses += f.ambiguities.filter { $0.witness != nil }.count + (f.incompleteWitness == nil ? 0 : 1)
            }
            stats.outcomes += model.unreachableOutcomes.count
        }
        // The generator must exercise every finding, or agreement proves little.
        #expect(stats.dead > 100 && stats.infeasible > 20 && stats.ambiguous > 100 && stats.incomplete > 100)
        #expect(stats.redundant > 50 && stats.outcomes > 20 && stats.witnesses > 200)
    }

    private func hasAnyAmbiguity(_ oracle: BruteForce) -> Bool {
        for (c, reached) in zip(oracle.cases, oracle.reached) {
            for n in reached {
                let node = oracle.program[n]
                let holding = node.branches.filter { !$0.isElse && $0.condition.evaluate(c) == true }
                if node.match == .exclusive && holding.count > 1 { return true }
            }
        }
        return false
    }

    private func compare(_ model: SemanticModel, _ oracle: BruteForce, seed: UInt64, deterministic: Bool) {
        let program = oracle.program
        let own = oracle.graphReachable.filter { program[$0].sop == oracle.sop }
        #expect(Set(model.nodes.map(\.node)) == own, "seed \(seed): analysed nodes")
        for facts in model.nodes {
            let n = facts.node
            let node = program[n]
            let reaching = oracle.cases(reaching: n)
            #expect(facts.isFeasible == !reaching.isEmpty, "seed \(seed) node \(node.name): feasibility")
            guard !reaching.isEmpty else { continue }
            let eff = oracle.effective[n]!

            // Dead branches, with a reason that is true.
            let dead = node.branches.indices.filter { i in !reaching.contains { eff[i].evaluate($0) == true } }
            #expect(facts.deadBranches.map(\.branch) == dead, "seed \(seed) node \(node.name): dead branches")
            for d in facts.deadBranches {
                let cond = node.branches[d.branch].condition
                switch d.reason {
                case .neverHolds:
                    #expect(!oracle.cases.contains { cond.evaluate($0) == true }, "seed \(seed): never holds")
                case .coveredByOthers:
                    #expect(!oracle.cases.contains { eff[d.branch].evaluate($0) == true }, "seed \(seed): covered")
                case .takenByOthers:
                    #expect(reaching.contains { cond.evaluate($0) == true }, "seed \(seed): taken by others")
                case .excludedByPath(let requirement, _, _):
                    #expect(!reaching.contains { cond.evaluate($0) == true }, "seed \(seed): excluded")
                    #expect(requirement.map { !$0.isEmpty && $0 != "true" } ?? true)
                }
            }

            // Redundant `when` guards.
            let redundant = node.branches.indices.filter { i in
                if case .when = node.branches[i].kind { return reaching.allSatisfy { node.branches[i].condition.evaluate($0) == true } }
                return false
            }
            #expect(facts.redundantGuards == redundant, "seed \(seed) node \(node.name): redundant")

            // Overlapping guards of exclusive nodes.
            var overlaps: [[Int]] = []
            if node.form == .branches && node.match == .exclusive {
                for i in node.branches.indices where !node.branches[i].isElse {
                    for j in (i + 1)..<node.branches.count where !node.branches[j].isElse {
                        if reaching.contains(where: { node.branches[i].condition.evaluate($0) == true && node.branches[j].condition.evaluate($0) == true }) {
                            overlaps.append([i, j])
                        }
                    }
                }
            }
            #expect(facts.ambiguities.map { [$0.first, $0.second] } == overlaps, "seed \(seed) node \(node.name): ambiguity")
            for a in facts.ambiguities {
                if deterministic { #expect(a.witness != nil, "seed \(seed): ambiguity witness dropped") }
                guard let w = a.witness else { continue }
                expectComplete(w, oracle)
                #expect(node.branches[a.first].condition.evaluate(w) == true && node.branches[a.second].condition.evaluate(w) == true)
                #expect(program.walk(w, from: oracle.sop).steps.contains { $0.node == n }, "seed \(seed): ambiguity witness does not reach")
            }

            // Cases taking no branch.
            let incomplete = node.elseBranch == nil && reaching.contains { c in !node.branches.contains { $0.condition.evaluate(c) == true } }
            #expect(facts.isIncomplete == incomplete, "seed \(seed) node \(node.name): incomplete")
            if incomplete && deterministic { #expect(facts.incompleteWitness != nil, "seed \(seed): incomplete witness dropped") }
            if let w = facts.incompleteWitness {
                expectComplete(w, oracle)
                #expect(program.walk(w, from: oracle.sop).end == .noBranch(n), "seed \(seed): incomplete witness")
            }
        }

        // Outcomes targeted from analysed nodes that no case ends in.
        var targeted: Set<OutcomeID> = []
        var live: Set<OutcomeID> = []
        for n in own {
            let reaching = oracle.cases(reaching: n)
            for (i, b) in program[n].branches.enumerated() {
                guard case .outcome(let o)? = b.target, program[o].sop == oracle.sop else { continue }
                targeted.insert(o)
                if reaching.contains(where: { oracle.effective[n]![i].evaluate($0) == true }) { live.insert(o) }
            }
        }
        #expect(Set(model.unreachableOutcomes.map(\.outcome)) == targeted.subtracting(live), "seed \(seed): outcomes")
    }

    private func expectComplete(_ w: Case, _ oracle: BruteForce) {
        for id in oracle.inputs {
            guard let v = w[id] else {
                Issue.record("witness leaves `\(oracle.program[id].name)` unset")
                continue
            }
            #expect(oracle.program[id].type.admits(v))
        }
    }
}
