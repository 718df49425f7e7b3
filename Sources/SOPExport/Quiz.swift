import SOPCore
import SOPGraph
import SOPSolver

/// Training scenarios generated from a SOP: what `--format quiz` (GIFT), `--format quiz-json` and the HTML
/// page's quiz mode ask.
///
/// One scenario per branch some case takes (which covers every reachable outcome the SOP's questions lead
/// to), plus a pair at every int threshold a guard tests (`x >= 50`: 49 and 50). Each is a concrete case,
/// found by the solver along a real route and replayed with `Program.walk`; its stem lists the inputs the
/// walk reads, by their questions, with the case's answers. Distractors are the outcomes the sibling
/// branches at the deciding node lead to, then other outcomes of the SOP; options are shuffled by `seed`.
struct Quiz {
    struct Fact {
        var input: InputID
        var question: String
        var answer: String
        var value: Value
    }

    struct Question {
        enum Kind: String { case branch, boundary }
        var number: Int
        var kind: Kind
        var facts: [Fact]
        var options: [OutcomeID]
        var answer: OutcomeID
        /// The decisions the case takes, spelled by `DecisionPath`.
        var path: String
        var walk: Walk
        /// Where the scenario is decided: the node and the branch taken.
        var node: NodeID
        var branch: Int
        /// For a boundary case, the input and the value it was set to.
        var boundary: (input: InputID, value: Int)?
    }

    let program: Program
    let sop: SOPID
    var questions: [Question] = []
    /// Branches no scenario was found for (dead, or past the work bound).
    var uncovered: [(NodeID, Int)] = []

    static let maxOptions = 4

    /// `limit` bounds the scenarios (the HTML page embeds the first ones); boundary pairs come after the
    /// branch scenarios.
    init(program: Program, sop: SOPID, seed: UInt64, limit: Int = .max) {
        self.program = program
        self.sop = sop
        // Boundary settings: both sides of every int threshold the SOP's guards test.
        var settings: [RouteFinder.Setting] = []
        var settingSet: Set<RouteFinder.Setting> = []
        var boundaryGuards: [Guard] = []
        for n in program[sop].nodes {
            for b in program[n].branches {
                for (input, pair) in Self.thresholds(b.condition, program) {
                    for v in pair where settingSet.insert(RouteFinder.Setting(node: n, input: input, value: v)).inserted {
                        settings.append(RouteFinder.Setting(node: n, input: input, value: v))
                        boundaryGuards.append(.compare(input, .equal, .int(v)))
                    }
                }
            }
        }
        let finder = RouteFinder(program: program, sop: sop, extraGuards: boundaryGuards)
        var rng = SplitMix64(seed: seed &+ Self.stableHash(program[sop].name))
        var seenRoutes: Set<[Walk.Step]> = []
        var branchOutcome: [Walk.Step: OutcomeID] = [:]
        var pending: [(Case, Walk, NodeID, Int, (InputID, Int)?)] = []
        // A branch scenario is decided where the outcome is chosen: the walk's last decision in this SOP.
        func decidingStep(_ walk: Walk) -> Walk.Step? { walk.steps.last { program[$0.node].sop == sop } }
        var covered: Set<Walk.Step> = []
        // Without a limit both kinds of case are needed: one walk over the nodes finds them together.
        let found: (branches: [BranchCase], settings: [Case?]?) = limit == .max
            ? finder.scenarioCases(settings: settings) : (finder.branchCases(limit: limit), nil)
        for bc in found.branches {
            let walk = program.walk(bc.example, from: sop)
            guard let o = walk.outcome, walk.steps.contains(Walk.Step(node: bc.node, branch: bc.branch)) else { continue }
            branchOutcome[Walk.Step(node: bc.node, branch: bc.branch)] = o
            covered.formUnion(walk.steps)
            if let d = decidingStep(walk) { pending.append((bc.example, walk, d.node, d.branch, nil)) }
        }
        if pending.count >= limit { settings = [] }
        for (setting, found) in zip(settings, found.settings ?? finder.cases(for: settings)) {
            guard let c = found else { continue }
            let walk = program.walk(c, from: sop)
            guard walk.outcome != nil, let step = walk.steps.first(where: { $0.node == setting.node }) else { continue }
            pending.append((c, walk, setting.node, step.branch, (setting.input, setting.value)))
        }
        let pool = Self.outcomes(program, sop)
        var reads: [NodeID: [[InputID]]] = [:]
        for (c, walk, node, branch, boundary) in pending where questions.count < limit {
            let path = program.pathText(walk, from: sop)
            // Two scenarios taking the same branches ask the same thing; a boundary pair is kept whole.
            guard seenRoutes.insert(walk.steps).inserted || boundary != nil else { continue }
            guard let right = walk.outcome else { continue }
            var distractors: [OutcomeID] = []
            for j in program[node].branches.indices where j != branch {
                let o: OutcomeID?
                if case .outcome(let t)? = program[node].branches[j].target { o = t } else { o = branchOutcome[Walk.Step(node: node, branch: j)] }
                if let o, o != right, !distractors.contains(o) { distractors.append(o) }
            }
            var others = pool.filter { $0 != right && !distractors.contains($0) }
            while distractors.count < Self.maxOptions - 1 && !others.isEmpty {
                distractors.append(others.remove(at: rng.below(others.count)))
            }
            var options = [right] + distractors.prefix(Self.maxOptions - 1)
            for i in stride(from: options.count - 1, to: 0, by: -1) { options.swapAt(i, rng.below(i + 1)) }
            questions.append(Question(number: questions.count + 1, kind: boundary == nil ? .branch : .boundary, facts: facts(c, walk, &reads),
                                      options: options, answer: right, path: path, walk: walk, node: node, branch: branch, boundary: boundary))
        }
        for n in finder.order {
            for i in program[n].branches.indices where !covered.contains(Walk.Step(node: n, branch: i)) { uncovered.append((n, i)) }
        }
    }

