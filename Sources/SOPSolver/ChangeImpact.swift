import SOPCore
import SOPGraph

/// The exact set of cases whose outcome differs between two versions of a SOP, partitioned by transition.
///
/// The caller merges both versions into one `Program` (shared inputs, both versions' nodes and outcomes)
/// and gives each version's domain as a guard (an enum value or int range only one version has lies
/// outside the other's domain). Each version's outcome conditions are built as decision diagrams by the
/// same propagation `PathAnalysis` uses (a node's path condition is the disjunction over its incoming edges
/// of `pc(from) and effective guard`), exactly and without enumerating paths; a transition `a → b` is the
/// product `reach_old(a) and reach_new(b)` within both domains. Cases only one version's domain admits form
/// their own classes. Every witness is read off its diagram and walked through both versions.
public struct ChangeImpact: Sendable {
    /// Which cases a change is about.
    public enum Region: String, Hashable, Sendable {
        /// Cases both versions can express.
        case both
        /// Cases only the old version can express (a value or range the new one dropped).
        case onlyOld = "only-old"
        /// Cases only the new version can express (a value or range it added).
        case onlyNew = "only-new"
    }

    /// One way through both versions: the old walk and the new walk (nil outside that version's domain).
    public struct Route: Sendable {
        public var old: Walk?
        public var new: Walk?
        /// What a case must satisfy to take exactly these two walks.
        public var condition: String
        /// The same cases among the class's: what they satisfy besides the class's common conjuncts
        /// (the short form reports show under the class's condition).
        public var withinClass: String
    }

    /// One class of cases.
    public struct Change: Sendable {
        public var region: Region
        /// The outcome in the old version (nil for `onlyNew`).
        public var from: OutcomeID?
        /// The outcome in the new version (nil for `onlyOld`).
        public var to: OutcomeID?
        /// The cases: `common and (alternatives[0] or alternatives[1] ...)`, each entry a conjunction;
        /// `omitted` alternatives are left out.
        public var common: [String]
        public var alternatives: [[String]]
        public var omitted: Int
        /// A case of the class, complete over both versions' inputs.
        public var witness: Case
        /// The distinct pairs of walks the class's cases take, up to `routeLimit`.
        public var routes: [Route]
        /// Whether more routes exist than are listed.
        public var moreRoutes: Bool
        /// The routes not listed, counted up to `routeCountLimit` more within the work bound; `exact` is
        /// false when the count stopped early (a lower bound).
        public var hiddenRoutes = 0
        public var hiddenRoutesExact = true
    }

    /// Classes with a change, in a stable order (region, then old outcome, then new outcome).
    public let changes: [Change]
    /// Whether the work ran past its bound: `changes` is then incomplete and nothing is claimed.
    public let limitReached: Bool

    /// Routes listed per class.
    public static let routeLimit = 8
    /// Routes counted, not described, past `routeLimit`.
    public static let routeCountLimit = 1_000
    /// The default bound on diagram steps for one comparison.
    public static let defaultStepLimit = 50_000_000

