import SOPCore
import SOPGraph

/// One decision on a route: at `node`, any of `branches` (which all lead to the same next step).
public struct RouteStep: Hashable, Sendable {
    public var node: NodeID
    /// Branch indices, in branch order; several when sibling branches share a target (switch cases that
    /// send three values to the same question read as one decision).
    public var branches: [Int]

    public init(node: NodeID, branches: [Int]) {
        self.node = node
        self.branches = branches
    }
}

/// A route through a SOP: the decisions a person takes from the start to a destination.
public struct Route: Hashable, Sendable {
    public var steps: [RouteStep]
    public init(steps: [RouteStep]) { self.steps = steps }
}

/// Where a route ends.
public enum RouteDestination: Hashable, Sendable {
    case node(NodeID)
    case outcome(OutcomeID)
    /// A sub-tree call to this SOP.
    case call(SOPID)
}

/// The routes to one destination, as many as the limit allows.
public struct RouteSet: Hashable, Sendable {
    public var destination: RouteDestination
    /// In depth-first branch order; routes every case of which is impossible are left out.
    public var routes: [Route]
    /// Whether `routes` lists every route (false: the limit or the work bound stopped the search).
    public var complete: Bool

    /// The routes grouped by shared prefix: one tree per first decision.
    public var tree: [RouteTree] { RouteTree.build(routes.map(\.steps)) }
}

/// Routes sharing a prefix, as a tree: `step`, then each continuation.
public struct RouteTree: Hashable, Sendable {
    public var step: RouteStep
    public var children: [RouteTree]

    static func build(_ routes: [[RouteStep]]) -> [RouteTree] {
        var result: [RouteTree] = []
        var groups: [RouteStep: [[RouteStep]]] = [:]
        var order: [RouteStep] = []
        for r in routes where !r.isEmpty {
            if groups[r[0]] == nil { order.append(r[0]) }
            groups[r[0], default: []].append(Array(r.dropFirst()))
        }
        for s in order { result.append(RouteTree(step: s, children: build(groups[s] ?? []))) }
        return result
    }
}

/// A case that takes a given branch of a given node, found on a real route from the SOP's start.
public struct BranchCase: Hashable, Sendable {
    public var node: NodeID
    public var branch: Int
    /// Complete over the SOP's visible inputs; replayed with `Program.walk`.
    public var example: Case
}

/// Finds routes and cases over one SOP's own nodes (a sub-tree call is a destination, not entered), with
/// impossible routes pruned by the decision procedure: every step's effective guard is conjoined with the
/// route so far, and a route whose conjunction is empty is dropped.
///
/// The one home of "how a case gets here" in words: `sopc why`, the handbook and the quiz read it.
public final class RouteFinder: @unchecked Sendable {
    typealias Ref = DecisionDiagram.Ref

    public let program: Program
    public let sop: SOPID
    let encoding: Encoding
    let dd: DecisionDiagram
    private var atoms: [Guard: Ref] = [:]
    private var effectiveCache: [Int: [Ref]] = [:]
    /// The SOP's own nodes reachable from its start (not through calls), in topological order.
    public private(set) var order: [NodeID] = []
    private var predecessors: [NodeID: [NodeID]] = [:]
    private let stepLimit: Int

    /// Prepares `sop` of a program with no errors. `extraGuards` are atoms cases must be able to
    /// distinguish (boundary values), added to the encoding.
    public init(program: Program, sop: SOPID, extraGuards: [Guard] = [], stepLimit: Int = Solver.defaultStepLimit) {
        self.program = program
        self.sop = sop
        self.stepLimit = stepLimit
        var guards: [Guard] = extraGuards
        for node in program.nodes where node.sop == sop {
            for b in node.branches { guards.append(b.condition) }
        }
        encoding = Encoding(program: program, inputs: program.visibleInputs(of: sop), guards: guards)
        dd = DecisionDiagram(sizes: encoding.sizes)
        dd.budget(stepLimit * 20)
        sortTopologically()
    }

    private func successors(_ n: NodeID) -> [NodeID] {
        program[n].branches.compactMap { b in
            if case .node(let m)? = b.target, program[m].sop == sop { return m }
            return nil
        }
    }

    private func sortTopologically() {
        guard let start = program[sop].start else { return }
        var state: [NodeID: UInt8] = [start: 1]
        var post: [NodeID] = []
        var stack: [(NodeID, Int)] = [(start, 0)]
        while let (node, next) = stack.last {
            let succ = successors(node)
            if next < succ.count {
                stack[stack.count - 1].1 = next + 1
                let t = succ[next]
                predecessors[t, default: []].append(node)
                if state[t] == nil {
                    state[t] = 1
                    stack.append((t, 0))
                } else if state[t] == 1 {
                    // A cycle: the program has errors; no routes.
                    order = []
                    return
                }
            } else {
                state[node] = 2
                post.append(node)
                stack.removeLast()
            }
        }
        order = post.reversed()
    }

