import SOPCore
import SOPGraph

/// How the solver sees the inputs: each input's finite effective domain and the diagram levels encoding it.
///
/// Every domain is finite once the guards are known: a bool has two values, an enum its declared values,
/// a string the literals it is compared with plus one fresh value, a set one boolean level per member, and
/// an int the elementary intervals its declared range splits into at every constant the guards mention
/// (each constant `c` becomes the interval `[c, c]`, so every atom is constant on every interval), numbered
/// in binary over two-way levels.
struct Encoding {
    enum Domain {
        case bool
        case enumeration([String])
        /// The literals first, then a value different from all of them.
        case string(literals: [String], fresh: String)
        /// Interval `i` is `starts[i] ... (starts[i + 1] - 1)`, the last ends at `upper`.
        case int(starts: [Int], upper: Int)
        case set([String])
    }

    struct Variable {
        let input: InputID
        let domain: Domain
        let firstLevel: Int
        let levelCount: Int
    }

    let program: Program
    /// In level order.
    private(set) var variables: [Variable] = []
    private var variableIndex: [InputID: Int] = [:]
    private(set) var sizes: [Int] = []
    /// Per level, value indices in the order witnesses prefer them.
    private(set) var preference: [[Int]] = []
    /// Per int variable (by index), its intervals in the order witnesses prefer them.
    private var intPreference: [Int: [Int]] = [:]
    /// Per level, the variable it belongs to.
    private(set) var levelVariable: [Int] = []

    /// Encodes `inputs` (in that order, then any other input the guards read) with the constants of `guards`.
    init(program: Program, inputs: [InputID], guards: [Guard]) {
        self.program = program
        var order: [InputID] = []
        var seen: Set<InputID> = []
        for i in inputs where seen.insert(i).inserted { order.append(i) }
        var constants: [InputID: [Literal]] = [:]
        var extra: Set<InputID> = []
        func collect(_ g: Guard) {
            switch g {
            case .constant: break
            case .not(let inner): collect(inner)
            case .and(let parts), .or(let parts): parts.forEach(collect)
            case .compare(let id, _, let lit):
                constants[id, default: []].append(lit)
                if !seen.contains(id) { extra.insert(id) }
            case .oneOf(let id, let lits):
                constants[id, default: []].append(contentsOf: lits)
                if !seen.contains(id) { extra.insert(id) }
            case .contains(let id, _):
                if !seen.contains(id) { extra.insert(id) }
            }
        }
        guards.forEach(collect)
        order += extra.sorted()
        for id in order where id.index >= 0 && id.index < program.inputs.count {
            add(id, constants: constants[id] ?? [])
        }
    }

    private mutating func add(_ id: InputID, constants: [Literal]) {
        let domain: Domain
        switch program[id].type {
        case .bool:
            domain = .bool
        case .enumeration(let values):
            domain = .enumeration(values.isEmpty ? [""] : values)
        case .set(let members):
            domain = .set(members)
        case .string:
            var literals: [String] = []
            for case .string(let s) in constants where !literals.contains(s) { literals.append(s) }
            var fresh = ""
            var n = 0
            while literals.contains(fresh) {
                n += 1
                fresh = n == 1 ? "other" : "other\(n)"
            }
            domain = .string(literals: literals, fresh: fresh)
        case .int(let lower, let upper):
            let hi = max(lower, upper)
            var cuts: Set<Int> = []
            for case .int(let c) in constants {
                if c > lower && c <= hi { cuts.insert(c) }
                if c < hi && c >= lower { cuts.insert(c + 1) }
            }
            domain = .int(starts: [lower] + cuts.sorted(), upper: hi)
        }
        let first = sizes.count
        let variable = Variable(input: id, domain: domain, firstLevel: first, levelCount: Self.levelSizes(domain).count)
        variableIndex[id] = variables.count
        for size in Self.levelSizes(domain) {
            levelVariable.append(variables.count)
            sizes.append(size)
        }
        switch domain {
        case .int(let starts, let upper):
            // Prefer the interval holding the value closest to zero, non-negative first; each bit level
            // prefers that interval's bit.
            let best = starts.indices.min { a, b in
                let va = Self.intWitness(starts, upper, a), vb = Self.intWitness(starts, upper, b)
                if va.magnitude != vb.magnitude { return va.magnitude < vb.magnitude }
                return va > vb
            } ?? 0
            intPreference[variables.count] = starts.indices.sorted { a, b in
                let va = Self.intWitness(starts, upper, a), vb = Self.intWitness(starts, upper, b)
                if va.magnitude != vb.magnitude { return va.magnitude < vb.magnitude }
                return va > vb
            }
            let bits = Self.bitCount(starts.count)
            for j in 0..<bits {
                let bit = (best >> (bits - 1 - j)) & 1
                preference.append(bit == 0 ? [0, 1] : [1, 0])
            }
        default:
            for size in Self.levelSizes(domain) { preference.append(Array(0..<size)) }
        }
        variables.append(variable)
    }