    /// Compares `old` and `new` (two SOPs of `program`): `oldDomain`/`newDomain` say which cases each
    /// version can express; `same` maps an old outcome to the new outcome it is the same as. Conditions
    /// name inputs as seen from `namesFrom`.
    ///
    /// `sameAs` numbers nodes of `program` so that two nodes with the same number end every case alike (a
    /// canonical form of the tree below them); it lets the comparison stop where the versions agree.
    public init(program: Program, old: SOPID, new: SOPID, oldDomain: Guard, newDomain: Guard,
                same: [OutcomeID: OutcomeID], namesFrom: SOPID, sameAs: [Int?]? = nil,
                stepLimit: Int = ChangeImpact.defaultStepLimit) {
        var guards: [Guard] = [oldDomain, newDomain]
        for node in program.nodes { for b in node.branches { guards.append(b.condition) } }
        var inputs = program.visibleInputs(of: new)
        for i in program.visibleInputs(of: old) where !inputs.contains(i) { inputs.append(i) }
        let encoding = Encoding(program: program, inputs: inputs, guards: guards)
        let dd = DecisionDiagram(sizes: encoding.sizes)
        dd.budget(stepLimit)
        var atoms: [Guard: DecisionDiagram.Ref] = [:]
        func build(_ g: Guard) -> DecisionDiagram.Ref { encoding.build(g, in: dd, atoms: &atoms) }

        let dOld = build(oldDomain), dNew = build(newDomain)
        let both = dd.and(dOld, dNew)
        let simplifier = Simplifier(encoding: encoding, program: program, sop: namesFrom)
        var changes: [Change] = []

        func describe(_ region: Region, _ from: OutcomeID?, _ to: OutcomeID?, _ f: DecisionDiagram.Ref, care: DecisionDiagram.Ref) {
            guard let assignment = dd.pick(f, preference: encoding.preference) else { return }
            let witness = encoding.decode(encoding.preferred(assignment, satisfying: f, in: dd))
            let (common, rest, omitted) = simplifier.factored(f, within: care, in: dd)
            // Routes: take a case, remove every case that walks the same two ways, repeat.
            var routes: [Route] = []
            var remaining = f
            // The next route among the remaining cases: its two walks and its cases; nil when none is left
            // (or the walk and the diagram disagree, and the loop would not progress).
            func nextRoute() -> (old: Walk?, new: Walk?, route: DecisionDiagram.Ref, cases: DecisionDiagram.Ref)? {
                guard remaining != DecisionDiagram.falseRef, !dd.exhausted, let a = dd.pick(remaining, preference: encoding.preference) else { return nil }
                let c = encoding.decode(a)
                let oldWalk = region == .onlyNew ? nil : program.walk(c, from: old)
                let newWalk = region == .onlyOld ? nil : program.walk(c, from: new)
                var route = DecisionDiagram.trueRef
                for walk in [oldWalk, newWalk].compactMap({ $0 }) {
                    for step in walk.steps {
                        route = dd.and(route, build(program.effectiveGuards(of: program[step.node])[step.branch]))
                    }
                }
                let routeCases = dd.and(remaining, route)
                // The case itself is always on its own route.
                return routeCases == DecisionDiagram.falseRef ? nil : (oldWalk, newWalk, route, routeCases)
            }
            while routes.count < Self.routeLimit, let (oldWalk, newWalk, route, routeCases) = nextRoute() {
                let (rc, ralternatives, romitted) = simplifier.factored(routeCases, within: care, in: dd)
                routes.append(Route(old: oldWalk, new: newWalk, condition: simplifier.render(routeCases, within: care, in: dd),
                                    withinClass: Self.conjunction(rc.filter { !common.contains($0) },
                                                                  ralternatives.map { $0.filter { !common.contains($0) } }, omitted: romitted)))
                remaining = dd.and(remaining, dd.not(route))
            }
            let more = remaining != DecisionDiagram.falseRef
            // The routes past the listed ones are counted only, so a cut list says how many it hides.
            var hidden = 0
            while more, hidden < Self.routeCountLimit, let next = nextRoute() {
                remaining = dd.and(remaining, dd.not(next.route))
                hidden += 1
            }
            changes.append(Change(region: region, from: from, to: to, common: common, alternatives: rest, omitted: omitted,
                                  witness: witness, routes: routes, moreRoutes: more, hiddenRoutes: hidden,
                                  hiddenRoutesExact: remaining == DecisionDiagram.falseRef))
        }

        // Cases both versions express whose outcome changes: both walks followed together, only where
        // the versions differ (most comparisons end here).
        var effective: [Int: [DecisionDiagram.Ref]] = [:]
        func effectiveGuards(_ n: NodeID) -> [DecisionDiagram.Ref] {
            if let e = effective[n.index] { return e }
            let e = program.effectiveGuards(of: program[n]).map(build)
            effective[n.index] = e
            return e
        }
        let changed = Self.changedCases(program, old, new, within: both, same: same, sameAs: sameAs, dd, effectiveGuards)
        for a in changed.keys.sorted() where !dd.exhausted {
            for b in changed[a]!.keys.sorted() where !dd.exhausted {
                describe(.both, a, b, changed[a]![b]!, care: both)
            }
        }
        let onlyNew = dd.and(dNew, dd.not(dOld))
        if onlyNew != DecisionDiagram.falseRef && !dd.exhausted {
            let reachNew = Self.outcomeConditions(program, new, from: onlyNew, dd, effectiveGuards)
            for b in reachNew.keys.sorted() where !dd.exhausted {
                let t = reachNew[b]!
                if t != DecisionDiagram.falseRef { describe(.onlyNew, nil, b, t, care: dNew) }
            }
        }
        let onlyOld = dd.and(dOld, dd.not(dNew))
        if onlyOld != DecisionDiagram.falseRef && !dd.exhausted {
            let reachOld = Self.outcomeConditions(program, old, from: onlyOld, dd, effectiveGuards)
            for a in reachOld.keys.sorted() where !dd.exhausted {
                let t = reachOld[a]!
                if t != DecisionDiagram.falseRef { describe(.onlyOld, a, nil, t, care: dOld) }
            }
        }
        limitReached = dd.exhausted
        self.changes = dd.exhausted ? [] : changes
    }