    private func effective(_ n: NodeID) -> [Ref] {
        if let cached = effectiveCache[n.index] { return cached }
        var refs: [Ref] = []
        for g in program.effectiveGuards(of: program[n]) {
            refs.append(encoding.build(g, in: dd, atoms: &atoms))
        }
        effectiveCache[n.index] = refs
        return refs
    }

    private func destination(of target: Target?) -> RouteDestination? {
        switch target {
        case .node(let n)?: return program[n].sop == sop ? .node(n) : nil
        case .outcome(let o)?: return .outcome(o)
        case .call(let s)?: return .call(s)
        case nil: return nil
        }
    }

    // MARK: - Routes

    /// Up to `limit` routes from the start to `destination`, exploring at most `visitLimit` steps.
    public func routes(to destination: RouteDestination, limit: Int = 12, visitLimit: Int = 20_000) -> RouteSet {
        var result = RouteSet(destination: destination, routes: [], complete: true)
        guard let start = program[sop].start, !order.isEmpty else { return result }
        if destination == .node(start) {
            result.routes = [Route(steps: [])]
            return result
        }
        // Nodes from which the destination can be reached, so the search never walks into a dead end.
        var leadsThere: Set<NodeID> = []
        var stack: [NodeID] = []
        for n in order where program[n].branches.contains(where: { self.destination(of: $0.target) == destination }) {
            if leadsThere.insert(n).inserted { stack.append(n) }
        }
        while let n = stack.popLast() {
            for p in predecessors[n] ?? [] where leadsThere.insert(p).inserted { stack.append(p) }
        }
        guard leadsThere.contains(start) else { return result }
        var visits = 0
        var path: [RouteStep] = []
        dd.budget(stepLimit)
        func visit(_ n: NodeID, _ prefix: Ref) {
            visits += 1
            guard result.complete else { return }
            if visits > visitLimit || dd.exhausted {
                result.complete = false
                return
            }
            let node = program[n]
            let eff = effective(n)
            // Group the possible branches by where they lead, keeping branch order.
            var groups: [(RouteDestination, [Int], Ref)] = []
            for (i, b) in node.branches.enumerated() {
                guard let d = self.destination(of: b.target) else { continue }
                if d != destination {
                    guard case .node(let m) = d, leadsThere.contains(m) else { continue }
                }
                let c = dd.and(prefix, eff[i])
                if c == DecisionDiagram.falseRef { continue }
                if let k = groups.firstIndex(where: { $0.0 == d }) {
                    groups[k].1.append(i)
                    groups[k].2 = dd.or(groups[k].2, c)
                } else {
                    groups.append((d, [i], c))
                }
            }
            for (d, branches, c) in groups {
                path.append(RouteStep(node: n, branches: branches))
                if d == destination {
                    if result.routes.count == limit {
                        result.complete = false
                    } else {
                        result.routes.append(Route(steps: path))
                    }
                } else if case .node(let m) = d {
                    visit(m, c)
                }
                path.removeLast()
                if !result.complete { return }
            }
        }
        visit(start, DecisionDiagram.trueRef)
        return result
    }

    /// How many routes lead to `destination`: counted by listing up to `cap` of them within the same work
    /// bound as `routes(to:)`; `exact` is false when the cap or the bound stopped the count (a lower bound).
    /// What a list of routes cut short says it hides (`MoreNotShown`).
    public func routeCount(to destination: RouteDestination, cap: Int = 10_000) -> (count: Int, exact: Bool) {
        let all = routes(to: destination, limit: cap)
        return (all.routes.count, all.complete)
    }

    // MARK: - Cases

    /// One case per branch that some case reaching its node takes, found along real routes, in
    /// topological order of the nodes and branch order within each. Branches no case is found for (dead
    /// ones, or where the work bound stopped the search) are left out. The search stops once `limit`
    /// cases are found.
    public func branchCases(seedsPerNode: Int = 3, limit: Int = .max) -> [BranchCase] {
        var result: [BranchCase] = []
        forEachReachingCondition(seedsPerNode: seedsPerNode) { n, seeds in
            addBranchCases(n, seeds, to: &result, limit: limit)
            return result.count < limit
        }
        return result
    }

    /// `branchCases()` and `cases(for: settings)` in one walk over the nodes, which shares the reaching
    /// conditions (and most of the diagram work) between the two.
    public func scenarioCases(settings: [Setting], seedsPerNode: Int = 3) -> (branches: [BranchCase], settings: [Case?]) {
        var branches: [BranchCase] = []
        var found: [Case?] = Array(repeating: nil, count: settings.count)
        let byNode = Self.byNode(settings)
        forEachReachingCondition(seedsPerNode: seedsPerNode) { n, seeds in
            addBranchCases(n, seeds, to: &branches, limit: .max)
            addSettingCases(n, seeds, settings, byNode, to: &found)
            return true
        }
        return (branches, found)
    }

    private func addBranchCases(_ n: NodeID, _ seeds: [Ref], to result: inout [BranchCase], limit: Int) {
        guard result.count < limit else { return }
        let eff = effective(n)
        for i in program[n].branches.indices {
            for s in seeds {
                let c = dd.and(s, eff[i])
                if c == DecisionDiagram.falseRef { continue }
                if let example = witness(c) { result.append(BranchCase(node: n, branch: i, example: example)) }
                break
            }
        }
    }

