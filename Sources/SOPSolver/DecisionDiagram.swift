/// A reduced, ordered multi-valued decision diagram: the canonical form every guard and path condition is
/// turned into.
///
/// Each level is one finite variable (a bool, an enum, a string's literals plus one other value, one member
/// of a set, or one elementary interval partition of an int). A node tests its level and has one child per
/// value; equal children collapse, and the unique table makes equal functions equal node ids, so a formula
/// is unsatisfiable exactly when it is the `false` terminal. Nodes are never freed: one diagram lives for
/// one analysis.
///
/// Work is bounded: every operation that misses the cache costs a step, and once the budget is spent the
/// diagram is `exhausted` and every result is meaningless until the caller starts a new budget.
final class DecisionDiagram {
    typealias Ref = Int32

    static let falseRef: Ref = 0
    static let trueRef: Ref = 1

    /// Values per level.
    let sizes: [Int]
    private let terminalLevel: Int32

    private var levels: [Int32] = []
    private var childStart: [Int32] = []
    private var children: [Ref] = []

    // Open-addressing unique table of node refs.
    private var table: [Ref]
    private var tableMask: Int
    private var tableCount = 0

    // Direct-mapped operation cache; losing entries only costs time.
    private struct CacheEntry {
        var op: Int32 = -1
        var a: Ref = 0
        var b: Ref = 0
        var result: Ref = 0
    }
    private var cache: [CacheEntry]
    private let cacheMask: Int

    /// Steps taken since the diagram was made.
    private(set) var steps = 0
    private var stepLimit = Int.max
    /// Whether the current budget ran out; results computed since then are meaningless.
    private(set) var exhausted = false

    init(sizes: [Int]) {
        self.sizes = sizes
        terminalLevel = Int32(sizes.count)
        table = Array(repeating: -1, count: 1 << 12)
        tableMask = (1 << 12) - 1
        cache = Array(repeating: CacheEntry(), count: 1 << 16)
        cacheMask = (1 << 16) - 1
        // The two terminals.
        for _ in 0..<2 {
            levels.append(terminalLevel)
            childStart.append(0)
        }
    }

    /// Starts a new budget of `limit` steps.
    func budget(_ limit: Int) {
        exhausted = false
        let (sum, overflow) = steps.addingReportingOverflow(max(0, limit))
        stepLimit = overflow ? Int.max : sum
    }

    /// How many nodes the diagram holds.
    var nodeCount: Int { levels.count }

    func level(_ r: Ref) -> Int { Int(levels[Int(r)]) }

    func isTerminal(_ r: Ref) -> Bool { r < 2 }

    /// The child of `r` for value `value` of `level` (`r` itself when `r` does not test that level).
    func child(_ r: Ref, level: Int32, value: Int) -> Ref {
        if levels[Int(r)] != level { return r }
        return children[Int(childStart[Int(r)]) + value]
    }

    func children(of r: Ref) -> ArraySlice<Ref> {
        let start = Int(childStart[Int(r)])
        return children[start..<(start + sizes[level(r)])]
    }

    // MARK: - Making nodes

    /// The node testing `level` with these children, reduced and shared.
    func make(level: Int, _ kids: [Ref]) -> Ref {
        let first = kids[0]
        if kids.allSatisfy({ $0 == first }) { return first }
        var h = UInt64(truncatingIfNeeded: level) &* 0x9E37_79B9_7F4A_7C15
        for k in kids { h = (h ^ UInt64(truncatingIfNeeded: k)) &* 0xBF58_476D_1CE4_E5B9 }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & tableMask
        while true {
            let existing = table[slot]
            if existing < 0 { break }
            if levels[Int(existing)] == Int32(level) {
                let start = Int(childStart[Int(existing)])
                var same = true
                for i in 0..<kids.count where children[start + i] != kids[i] {
                    same = false
                    break
                }
                if same { return existing }
            }
            slot = (slot + 1) & tableMask
        }
        let ref = Ref(levels.count)
        levels.append(Int32(level))
        childStart.append(Int32(children.count))
        children.append(contentsOf: kids)
        table[slot] = ref
        tableCount += 1
        if tableCount * 2 > table.count { grow() }
        return ref
    }

