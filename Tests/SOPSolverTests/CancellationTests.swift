import SOPChecks
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPSolver
import Synchronization
import Testing

/// The cancellation hook of the semantic analyses: the solver polls it while it works, a fired signal
/// stops the work early and marks the result, and a signal that never fires changes nothing.
@Suite("cancelling semantic analyses")
struct CancellationTests {
    /// A SOP whose analysis takes many solver steps: a DAG of `first` nodes over int and enum inputs,
    /// each node pointing a few nodes ahead (so nodes merge).
    static func layered(nodes: Int) -> String {
        var rng = SplitMix64(seed: 7)
        var out = "sop: layered\ntitle: Layered\ninputs:\n"
        for i in 0..<12 { out += i % 2 == 0 ? "  a\(i): { type: int, range: [0, 100] }\n" : "  a\(i): { type: enum, values: [p, q, r, s] }\n" }
        out += "outcomes:\n  yes: { title: Yes }\n  no: { title: No }\nstart: n0\nnodes:\n"
        for k in 0..<nodes {
            out += "  n\(k):\n    question: Q\(k)?\n    match: first\n    branches:\n"
            for b in 0..<3 {
                let i = rng.int(0...11)
                let when = i % 2 == 0 ? "a\(i) > \(rng.int(1...99))" : "a\(i) == '\(["p", "q", "r", "s"][rng.int(0...3)])'"
                let ahead = k + 1 + rng.int(0...3)
                out += "      - when: \"\(when)\"\n        then: \(ahead < nodes ? "n\(ahead)" : (b == 0 ? "yes" : "no"))\n"
            }
            out += "      - else: \(k + 1 < nodes ? "n\(k + 1)" : "no")\n"
        }
        return out
    }

    @Test func theSolverPollsAndAFiredSignalStopsTheRun() throws {
        let compilation = Compiler.compile(source: Self.layered(nodes: 150), path: "layered.sop.yaml")
        #expect(!compilation.hasErrors)
        // A signal that never fires: polled while the solver works, and the findings are the plain run's.
        let polls = Atomic<Int>(0)
        let counted = CheckRun.check(compilation, cancellation: Cancellation { polls.wrappingAdd(1, ordering: .relaxed); return false })
        let plain = CheckRun.check(compilation)
        #expect(!counted.cancelled && !plain.cancelled)
        #expect(counted.diagnostics.map(\.message) == plain.diagnostics.map(\.message))
        let total = polls.load(ordering: .relaxed)
        #expect(total > 20, "the solver polls every few thousand steps, the driver between checks")

        // A signal that fires at the third poll: the run stops soon after, marked cancelled, with nothing
        // to show.
        let seen = Atomic<Int>(0)
        let stopped = CheckRun.check(compilation, cancellation: Cancellation { seen.wrappingAdd(1, ordering: .relaxed).newValue >= 3 })
        #expect(stopped.cancelled)
        #expect(stopped.diagnostics.isEmpty)
        #expect(seen.load(ordering: .relaxed) < total / 2, "the cancelled run stopped early (\(seen.load(ordering: .relaxed)) of \(total) polls)")

        // The structural pass is never cancelled: it has no solver work to stop.
        let structural = CheckRun.check(compilation, semantic: false, cancellation: Cancellation { true })
        #expect(!structural.cancelled)
    }

    @Test func aCancelledModelSaysSo() throws {
        let compilation = Compiler.compile(source: Self.layered(nodes: 150), path: "layered.sop.yaml")
        let sop = try #require(compilation.sop(inFile: "layered.sop.yaml"))
        let model = SemanticModel(program: compilation.program, sop: sop.id, cancellation: Cancellation { true })
        #expect(model.cancelled)
        // Once cancelled, the rest of the nodes are skipped at no cost: the node it stopped in and one stop
        // for the rest, not a limit per node.
        #expect(model.limitHits.count <= 2, "\(model.limitHits.count) limit hits after a cancellation")
        #expect(!SemanticModel(program: compilation.program, sop: sop.id).cancelled)
    }
}
