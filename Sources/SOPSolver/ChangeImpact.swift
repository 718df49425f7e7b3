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
        /// Whether the walks begin partway, at the changed node the class's condition says the cases
        /// reach (`reaches `n12``), rather than at the start; `condition` is then what a case must satisfy
        /// from there, besides reaching that node.
        public var partway = false
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
    /// Whether the work ran past its bound: `changes` is then empty, and no set of transitions is claimed
    /// (`divergences` says what is known).
    public let limitReached: Bool
    /// When the work ran past its bound: where the versions first differ (up to `divergenceLimit` nodes),
    /// and how many such nodes there are (0 when they are not known: see `divergences`).
    public let divergences: [Divergence]
    public let divergingNodes: Int

    /// Routes listed per class.
    public static let routeLimit = 8
    /// Routes counted, not described, past `routeLimit`.
    public static let routeCountLimit = 1_000
    /// The default bound on diagram steps for one comparison.
    public static let defaultStepLimit = 50_000_000

    /// How the cases that both versions express are compared.
    package enum Method: Sendable {
        /// Both walks followed together from the start (see `changedCases`), always.
        case pairs
        /// From the changed decisions first met (see `ChangeImpact+Frontier.swift`) when they qualify,
        /// else as `pairs`.
        case automatic
        /// By the moves at the frontier alone (for tests): the cases that change below the frontier are
        /// taken as too many to follow, and when the moves do not decide, the comparison is not decided.
        case movesOnly
    }

    /// Whether the cases both versions express were compared from the changed decisions first met.
    package let fromFrontier: Bool
    /// Whether that comparison was decided by the moves at the frontier alone (no case reaching it takes
    /// different ways there).
    package let byMoves: Bool

    /// Compares `old` and `new` (two SOPs of `program`): `oldDomain`/`newDomain` say which cases each
    /// version can express; `same` maps an old outcome to the new outcome it is the same as. Conditions
    /// name inputs as seen from `namesFrom`.
    ///
    /// `sameAs` numbers nodes of `program` so that two nodes with the same number end every case alike (a
    /// canonical form of the tree below them); it lets the comparison stop where the versions agree.
    public init(program: Program, old: SOPID, new: SOPID, oldDomain: Guard, newDomain: Guard,
                same: [OutcomeID: OutcomeID], namesFrom: SOPID, sameAs: [Int?]? = nil,
                stepLimit: Int = ChangeImpact.defaultStepLimit) {
        self.init(program: program, old: old, new: new, oldDomain: oldDomain, newDomain: newDomain, same: same, namesFrom: namesFrom,
                  sameAs: sameAs, stepLimit: stepLimit, method: .automatic)
    }

    /// As above, comparing the cases both versions express by `method`; `frontierExactSize` bounds the
    /// exact path conditions of that method (only speed and the form of conditions depend on it).
    package init(program: Program, old: SOPID, new: SOPID, oldDomain: Guard, newDomain: Guard,
                 same: [OutcomeID: OutcomeID], namesFrom: SOPID, sameAs: [Int?]? = nil,
                 stepLimit: Int = ChangeImpact.defaultStepLimit, method: Method, frontierExactSize: Int = ChangeImpact.frontierExactSize) {
        var guards: [Guard] = [oldDomain, newDomain]
        for node in program.nodes { for b in node.branches { guards.append(b.condition) } }
        var inputs = program.visibleInputs(of: new)
        for i in program.visibleInputs(of: old) where !inputs.contains(i) { inputs.append(i) }
        let encoding = Encoding(program: program, inputs: inputs, guards: guards)
        let describer = ClassDescriber(program: program, old: old, new: new, encoding: encoding, namesFrom: namesFrom, steps: stepLimit)
        let dd = describer.dd, build = describer.build

        let dOld = build(oldDomain), dNew = build(newDomain)
        let both = dd.and(dOld, dNew)
        var changes: [Change] = []

        // Cases both versions express whose outcome changes: from the changed decisions first met when
        // they qualify, else both walks followed together from the start, only where the versions differ.
        // The frontier method gets a tenth of the budget: where it runs out, the pair method, whose
        // diagrams carry the path conditions that may prune the region below, tries with the whole.
        let pairing = Pairing(program, old, new)
        var asked: (listed: [Divergence], total: Int)?
        let frontier = method != .pairs && both != DecisionDiagram.falseRef
            ? Self.frontierChanges(program, old, new, pairing: pairing, domains: (oldDomain, newDomain), encoding: encoding, inputs: inputs,
                                   same: same, sameAs: sameAs, namesFrom: namesFrom, stepLimit: max(1, stepLimit / 10), exactSize: frontierExactSize,
                                   probe: method != .movesOnly, asked: &asked)
            : nil
        fromFrontier = frontier.map { !$0.exhausted } ?? false
        byMoves = frontier?.byMoves ?? false
        let undecidedByMoves = method == .movesOnly && !fromFrontier
        if let frontier, !frontier.exhausted {
            changes = frontier.changes
        } else if !undecidedByMoves, let oldStart = program[old].start, let newStart = program[new].start {
            let changed = Self.changedCases(program, from: (oldStart, newStart), pairing, within: both, same: same, sameAs: sameAs, dd, describer.effectiveGuards)
            for a in changed.keys.sorted() where !dd.exhausted {
                for b in changed[a]!.keys.sorted() where !dd.exhausted {
                    if let c = describer.change(.both, a, b, changed[a]![b]!, care: both) { changes.append(c) }
                }
            }
        }
        // Cases only one version expresses, through that version alone: NEW's first, then OLD's.
        for (region, sop, own, other) in [(Region.onlyNew, new, dNew, dOld), (.onlyOld, old, dOld, dNew)] {
            let only = dd.and(own, dd.not(other))
            guard only != DecisionDiagram.falseRef && !dd.exhausted else { continue }
            let reach = Self.outcomeConditions(program, sop, from: only, dd, describer.effectiveGuards)
            for o in reach.keys.sorted() where !dd.exhausted {
                let t = reach[o]!
                let (from, to) = region == .onlyNew ? (nil, o) : (o, nil)
                if t != DecisionDiagram.falseRef, let c = describer.change(region, from, to, t, care: own) { changes.append(c) }
            }
        }
        limitReached = dd.exhausted || undecidedByMoves
        self.changes = limitReached ? [] : changes
        let first = !limitReached || method == .pairs ? nil
            : asked ?? Self.divergences(program, old, new, pairing: pairing, encoding: encoding, domains: (oldDomain, newDomain), same: same,
                                        sameAs: sameAs, namesFrom: namesFrom, stepLimit: max(Self.divergenceStepFloor, stepLimit / 10))
                .map { ($0.listed, $0.total) }
        divergences = first?.listed ?? []
        divergingNodes = first?.total ?? 0
    }

    /// Inner nodes an exact path condition of the frontier method may have before it is approximated.
    package static let frontierExactSize = 64

    /// Describes classes of cases given as exact diagrams: a witness, the condition factored, and the
    /// routes (take a case, remove every case that walks the same two ways, repeat).
    final class ClassDescriber {
        let program: Program
        let old: SOPID
        let new: SOPID
        let encoding: Encoding
        let dd: DecisionDiagram
        let simplifier: Simplifier
        let build: (Guard) -> DecisionDiagram.Ref
        private var effective: [Int: [DecisionDiagram.Ref]] = [:]

        init(program: Program, old: SOPID, new: SOPID, encoding: Encoding, dd: DecisionDiagram, namesFrom: SOPID,
             build: @escaping (Guard) -> DecisionDiagram.Ref) {
            self.program = program
            self.old = old
            self.new = new
            self.encoding = encoding
            self.dd = dd
            self.build = build
            simplifier = Simplifier(encoding: encoding, program: program, sop: namesFrom)
        }

        /// A describer over a diagram of its own with a budget of `steps`, building guards through one
        /// cache of atoms.
        convenience init(program: Program, old: SOPID, new: SOPID, encoding: Encoding, namesFrom: SOPID, steps: Int) {
            let dd = DecisionDiagram(sizes: encoding.sizes)
            dd.budget(steps)
            var atoms: [Guard: DecisionDiagram.Ref] = [:]
            self.init(program: program, old: old, new: new, encoding: encoding, dd: dd, namesFrom: namesFrom) {
                encoding.build($0, in: dd, atoms: &atoms)
            }
        }

        /// The effective guards of a node's branches, built once.
        func effectiveGuards(_ n: NodeID) -> [DecisionDiagram.Ref] {
            if let e = effective[n.index] { return e }
            let e = program.effectiveGuards(of: program[n]).map(build)
            effective[n.index] = e
            return e
        }

        /// The class `f` (not empty) of `region` from `from` to `to`; `care` is what every case compared
        /// satisfies. Nil when the diagram gives no case (or the budget ran out).
        func change(_ region: Region, _ from: OutcomeID?, _ to: OutcomeID?, _ f: DecisionDiagram.Ref, care: DecisionDiagram.Ref) -> Change? {
            guard let assignment = dd.pick(f, preference: encoding.preference) else { return nil }
            let witness = encoding.decode(encoding.preferred(assignment, satisfying: f, in: dd))
            let (common, rest, omitted) = simplifier.factored(f, within: care, in: dd)
            var routes: [Route] = []
            var remaining = f
            // The next route among the remaining cases: its two walks and its cases; nil when none is left
            // (or the walk and the diagram disagree, and the loop would not progress).
            func nextRoute() -> (old: Walk?, new: Walk?, route: DecisionDiagram.Ref, cases: DecisionDiagram.Ref)? {
                guard remaining != DecisionDiagram.falseRef, !dd.exhausted, let a = dd.pick(remaining, preference: encoding.preference) else { return nil }
                let c = encoding.decode(a)
                let oldWalk = region == .onlyNew ? nil : program.walk(c, from: old)
                let newWalk = region == .onlyOld ? nil : program.walk(c, from: new)
                let route = self.route([oldWalk, newWalk].compactMap { $0 })
                let routeCases = dd.and(remaining, route)
                // The case itself is always on its own route.
                return routeCases == DecisionDiagram.falseRef ? nil : (oldWalk, newWalk, route, routeCases)
            }
            while routes.count < ChangeImpact.routeLimit, let (oldWalk, newWalk, route, routeCases) = nextRoute() {
                routes.append(self.route(old: oldWalk, new: newWalk, routeCases, care: care, classCommon: common))
                remaining = dd.and(remaining, dd.not(route))
            }
            let more = remaining != DecisionDiagram.falseRef
            // The routes past the listed ones are counted only, so a cut list says how many it hides.
            var hidden = 0
            while more, hidden < ChangeImpact.routeCountLimit, let next = nextRoute() {
                remaining = dd.and(remaining, dd.not(next.route))
                hidden += 1
            }
            return Change(region: region, from: from, to: to, common: common, alternatives: rest, omitted: omitted,
                          witness: witness, routes: routes, moreRoutes: more, hiddenRoutes: hidden,
                          hiddenRoutesExact: remaining == DecisionDiagram.falseRef)
        }

        /// The cases that walk each of `walks`: the conjunction of the effective guards of the steps taken.
        func route(_ walks: [Walk]) -> DecisionDiagram.Ref {
            var route = DecisionDiagram.trueRef
            for walk in walks {
                for step in walk.steps { route = dd.and(route, effectiveGuards(step.node)[step.branch]) }
            }
            return route
        }

        /// A route with its cases `routeCases`: its condition in full, and besides the class's `classCommon`.
        func route(old: Walk?, new: Walk?, _ routeCases: DecisionDiagram.Ref, care: DecisionDiagram.Ref, classCommon: [String], partway: Bool = false) -> Route {
            let (rc, ralternatives, romitted) = simplifier.factored(routeCases, within: care, in: dd)
            return Route(old: old, new: new, condition: simplifier.render(routeCases, within: care, in: dd),
                         withinClass: ChangeImpact.conjunction(rc.filter { !classCommon.contains($0) },
                                                               ralternatives.map { $0.filter { !classCommon.contains($0) } }, omitted: romitted),
                         partway: partway)
        }
    }

    /// `common and (alternative or ...)` in one line; an empty alternative makes the disjunction true.
    static func conjunction(_ common: [String], _ alternatives: [[String]], omitted: Int) -> String {
        var parts = common
        if !alternatives.contains(where: \.isEmpty) || omitted > 0 {
            var options = alternatives.map { $0.count > 1 ? "(" + $0.joined(separator: " and ") + ")" : $0.joined(separator: " and ") }
            if omitted > 0 { options.append("...") }
            if options.count == 1 {
                // One alternative: its conjuncts join the common ones.
                parts += omitted > 0 ? options : alternatives[0]
            } else if options.count > 1 {
                parts.append("(" + options.joined(separator: " or ") + ")")
            }
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
    enum Place: Hashable {
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
    struct Pair: Hashable {
        var old: Place
        var new: Place
    }

    /// Whether every case at `pair` ends alike in both versions without walking further: two outcomes the
    /// same, or two nodes with the same canonical number (`sameAs`).
    static func settled(_ pair: Pair, same: [OutcomeID: OutcomeID], sameAs: [Int?]?) -> Bool {
        switch (pair.old, pair.new) {
        case (.outcome(let a), .outcome(let b)): return same[OutcomeID(a)] == OutcomeID(b)
        case (.node(let u), .node(let v)):
            guard let x = sameAs?[u], let y = sameAs?[v] else { return false }
            return x == y
        default: return false
        }
    }

    /// Where node `n`'s branches lead, each with its effective guard.
    static func successors(_ program: Program, _ n: Int, _ effective: (NodeID) -> [DecisionDiagram.Ref]) -> [(Place, DecisionDiagram.Ref)] {
        let guards = effective(NodeID(n))
        return program.nodes[n].branches.enumerated().compactMap { i, b in Place(program, b.target).map { ($0, guards[i]) } }
    }

    /// One step of both walks from `u` (old) and `v` (new), two nodes of the same name, for the cases `f`:
    /// each pair of places the cases go to, with the cases that go there (old branch, then new branch).
    static func bothStep(_ program: Program, _ u: Int, _ v: Int, _ f: DecisionDiagram.Ref, _ dd: DecisionDiagram,
                                 _ effective: (NodeID) -> [DecisionDiagram.Ref], _ add: (Pair, DecisionDiagram.Ref) -> Void) {
        let next = successors(program, v, effective)
        for (t, g) in successors(program, u, effective) {
            let here = dd.and(f, g)
            if here == DecisionDiagram.falseRef { continue }
            for (t2, g2) in next { add(Pair(old: t, new: t2), dd.and(here, g2)) }
        }
    }

    /// Nodes of the same name in both versions (each version naming them from its own SOP), and a
    /// topological position for every node either version reaches.
    struct Pairing {
        /// Per node of `program`: the node of the same name in the other version, or -1.
        var counterpart: [Int]
        var position: [Int]
        /// Past every position: where outcomes are.
        var end: Int

        init(_ program: Program, _ old: SOPID, _ new: SOPID) {
            counterpart = Array(repeating: -1, count: program.nodes.count)
            position = Array(repeating: 0, count: program.nodes.count)
            end = 0
            guard let oldStart = program[old].start, let newStart = program[new].start else { return }
            let order = topologicalOrder(program, from: [oldStart, newStart])
            for (p, n) in order.enumerated() { position[n.index] = p }
            end = order.count
            var newByName: [String: Int] = [:]
            for n in topologicalOrder(program, from: [newStart]) { newByName[program.pathName(of: n, from: new)] = n.index }
            for n in topologicalOrder(program, from: [oldStart]) {
                if let m = newByName[program.pathName(of: n, from: old)] {
                    counterpart[n.index] = m
                    counterpart[m] = n.index
                }
            }
        }
    }

    /// Per old outcome and new outcome (not the same), the cases among `within` that, walking from `start`
    /// (a node of each version), end in the one in the old version and the other in the new.
    ///
    /// The two walks of a case are followed together, as pairs of places, each pair carrying the cases at it.
    /// Where both walks are at the node of the same name, both advance (an unchanged node sends each case
    /// down the same branch in both, so the pairs stay on the diagonal and this is the path condition of
    /// the shared part); where one walk is at a node the other version does not have, that one advances
    /// alone (an inserted node is passed and the walks meet again); otherwise the old walk advances first. A
    /// pair of nodes `sameAs` numbers alike ends every case alike and is dropped: only the region below the
    /// changed nodes, reached by their path conditions, is ever compared. Pairs are taken in order of the sum
    /// of their topological positions, which every step increases, so each pair is complete when taken.
    static func changedCases(_ program: Program, from start: (old: NodeID, new: NodeID), _ pairing: Pairing, within: DecisionDiagram.Ref,
                             same: [OutcomeID: OutcomeID], sameAs: [Int?]?, _ dd: DecisionDiagram,
                             _ effective: (NodeID) -> [DecisionDiagram.Ref]) -> [OutcomeID: [OutcomeID: DecisionDiagram.Ref]] {
        let counterpart = pairing.counterpart, position = pairing.position, end = pairing.end
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
        func successors(_ n: Int) -> [(Place, DecisionDiagram.Ref)] { Self.successors(program, n, effective) }
        add(Pair(old: .node(start.old.index), new: .node(start.new.index)), within)
        var result: [OutcomeID: [OutcomeID: DecisionDiagram.Ref]] = [:]
        for r in buckets.indices {
            var k = 0
            while k < buckets[r].count {
                let pair = buckets[r][k]
                k += 1
                guard let f = cases.removeValue(forKey: pair), !dd.exhausted else { continue }
                if settled(pair, same: same, sameAs: sameAs) { continue }
                switch (pair.old, pair.new) {
                case (.outcome(let a), .outcome(let b)):
                    let from = OutcomeID(a), to = OutcomeID(b)
                    result[from, default: [:]][to] = dd.or(result[from]?[to] ?? DecisionDiagram.falseRef, f)
                case (.node(let u), .node(let v)):
                    if counterpart[u] == v {
                        bothStep(program, u, v, f, dd, effective, add)
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