    private func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        tableMask = size - 1
        for r in 2..<levels.count {
            let level = Int(levels[r])
            let start = Int(childStart[r])
            var h = UInt64(truncatingIfNeeded: level) &* 0x9E37_79B9_7F4A_7C15
            for i in 0..<sizes[level] {
                h = (h ^ UInt64(truncatingIfNeeded: children[start + i])) &* 0xBF58_476D_1CE4_E5B9
            }
            var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & tableMask
            while table[slot] >= 0 { slot = (slot + 1) & tableMask }
            table[slot] = Ref(r)
        }
    }

    /// The function "`level` takes one of `values`".
    func literal(level: Int, values: [Bool]) -> Ref {
        make(level: level, values.map { $0 ? Self.trueRef : Self.falseRef })
    }

    // MARK: - Operations

    private static let opAnd: Int32 = 0
    private static let opOr: Int32 = 1
    private static let opNot: Int32 = 2

    private func cacheSlot(_ op: Int32, _ a: Ref, _ b: Ref) -> Int {
        var h = UInt64(truncatingIfNeeded: op) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(truncatingIfNeeded: a)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ UInt64(truncatingIfNeeded: b)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31)) & cacheMask
    }

    /// Counts one step of work done outside the diagram operations; false once the budget is spent.
    func tick() -> Bool { step() }

    /// Counts one step; false once the budget is spent.
    private func step() -> Bool {
        if exhausted { return false }
        steps += 1
        if steps > stepLimit {
            exhausted = true
            return false
        }
        return true
    }

    func and(_ a: Ref, _ b: Ref) -> Ref {
        if a == Self.falseRef || b == Self.falseRef { return Self.falseRef }
        if a == Self.trueRef { return b }
        if b == Self.trueRef || a == b { return a }
        return apply(Self.opAnd, min(a, b), max(a, b))
    }

    func or(_ a: Ref, _ b: Ref) -> Ref {
        if a == Self.trueRef || b == Self.trueRef { return Self.trueRef }
        if a == Self.falseRef { return b }
        if b == Self.falseRef || a == b { return a }
        return apply(Self.opOr, min(a, b), max(a, b))
    }

    func not(_ a: Ref) -> Ref {
        if a == Self.falseRef { return Self.trueRef }
        if a == Self.trueRef { return Self.falseRef }
        let slot = cacheSlot(Self.opNot, a, 0)
        let entry = cache[slot]
        if entry.op == Self.opNot && entry.a == a { return entry.result }
        guard step() else { return Self.falseRef }
        let level = levels[Int(a)]
        var kids: [Ref] = []
        kids.reserveCapacity(sizes[Int(level)])
        for v in 0..<sizes[Int(level)] {
            kids.append(not(child(a, level: level, value: v)))
            if exhausted { return Self.falseRef }
        }
        let result = make(level: Int(level), kids)
        cache[slot] = CacheEntry(op: Self.opNot, a: a, b: 0, result: result)
        return result
    }

    /// Whether `a` implies `b`, without building `a and not b`.
    func implies(_ a: Ref, _ b: Ref) -> Bool {
        and(a, not(b)) == Self.falseRef
    }

    private func apply(_ op: Int32, _ a: Ref, _ b: Ref) -> Ref {
        let slot = cacheSlot(op, a, b)
        let entry = cache[slot]
        if entry.op == op && entry.a == a && entry.b == b { return entry.result }
        guard step() else { return Self.falseRef }
        let level = min(levels[Int(a)], levels[Int(b)])
        var kids: [Ref] = []
        kids.reserveCapacity(sizes[Int(level)])
        for v in 0..<sizes[Int(level)] {
            let x = child(a, level: level, value: v)
            let y = child(b, level: level, value: v)
            kids.append(op == Self.opAnd ? and(x, y) : or(x, y))
            if exhausted { return Self.falseRef }
        }
        let result = make(level: Int(level), kids)
        cache[slot] = CacheEntry(op: op, a: a, b: b, result: result)
        return result
    }

    /// `a` with every level not in `keep` existentially quantified away.
    func project(_ a: Ref, keeping keep: Set<Int>) -> Ref {
        var memo: [Ref: Ref] = [:]
        func visit(_ r: Ref) -> Ref {
            if isTerminal(r) || exhausted { return r }
            if let m = memo[r] { return m }
            let level = self.level(r)
            let kids = children(of: r).map(visit)
            let result = keep.contains(level) ? make(level: level, kids) : kids.reduce(Self.falseRef) { or($0, $1) }
            memo[r] = result
            return result
        }
        return visit(a)
    }

    private var marks: [UInt32] = []
    private var markGeneration: UInt32 = 0

    /// How many inner nodes `a` has, counting no further than `limit + 1`.
    func size(_ a: Ref, limit: Int) -> Int {
        if isTerminal(a) { return 0 }
        if marks.count < levels.count { marks += Array(repeating: 0, count: levels.count - marks.count) }
        markGeneration &+= 1
        if markGeneration == 0 {
            for i in marks.indices { marks[i] = 0 }
            markGeneration = 1
        }
        var count = 0
        var stack = [a]
        marks[Int(a)] = markGeneration
        while let r = stack.popLast() {
            count += 1
            if count > limit { return count }
            let start = Int(childStart[Int(r)])
            for i in 0..<sizes[Int(levels[Int(r)])] {
                let k = children[start + i]
                if k >= 2 && marks[Int(k)] != markGeneration {
                    marks[Int(k)] = markGeneration
                    stack.append(k)
                }
            }
        }
        return count
    }

    /// The smallest box (a conjunction of one value set per level) containing `a`: an over-approximation
    /// that forgets how levels depend on each other, with at most one node per level.
    func hull(_ a: Ref) -> Ref {
        if isTerminal(a) { return a }
        let count = sizes.count
        var allowed = Array(repeating: [Bool](), count: count)
        var full = Array(repeating: false, count: count)
        for l in 0..<Int(levels[Int(a)]) { full[l] = true }
        var seen: Set<Ref> = [a]
        var stack = [a]
        while let r = stack.popLast() {
            let level = Int(levels[Int(r)])
            if allowed[level].isEmpty { allowed[level] = Array(repeating: false, count: sizes[level]) }
            let start = Int(childStart[Int(r)])
            for v in 0..<sizes[level] {
                let k = children[start + v]
                if k == Self.falseRef { continue }
                allowed[level][v] = true
                // A path that skips levels leaves them unconstrained.
                let next = Int(levels[Int(k)])
                if next > level + 1 { for l in (level + 1)..<next { full[l] = true } }
                if !isTerminal(k) && seen.insert(k).inserted { stack.append(k) }
            }
        }
        var r = Self.trueRef
        for level in stride(from: count - 1, through: 0, by: -1) where !full[level] && !allowed[level].isEmpty {
            r = make(level: level, allowed[level].map { $0 ? r : Self.falseRef })
        }
        return r
    }

    /// The levels `a` tests.
    func support(_ a: Ref) -> Set<Int> {
        var seen: Set<Ref> = []
        var result: Set<Int> = []
        var stack = [a]
        while let r = stack.popLast() {
            if isTerminal(r) || !seen.insert(r).inserted { continue }
            result.insert(level(r))
            stack.append(contentsOf: children(of: r))
        }
        return result
    }

    /// One satisfying assignment: a value index per level, trying values in `preference` order at each level
    /// the path tests and taking the first preferred value elsewhere. `nil` when `a` is `false`.
    func pick(_ a: Ref, preference: [[Int]]) -> [Int]? {
        if a == Self.falseRef { return nil }
        var choice = preference.map { $0.first ?? 0 }
        var r = a
        while !isTerminal(r) {
            let level = self.level(r)
            let start = Int(childStart[Int(r)])
            var next: Ref = Self.falseRef
            for v in preference[level] where children[start + v] != Self.falseRef {
                choice[level] = v
                next = children[start + v]
                break
            }
            r = next
        }
        return choice
    }

    /// Whether the assignment (a value index per level) satisfies `a`.
    func evaluate(_ a: Ref, _ assignment: [Int]) -> Bool {
        var r = a
        while !isTerminal(r) {
            r = children[Int(childStart[Int(r)]) + assignment[level(r)]]
        }
        return r == Self.trueRef
    }

    /// The function as a list of disjoint cubes: each maps the levels it constrains to the allowed values.
    /// Values of a level that lead to the same child share one cube. Stops after `limit` cubes.
    func cubes(_ a: Ref, limit: Int) -> (cubes: [[Int: [Int]]], complete: Bool) {
        var result: [[Int: [Int]]] = []
        var complete = true
        func visit(_ r: Ref, _ cube: [Int: [Int]]) {
            if r == Self.falseRef { return }
            if result.count >= limit {
                complete = false
                return
            }
            if r == Self.trueRef {
                result.append(cube)
                return
            }
            let level = self.level(r)
            var groups: [(Ref, [Int])] = []
            for (v, k) in children(of: r).enumerated() where k != Self.falseRef {
                if let i = groups.firstIndex(where: { $0.0 == k }) { groups[i].1.append(v) } else { groups.append((k, [v])) }
            }
            for (k, values) in groups {
                var next = cube
                next[level] = values
                visit(k, next)
            }
        }
        visit(a, [:])
        return (result, complete)
    }
}
