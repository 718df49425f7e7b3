import SOPCore
import SOPGraph
import Testing
@testable import SOPSolver

/// Walks: every input box a walk leaves at a node holds only cases that reach that node, and every case a
/// node's question reads off a walked box really reaches the node and takes the branch asked about, both
/// checked case by case against brute force and `Program` on random small SOPs; and with walks the
/// analysis proves more than without, agreeing with brute force either way
/// (`SemanticModelPropertyTests.walksProveMoreAndAgreeWithBruteForce`).
@Suite struct WalkTests {
    /// A small SOP's analysis with no approximation to speak of, walked toward every node.
    private func walkedAnalysis(_ program: Program) -> PathAnalysis {
        let analysis = PathAnalysis(program: program, sop: SOPID(0), stepLimit: 200_000, followsCalls: false, upperCap: 0, lowerCap: 1,
                                    sampleCount: 0, boxLimit: 0, walkCount: 1 + Int(program.nodes.count % 4))
        _ = analysis.walk(toward: Array(analysis.order.indices))
        return analysis
    }

    @Test func everyWalkedBoxHoldsOnlyCasesThatReachItsNode() {
        var boxesChecked = 0, casesChecked = 0, deepBoxes = 0
        for seed in UInt64(0)..<1_000 {
            var builder = RandomProgramBuilder(seed: seed)
            let program = builder.build()
            let sop = SOPID(0)
            let analysis = walkedAnalysis(program)
            guard analysis.order.count > 1, let store = analysis.inputBoxes else { continue }
            var effective: [NodeID: [Guard]] = [:]
            for node in program.nodes { effective[node.id] = program.effectiveGuards(of: node) }
            var rng = SplitMix64(seed: seed)
            let layout = store.layout
            let encoding = analysis.encoding
            for p in analysis.order.indices {
                let node = analysis.order[p]
                for index in store.byPosition[p] {
                    let box = store.box(index)
                    boxesChecked += 1
                    if p > 0 { deepBoxes += 1 }
                    for _ in 0..<8 {
                        // A random case of the box: each level one of the values it allows, each int one of
                        // its intervals.
                        var assignment = Array(repeating: -1, count: encoding.sizes.count)
                        box.withUnsafeBufferPointer { b in
                            for (level, size) in encoding.sizes.enumerated() where layout.bitOffset[level] >= 0 {
                                let allowed = (0..<size).filter { layout.allows(b.baseAddress!, layout.bitOffset[level] + $0) }
                                if !allowed.isEmpty { assignment[level] = allowed[rng.below(allowed.count)] }
                            }
                            for (v, variable) in encoding.variables.enumerated() where layout.intWord[v] >= 0 {
                                let (lo, hi) = layout.range(b.baseAddress!, v)
                                guard lo <= hi else { continue }
                                let interval = lo + rng.below(hi - lo + 1)
                                for j in 0..<variable.levelCount { assignment[variable.firstLevel + j] = (interval >> (variable.levelCount - 1 - j)) & 1 }
                            }
                        }
                        #expect(!assignment.contains(-1), "seed \(seed): an empty box at \(program[node].name)")
                        guard !assignment.contains(-1) else { break }
                        let c = encoding.decode(assignment)
                        #expect(BruteForce.reached(by: c, program, sop, effective).contains(node), "seed \(seed): a walked case does not reach \(program[node].name)")
                        casesChecked += 1
                    }
                }
            }
        }
        #expect(boxesChecked > 2_000 && deepBoxes > 1_000 && casesChecked > 10_000, "\(boxesChecked) boxes, \(deepBoxes) past the start, \(casesChecked) cases")
    }