    private static func levelSizes(_ domain: Domain) -> [Int] {
        switch domain {
        case .bool: return [2]
        case .enumeration(let values): return [values.count]
        case .string(let literals, _): return [literals.count + 1]
        // Intervals are numbered in binary, most significant bit first, so an int with a thousand
        // intervals costs ten two-way levels rather than one thousand-way level.
        case .int(let starts, _): return Array(repeating: 2, count: bitCount(starts.count))
        case .set(let members): return Array(repeating: 2, count: members.count)
        }
    }

    /// Whether an atom on an int input holds for `value`, by `Comparison`'s rule as `Guard.evaluate` decides it.
    static func intAtom(_ g: Guard, _ value: Int) -> Bool {
        switch g {
        case .compare(_, let op, let literal): return Comparison.holds(.int(value), op, literal)
        case .oneOf(_, let literals): return Comparison.isAny(.int(value), of: literals)
        default: return false
        }
    }

    /// The intervals where an atom on an int holds, as runs of consecutive intervals with one answer.
    ///
    /// The answer can change only at an interval that starts at one of the atom's own constants `c` or at
    /// `c + 1` (every constant is an interval of its own): between two such intervals every value compares
    /// alike with every constant of the atom. So the atom is evaluated once per run, not once per interval:
    /// an int compared with a thousand constants has two thousand intervals, and a SOP has thousands of
    /// such atoms.
    struct IntRuns {
        /// The first interval of each run, ascending from 0.
        let starts: [Int]
        /// Intervals where the atom holds before each run.
        let holdingBefore: [Int]
        let holds: [Bool]

        /// How many of the intervals `0 ..< i` the atom holds on.
        func holding(before i: Int) -> Int {
            guard i > 0 else { return 0 }
            // The run holding interval i - 1: the last one starting at or before it.
            let run = Encoding.firstIndex(in: starts, notBelow: i) - 1
            return holdingBefore[run] + (holds[run] ? i - starts[run] : 0)
        }
    }

    static func intRuns(_ g: Guard, _ starts: [Int]) -> IntRuns {
        var constants: [Int] = []
        switch g {
        case .compare(_, _, .int(let c)): constants = [c]
        case .oneOf(_, let literals): for case .int(let c) in literals { constants.append(c) }
        default: break
        }
        var firsts: Set<Int> = [0]
        for c in constants {
            let (next, overflow) = c.addingReportingOverflow(1)
            for v in overflow ? [c] : [c, next] {
                // The interval starting exactly at v, if any.
                let k = firstIndex(in: starts, notBelow: v)
                if k < starts.count && starts[k] == v { firsts.insert(k) }
            }
        }
        let sorted = firsts.sorted()
        var holdingBefore: [Int] = []
        var holds: [Bool] = []
        var total = 0
        for (k, first) in sorted.enumerated() {
            let h = intAtom(g, starts[first])
            holdingBefore.append(total)
            holds.append(h)
            let end = k + 1 < sorted.count ? sorted[k + 1] : starts.count
            if h { total += end - first }
        }
        return IntRuns(starts: sorted, holdingBefore: holdingBefore, holds: holds)
    }

