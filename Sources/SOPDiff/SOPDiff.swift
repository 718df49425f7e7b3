import SOPCore
import SOPGraph
import SOPReplay
import SOPSolver

/// What changed between two versions of a set of SOPs: per SOP matched by `sop:` id, the exact cases whose
/// outcome changes (from `ChangeImpact`), a verdict, the structural changes, and SOPs added or removed.
public struct SOPDiff: Sendable {
    /// How one transition moves a case, by outcome `severity` (low < medium < high < critical).
    public enum Kind: String, Hashable, Sendable {
        case stricter
        case moreLenient = "more lenient"
        /// Between outcomes of equal or unknown severity, or a class only one version can express.
        case changed
    }

    /// The verdict for one SOP.
    public enum Verdict: String, Hashable, Sendable {
        case equivalent
        case stricter
        case moreLenient = "more lenient"
        case mixed
        case changed
        /// The comparison ran past its work bound: no complete set of transitions is claimed (see
        /// `SOPChange.firstDifferences` for what is known).
        case unknown
    }

    /// A class of cases whose outcome changes (or that only one version can express).
    public struct Transition: Sendable {
        public var region: ChangeImpact.Region
        /// Outcome names as seen from the SOP; `from` is nil for cases only NEW can express, `to` for cases
        /// only OLD can express.
        public var from: String?
        public var to: String?
        public var kind: Kind
        public var common: [String]
        public var alternatives: [[String]]
        public var omitted: Int
        /// The condition in one line, or nil when it has no short form (read `routes` instead).
        public var condition: String?
        public var witness: Witness
        /// The witness's path in each version (nil outside that version's domain).
        public var oldPath: String?
        public var newPath: String?
        /// Whether walking both versions with the witness reproduced `from` and `to`.
        public var verified: Bool
        /// Each route's paths, its condition on its own, and its condition among the class's cases (what it
        /// needs besides `common`).
        public var routes: [(old: String?, new: String?, condition: String, withinClass: String)]
        public var moreRoutes: Bool
        /// The routes not listed, and whether that count is exact (else a lower bound).
        public var hiddenRoutes = 0
        public var hiddenRoutesExact = true
        /// Witness as a case of each version, for re-walking.
        public var oldCase: Case?
        public var newCase: Case?
    }

    /// A structural change, or a warning about one.
    public struct Structural: Hashable, Sendable {
        /// `node-added`, `node-removed`, `node-renamed`, `outcome-added`, `outcome-removed`,
        /// `outcome-renamed`, `input-added`, `input-removed`, `input-retyped`, `value-added`,
        /// `value-removed`, `fall-through` (a warning).
        public var kind: String
        public var message: String
        public var isWarning: Bool { kind == "fall-through" }
    }

    /// A node where the versions first differ, for an undecided SOP (see `ChangeImpact+Divergence.swift`).
    public struct FirstDifference: Sendable {
        /// A pair of places the two walks go to from the node, and the cases that go there.
        public struct Move: Sendable {
            public var old: String
            public var new: String
            public var condition: String
            /// One such case (of the old version), placed at the node.
            public var atNode: Case
            public var reach: Reach
        }

        /// What is known of the cases that reach the node and make the move.
        public enum Reach: Sendable {
            /// Not asked: the comparison ran out before the moves were looked at.
            case notAsked
            /// Asked, not decided within the bound.
            case undecided
            /// None.
            case none
            /// A case does: where it ends in each version (walked through each version's own program).
            case reached(witness: Witness, from: String?, to: String?, kind: Kind, oldPath: String, newPath: String, oldCase: Case, newCase: Case)
        }

        public var node: String
        /// Nil when the new version has no node of that name.
        public var moves: [Move]?
    }