    /// For each node in topological order, up to `seedsPerNode` conditions each of which only real routes
    /// to the node satisfy (conjunctions along routes, merged where they meet). `body` returns false to
    /// stop the walk.
    private func forEachReachingCondition(seedsPerNode: Int, _ body: (NodeID, [Ref]) -> Bool) {
        guard let start = program[sop].start, !order.isEmpty else { return }
        var seeds: [NodeID: [Ref]] = [start: [DecisionDiagram.trueRef]]
        for n in order {
            dd.budget(stepLimit)
            let mine = seeds.removeValue(forKey: n) ?? []
            guard !mine.isEmpty else { continue }
            guard body(n, mine) else { return }
            let eff = effective(n)
            for (i, b) in program[n].branches.enumerated() {
                guard case .node(let m)? = b.target, program[m].sop == sop else { continue }
                var list = seeds[m] ?? []
                if list.count >= seedsPerNode { continue }
                for s in mine {
                    let c = dd.and(s, eff[i])
                    if dd.exhausted { break }
                    if c != DecisionDiagram.falseRef {
                        list.append(c)
                        break
                    }
                }
                seeds[m] = list
            }
        }
    }

    /// A value to try for an int input at a node: a boundary case.
    public struct Setting: Hashable, Sendable {
        public var node: NodeID
        public var input: InputID
        public var value: Int
        public init(node: NodeID, input: InputID, value: Int) {
            self.node = node
            self.input = input
            self.value = value
        }
    }

    /// For each setting, a case reaching its node (along a real route) with its input at its value, or nil
    /// where none was found. Values should be among `extraGuards`' constants so they are distinguished.
    public func cases(for settings: [Setting], seedsPerNode: Int = 3) -> [Case?] {
        var result: [Case?] = Array(repeating: nil, count: settings.count)
        let byNode = Self.byNode(settings)
        forEachReachingCondition(seedsPerNode: seedsPerNode) { n, seeds in
            addSettingCases(n, seeds, settings, byNode, to: &result)
            return true
        }
        return result
    }

    private static func byNode(_ settings: [Setting]) -> [NodeID: [Int]] {
        var byNode: [NodeID: [Int]] = [:]
        for (k, s) in settings.enumerated() { byNode[s.node, default: []].append(k) }
        return byNode
    }

    private func addSettingCases(_ n: NodeID, _ seeds: [Ref], _ settings: [Setting], _ byNode: [NodeID: [Int]], to result: inout [Case?]) {
        for k in byNode[n] ?? [] {
            let atom = encoding.build(.compare(settings[k].input, .equal, .int(settings[k].value)), in: dd, atoms: &atoms)
            for s in seeds {
                let c = dd.and(s, atom)
                if c != DecisionDiagram.falseRef, let example = witness(c) {
                    result[k] = example
                    break
                }
            }
        }
    }

    /// Above this many nodes, cases are read straight off the diagram: moving every int to its most
    /// preferred interval (small, readable values) costs more than the rest of the search.
    static let preferredValuesLimit = 500

    private func witness(_ f: Ref) -> Case? {
        guard !dd.exhausted, let a = dd.pick(f, preference: encoding.preference) else { return nil }
        return encoding.decode(order.count <= Self.preferredValuesLimit ? encoding.preferred(a, satisfying: f, in: dd) : a)
    }
}

// MARK: - Words

extension Program {
    /// A route step as a person reads it: the node's question and the answer (or answers) taken.
    public func words(_ step: RouteStep) -> (question: String, answer: String) {
        let node = self[step.node]
        let answers = step.branches.map { answer(node, branch: $0) }
        let joined = answers.count > 2 ? answers.dropLast().joined(separator: ", ") + ", or " + answers[answers.count - 1] : answers.joined(separator: " or ")
        return (node.question, joined)
    }

    /// What `sopc why` (and the editor's hover) says about how cases reach a destination: a status line,
    /// then the routes grouped by shared prefix. `isStart` marks the SOP's start node.
    public func reachLines(_ routes: RouteSet, isStart: Bool = false) -> [String] {
        if isStart { return ["always reached: it is the start node"] }
        if routes.routes.isEmpty {
            return [routes.complete ? "never reached: no possible route leads here" : "unknown: the search stopped at its work bound"]
        }
        let count = routes.routes.count
        return [routes.complete ? (count == 1 ? "1 route leads here:" : "\(count) routes lead here:") : "the first \(count) routes that lead here:"]
            + routeLines(routes)
    }

    /// Routes grouped by shared prefix as indented plain-text lines (`- question → answer`), two spaces
    /// per level: the form `sopc why` prints.
    public func routeLines(_ routes: RouteSet) -> [String] {
        var lines: [String] = []
        func emit(_ trees: [RouteTree], _ depth: Int) {
            for t in trees {
                let w = words(t.step)
                lines.append(String(repeating: "  ", count: depth) + "- " + w.question + " \u{2192} " + w.answer)
                emit(t.children, depth + 1)
            }
        }
        emit(routes.tree, 0)
        return lines
    }
}
