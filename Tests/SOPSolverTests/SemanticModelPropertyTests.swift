import SOPChecks
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

    /// Path conditions approximated from the first node on and no boxes, so every answer comes from the
    /// over-approximation, the under-approximation, the samples or the backward search.
    @Test func approximateAnalysesAgreeWithBruteForce() {
        check(seeds: UInt64(Self.programCount)..<UInt64(2 * Self.programCount), exactSize: 0, sampleSize: 1, boxLimit: 0)
    }

    /// The same with one box per node and no samples: a box passes only the edges its one chain of
    /// branches allows, so boxes answer many questions, wrong boxes would show, and the search still
    /// answers the rest.
    @Test func boxedAnalysesAgreeWithBruteForce() {
        check(seeds: UInt64(2 * Self.programCount)..<UInt64(2 * Self.programCount + Self.programCount / 2), exactSize: 0, sampleSize: 1, sampleCount: 0,
              boxLimit: 1)
    }

    /// Boxes of cases passed along the edges answer questions without any search: with no search, no
    /// samples and no walks, every node they prove agrees with brute force, every witness they give
    /// reaches its node and satisfies its finding, and they prove nodes the other cheap answers leave open.
    @Test func boxesProveMoreAndAgreeWithBruteForce() {
        expectCheapAnswerProvesMore("boxes") { program, seed, on in
            SemanticModel(program: program, sop: SOPID(0), stepLimit: 200_000, searchLimit: 1, exactSize: 0, sampleSize: 1, sampleCount: 0,
                          boxLimit: on ? 1 + Int(seed % 8) : 0, walkCount: 0)
        }
    }

    /// Boxes of cases walked toward the nodes the search leaves open answer questions without any search:
    /// with no search, no samples and no boxes passed along every edge, every node they prove agrees with
    /// brute force, and they prove nodes the other cheap answers leave open.
    @Test func walksProveMoreAndAgreeWithBruteForce() {
        expectCheapAnswerProvesMore("walks") { program, _, on in
            SemanticModel(program: program, sop: SOPID(0), stepLimit: 200_000, searchLimit: 1, exactSize: 0, sampleSize: 1, sampleCount: 0,
                          boxLimit: 0, walkCount: on ? SemanticModel.defaultWalkCount : 0)
        }
    }

    /// With a search budget so small that many questions run out, each runs out alone: every node is
    /// either proven, with facts equal to brute force, or reported open with an `analysis-limit` hit, and
    /// what an open node does report is still true. The coverage counts say exactly which.
    @Test func tinySearchBudgetLeavesQuestionsOpenNeverWrong() {
        var proven = 0, open = 0
        for seed in UInt64(0)..<1_500 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sop = SOPID(0)
            let oracle = BruteForce(program: program, sop: sop)
            let model = SemanticModel(program: program, sop: sop, stepLimit: 200_000, searchLimit: 12, exactSize: 0, sampleSize: 1)
            let hits = Set(model.limitHits.map(\.node))
            let own = oracle.graphReachable.filter { program[$0].sop == sop }
            let openNodes = own.filter { n in model.facts(of: n).map(\.limited) ?? true }
            #expect(hits == openNodes, "seed \(seed): open nodes and analysis-limit hits differ")
            #expect(model.coverage.provenNodes == own.count - openNodes.count && model.coverage.openNodes == openNodes.count, "seed \(seed): coverage")
            #expect(model.limitHits.allSatisfy { $0.openQuestions > 0 && $0.skipped == 0 })
            proven += own.count - openNodes.count
            open += openNodes.count
            var branchesDecided = 0
            for facts in model.nodes {
                let node = program[facts.node]
                let reaching = oracle.cases(reaching: facts.node)
                let eff = oracle.effective[facts.node]!
                #expect(facts.isFeasible == !reaching.isEmpty, "seed \(seed) node \(node.name): feasibility")
                let dead = Set(node.branches.indices.filter { i in !reaching.contains { eff[i].evaluate($0) == true } })
                let reported = Set(facts.deadBranches.map(\.branch))
                let incomplete = node.elseBranch == nil && reaching.contains { c in !node.branches.contains { $0.condition.evaluate(c) == true } }
                if facts.limited {
                    #expect(reported.isSubset(of: dead), "seed \(seed) node \(node.name): an open node reports a live branch dead")
                    #expect(!facts.isIncomplete || incomplete, "seed \(seed) node \(node.name): an open node reports a false gap")
                } else {
                    #expect(reported == dead || !facts.isFeasible, "seed \(seed) node \(node.name): dead branches")
                    #expect(facts.isIncomplete == (incomplete && facts.isFeasible), "seed \(seed) node \(node.name): incomplete")
                    branchesDecided += node.branches.count
                }
            }
            #expect(model.coverage.provenBranches >= branchesDecided, "seed \(seed): proven branches")
        }
        #expect(proven > 500 && open > 50, "\(proven) nodes proven, \(open) left open")
    }

    /// The random cases drawn at the start and passed along the branches they take answer questions
    /// without any search: with no search at all (and no walks), every node they prove agrees with brute
    /// force, every case a node keeps reaches it, and they prove nodes the other cheap answers leave open.
    @Test func sampledCasesProveMoreAndAgreeWithBruteForce() {
        expectCheapAnswerProvesMore("samples") { program, _, on in
            SemanticModel(program: program, sop: SOPID(0), stepLimit: 200_000, searchLimit: 1, exactSize: 0, sampleSize: 1,
                          sampleCount: on ? SemanticModel.defaultSampleCount : 0, boxLimit: 0, walkCount: 0)
        }
    }

    /// One cheap answer (`model(program, seed, true)`) against the same analysis without it, on 1,000
    /// random SOPs: both agree with brute force, it never loses a proof, and it proves more in all.
    private func expectCheapAnswerProvesMore(_ name: String, _ model: (Program, UInt64, Bool) -> SemanticModel) {
        var with = 0, without = 0
        for seed in UInt64(0)..<1_000 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let oracle = BruteForce(program: program, sop: SOPID(0))
            let on = model(program, seed, true), off = model(program, seed, false)
            expectFactsAgree(on, oracle, program, "seed \(seed) with \(name)")
            expectFactsAgree(off, oracle, program, "seed \(seed) without \(name)")
            with += on.coverage.provenNodes
            without += off.coverage.provenNodes
            #expect(on.coverage.provenNodes >= off.coverage.provenNodes, "seed \(seed): \(name) never lose a proof")
        }
        #expect(with > without + 20, "\(with) nodes proven with \(name), \(without) without")
    }

    /// Every proven node's feasibility, dead branches, redundant guards, gap and overlap witnesses agree
    /// with brute force, and every branch an open node reports dead is dead.
    private func expectFactsAgree(_ model: SemanticModel, _ oracle: BruteForce, _ program: Program, _ label: String) {
        for facts in model.nodes {
            let node = program[facts.node]
            let reaching = oracle.cases(reaching: facts.node)
            let eff = oracle.effective[facts.node]!
            let dead = Set(node.branches.indices.filter { i in !reaching.contains { eff[i].evaluate($0) == true } })
            #expect(Set(facts.deadBranches.map(\.branch)).isSubset(of: dead), "\(label) node \(node.name): a live branch reported dead")
            guard !facts.limited else { continue }
            #expect(facts.isFeasible == !reaching.isEmpty, "\(label) node \(node.name): feasibility")
            guard facts.isFeasible else { continue }
            #expect(Set(facts.deadBranches.map(\.branch)) == dead, "\(label) node \(node.name): dead branches")
            let redundant = node.branches.indices.filter { i in
                guard case .when = node.branches[i].kind, !dead.contains(i) else { return false }
                let testing = reaching.filter { c in
                    node.match != .first || !node.branches[..<i].contains { !$0.isElse && $0.condition.evaluate(c) == true }
                }
                return testing.allSatisfy { node.branches[i].condition.evaluate($0) == true }
            }
            #expect(facts.redundantGuards == redundant, "\(label) node \(node.name): redundant guards")
            let incomplete = node.elseBranch == nil && reaching.contains { c in !node.branches.contains { $0.condition.evaluate(c) == true } }
            #expect(facts.isIncomplete == incomplete, "\(label) node \(node.name): incomplete")
            for a in facts.ambiguities {
                guard let w = a.witness else { continue }
                #expect(node.branches[a.first].condition.evaluate(w) == true && node.branches[a.second].condition.evaluate(w) == true,
                        "\(label) node \(node.name): ambiguity witness")
            }
        }
    }

    private func check(seeds: Range<UInt64>, exactSize: Int, sampleSize: Int, sampleCount: Int = 512, boxLimit: Int = 8) {
        var stats = Stats()
        for seed in seeds {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sop = SOPID(0)
            let oracle = BruteForce(program: program, sop: sop)
            let model = SemanticModel(program: program, sop: sop, stepLimit: 200_000, exactSize: exactSize, sampleSize: sampleSize,
                                      sampleCount: sampleCount, boxLimit: boxLimit)
            #expect(model.limitHits.isEmpty, "seed \(seed)")
            compare(model, oracle, seed: seed, stats: &stats)
            for f in model.nodes {
                stats.dead += f.deadBranches.count
                stats.infeasible += f.isFeasible ? 0 : 1
                stats.ambiguous += f.ambiguities.count
                stats.incomplete += f.isIncomplete ? 1 : 0
                stats.redundant += f.redundantGuards.count
                let node = program[f.node]
                stats.redundantAfterEarlier += f.redundantGuards.filter { i in node.match == .first && node.branches[..<i].contains { !$0.isElse } }.count
                stats.witnesses += f.ambiguities.filter { $0.witness != nil }.count + (f.incompleteWitness == nil ? 0 : 1)
                let paths = f.ambiguities.filter { $0.witness != nil }.map { ($0.witness!, $0.path) } + (f.incompleteWitness.map { [($0, f.incompletePath)] } ?? [])
                for (w, path) in paths where path.contains(where: { step in
                    if case .success(step.branch) = program.decide(program[step.node], for: w) { return false }
                    return true
                }) { stats.notFirst += 1 }
            }
            stats.outcomes += model.unreachableOutcomes.count
        }
        // The generator must exercise every finding, or agreement proves little.
        #expect(stats.dead > 100 && stats.infeasible > 20 && stats.ambiguous > 100 && stats.incomplete > 100)
        #expect(stats.redundant > 50 && stats.outcomes > 20 && stats.witnesses > 200)
        // Witnesses whose path passes an ambiguous node by a branch `walk` would not take.
        #expect(stats.redundantAfterEarlier > 20, "\(stats.redundantAfterEarlier) redundant guards under `first` after earlier branches")
        #expect(stats.notFirst > 20, "\(stats.notFirst) witnesses pass an ambiguous node by a later branch")
        // Every shape of dead-branch reason occurs, including several members at once.
        for kind in ["never", "branches", "decision", "decisions", "path", "branches+path"] {
            #expect(stats.exclusions[kind, default: 0] > 5, "\(stats.exclusions[kind, default: 0]) dead-branch reasons of kind \(kind)")
        }
        #expect(stats.allUncovered > 10 && stats.uncoveredConditions > 100, "\(stats.allUncovered) nodes entirely uncovered, \(stats.uncoveredConditions) conditions")
        #expect(stats.mixedExclusions > 5, "\(stats.mixedExclusions) reasons with branches and decisions")
        #expect(stats.largeExclusions > 20, "\(stats.largeExclusions) reasons with three members or more")
    }

    struct Stats {
        var dead = 0, infeasible = 0, ambiguous = 0, incomplete = 0, redundant = 0, outcomes = 0, witnesses = 0, notFirst = 0, redundantAfterEarlier = 0
        var exclusions: [String: Int] = [:]
        var largeExclusions = 0
        var mixedExclusions = 0
        var allUncovered = 0, uncoveredConditions = 0
    }

    /// The reason for a dead branch names a minimal set of true facts that excludes it: each member holds
    /// for every case that reaches the node, no case satisfies the branch's condition and every member,
    /// and without any one member some case does.
    private func expectMinimalExclusion(_ dead: SemanticModel.DeadBranch, at n: NodeID, reaching: [Case], _ oracle: BruteForce, seed: UInt64) {
        let program = oracle.program
        let node = program[n]
        let condition = node.branches[dead.branch].condition
        guard case .excluded(let exclusion) = dead.reason else {
            #expect(!oracle.cases.contains { condition.evaluate($0) == true }, "seed \(seed) node \(node.name): never holds")
            return
        }
        var members: [(String, (Case) -> Bool)] = []
        for j in exclusion.branches {
            #expect(j != dead.branch && !node.branches[j].isElse && (node.branches[dead.branch].isElse || (node.match == .first && j < dead.branch)),
                    "seed \(seed) node \(node.name): branch \(j) is not tested before \(dead.branch)")
            members.append(("branch \(j)", { node.branches[j].condition.evaluate($0) != true }))
        }
        for decision in exclusion.decisions {
            let eff = oracle.effective[decision.node]!
            members.append(("decision at \(program[decision.node].name)", { c in decision.branches.contains { eff[$0].evaluate(c) == true } }))
        }
        let reachingSet = Set(reaching)
        if exclusion.wholePath {
            #expect(exclusion.decisions.isEmpty, "seed \(seed): the whole path with single decisions")
            members.append(("the path", { reachingSet.contains($0) }))
        }
        // Every path member is a fact about the cases that reach the node (a branch member is what the
        // case must fail before the branch is tested).
        for (name, holds) in members[exclusion.branches.count...] {
            let fact = reaching.allSatisfy(holds)
            #expect(fact, "seed \(seed) node \(node.name): \(name) does not hold for every case reaching it")
        }
        let satisfying = oracle.cases.filter { condition.evaluate($0) == true }
        #expect(!satisfying.contains { c in members.allSatisfy { $0.1(c) } }, "seed \(seed) node \(node.name): the named facts do not exclude branch \(dead.branch)")
        for k in members.indices {
            let others = members.indices.filter { $0 != k }
            #expect(satisfying.contains { c in others.allSatisfy { members[$0].1(c) } },
                    "seed \(seed) node \(node.name): \(members[k].0) is superfluous in the reason for branch \(dead.branch)")
        }
        #expect(!members.isEmpty, "seed \(seed): an empty exclusion for a condition that holds")
    }

    private func compare(_ model: SemanticModel, _ oracle: BruteForce, seed: UInt64, stats: inout Stats) {
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
                expectMinimalExclusion(d, at: n, reaching: reaching, oracle, seed: seed)
                guard case .excluded(let e) = d.reason else {
                    stats.exclusions["never", default: 0] += 1
                    continue
                }
                if !e.branches.isEmpty && !e.decisions.isEmpty { stats.mixedExclusions += 1 }
                let kind = [e.branches.isEmpty ? nil : "branches", e.decisions.isEmpty ? nil : (e.decisions.count == 1 ? "decision" : "decisions"), e.wholePath ? "path" : nil]
                stats.exclusions[kind.compactMap { $0 }.joined(separator: "+"), default: 0] += 1
                if e.branches.count + e.decisions.count + (e.wholePath ? 1 : 0) >= 3 { stats.largeExclusions += 1 }
            }

            // Redundant `when` guards.
            // Live `when` guards that every case testing them satisfies: under `first`, the cases that
            // reach the node and pass every earlier branch.
            let redundant = node.branches.indices.filter { i in
                guard case .when = node.branches[i].kind, !dead.contains(i) else { return false }
                let testing = reaching.filter { c in
                    node.match != .first || !node.branches[..<i].contains { !$0.isElse && $0.condition.evaluate(c) == true }
                }
                return testing.allSatisfy { node.branches[i].condition.evaluate($0) == true }
            }
            #expect(Set(redundant).isDisjoint(with: facts.deadBranches.map(\.branch)), "seed \(seed): dead and redundant at once")
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
                guard let w = a.witness else {
                    Issue.record("seed \(seed) node \(node.name): ambiguity without a witness")
                    continue
                }
                expectWitness(w, path: a.path, at: n, oracle, seed: seed) { c in
                    node.branches[a.first].condition.evaluate(c) == true && node.branches[a.second].condition.evaluate(c) == true
                }
            }

            // Cases taking no branch.
            let incomplete = node.elseBranch == nil && reaching.contains { c in !node.branches.contains { $0.condition.evaluate(c) == true } }
            #expect(facts.isIncomplete == incomplete, "seed \(seed) node \(node.name): incomplete")
            if incomplete { #expect(facts.incompleteWitness != nil, "seed \(seed) node \(node.name): incomplete node without a witness") }
            if incomplete {
                // The uncovered cases, stated relative to the path: either all of them, or a condition on
                // the node's own inputs that picks exactly the uncovered ones among the cases reaching it.
                let uncovered = { (c: Case) in !node.branches.contains { !$0.isElse && $0.condition.evaluate(c) == true } }
                #expect(facts.everyCaseUncovered == reaching.allSatisfy(uncovered), "seed \(seed) node \(node.name): every case uncovered")
                if facts.everyCaseUncovered {
                    #expect(facts.uncoveredCondition == nil)
                    stats.allUncovered += 1
                } else if let text = facts.uncoveredCondition {
                    guard let rendered = RenderedCondition(text, program: program, sop: oracle.sop) else {
                        Issue.record("seed \(seed) node \(node.name): `\(text)` does not parse")
                        continue
                    }
                    let equivalent = reaching.allSatisfy { rendered.holds($0) == uncovered($0) }
                    #expect(equivalent, "seed \(seed) node \(node.name): `\(text)` is not the uncovered cases")
                    let read = node.branches.reduce(into: Set<InputID>()) { $0.formUnion($1.condition.inputs) }
                    #expect(rendered.named.isSubset(of: read), "seed \(seed) node \(node.name): `\(text)` names an input the node does not read")
                    stats.uncoveredConditions += 1
                } else {
                    Issue.record("seed \(seed) node \(node.name): no uncovered condition")
                }
            }
            if let w = facts.incompleteWitness {
                expectWitness(w, path: facts.incompletePath, at: n, oracle, seed: seed) { c in
                    !node.branches.contains { !$0.isElse && $0.condition.evaluate(c) == true }
                }
            }
        }

        // Outcomes targeted from analysed nodes that no case ends in.
        var targeted: Set<OutcomeID> = []
        var live: Set<OutcomeID> = []
        for n in program[oracle.sop].nodes {
            let reaching = oracle.cases(reaching: n)
            for (i, b) in program[n].branches.enumerated() {
                guard case .outcome(let o)? = b.target, program[o].sop == oracle.sop else { continue }
                targeted.insert(o)
                if reaching.contains(where: { oracle.effective[n]![i].evaluate($0) == true }) { live.insert(o) }
            }
        }
        #expect(Set(model.unreachableOutcomes.map(\.outcome)) == targeted.subtracting(live), "seed \(seed): outcomes")
    }

    /// A witness is short (it sets only inputs its path's nodes and its own node read), its path is a
    /// possible one from the start to `n`, and the finding holds on it; and all of this stays true for
    /// random completions of the inputs it leaves out. Where every step is the first matching branch,
    /// `Program.walk` follows exactly that path.
    private func expectWitness(_ w: Case, path: [Walk.Step], at n: NodeID, _ oracle: BruteForce, seed: UInt64, finding: (Case) -> Bool) {
        let program = oracle.program
        var read: Set<InputID> = []
        for id in path.map(\.node) + [n] {
            for b in program[id].branches { read.formUnion(b.condition.inputs) }
        }
        for id in oracle.inputs where w[id] != nil {
            #expect(read.contains(id), "seed \(seed): witness sets `\(program[id].name)`, which neither its path nor its node reads")
            #expect(program[id].type.admits(w[id]!))
        }
        var rng = SplitMix64(seed: seed &* 31 &+ UInt64(n.index))
        for k in 0..<4 {
            var c = w
            let filler = k == 0 ? oracle.cases[0] : rng.pick(oracle.cases)
            for id in oracle.inputs where c[id] == nil { c[id] = filler[id] }
            #expect(finding(c), "seed \(seed): a completion of the witness does not show the finding")
            var at = program[oracle.sop].start
            var firstMatches = true
            for step in path {
                #expect(step.node == at, "seed \(seed): witness path is not connected")
                let node = program[step.node]
                #expect(oracle.effective[step.node]![step.branch].evaluate(c) == true, "seed \(seed): witness path takes an impossible branch")
                if case .success(step.branch) = program.decide(node, for: c) {} else { firstMatches = false }
                at = node.branches[step.branch].target.flatMap(program.entryNode)
            }
            #expect(at == n, "seed \(seed): witness path does not end at the node")
            if firstMatches {
                #expect(Array(program.walk(c, from: oracle.sop).steps.prefix(path.count)) == path, "seed \(seed): walk leaves the witness path")
            }
        }
    }
}

/// What reaches the user: every `ambiguous-branches` and `incomplete-node` diagnostic on random SOPs
/// carries a witness and its path, spelled from the SOP's start to the node of the finding.
@Suite struct WitnessPresenceTests {
    @Test func everyAmbiguityAndGapHasAWitnessWithItsPath() {
        var findings = 0
        for seed in UInt64(0)..<1_500 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sink = Checks.run(on: program, valid: Set(program.sops.map(\.id)))
            for d in sink.shown where d.code == .ambiguousBranches || d.code == .incompleteNode {
                findings += 1
                guard let w = d.witness else {
                    Issue.record("seed \(seed): \(d.code.id) at `\(d.node ?? "")` without a witness")
                    continue
                }
                let names = DecisionPath.split(w.pathText)
                #expect(names.last == d.node && names.count == w.path.count + 1, "seed \(seed): path `\(w.pathText)`")
                #expect(zip(names, w.path).allSatisfy { $0.0 == $0.1.node })
            }
        }
        #expect(findings > 300)
    }
}