    /// One SOP present in both versions.
    public struct SOPChange: Sendable {
        public var sop: String
        public var verdict: Verdict
        public var transitions: [Transition]
        public var structural: [Structural]
        /// The new version's examples: passed, failed.
        public var examples: (passed: Int, failed: Int)
        public var oldSOP: SOPID
        public var newSOP: SOPID
        /// Whether equivalence was proven by structure alone: the same tree up to node names and the order
        /// of branches that cannot both apply (see `SameDecisions`), with no solver work.
        public var sameStructure: Bool
        /// Whether the cases both versions express were compared from the changed decisions first met
        /// (see `ChangeImpact+Frontier.swift`) rather than from the start.
        package var fromFrontier = false
        /// Whether that comparison was decided by the moves at the frontier alone.
        package var byMoves = false
        /// When the verdict is `unknown`: where the versions first differ, what changes there (see
        /// `ChangeImpact+Divergence.swift`), and how many such nodes there are (0 when not known).
        public var firstDifferences: [FirstDifference] = []
        public var differingNodes = 0
    }

    public var sops: [SOPChange]
    /// `sop:` ids only the new or only the old version declares.
    public var added: [String]
    public var removed: [String]
    public let old: Program
    public let new: Program

    /// How a case going from `f` (old) to `t` (new) moves, by the outcomes' severities.
    static func kind(_ old: Program, _ f: OutcomeID, _ new: Program, _ t: OutcomeID) -> Kind {
        guard let a = old[f].severity.flatMap(severityOrder.firstIndex(of:)), let b = new[t].severity.flatMap(severityOrder.firstIndex(of:)),
              a != b else { return .changed }
        return b > a ? .stricter : .moreLenient
    }

    /// Severity ranks; outcomes without a severity (or with another word) have none.
    public static let severityOrder = ["low", "medium", "high", "critical"]

    /// Compares every SOP with a start in `old` with the one of the same id in `new`. Both programs must
    /// compile without errors.
    public init(old: Program, new: Program, stepLimit: Int = ChangeImpact.defaultStepLimit) {
        self.init(old: old, new: new, stepLimit: stepLimit, method: .automatic)
    }

    /// As above, comparing by `method`, with the frontier method's exact path conditions bounded by
    /// `frontierExactSize` diagram nodes.
    package init(old: Program, new: Program, stepLimit: Int = ChangeImpact.defaultStepLimit, method: ChangeImpact.Method,
                 frontierExactSize: Int = ChangeImpact.frontierExactSize) {
        self.old = old
        self.new = new
        let oldNames = old.sops.filter { $0.start != nil }.map(\.name)
        let newNames = new.sops.filter { $0.start != nil }.map(\.name)
        added = newNames.filter { !oldNames.contains($0) }.sorted()
        removed = oldNames.filter { !newNames.contains($0) }.sorted()
        let union = ProgramUnion(old: old, new: new)
        var sops: [SOPChange] = []
        for name in oldNames.sorted() where newNames.contains(name) {
            guard let o = old.sop(named: name), let n = new.sop(named: name) else { continue }
            sops.append(Self.compare(union, o.id, n.id, stepLimit: stepLimit, method: method, frontierExactSize: frontierExactSize))
        }
        self.sops = sops
    }