    /// `common and (alternative or ...)` in one line; an empty alternative makes the disjunction true.
    static func conjunction(_ common: [String], _ alternatives: [[String]], omitted: Int) -> String {
        var parts = common
        if !alternatives.contains(where: \.isEmpty) || omitted > 0 {
            var options = alternatives.map { $0.count > 1 ? "(" + $0.joined(separator: " and ") + ")" : $0.joined(separator: " and ") }
            if omitted > 0 { options.append("...") }
            if options.count == 1 { parts.append(options[0]) } else if options.count > 1 { parts.append("(" + options.joined(separator: " or ") + ")") }
        }
        return parts.isEmpty ? "every case of the class" : parts.joined(separator: " and ")
    }

    /// Per outcome the SOP can reach, the cases among `initial` that reach it: path conditions propagated
    /// over the nodes reachable from the start (following sub-tree calls) in topological order.
    private static func outcomeConditions(_ program: Program, _ sop: SOPID, from initial: DecisionDiagram.Ref, _ dd: DecisionDiagram,
                                          _ effective: (NodeID) -> [DecisionDiagram.Ref]) -> [OutcomeID: DecisionDiagram.Ref] {
        guard let start = program[sop].start else { return [:] }
        let order = topologicalOrder(program, from: [start])
        var pc = Array(repeating: DecisionDiagram.falseRef, count: program.nodes.count)
        pc[start.index] = initial
        var reach: [OutcomeID: DecisionDiagram.Ref] = [:]
        for node in order {
            let here = pc[node.index]
            if here == DecisionDiagram.falseRef || dd.exhausted { continue }
            let guards = effective(node)
            for (i, b) in program[node].branches.enumerated() {
                guard let t = b.target else { continue }
                let e = dd.and(here, guards[i])
                switch t {
                case .outcome(let o): reach[o] = dd.or(reach[o] ?? DecisionDiagram.falseRef, e)
                case .node, .call:
                    if let n = program.entryNode(of: t) { pc[n.index] = dd.or(pc[n.index], e) }
                }
            }
        }
        return reach
    }

    /// The nodes reachable from `starts` (following sub-tree calls) in topological order: the reverse
    /// post-order of an iterative depth-first search (the graph has no cycle: the caller compares only SOPs
    /// that compile without errors).
    static func topologicalOrder(_ program: Program, from starts: [NodeID]) -> [NodeID] {
        var state = Array(repeating: false, count: program.nodes.count)
        var post: [NodeID] = []
        for start in starts where !state[start.index] {
            var stack: [(NodeID, Int)] = [(start, 0)]
            state[start.index] = true
            while let (node, next) = stack.last {
                let branches = program[node].branches
                if next < branches.count {
                    stack[stack.count - 1].1 = next + 1
                    guard let t = branches[next].target, let n = program.entryNode(of: t), !state[n.index] else { continue }
                    state[n.index] = true
                    stack.append((n, 0))
                } else {
                    post.append(node)
                    stack.removeLast()
                }
            }
        }
        return post.reversed()
    }

    // MARK: - Both walks together

    /// Where one walk is: a node, or the outcome it ended in.
    private enum Place: Hashable {
        case node(Int)
        case outcome(Int)

        init?(_ program: Program, _ target: Target?) {
            switch target {
            case .outcome(let o)?: self = .outcome(o.index)
            case let t?:
                guard let n = program.entryNode(of: t) else { return nil }
                self = .node(n.index)
            case nil: return nil
            }
        }
    }

    /// Where the old walk and the new walk of the same cases are.
    private struct Pair: Hashable {
        var old: Place
        var new: Place
    }

