import SOPChecks
import SOPCompiler
import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// Compiles one SOP and returns its program and SOP id, failing the test on compile errors.
private func compile(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (Program, SOPID) {
    let compilation = Compiler.compile(source: source, path: "t.sop.yaml")
    #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    let sop = try #require(compilation.sop(inFile: "t.sop.yaml"), sourceLocation: sourceLocation)
    return (compilation.program, sop.id)
}

private let recovery = """
    sop: recovery
    title: Account recovery
    inputs:
      age: { type: int, range: [0, 10000] }
      region: { type: enum, values: [EU, US, APAC] }
      verified: bool
    outcomes:
      allow: { title: Allow }
      deny: { title: Deny }
      review: { title: Review }
    start: adult
    nodes:
      adult:
        question: Old enough?
        branches:
          - when: age >= 21
            then: where
          - else: deny
      where:
        question: Where?
        on: region
        cases:
          EU: verify
          US: verify
          APAC: review
      verify:
        question: Verified?
        branches:
          - when: verified
            then: allow
          - when: age < 18
            allow: [dead-branch]
            then: deny
          - else: review
    """

@Suite struct SemanticCheckTests {
    @Test func whyRendersPathConditions() throws {
        let (program, sop) = try compile(recovery)
        func lines(_ name: String) -> [String] {
            let node = program.nodes.first { $0.name == name }!.id
            return ReachCondition(program: program, sop: sop, node: node).lines
        }
        #expect(lines("adult") == ["always reached: it is the start node"])
        #expect(lines("where") == ["reached when age >= 21"])
        #expect(lines("verify") == ["reached when age >= 21 and region != 'APAC'"])
    }

    @Test func whyFactorsOutWhatEveryAlternativeShares() throws {
        let (program, sop) = try compile("""
            sop: shared
            title: Shared
            inputs:
              adult: bool
              a: bool
              b: bool
            outcomes:
              done: { title: Done }
            start: gate
            nodes:
              gate:
                question: Adult?
                branches:
                  - when: adult
                    then: split
                  - else: done
              split:
                question: Which?
                match: first
                branches:
                  - when: a
                    then: last
                  - when: b
                    then: last
                  - else: done
              last:
                question: Last?
                branches:
                  - else: done
            """)
        let last = program.nodes.first { $0.name == "last" }!.id
        #expect(ReachCondition(program: program, sop: sop, node: last).lines == [
            "reached when adult, and any of:",
            "  b",
            "  a",
        ])
    }

    @Test func whyListsOneDisjunctPerLine() throws {
        let (program, sop) = try compile("""
            sop: merge
            title: Merge
            inputs:
              a: bool
              n: { type: int, range: [0, 100] }
            outcomes:
              done: { title: Done }
            start: first
            nodes:
              first:
                question: First?
                branches:
                  - when: a
                    then: last
                  - when: n > 50
                    then: last
                  - else: done
              last:
                question: Last?
                branches:
                  - else: done
            """)
        let last = program.nodes.first { $0.name == "last" }!.id
        let condition = ReachCondition(program: program, sop: sop, node: last)
        guard case .when(let common, let alternatives, omitted: 0) = condition else {
            Issue.record("expected conditions, got \(condition)")
            return
        }
        #expect(common.isEmpty)
        #expect(Set(alternatives) == ["a", "n >= 51"])
        #expect(condition.lines.count == 3)
        #expect(condition.lines.first == "reached when any of:")
    }

    /// A dead branch's notes name exactly the facts that together exclude it: here two decisions on the
    /// path, or one earlier branch with one decision, never a branch or decision that is not needed.
    @Test func deadBranchNotesNameAMinimalSetOfCauses() throws {
        let (program, sop) = try compile("""
            sop: t
            title: T
            inputs:
              score: { type: int, range: [0, 100] }
              region: { type: enum, values: [EU, US, APAC] }
              urgent: bool
            outcomes:
              a: { title: A }
              b: { title: B }
            start: high
            nodes:
              high:
                question: High?
                branches:
                  - when: score > 50
                    then: eu
                  - else: a
              eu:
                question: EU?
                branches:
                  - when: region == 'EU'
                    then: decide
                  - else: a
              decide:
                question: Decide?
                match: first
                branches:
                  - when: urgent
                    then: a
                  - when: score < 20 or region == 'US'
                    then: b
                  - when: urgent or score < 30
                    then: b
                  - else: a
            """)
        let sink = Checks.run(on: program, valid: [sop])
        let dead = sink.shown.filter { $0.code == .deadBranch }
        #expect(dead.map(\.message) == ["branch `score < 20 or region == 'US'` is never taken", "branch `urgent or score < 30` is never taken"])
        #expect(dead.first?.notes.map(\.message) == [
            "`score < 20 or region == 'US'` is impossible here: these decisions on the path exclude it together",
            "the path requires `region == 'EU'` at node `eu`",
            "the path requires `score >= 51` at node `high`",
        ])
        #expect(dead.last?.notes.map(\.message) == [
            "every case that reaches `decide` with `urgent or score < 30` takes an earlier branch",
            "`urgent` is tested first",
            "the path requires `score >= 51` at node `high`",
        ])
    }

    /// A gap is stated relative to what the path already decides, and a node no reaching case can leave
    /// says so instead of repeating its path condition.
    @Test func uncoveredCasesAreStatedRelativeToThePath() throws {
        let (program, sop) = try compile("""
            sop: t
            title: T
            inputs:
              score: { type: int, range: [0, 100] }
              urgent: bool
            outcomes:
              a: { title: A }
              b: { title: B }
            start: high
            nodes:
              high:
                question: High?
                branches:
                  - when: score > 50
                    then: check
                  - else: none
              check:
                question: Check?
                branches:
                  - when: score > 80 and urgent
                    then: b
                  - when: score < 10
                    then: b
              none:
                question: None?
                branches:
                  - when: score > 60
                    then: a
            """)
        let sink = Checks.run(on: program, valid: [sop])
        let gaps = sink.shown.filter { $0.code == .incompleteNode }
        let check = try #require(gaps.first { $0.node == "check" }), none = try #require(gaps.first { $0.node == "none" })
        #expect(gaps.count == 2)
        #expect(check.message == "some cases that reach `check` take no branch")
        #expect(check.notes.map(\.message) == ["no branch covers `score <= 80 or not urgent`"])
        #expect(none.message == "no case that reaches `none` takes a branch")
        #expect(none.notes.map(\.message) == ["every case reaching the node is uncovered: no branch holds for any of them"])
        #expect(gaps.allSatisfy { $0.witness != nil })
    }

    @Test func allowSetsFindingsAsideAndModelIsShared() throws {
        let (program, sop) = try compile(recovery)
        let context = CheckContext(program: program, sop: sop)
        var sink = DiagnosticSink()
        for check in Checks.all where check.needsValidProgram { check.run(context, into: &sink) }
        // The dead `age < 18` branch is accepted with `allow:`; nothing else is wrong.
        #expect(sink.shown.isEmpty, "\(sink.shown.map(\.message))")
        #expect(sink.allowed.map(\.code) == [.deadBranch])
        #expect(sink.allowed.first?.notes.first?.message == "`age < 18` is impossible here: the path requires `age >= 21` at node `adult`")
        // Every semantic check read the one model the context built.
        let model = context.semanticModel
        #expect(model.nodes.count == 3)
        #expect(context.semanticModel.nodes.map(\.node) == model.nodes.map(\.node))
    }

    @Test func witnessesReproduceThroughWalk() throws {
        let (program, sop) = try compile("""
            sop: gaps
            title: Gaps
            inputs:
              score: { type: int, range: [0, 100] }
              flagged: bool
            outcomes:
              low: { title: Low }
              high: { title: High }
            start: score
            nodes:
              score:
                question: Score?
                branches:
                  - when: score < 40
                    then: low
                  - when: score > 30 and flagged
                    then: high
                  - when: score > 60
                    then: high
            """)
        let model = SemanticModel(program: program, sop: sop)
        let facts = try #require(model.nodes.first)
        #expect(facts.ambiguities.map { [$0.first, $0.second] } == [[0, 1], [1, 2]])
        for a in facts.ambiguities {
            let w = try #require(a.witness)
            #expect(program.walk(w, from: sop).steps.first?.node == facts.node)
            #expect(program[facts.node].branches[a.first].condition.evaluate(w) == true)
            #expect(program[facts.node].branches[a.second].condition.evaluate(w) == true)
        }
        #expect(facts.isIncomplete)
        let w = try #require(facts.incompleteWitness)
        #expect(program.walk(w, from: sop).end == .noBranch(facts.node))
        #expect(w[program.sops[sop.index].inputs[0]] == .int(40))
        #expect(facts.uncoveredCondition == "40 <= score <= 60 and not flagged")
    }

    @Test func pathologicalSOPHitsTheBoundQuickly() throws {
        // Pairs that must agree, then a branch only an exponential search could refute.
        let pairs = 26
        var text = "sop: pairs\ntitle: Pairs\ninputs:\n"
        for i in 1...pairs { text += "  a\(i): bool\n" }
        for i in 1...pairs { text += "  b\(i): bool\n" }
        text += "outcomes:\n  agree: { title: Agree }\n  differ: { title: Differ }\nstart: p1\nnodes:\n"
        for i in 1...pairs {
            let next = i < pairs ? "p\(i + 1)" : "last"
            text += "  p\(i):\n    question: q\n    branches:\n      - when: a\(i) and b\(i)\n        then: \(next)\n"
            text += "      - when: not a\(i) and not b\(i)\n        then: \(next)\n      - else: differ\n"
        }
        text += "  last:\n    question: q\n    branches:\n      - when: a1 and not b1\n        then: differ\n      - else: agree\n"
        let (program, sop) = try compile(text)
        let clock = ContinuousClock()
        let start = clock.now
        let model = SemanticModel(program: program, sop: sop, stepLimit: 20_000)
        let elapsed = clock.now - start
        #expect(model.limitHits.map { program[$0.node].name } == ["last"])
        #expect(elapsed < .seconds(10))
        // With the bound, `last` is left open rather than guessed: no dead branch is claimed there.
        #expect(model.facts(of: model.limitHits[0].node)?.deadBranches.isEmpty ?? true)
        // Every other node is proven; the open one is counted, with its open branches.
        #expect(model.coverage.provenNodes == pairs && model.coverage.openNodes == 1)
        #expect(model.coverage.openBranches > 0 && model.coverage.provenBranches >= 3 * pairs)
        let sink = Checks.run(on: program, valid: [sop], limits: AnalysisLimits(solverSteps: 20_000))
        #expect(sink.coverage == model.coverage)
    }

    /// `nodes` nodes under `match: first`, each with `branches` guarded branches to a random node at most
    /// `window` ahead (the last node's to `yes`) and an `else` to the next node (`no` for the last): a chain
    /// of merges. `guardText(k, &rng)` gives the k-th guard, drawn after its branch's target.
    private func mergingNodes(_ nodes: Int, branches: Int, window: Int, _ rng: inout SplitMix64,
                              guardText: (Int, inout SplitMix64) -> String) -> String {
        var text = ""
        for n in 0..<nodes {
            text += "  n\(n):\n    question: q\n    match: first\n    branches:\n"
            for b in 0..<branches {
                let target = n < nodes - 1 ? "n\(n + 1 + rng.below(min(window, nodes - n - 1)))" : "yes"
                text += "      - when: \(guardText(n * branches + b, &rng))\n        then: \(target)\n"
            }
            text += "      - else: \(n < nodes - 1 ? "n\(n + 1)" : "no")\n"
        }
        return text
    }

    /// A SOP of merging nodes whose guards read many ints, analysed under a run budget too small for it.
    private func costlySOP(nodes: Int) -> String {
        var rng = SplitMix64(seed: 5)
        var text = "sop: costly\ntitle: Costly\ninputs:\n"
        for i in 0..<20 { text += "  i\(i): { type: int, range: [0, 100000] }\n" }
        text += "outcomes:\n  yes: { title: Yes }\n  no: { title: No }\nstart: n0\nnodes:\n"
        return text + mergingNodes(nodes, branches: 6, window: 10, &rng) { _, rng in "i\(rng.below(20)) < \(1 + rng.below(99_999))" }
    }

    /// The run's budget bounds every SOP's whole analysis, path conditions and questions alike: past its
    /// share a SOP stops with one `analysis-limit` warning counting the nodes after it, and its open nodes
    /// are counted, never guessed. Equal shares make each SOP's result independent of the others'.
    @Test func runBudgetBoundsTheWholeAnalysis() throws {
        let (program, sop) = try compile(costlySOP(nodes: 200))
        let full = SemanticModel(program: program, sop: sop)
        let nodeCount = full.coverage.provenNodes + full.coverage.openNodes
        for total in [2_000, 20_000, 60_000] {
            let model = SemanticModel(program: program, sop: sop, totalLimit: total)
            let stop = try #require(model.limitHits.first { $0.budgetSpent }, "budget \(total)")
            #expect(stop.skipped > 0)
            #expect(model.coverage.openNodes > full.coverage.openNodes && model.coverage.provenNodes + model.coverage.openNodes == nodeCount)
            // What it proved agrees with the unbounded analysis.
            for facts in model.nodes where !facts.limited {
                guard let reference = full.facts(of: facts.node), !reference.limited else { continue }
                #expect(facts.isFeasible == reference.isFeasible && facts.deadBranches == reference.deadBranches && facts.redundantGuards == reference.redundantGuards)
            }
            let sink = Checks.run(on: program, valid: [sop], limits: AnalysisLimits(solverSteps: 200_000, runSteps: total))
            #expect(sink.coverage == model.coverage)
            #expect(sink.shown.contains { $0.code == .analysisLimit && $0.message.contains("used up its analysis budget") })
        }
        // More budget never proves less.
        let small = SemanticModel(program: program, sop: sop, totalLimit: 20_000), large = SemanticModel(program: program, sop: sop, totalLimit: 60_000)
        #expect(large.coverage.provenNodes >= small.coverage.provenNodes)
    }

    /// The shapes of hostile input the run budget is for (full-size versions, timed in release mode, are
    /// in `Tests/e2e/test_limits.py`): with a small budget each stops with the warning and open nodes.
    @Test(arguments: ["ints", "strings", "exclusive"])
    func hostileSOPsStopAtTheRunBudget(_ shape: String) throws {
        var rng = SplitMix64(seed: 11)
        var text = "sop: hostile\ntitle: Hostile\ninputs:\n"
        var guards: [(Int) -> String] = []
        switch shape {
        case "ints":
            for i in 0..<100 { text += "  i\(i): { type: int, range: [0, 10000000] }\n" }
            guards = [{ k in "i\(k % 100) \(["==", "<", ">=", "!="][k % 4]) \(1 + (k * 7_919) % 9_999_999)" }]
        case "strings":
            text += "  s: string\n  t: string\n"
            guards = [{ k in "\(k % 3 == 0 ? "s" : "t") == 'k\(k)'" }]
        default:
            text += "  x: { type: int, range: [0, 100000] }\n"
        }
        text += "outcomes:\n  yes: { title: Yes }\n  no: { title: No }\nstart: n0\nnodes:\n"
        if let guardText = guards.first {
            text += mergingNodes(200, branches: 10, window: 40, &rng) { k, _ in "\"\(guardText(k))\"" }
        } else {
            text += "  n0:\n    question: q\n    branches:\n"
            for i in 0..<2_000 { text += "      - when: x == \(i)\n        then: \(i % 2 == 0 ? "yes" : "no")\n" }
            text += "      - else: no\n"
        }
        let (program, sop) = try compile(text)
        let sink = Checks.run(on: program, valid: [sop], limits: AnalysisLimits(solverSteps: 200_000, runSteps: 100_000))
        #expect(sink.shown.contains { $0.code == .analysisLimit && $0.message.contains("used up its analysis budget") }, "\(shape)")
        #expect(sink.coverage.openNodes > 0, "\(shape)")
    }

    @Test func runBudgetIsSharedEquallyBySOPs() {
        let limits = AnalysisLimits(solverSteps: 200_000, runSteps: 1_000_000)
        #expect(limits.stepsPerSOP(among: 1) == 1_000_000)
        #expect(limits.stepsPerSOP(among: 4) == 250_000)
        #expect(limits.stepsPerSOP(among: 0) == 1_000_000)
        #expect(AnalysisLimits(solverSteps: 1, runSteps: 3).stepsPerSOP(among: 10) == 1)
    }
}