    static func compare(_ union: ProgramUnion, _ oldID: SOPID, _ newID: SOPID, stepLimit: Int, method: ChangeImpact.Method,
                        frontierExactSize: Int) -> SOPChange {
        let program = union.program
        let old = union.old, new = union.new
        let uNew = union.newSOP(newID)
        // Outcomes are the same when they go by the same name as seen from the SOP.
        var byName: [String: OutcomeID] = [:]
        for o in new.outcomes { byName[new.name(of: o.id, from: newID)] = union.newOutcome(o.id) }
        var same: [OutcomeID: OutcomeID] = [:]
        for o in old.outcomes { same[o.id] = byName[old.name(of: o.id, from: oldID)] }
        // The same tree up to names and the order of exclusive branches: equivalent, with nothing to solve.
        var sameDecisions = SameDecisions(program: program, same: same)
        let byStructure = union.oldDomain == union.newDomain && sameDecisions.equivalent(oldID, uNew)
        // Otherwise the full comparison, which stops wherever the canonical numbers agree.
        let impact = byStructure ? nil : ChangeImpact(program: program, old: oldID, new: uNew, oldDomain: union.oldDomain, newDomain: union.newDomain,
                                                      same: same, namesFrom: uNew, sameAs: sameDecisions.numbers(oldID, uNew), stepLimit: stepLimit,
                                                      method: method, frontierExactSize: frontierExactSize)
        let visible = program.visibleInputs(of: uNew) + program.visibleInputs(of: oldID).filter { !program.visibleInputs(of: uNew).contains($0) }
        var transitions: [Transition] = []
        for change in impact?.changes ?? [] {
            let from = change.from.map { old.name(of: $0, from: oldID) }
            let to = change.to.map { new.name(of: union.newProgramOutcome($0), from: newID) }
            var kind = Kind.changed
            if change.region == .both, let f = change.from, let t = change.to { kind = Self.kind(old, f, new, union.newProgramOutcome(t)) }
            // The witness, re-checked by walking each version's own program.
            let oldCase = change.region == .onlyNew ? nil : union.oldCase(change.witness)
            let newCase = change.region == .onlyOld ? nil : union.newCase(change.witness)
            let oldWalk = oldCase.map { old.walk($0, from: oldID) }
            let newWalk = newCase.map { new.walk($0, from: newID) }
            let verified = oldWalk.map { $0.outcome.map { old.name(of: $0, from: oldID) } == from } ?? true
                && newWalk.map { $0.outcome.map { new.name(of: $0, from: newID) } == to } ?? true
            var condition: String?
            if change.omitted == 0 && change.alternatives.count <= 3 {
                var parts = change.common
                if change.alternatives.count == 1 {
                    parts += change.alternatives[0]
                } else if change.alternatives.count > 1 {
                    parts.append("(" + change.alternatives.map { $0.isEmpty ? "true" : $0.joined(separator: " and ") }.joined(separator: " or ") + ")")
                }
                condition = parts.isEmpty ? "always" : parts.joined(separator: " and ")
            }
            let witness = Witness(visible.compactMap { i in change.witness[i].map { Witness.Entry(input: program.name(of: i, from: uNew), value: $0) } })
            transitions.append(Transition(
                region: change.region, from: from, to: to, kind: kind, common: change.common, alternatives: change.alternatives,
                omitted: change.omitted, condition: condition, witness: witness,
                oldPath: oldWalk.map { old.pathText($0, from: oldID) }, newPath: newWalk.map { new.pathText($0, from: newID) },
                verified: verified,
                routes: change.routes.map { r in (r.old.map { program.pathText($0, from: oldID, partway: r.partway) },
                                                  r.new.map { program.pathText($0, from: uNew, partway: r.partway) }, r.condition, r.withinClass) },
                moreRoutes: change.moreRoutes, hiddenRoutes: change.hiddenRoutes, hiddenRoutesExact: change.hiddenRoutesExact,
                oldCase: oldCase, newCase: newCase))
        }
        // Undecided: where the versions first differ, each case found there walked through both versions.
        var firstDifferences: [FirstDifference] = []
        for d in impact?.divergences ?? [] { firstDifferences.append(Self.firstDifference(d, union, oldID, newID, visible: visible)) }
        let verdict: Verdict
        if impact?.limitReached ?? false {
            verdict = .unknown
        } else if transitions.isEmpty {
            verdict = .equivalent
        } else {
            let kinds = Set(transitions.map(\.kind))
            if kinds == [.stricter] { verdict = .stricter }
            else if kinds == [.moreLenient] { verdict = .moreLenient }
            else if kinds.contains(.stricter) && kinds.contains(.moreLenient) { verdict = .mixed }
            else { verdict = .changed }
        }
        let run = ExampleRun(program: new, sops: [newID])
        return SOPChange(sop: new[newID].name, verdict: verdict, transitions: transitions,
                         structural: structural(union, oldID, newID), examples: (run.results.count - run.failures, run.failures),
                         oldSOP: oldID, newSOP: newID, sameStructure: byStructure, fromFrontier: impact?.fromFrontier ?? false, byMoves: impact?.byMoves ?? false,
                         firstDifferences: firstDifferences, differingNodes: impact?.divergingNodes ?? 0)
    }