    /// The cases the questions read off walked boxes (`PathAnalysis.walkedCase`, the evidence of a
    /// satisfiable answer) are real: run through `Program`, each reaches its node by possible branches,
    /// takes the branch asked about, and satisfies the formula; a box never yields a case for a branch no
    /// case of it takes.
    @Test func everyWalkedCaseReachesItsNodeAndTakesItsBranch() {
        var casesChecked = 0, deepCases = 0, refused = 0
        for seed in UInt64(0)..<1_000 {
            var builder = RandomProgramBuilder(seed: 50_000 + seed)
            let program = builder.build()
            let sop = SOPID(0)
            let analysis = walkedAnalysis(program)
            guard analysis.order.count > 1, analysis.inputBoxes != nil else { continue }
            for p in analysis.order.indices where !analysis.effective[p].isEmpty {
                let node = program[analysis.order[p]]
                let effective = program.effectiveGuards(of: node)
                for b in node.branches.indices {
                    guard let assignment = analysis.walkedCase(p, satisfying: analysis.effective[p][b]) else {
                        refused += 1
                        continue
                    }
                    #expect(analysis.dd.evaluate(analysis.effective[p][b], assignment), "seed \(seed): the case does not satisfy the formula")
                    let c = analysis.encoding.decode(assignment)
                    #expect(effective[b].evaluate(c) == true, "seed \(seed): a walked case does not take branch \(b) of \(node.name)")
                    #expect(program.possibleBranches(node, for: c).contains(b), "seed \(seed): branch \(b) of \(node.name) is not possible for the case")
                    if p > 0 {
                        #expect(program.possiblePath(of: c, from: sop, to: node.id) != nil, "seed \(seed): a walked case does not reach \(node.name)")
                        deepCases += 1
                    }
                    casesChecked += 1
                }
            }
        }
        #expect(casesChecked > 5_000 && deepCases > 2_000 && refused > 100, "\(casesChecked) cases, \(deepCases) past the start, \(refused) refused")
    }

    /// The analysis of each SOP, walks included, is the same whichever thread runs it and however many run
    /// at once.
    @Test func walkedAnalysesDoNotDependOnThreads() {
        let programs = (UInt64(0)..<64).map { seed -> Program in
            var builder = RandomProgramBuilder(seed: 90_000 + seed)
            return builder.build()
        }
        let serial = programs.map(Self.summary)
        for workers in [2, 4] {
            #expect(Parallel.map(count: programs.count, workers: workers) { Self.summary(programs[$0]) } == serial, "\(workers) workers")
        }
    }

    /// Everything the analysis of a SOP with a search of one step per question (so walks decide much) says.
    private static func summary(_ program: Program) -> String {
        let model = SemanticModel(program: program, sop: SOPID(0), stepLimit: 200_000, searchLimit: 1, exactSize: 0, sampleSize: 1, sampleCount: 0, boxLimit: 0)
        return "\(model.coverage) " + model.nodes.map { "\($0.node) \($0.isFeasible) \($0.deadBranches) \($0.redundantGuards) \($0.isIncomplete) \(String(describing: $0.incompleteWitness)) \($0.ambiguities)" }.joined(separator: ";")
    }
}