    /// The inputs the walk's decisions read, in first-read order, with the case's answers. `reads` caches
    /// the inputs each node's branch conditions read (every scenario walks through the same nodes).
    private func facts(_ c: Case, _ walk: Walk, _ reads: inout [NodeID: [[InputID]]]) -> [Fact] {
        var seen: Set<InputID> = []
        var result: [Fact] = []
        for step in walk.steps {
            let node = program[step.node]
            let branchReads = reads[step.node] ?? node.branches.map(\.condition.inputs)
            reads[step.node] = branchReads
            var considered: [InputID] = []
            if case .switch(let i) = node.form { considered.append(i) }
            for k in 0..<(node.match == .first ? step.branch + 1 : node.branches.count) { considered += branchReads[k] }
            for i in considered where seen.insert(i).inserted {
                guard let v = c[i] else { continue }
                let input = program[i]
                result.append(Fact(input: i, question: (input.question ?? Program.words(input.name)).trimmingSpaces, answer: Program.words(v), value: v))
            }
        }
        return result
    }

    /// The outcomes the SOP's own questions lead to, in node order.
    static func outcomes(_ program: Program, _ sop: SOPID) -> [OutcomeID] {
        var result: [OutcomeID] = []
        for n in program[sop].nodes {
            for b in program[n].branches {
                if case .outcome(let o)? = b.target, !result.contains(o) { result.append(o) }
            }
        }
        return result
    }

    /// Int thresholds in a guard, each as the pair of values on either side of it.
    static func thresholds(_ g: Guard, _ program: Program) -> [(InputID, [Int])] {
        var result: [(InputID, [Int])] = []
        func visit(_ g: Guard) {
            switch g {
            case .not(let inner): visit(inner)
            case .and(let parts), .or(let parts): parts.forEach(visit)
            case .compare(let id, let op, .int(let t)):
                guard case .int(let lo, let hi) = program[id].type else { return }
                let pair: [Int]
                switch op {
                case .less, .greaterOrEqual: pair = [t - 1, t]
                case .lessOrEqual, .greater: pair = [t, t + 1]
                case .equal, .notEqual: pair = [t - 1, t, t + 1]
                }
                let inside = pair.filter { lo <= $0 && $0 <= hi }
                if inside.count >= 2 { result.append((id, inside)) }
            default: break
            }
        }
        visit(g)
        return result
    }

    /// FNV-1a: a hash that is the same in every process (Swift's `hashValue` is not).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    // MARK: - Words

    func prompt() -> String {
        "Which outcome does the SOP \u{201C}\(program[sop].title)\u{201D} reach for this case?"
    }

    /// Why the right answer is right: the deciding node and branch, and the route.
    func explanation(_ q: Question) -> String {
        let node = program[q.node]
        var text = "At \u{201C}\(node.question.trimmingSpaces)\u{201D} the answer is \u{201C}\(program.answer(node, branch: q.branch))\u{201D}"
        if case .when(let source) = node.branches[q.branch].kind { text += " (`\(source)`)" }
        if let (input, value) = q.boundary { text += "; \(Program.words(program.name(of: input, from: sop))) is \(value)" }
        return text + ". Route: " + q.path + "."
    }

    /// Why a distractor is wrong: which sibling answer leads there, when one does.
    func feedback(wrong o: OutcomeID, in q: Question) -> String {
        let node = program[q.node]
        for (j, b) in node.branches.enumerated() where j != q.branch {
            if case .outcome(o)? = b.target {
                return "That is where \u{201C}\(program.answer(node, branch: j))\u{201D} would lead at \u{201C}\(node.question.trimmingSpaces)\u{201D}."
            }
        }
        return "Not for this case: follow the route " + q.path + "."
    }
}

extension String {
    /// Without leading and trailing white space (folded YAML scalars end in a newline).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
