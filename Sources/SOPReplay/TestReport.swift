import SOPCore
import SOPGraph

/// What `sopc test` found, as plain values: one case per example (and per failing sample row), and the
/// branch coverage of the files named. Rendered as JSON (`TestReport+JSON`) or JUnit XML
/// (`TestReport+JUnit`); the text form is the command's own listing.
public struct TestReport: Sendable {
    public struct Case: Sendable {
        /// The SOP id (examples) or the sample file (samples): JUnit's `classname`.
        public var suite: String
        public var name: String
        public var file: String
        public var line: Int
        public var passed: Bool
        /// Why it failed, with the expected and actual outcomes.
        public var failure: String?
        /// The decision path taken, in the one path spelling.
        public var path: String

        public init(suite: String, name: String, file: String, line: Int, passed: Bool, failure: String?, path: String) {
            (self.suite, self.name, self.file, self.line, self.passed, self.failure, self.path) = (suite, name, file, line, passed, failure, path)
        }
    }

    /// A branch no example takes.
    public struct Gap: Sendable {
        public var sop: String
        public var node: String
        public var branch: String
        public var file: String
        public var line: Int
    }

    public var cases: [Case] = []
    /// Branches taken and in all, over the SOPs coverage is measured on.
    public var branchesTaken = 0
    public var branchesTotal = 0
    public var gaps: [Gap] = []
    /// Whether coverage was asked for.
    public var measuresCoverage = false
    /// `--coverage-min` as given, and as the user wrote it, when coverage fell below it.
    public var coverageBelowMinimum: String?

    public init() {}

    public var failures: Int { cases.count { !$0.passed } }

    /// Coverage as a fraction (1 with no branches).
    public var coverage: Double { branchesTotal == 0 ? 1 : Double(branchesTaken) / Double(branchesTotal) }

    /// Adds the examples of `run`, and the coverage of the SOPs in `files` (every SOP with nil).
    public mutating func add(_ run: ExampleRun, coverageOf files: Set<String>?) {
        let program = run.program
        for r in run.results {
            let sop = program[r.sop]
            cases.append(Case(suite: sop.name, name: r.name, file: sop.file, line: r.range.start.line, passed: r.passed, failure: r.failure, path: run.pathText(r)))
        }
        for (s, branches) in run.coverage where files?.contains(program[s].file) ?? true {
            let graph = ReplayGraph(program: program, sop: s)
            branchesTotal += branches.count
            branchesTaken += branches.count { $0.taken }
            for b in branches where !b.taken {
                let node = program[b.node]
                let range = node.branches.indices.contains(b.branch) ? node.branches[b.branch].range : node.range
                gaps.append(Gap(sop: program[s].name, node: graph.name(of: b.node), branch: graph.describe(node: b.node, branch: b.branch), file: program[node.sop].file, line: range.start.line))
            }
        }
    }
}