    /// Per old outcome and new outcome (not the same), the cases among `within` that end in the one in the
    /// old version and the other in the new.
    ///
    /// The two walks of a case are followed together, as pairs of places, each pair carrying the cases at it.
    /// Where both walks are at the node of the same name, both advance (an unchanged node sends each case
    /// down the same branch in both, so the pairs stay on the diagonal and this is the path condition of
    /// the shared part); where one walk is at a node the other version does not have, that one advances
    /// alone (an inserted node is passed and the walks meet again); otherwise the old walk advances first. A
    /// pair of nodes `sameAs` numbers alike ends every case alike and is dropped: only the region below the
    /// changed nodes, reached by their path conditions, is ever compared. Pairs are taken in order of the sum
    /// of their topological positions, which every step increases, so each pair is complete when taken.
    private static func changedCases(_ program: Program, _ old: SOPID, _ new: SOPID, within: DecisionDiagram.Ref,
                                     same: [OutcomeID: OutcomeID], sameAs: [Int?]?, _ dd: DecisionDiagram,
                                     _ effective: (NodeID) -> [DecisionDiagram.Ref]) -> [OutcomeID: [OutcomeID: DecisionDiagram.Ref]] {
        guard let oldStart = program[old].start, let newStart = program[new].start else { return [:] }
        let order = topologicalOrder(program, from: [oldStart, newStart])
        var position = Array(repeating: 0, count: program.nodes.count)
        for (p, n) in order.enumerated() { position[n.index] = p }
        // Nodes of the same name, as each version names them.
        var newByName: [String: Int] = [:]
        for n in topologicalOrder(program, from: [newStart]) { newByName[program.pathName(of: n, from: new)] = n.index }
        var counterpart = Array(repeating: -1, count: program.nodes.count)
        for n in topologicalOrder(program, from: [oldStart]) {
            if let m = newByName[program.pathName(of: n, from: old)] {
                counterpart[n.index] = m
                counterpart[m] = n.index
            }
        }
        let end = order.count
        func rank(_ p: Pair) -> Int {
            func at(_ place: Place) -> Int {
                if case .node(let n) = place { return position[n] }
                return end
            }
            return at(p.old) + at(p.new)
        }
        var buckets = Array(repeating: [Pair](), count: 2 * end + 1)
        var cases: [Pair: DecisionDiagram.Ref] = [:]
        func add(_ p: Pair, _ f: DecisionDiagram.Ref) {
            if f == DecisionDiagram.falseRef { return }
            if let c = cases[p] {
                cases[p] = dd.or(c, f)
            } else {
                cases[p] = f
                buckets[rank(p)].append(p)
            }
        }
        func successors(_ n: Int) -> [(Place, DecisionDiagram.Ref)] {
            let guards = effective(NodeID(n))
            return program.nodes[n].branches.enumerated().compactMap { i, b in Place(program, b.target).map { ($0, guards[i]) } }
        }
        add(Pair(old: .node(oldStart.index), new: .node(newStart.index)), within)
        var result: [OutcomeID: [OutcomeID: DecisionDiagram.Ref]] = [:]
        for r in buckets.indices {
            var k = 0
            while k < buckets[r].count {
                let pair = buckets[r][k]
                k += 1
                guard let f = cases.removeValue(forKey: pair), !dd.exhausted else { continue }
                switch (pair.old, pair.new) {
                case (.outcome(let a), .outcome(let b)):
                    let from = OutcomeID(a), to = OutcomeID(b)
                    if same[from] != to { result[from, default: [:]][to] = dd.or(result[from]?[to] ?? DecisionDiagram.falseRef, f) }
                case (.node(let u), .node(let v)):
                    if let x = sameAs?[u], let y = sameAs?[v], x == y { continue }
                    if counterpart[u] == v {
                        let next = successors(v)
                        for (t, g) in successors(u) {
                            let here = dd.and(f, g)
                            if here == DecisionDiagram.falseRef { continue }
                            for (t2, g2) in next { add(Pair(old: t, new: t2), dd.and(here, g2)) }
                        }
                    } else if counterpart[v] < 0 && counterpart[u] >= 0 {
                        for (t, g) in successors(v) { add(Pair(old: pair.old, new: t), dd.and(f, g)) }
                    } else {
                        for (t, g) in successors(u) { add(Pair(old: t, new: pair.new), dd.and(f, g)) }
                    }
                case (.node(let u), .outcome):
                    for (t, g) in successors(u) { add(Pair(old: t, new: pair.new), dd.and(f, g)) }
                case (.outcome, .node(let v)):
                    for (t, g) in successors(v) { add(Pair(old: pair.old, new: t), dd.and(f, g)) }
                }
            }
            buckets[r] = []
        }
        return result
    }
}