    /// A node where the versions first differ, with each case found there walked through both versions'
    /// own programs.
    static func firstDifference(_ d: ChangeImpact.Divergence, _ union: ProgramUnion, _ oldID: SOPID, _ newID: SOPID,
                                visible: [InputID]) -> FirstDifference {
        guard let moves = d.moves else { return FirstDifference(node: d.node, moves: nil) }
        var result: [FirstDifference.Move] = []
        for m in moves {
            result.append(FirstDifference.Move(old: m.old, new: m.new, condition: m.condition, atNode: union.oldCase(m.witness),
                                               reach: reach(m.reach, union, oldID, newID, visible: visible)))
        }
        return FirstDifference(node: d.node, moves: result)
    }

    private static func reach(_ r: ChangeImpact.Divergence.Reach, _ union: ProgramUnion, _ oldID: SOPID, _ newID: SOPID,
                              visible: [InputID]) -> FirstDifference.Reach {
        switch r {
        case .notAsked: return .notAsked
        case .undecided: return .undecided
        case .none: return .none
        case .reached(let c):
            let old = union.old, new = union.new, program = union.program, uNew = union.newSOP(newID)
            let oldCase = union.oldCase(c), newCase = union.newCase(c)
            let oldWalk = old.walk(oldCase, from: oldID), newWalk = new.walk(newCase, from: newID)
            var entries: [Witness.Entry] = []
            for i in visible { if let v = c[i] { entries.append(Witness.Entry(input: program.name(of: i, from: uNew), value: v)) } }
            var kind = Kind.changed
            var from: String?, to: String?
            if let f = oldWalk.outcome { from = old.name(of: f, from: oldID) }
            if let t = newWalk.outcome { to = new.name(of: t, from: newID) }
            if let f = oldWalk.outcome, let t = newWalk.outcome { kind = Self.kind(old, f, new, t) }
            let oldPath = old.pathText(oldWalk, from: oldID), newPath = new.pathText(newWalk, from: newID)
            return .reached(witness: Witness(entries), from: from, to: to, kind: kind, oldPath: oldPath, newPath: newPath,
                            oldCase: oldCase, newCase: newCase)
        }
    }

    // MARK: - Structure