    /// The first index of ascending `sorted` whose value is `v` or more (`sorted.count` if none).
    static func firstIndex(in sorted: [Int], notBelow v: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < v { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Bits needed to number `count` intervals.
    static func bitCount(_ count: Int) -> Int {
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return bits
    }

    /// The interval a binary code stands for: codes past the last interval repeat it.
    static func interval(code: Int, count: Int) -> Int { min(code, count - 1) }

    /// The value of interval `i` a witness shows: the one closest to zero.
    static func intWitness(_ starts: [Int], _ upper: Int, _ i: Int) -> Int {
        let lo = starts[i]
        let hi = i + 1 < starts.count ? starts[i + 1] - 1 : upper
        if lo <= 0 && 0 <= hi { return 0 }
        return hi < 0 ? hi : lo
    }

    func variable(for id: InputID) -> Variable? {
        variableIndex[id].map { variables[$0] }
    }

    /// The concrete value of value index `v` of a single-level variable.
    func value(_ variable: Variable, _ v: Int) -> Value {
        switch variable.domain {
        case .bool: return .bool(v == 1)
        case .enumeration(let values): return .string(values[v])
        case .string(let literals, let fresh): return .string(v < literals.count ? literals[v] : fresh)
        case .int(let starts, let upper): return .int(Self.intWitness(starts, upper, v))
        case .set: return .set([])
        }
    }

    // MARK: - Guards to diagrams

    /// The diagram of an atom or formula.
    func build(_ g: Guard, in dd: DecisionDiagram, atoms: inout [Guard: DecisionDiagram.Ref]) -> DecisionDiagram.Ref {
        switch g {
        case .constant(let b):
            return b ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
        case .not(let inner):
            return dd.not(build(inner, in: dd, atoms: &atoms))
        case .and(let parts):
            var r = DecisionDiagram.trueRef
            for p in parts {
                r = dd.and(r, build(p, in: dd, atoms: &atoms))
                if r == DecisionDiagram.falseRef || dd.exhausted { break }
            }
            return r
        case .or(let parts):
            var r = DecisionDiagram.falseRef
            for p in parts {
                r = dd.or(r, build(p, in: dd, atoms: &atoms))
                if r == DecisionDiagram.trueRef || dd.exhausted { break }
            }
            return r
        case .compare, .oneOf, .contains:
            if let cached = atoms[g] { return cached }
            let r = atom(g, in: dd)
            atoms[g] = r
            return r
        }
    }

    /// What an atom means on the encoding: constant, a set of values of one level, or runs of an int's
    /// intervals. The one rule for an atom's truth: the diagrams (`build`) and the input boxes
    /// (`InputBoxLayout`) both read it.
    enum AtomTruth {
        case constant(Bool)
        /// Per value of `level`, whether the atom holds.
        case values(level: Int, holds: [Bool])
        /// The runs of intervals of int variable `variable` (an index into `variables`) where it holds.
        case intervals(variable: Int, runs: IntRuns)
    }

    func truth(of g: Guard) -> AtomTruth {
        let id: InputID
        switch g {
        case .constant(let b): return .constant(b)
        case .compare(let i, _, _), .oneOf(let i, _), .contains(let i, _): id = i
        case .not, .and, .or: return .constant(false)
        }
        guard let index = variableIndex[id] else { return .constant(false) }
        let variable = variables[index]
        if case .int(let starts, _) = variable.domain { return .intervals(variable: index, runs: Self.intRuns(g, starts)) }
        // The atom reads only its own input: a case that sets just that one is enough.
        var c = Case(inputCount: id.index + 1)
        if case .set(let members) = variable.domain {
            if case .contains(_, let member) = g, let m = members.firstIndex(of: member) {
                return .values(level: variable.firstLevel + m, holds: [false, true])
            }
            // Any other atom on a set does not depend on the members chosen.
            c[id] = .set([])
            return .constant(g.evaluate(c) == true)
        }
        var holds: [Bool] = []
        for v in 0..<sizes[variable.firstLevel] {
            c[id] = value(variable, v)
            holds.append(g.evaluate(c) == true)
        }
        return .values(level: variable.firstLevel, holds: holds)
    }

    private func atom(_ g: Guard, in dd: DecisionDiagram) -> DecisionDiagram.Ref {
        switch truth(of: g) {
        case .constant(let b):
            return b ? DecisionDiagram.trueRef : DecisionDiagram.falseRef
        case .values(let level, let holds):
            return dd.literal(level: level, values: holds)
        case .intervals(let index, let runs):
            let variable = variables[index]
            guard case .int(let starts, _) = variable.domain else { return DecisionDiagram.falseRef }
            let bits = variable.levelCount
            let last = starts.count - 1
            func build(_ j: Int, _ code: Int) -> DecisionDiagram.Ref {
                // The codes under this prefix stand for intervals lo...hi (codes past the last repeat it).
                let lo = min(code << (bits - j), last)
                let hi = min(((code + 1) << (bits - j)) - 1, last)
                let allowed = runs.holding(before: hi + 1) - runs.holding(before: lo)
                if allowed == hi - lo + 1 { return DecisionDiagram.trueRef }
                if allowed == 0 { return DecisionDiagram.falseRef }
                return dd.make(level: variable.firstLevel + j, [build(j + 1, code << 1), build(j + 1, code << 1 | 1)])
            }
            return build(0, 0)
        }
    }

    // MARK: - Assignments

    /// The case for an assignment of value indices to levels, setting every encoded input.
    func decode(_ assignment: [Int]) -> Case {
        var c = Case(inputCount: program.inputs.count)
        for variable in variables {
            if case .set(let members) = variable.domain {
                var chosen: [String] = []
                for (m, member) in members.enumerated() where assignment[variable.firstLevel + m] == 1 {
                    chosen.append(member)
                }
                c[variable.input] = .set(chosen)
            } else if case .int(let starts, let upper) = variable.domain {
                c[variable.input] = .int(Self.intWitness(starts, upper, intInterval(variable, assignment)))
            } else {
                c[variable.input] = value(variable, assignment[variable.firstLevel])
            }
        }
        return c
    }

    /// `assignment` (which satisfies `f`) with each int moved to the most preferred interval that still
    /// satisfies `f`: the bit-by-bit choice of `DecisionDiagram.pick` cannot see whole intervals.
    func preferred(_ assignment: [Int], satisfying f: DecisionDiagram.Ref, in dd: DecisionDiagram) -> [Int] {
        var a = assignment
        for (index, variable) in variables.enumerated() {
            guard let order = intPreference[index] else { continue }
            let bits = variable.levelCount
            for i in order {
                var b = a
                for j in 0..<bits { b[variable.firstLevel + j] = (i >> (bits - 1 - j)) & 1 }
                if dd.evaluate(f, b) {
                    a = b
                    break
                }
            }
        }
        return a
    }

    /// The interval an assignment of an int variable's bit levels selects.
    func intInterval(_ variable: Variable, _ assignment: [Int]) -> Int {
        guard case .int(let starts, _) = variable.domain else { return 0 }
        var code = 0
        for j in 0..<variable.levelCount { code = code << 1 | assignment[variable.firstLevel + j] }
        return Self.interval(code: code, count: starts.count)
    }

    /// `levels` with every bit level of each int they touch: projecting onto some bits of an int would
    /// keep only part of what is known about it.
    func wholeVariables(_ levels: Set<Int>) -> Set<Int> {
        var result = levels
        for level in levels {
            let variable = variables[levelVariable[level]]
            if case .int = variable.domain { result.formUnion(variable.firstLevel..<(variable.firstLevel + variable.levelCount)) }
        }
        return result
    }

}
