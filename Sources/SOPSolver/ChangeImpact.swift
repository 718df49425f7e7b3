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
    }

    /// Classes with a change, in a stable order (region, then old outcome, then new outcome).
    public let changes: [Change]
    /// Whether the work ran past its bound: `changes` is then incomplete and nothing is claimed.
    public let limitReached: Bool

    /// Routes listed per class.
    public static let routeLimit = 8
    /// The default bound on diagram steps for one comparison.
    public static let defaultStepLimit = 50_000_000

    /// Compares `old` and `new` (two SOPs of `program`): `oldDomain`/`newDomain` say which cases each
    /// version can express; `same` maps an old outcome to the new outcome it is the same as. Conditions
    /// name inputs as seen from `namesFrom`.
    public init(program: Program, old: SOPID, new: SOPID, oldDomain: Guard, newDomain: Guard,
                same: [OutcomeID: OutcomeID], namesFrom: SOPID, stepLimit: Int = ChangeImpact.defaultStepLimit) {
        var guards: [Guard] = [oldDomain, newDomain]
        for node in program.nodes { for b in node.branches { guards.append(b.condition) } }
        var inputs = program.visibleInputs(of: new)
        for i in program.visibleInputs(of: old) where !inputs.contains(i) { inputs.append(i) }
        let encoding = Encoding(program: program, inputs: inputs, guards: guards)
        let dd = DecisionDiagram(sizes: encoding.sizes)
        dd.budget(stepLimit)
        var atoms: [Guard: DecisionDiagram.Ref] = [:]
        func build(_ g: Guard) -> DecisionDiagram.Ref { encoding.build(g, in: dd, atoms: &atoms) }

        let reachOld = Self.outcomeConditions(program, old, dd, build)
        let reachNew = Self.outcomeConditions(program, new, dd, build)
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
            while remaining != DecisionDiagram.falseRef && routes.count < Self.routeLimit && !dd.exhausted {
                guard let a = dd.pick(remaining, preference: encoding.preference) else { break }
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
                // The case itself is always on its own route; anything else means the walk and the
                // diagram disagree, and the loop would not progress.
                guard routeCases != DecisionDiagram.falseRef else { break }
                let (rc, ralternatives, romitted) = simplifier.factored(routeCases, within: care, in: dd)
                routes.append(Route(old: oldWalk, new: newWalk, condition: simplifier.render(routeCases, within: care, in: dd),
                                    withinClass: Self.conjunction(rc.filter { !common.contains($0) },
                                                                  ralternatives.map { $0.filter { !common.contains($0) } }, omitted: romitted)))
                remaining = dd.and(remaining, dd.not(route))
            }
            changes.append(Change(region: region, from: from, to: to, common: common, alternatives: rest, omitted: omitted,
                                  witness: witness, routes: routes, moreRoutes: remaining != DecisionDiagram.falseRef))
        }

        let oldOutcomes = reachOld.keys.sorted()
        let newOutcomes = reachNew.keys.sorted()
        // Cases both versions express whose outcome changes, computed first: most comparisons end here.
        var changed = DecisionDiagram.falseRef
        for a in oldOutcomes {
            let kept = same[a].flatMap { reachNew[$0] } ?? DecisionDiagram.falseRef
            changed = dd.or(changed, dd.and(reachOld[a]!, dd.not(kept)))
        }
        changed = dd.and(changed, both)
        if changed != DecisionDiagram.falseRef {
            for a in oldOutcomes {
                let from = dd.and(reachOld[a]!, changed)
                if from == DecisionDiagram.falseRef { continue }
                for b in newOutcomes where same[a] != b {
                    let t = dd.and(from, reachNew[b]!)
                    if t != DecisionDiagram.falseRef { describe(.both, a, b, t, care: both) }
                    if dd.exhausted { break }
                }
            }
        }
        let onlyNew = dd.and(dNew, dd.not(dOld))
        if onlyNew != DecisionDiagram.falseRef {
            for b in newOutcomes {
                let t = dd.and(reachNew[b]!, onlyNew)
                if t != DecisionDiagram.falseRef { describe(.onlyNew, nil, b, t, care: dNew) }
            }
        }
        let onlyOld = dd.and(dOld, dd.not(dNew))
        if onlyOld != DecisionDiagram.falseRef {
            for a in oldOutcomes {
                let t = dd.and(reachOld[a]!, onlyOld)
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

    /// Per outcome the SOP can reach, the cases that reach it: path conditions propagated over the nodes
    /// reachable from the start (following sub-tree calls) in topological order.
    private static func outcomeConditions(_ program: Program, _ sop: SOPID, _ dd: DecisionDiagram,
                                          _ build: (Guard) -> DecisionDiagram.Ref) -> [OutcomeID: DecisionDiagram.Ref] {
        guard let start = program[sop].start else { return [:] }
        // Reverse post-order of an iterative depth-first search is topological (the graph has no cycle:
        // the caller compares only SOPs that compile without errors).
        var state = Array(repeating: UInt8(0), count: program.nodes.count)
        var post: [NodeID] = []
        var stack: [(NodeID, Int)] = [(start, 0)]
        state[start.index] = 1
        while let (node, next) = stack.last {
            let branches = program[node].branches
            if next < branches.count {
                stack[stack.count - 1].1 = next + 1
                guard let t = branches[next].target, let n = program.entryNode(of: t), state[n.index] == 0 else { continue }
                state[n.index] = 1
                stack.append((n, 0))
            } else {
                post.append(node)
                stack.removeLast()
            }
        }
        var pc = Array(repeating: DecisionDiagram.falseRef, count: program.nodes.count)
        pc[start.index] = DecisionDiagram.trueRef
        var reach: [OutcomeID: DecisionDiagram.Ref] = [:]
        for node in post.reversed() {
            let here = pc[node.index]
            if here == DecisionDiagram.falseRef || dd.exhausted { continue }
            let effective = program.effectiveGuards(of: program[node])
            for (i, b) in program[node].branches.enumerated() {
                guard let t = b.target else { continue }
                let e = dd.and(here, build(effective[i]))
                switch t {
                case .outcome(let o): reach[o] = dd.or(reach[o] ?? DecisionDiagram.falseRef, e)
                case .node, .call:
                    if let n = program.entryNode(of: t) { pc[n.index] = dd.or(pc[n.index], e) }
                }
            }
        }
        return reach
    }
}