    static func structural(_ union: ProgramUnion, _ oldID: SOPID, _ newID: SOPID) -> [Structural] {
        let old = union.old, new = union.new
        var result: [Structural] = []
        // Nodes in scope of each version, by path name.
        let oldNodes = ReplayGraph(program: old, sop: oldID).nodes.map { (old.pathName(of: $0, from: oldID), old[$0]) }
        let newNodes = ReplayGraph(program: new, sop: newID).nodes.map { (new.pathName(of: $0, from: newID), new[$0]) }
        let oldNames = Set(oldNodes.map(\.0)), newNames = Set(newNodes.map(\.0))
        // A node removed and one added with the same question: renamed.
        let (renamedNodes, addedNodes, removedNodes) = renames(removed: oldNodes.filter { !newNames.contains($0.0) },
                                                              added: newNodes.filter { !oldNames.contains($0.0) }) { $0.question == $1.question }
        result += renamedNodes.map { Structural(kind: "node-renamed", message: "node `\($0.from)` renamed to `\($0.to)`") }
        result += addedNodes.map { Structural(kind: "node-added", message: "node `\($0.0)` added: \($0.1.question)") }
        result += removedNodes.map { Structural(kind: "node-removed", message: "node `\($0.0)` removed") }
        // Outcomes the SOP can see.
        let oldOutcomes = ReplayGraph(program: old, sop: oldID).outcomes.map { (old.name(of: $0, from: oldID), old[$0]) }
        let newOutcomes = ReplayGraph(program: new, sop: newID).outcomes.map { (new.name(of: $0, from: newID), new[$0]) }
        // An outcome removed and one added with the same title: renamed.
        let (renamedOutcomes, addedOutcomes, removedOutcomes) = renames(removed: oldOutcomes.filter { o in !newOutcomes.contains { $0.0 == o.0 } },
                                                                        added: newOutcomes.filter { o in !oldOutcomes.contains { $0.0 == o.0 } }) { $0.title == $1.title }
        result += renamedOutcomes.map { Structural(kind: "outcome-renamed", message: "outcome `\($0.from)` renamed to `\($0.to)`") }
        result += addedOutcomes.map { Structural(kind: "outcome-added", message: "outcome `\($0.0)` added: \($0.1.title)") }
        result += removedOutcomes.map { Structural(kind: "outcome-removed", message: "outcome `\($0.0)` removed") }
        // Inputs and their values.
        let oldInputs = old.visibleInputs(of: oldID).map { (old.name(of: $0, from: oldID), old[$0]) }
        let newInputs = new.visibleInputs(of: newID).map { (new.name(of: $0, from: newID), new[$0]) }
        for (name, i) in newInputs {
            guard let (_, o) = oldInputs.first(where: { $0.0 == name }) else {
                result.append(Structural(kind: "input-added", message: "input `\(name)` (\(i.type.name)) added"))
                continue
            }
            if ProgramUnion.widen(o.type, i.type) == nil {
                result.append(Structural(kind: "input-retyped", message: "input `\(name)` changed from \(o.type.name) to \(i.type.name)"))
                continue
            }
            let before = o.type.values ?? [], after = i.type.values ?? []
            for v in after where !before.contains(v) {
                result.append(Structural(kind: "value-added", message: "value `\(v)` added to `\(name)`"))
            }
            for v in before where !after.contains(v) {
                result.append(Structural(kind: "value-removed", message: "value `\(v)` removed from `\(name)`"))
            }
            if case .int(let l1, let u1) = o.type, case .int(let l2, let u2) = i.type, (l1, u1) != (l2, u2) {
                result.append(Structural(kind: "range-changed", message: "range of `\(name)` changed from \(l1)...\(u1) to \(l2)...\(u2)"))
            }
            // New enum values no branch names, that land in an `else` or a catch-all of a `first` node.
            if case .enumeration = i.type {
                for v in after where !before.contains(v) {
                    for (nodeName, node) in newNodes {
                        guard let landing = fallThrough(node, input: i.id, value: v) else { continue }
                        result.append(Structural(kind: "fall-through", message: "new value `\(v)` of `\(name)` has no branch of its own at node `\(nodeName)`: it falls into \(landing)"))
                    }
                }
            }
        }
        for (name, _) in oldInputs where !newInputs.contains(where: { $0.0 == name }) {
            result.append(Structural(kind: "input-removed", message: "input `\(name)` removed"))
        }
        return result
    }

    /// The one rename rule: each removed item is paired, in order, with the first added item `isSame` says
    /// it is (same question, same title); the pairs are renames, the rest stay added or removed.
    static func renames<T>(removed: [(String, T)], added: [(String, T)], _ isSame: (T, T) -> Bool)
        -> (renamed: [(from: String, to: String)], added: [(String, T)], removed: [(String, T)]) {
        var added = added
        var renamed: [(from: String, to: String)] = []
        var kept: [(String, T)] = []
        for r in removed {
            if let k = added.firstIndex(where: { isSame(r.1, $0.1) }) {
                renamed.append((r.0, added[k].0))
                added.remove(at: k)
            } else {
                kept.append(r)
            }
        }
        return (renamed, added, kept)
    }

    /// Where value `value` of `input` goes at `node` when no branch names it: the first branch whose guard
    /// reads `input` in a way the value satisfies without naming it (`input != 'x'`, `input not in [...]`),
    /// else the node's `else`. Nil when the node does not read the input, or names the value.
    static func fallThrough(_ node: Node, input: InputID, value: String) -> String? {
        let reads = node.branches.contains { $0.condition.inputs.contains(input) }
        guard reads else { return nil }
        if node.branches.contains(where: { mentions($0.condition, input, value) }) { return nil }
        // A branch that reads the input in a way the new value satisfies (`!=`, `not in`) takes it first.
        if let b = node.branches.first(where: { !$0.isElse && admits($0.condition, input, value, positive: true) }), case .when(let source) = b.kind {
            return "the branch `when: \(source)`"
        }
        if node.elseBranch != nil { return "its `else`" }
        return nil
    }