/// The search that asks a walked box a question (`InputBoxLayout.pick`) is exact: on random boxes over the
/// inputs of random SOPs, it finds a case exactly when one of the box's cases satisfies the formula
/// (every case of the box enumerated), and the case it finds lies in the box and satisfies the formula.
@Suite struct InputBoxSearchTests {
    @Test func pickFindsACaseExactlyWhenTheBoxMeetsTheFormula() {
        var found = 0, missed = 0
        for seed in UInt64(0)..<600 {
            var builder = RandomProgramBuilder(seed: 70_000 + seed)
            let program = builder.build()
            let analysis = PathAnalysis(program: program, sop: SOPID(0), stepLimit: 200_000, followsCalls: false, sampleCount: 0, boxLimit: 0, walkCount: 0)
            guard analysis.order.count > 1 else { continue }
            let encoding = analysis.encoding
            let layout = InputBoxLayout(encoding: encoding)
            var rng = SplitMix64(seed: seed)
            var search = InputBoxLayout.PickSearch(layout)
            let formulas = analysis.effective.flatMap { $0 } + analysis.untaken.flatMap { $0 }
            for _ in 0..<8 {
                // A random box: each level a non-empty random subset of its values, each int a random run.
                var box = layout.full()
                for (level, size) in encoding.sizes.enumerated() where layout.bitOffset[level] >= 0 && size > 1 {
                    let keep = 1 + rng.below((1 << min(size, 16)) - 1)
                    for v in 0..<size where v < 16 && keep & (1 << v) == 0 {
                        let bit = layout.bitOffset[level] + v
                        box[bit >> 6] &= ~(1 << UInt64(bit & 63))
                    }
                }
                for (v, w) in layout.intWord.enumerated() where w >= 0 {
                    let a = rng.below(layout.intervals[v]), b = rng.below(layout.intervals[v])
                    box[w] = UInt64(min(a, b))
                    box[w + 1] = UInt64(max(a, b))
                }
                let cases = Self.cases(of: box, layout)
                guard cases.count <= 4_096 else { continue }
                for formula in formulas.prefix(24) {
                    let meets = cases.contains { analysis.dd.evaluate(formula, $0) }
                    var work = 0
                    let picked = box.withUnsafeBufferPointer { layout.pick(formula, $0.baseAddress!, in: analysis.dd, search: &search, work: &work, limit: .max) }
                    #expect((picked != nil) == meets, "seed \(seed): the search and the enumeration disagree")
                    if let picked {
                        #expect(analysis.dd.evaluate(formula, picked), "seed \(seed): the case found does not satisfy the formula")
                        #expect(cases.contains(picked) || Self.sameCase(picked, cases, layout), "seed \(seed): the case found is not in the box")
                        found += 1
                    } else {
                        missed += 1
                    }
                }
            }
        }
        #expect(found > 2_000 && missed > 500, "\(found) found, \(missed) with no case")
    }

    /// Every case of the box, as a value per level (an int as its interval's code).
    private static func cases(of box: [UInt64], _ layout: InputBoxLayout) -> [[Int]] {
        let encoding = layout.encoding
        var result: [[Int]] = [Array(repeating: 0, count: encoding.sizes.count)]
        for (level, size) in encoding.sizes.enumerated() where layout.bitOffset[level] >= 0 {
            let allowed = (0..<size).filter { v in box.withUnsafeBufferPointer { layout.allows($0.baseAddress!, layout.bitOffset[level] + v) } }
            result = result.flatMap { a in allowed.map { v in var b = a; b[level] = v; return b } }
            if result.count > 4_096 { return result }
        }
        for (index, variable) in encoding.variables.enumerated() where layout.intWord[index] >= 0 {
            let (lo, hi) = box.withUnsafeBufferPointer { layout.range($0.baseAddress!, index) }
            result = result.flatMap { a in (lo...hi).map { interval in
                var b = a
                for j in 0..<variable.levelCount { b[variable.firstLevel + j] = (interval >> (variable.levelCount - 1 - j)) & 1 }
                return b
            } }
            if result.count > 4_096 { return result }
        }
        return result
    }

    /// Whether `picked` is one of `cases` once each int's code is read as the interval it stands for
    /// (codes past the last interval stand for it).
    private static func sameCase(_ picked: [Int], _ cases: [[Int]], _ layout: InputBoxLayout) -> Bool {
        let encoding = layout.encoding
        func normal(_ a: [Int]) -> [Int] {
            var b = a
            for variable in encoding.variables {
                guard case .int(let starts, _) = variable.domain else { continue }
                let interval = encoding.intInterval(variable, a)
                for j in 0..<variable.levelCount { b[variable.firstLevel + j] = (interval >> (variable.levelCount - 1 - j)) & 1 }
                _ = starts
            }
            return b
        }
        return cases.contains(normal(picked))
    }
}
