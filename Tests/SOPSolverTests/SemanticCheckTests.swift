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
        guard case .when(let disjuncts, omitted: 0) = condition else {
            Issue.record("expected conditions, got \(condition)")
            return
        }
        #expect(Set(disjuncts) == ["a", "n >= 51"])
        #expect(condition.lines.count == 3)
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