    /// Whether `g` reads `input` through an atom that holds for `value` without naming it, where that
    /// atom counts toward the guard holding (`positive`: under an even number of `not`s).
    private static func admits(_ g: Guard, _ input: InputID, _ value: String, positive: Bool) -> Bool {
        switch g {
        case .constant, .contains: return false
        case .not(let inner): return admits(inner, input, value, positive: !positive)
        case .and(let parts), .or(let parts): return parts.contains { admits($0, input, value, positive: positive) }
        case .compare(let i, let op, let l):
            guard i == input, l != .string(value) else { return false }
            return (op == .notEqual) == positive && (op == .notEqual || op == .equal)
        case .oneOf(let i, let ls):
            return i == input && !positive && !ls.contains(.string(value))
        }
    }

    private static func mentions(_ g: Guard, _ input: InputID, _ value: String) -> Bool {
        switch g {
        case .constant: return false
        case .not(let inner): return mentions(inner, input, value)
        case .and(let parts), .or(let parts): return parts.contains { mentions($0, input, value) }
        case .compare(let i, _, let l): return i == input && l == .string(value)
        case .oneOf(let i, let ls): return i == input && ls.contains(.string(value))
        case .contains: return false
        }
    }

    // MARK: - Summaries

    /// Whether any SOP's behaviour changed (or could not be decided), or SOPs were added or removed.
    public var hasChanges: Bool {
        !added.isEmpty || !removed.isEmpty || sops.contains { $0.verdict != .equivalent }
    }

    /// The terraform-style line for one SOP.
    public static func summary(_ s: SOPChange) -> String {
        var parts: [String] = []
        let both = s.transitions.filter { $0.region == .both }
        if s.verdict == .unknown {
            let proven = provenTransitions(s).count
            parts.append("not decided (the comparison ran past its work bound)"
                         + (proven == 0 ? "" : "; \(proven) transition\(proven == 1 ? "" : "s") proven, not all"))
        } else if s.transitions.isEmpty {
            parts.append("equivalent")
        } else {
            var kinds: [String] = []
            for k in [Kind.stricter, .moreLenient, .changed] {
                let n = both.filter { $0.kind == k }.count
                if n > 0 { kinds.append("\(n) \(k.rawValue)") }
            }
            if !both.isEmpty { parts.append("\(both.count) transition\(both.count == 1 ? "" : "s")" + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")")) }
            let onlyNew = s.transitions.filter { $0.region == .onlyNew }.count
            let onlyOld = s.transitions.filter { $0.region == .onlyOld }.count
            if onlyNew > 0 { parts.append("\(onlyNew) class\(onlyNew == 1 ? "" : "es") of cases only NEW can express") }
            if onlyOld > 0 { parts.append("\(onlyOld) class\(onlyOld == 1 ? "" : "es") of cases only OLD can express") }
        }
        var counts: [String: Int] = [:]
        for c in s.structural { counts[c.kind, default: 0] += 1 }
        for (kind, label) in [("node-added", "node added"), ("node-removed", "node removed"), ("node-renamed", "node renamed"),
                              ("outcome-added", "outcome added"), ("outcome-removed", "outcome removed"), ("input-added", "input added"),
                              ("input-removed", "input removed"), ("value-added", "value added"), ("value-removed", "value removed"),
                              ("fall-through", "fall-through warning")] {
            if let n = counts[kind] {
                let words = label.split(separator: " ")
                parts.append("\(n) \(words[0])\(n == 1 ? "" : "s") \(words.dropFirst().joined(separator: " "))")
            }
        }
        parts.append("examples: \(s.examples.passed) pass" + (s.examples.failed > 0 ? ", \(s.examples.failed) fail" : ""))
        return "\(s.sop): " + parts.joined(separator: "; ")
    }
}
