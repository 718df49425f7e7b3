import SOPCore
import SOPGraph

/// The result of running SOPs' `examples:`: pass or fail per example, with the path taken, and the
/// branches the examples exercise.
public struct ExampleRun: Sendable {
    /// One example's run.
    public struct Result: Sendable {
        public var sop: SOPID
        public var name: String
        public var expected: OutcomeID?
        public var walk: Walk
        public var passed: Bool
        /// Why it failed, when it did.
        public var failure: String?
        public var range: SourceRange
        /// The path taken (`Program.run`'s spelling).
        public var pathText: String
    }

    public let program: Program
    public let results: [Result]
    /// Per SOP tested (one with a start), its in-scope branches and which an example took.
    public let coverage: [(sop: SOPID, branches: [(node: NodeID, branch: Int, taken: Bool)])]

    /// Runs every example of `sops` (in the order given).
    public init(program: Program, sops: [SOPID]) {
        self.program = program
        var results: [Result] = []
        var coverage: [(sop: SOPID, branches: [(node: NodeID, branch: Int, taken: Bool)])] = []
        for s in sops {
            let sop = program.sops[s.index]
            guard sop.start != nil else { continue }
            let graph = ReplayGraph(program: program, sop: s)
            var taken = Set<[Int]>()
            for example in sop.examples {
                let verdict = program.run(example, from: s)
                for step in verdict.walk.steps { taken.insert([step.node.index, step.branch]) }
                results.append(Result(sop: s, name: example.name, expected: example.expect, walk: verdict.walk, passed: verdict.passed,
                                      failure: verdict.failure.map { Self.message($0, program: program, graph: graph, sop: s) },
                                      range: example.range, pathText: verdict.pathText))
            }
            let branches = graph.nodes.filter { program.nodes[$0.index].sop == s }.flatMap { n in
                program.nodes[n.index].branches.indices.map { (node: n, branch: $0, taken: taken.contains([n.index, $0])) }
            }
            coverage.append((sop: s, branches: branches))
        }
        self.results = results
        self.coverage = coverage
    }

    public var failures: Int { results.filter { !$0.passed }.count }

    /// Branches taken by some example over all branches of the SOPs tested; `nil` with no branches.
    public var coveragePercent: Double? {
        let all = coverage.flatMap(\.branches)
        guard !all.isEmpty else { return nil }
        return Double(all.filter(\.taken).count) * 100 / Double(all.count)
    }

    /// The path as printed: node names then the outcome (or where it stopped).
    public func pathText(_ r: Result) -> String { r.pathText }

    /// Why an example failed, in the words `sopc test` prints.
    static func message(_ failure: ExampleVerdict.Failure, program: Program, graph: ReplayGraph, sop s: SOPID) -> String {
        switch failure {
        case .wrongOutcome(let expected, let got):
            return "expected `\(program.name(of: expected, from: s))`, got `\(program.name(of: got, from: s))`"
        case .missingInput(let node, let inputs):
            return "stops at `\(graph.name(of: node))`: `given` needs " + inputs.map { "`\(program.name(of: $0, from: s))`" }.joined(separator: ", ")
        case .noBranch(let node):
            return "no branch of `\(graph.name(of: node))` applies"
        case .malformed:
            return "the walk could not reach an outcome"
        case .noExpectation:
            return "the example names no known outcome"
        }
    }
}