@Suite struct ImportedInputTests {
    static let files = [
        "shared.sop.yaml": """
            sop: shared
            title: Shared
            inputs:
              region: { type: enum, values: [EU, US] }
            outcomes:
              done: { title: Done }
            start: where
            nodes:
              where:
                question: Where?
                branches:
                  - when: region == 'EU'
                    then: done
            """,
        "main.sop.yaml": """
            sop: main
            title: Main
            import: [shared.sop.yaml]
            inputs:
              urgent: bool
            outcomes:
              stop: { title: Stop }
            start: first
            nodes:
              first:
                question: Urgent?
                branches:
                  - when: urgent
                    then: stop
                  - when: shared.region == 'US'
                    then: stop
            """,
    ]

    @Test func witnessesNameImportedInputsAsTheSOPSeesThem() throws {
        let compilation = try Compiler.compile(files: ["main.sop.yaml"], loader: MemoryLoader(Self.files))
        #expect(!compilation.hasErrors, "\(compilation.diagnostics.map(\.message))")
        let sink = Checks.run(on: compilation.program, valid: compilation.validSOPs, files: ["main.sop.yaml"])
        let incomplete = try #require(sink.shown.first { $0.code == .incompleteNode })
        #expect(incomplete.witness?.description == "urgent=false, shared.region=\"EU\"")
        #expect(incomplete.notes.first?.message == "no branch covers `not urgent and shared.region == 'EU'`")
        #expect(sink.shown.first { $0.code == .ambiguousBranches }?.witness?.description == "urgent=true, shared.region=\"US\"")
        // The imported SOP is checked on its own, with its own names.
        let sharedSink = Checks.run(on: compilation.program, valid: compilation.validSOPs, files: ["shared.sop.yaml"])
        #expect(sharedSink.shown.first { $0.code == .incompleteNode }?.witness?.description == "region=\"US\"")
    }
}
