import SOPCore
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
/// A reduced, ordered multi-valued decision diagram: the canonical form every guard and path condition is
/// turned into.
///
/// Each level is one finite variable (a bool, an enum, a string's literals plus one other value, one member
/// of a set, or one bit of the number of an int's elementary interval). A node tests its level and has one child per
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
    // Hot tables live in manually managed buffers: these loops run millions of times, and array
    // bounds, uniqueness and exclusivity checks would dominate them.
    private let sizeOf: UnsafeMutablePointer<Int32>

    private var levels: UnsafeMutablePointer<Int32>
    private var childStart: UnsafeMutablePointer<Int32>
    private var nodeCapacity: Int
    private var count = 0
    private var children: UnsafeMutablePointer<Ref>
    private var childCapacity: Int
    private var childCount = 0

    // Open-addressing unique table: each entry holds a node's ref in its low 32 bits and the low 32 bits of
    // its hash above them (all ones when empty), so a probe that meets another node rarely reads that
    // node, and growing the table never hashes a node again.
    private var table: UnsafeMutablePointer<UInt64>
    private var tableSize: Int
    private var tableCount = 0

    // Direct-mapped operation cache; losing entries only costs time.
    private struct CacheEntry {
        var op: Int32 = 0
        var a: Ref = 0
        var b: Ref = 0
        var result: Ref = 0
    }
    // An entry belongs to this diagram only when its `op` carries the diagram's `tag` (see
    // `OperationCaches`): the 4 MB buffer is handed from one diagram to the next without clearing, and
    // entries of an earlier diagram simply never match, exactly as if the buffer were new. A fresh buffer
    // is all zero bytes, which no tagged operation matches either.
    private let cache: UnsafeMutablePointer<CacheEntry>
    private let cacheMask: Int
    /// This diagram's generation, shifted past the operation codes.
    private let tag: Int32
    private let cacheEpoch: Int32
    private static let cacheSize = 1 << 18
    private static let cacheBytes = cacheSize * MemoryLayout<CacheEntry>.stride

    /// Scratch space for the children being built, one region per level: a recursion visits each level
    /// at most once on its way down.
    private let scratch: UnsafeMutablePointer<Ref>
    private let scratchBase: [Int]
    /// Scratch space of `hull`: per value (laid out like `scratch`) whether some path allows it, per level
    /// what was seen.
    private let hullAllowed: UnsafeMutablePointer<Bool>
    private let hullState: UnsafeMutablePointer<UInt8>

    /// Steps taken since the diagram was made.
    private(set) var steps = 0
    private var stepLimit = Int.max
    /// Whether the current budget ran out; results computed since then are meaningless.
    private(set) var exhausted = false
    /// Polled every `cancellationInterval` steps; once it fires the diagram stays exhausted.
    var cancellation = Cancellation.never
    /// Whether `cancellation` fired: every budget after that is spent at once.
    private(set) var cancelled = false
    private static let cancellationInterval = 4096

    init(sizes: [Int]) {
        self.sizes = sizes
        terminalLevel = Int32(sizes.count)
        sizeOf = .allocate(capacity: sizes.count + 1)
        for (i, size) in sizes.enumerated() { sizeOf[i] = Int32(size) }
        sizeOf[sizes.count] = 0
        nodeCapacity = 1 << 12
        levels = .allocate(capacity: nodeCapacity)
        childStart = .allocate(capacity: nodeCapacity)
        childCapacity = 1 << 13
        children = .allocate(capacity: childCapacity)
        tableSize = 1 << 12
        table = .allocate(capacity: tableSize)
        table.initialize(repeating: Self.emptySlot, count: tableSize)
        cacheMask = Self.cacheSize - 1
        let (buffer, epoch) = OperationCaches.take(bytes: Self.cacheBytes)
        cache = buffer.bindMemory(to: CacheEntry.self, capacity: Self.cacheSize)
        cacheEpoch = epoch
        tag = epoch << Self.operationBits
        var bases: [Int] = []
        var total = 0
        for size in sizes {
            bases.append(total)
            total += size
        }
        scratchBase = bases
        scratch = .allocate(capacity: max(1, total))
        hullAllowed = .allocate(capacity: max(1, total))
        hullState = .allocate(capacity: sizes.count + 1)
        let widest = sizes.max() ?? 1
        log2Table = .allocate(capacity: widest + 1)
        for n in 0...widest { log2Table[n] = n == 0 ? -.infinity : log2(Double(n)) }
        boxPrefix = .allocate(capacity: sizes.count + 1)
        // The two terminals.
        for _ in 0..<2 {
            levels[count] = terminalLevel
            childStart[count] = 0
            count += 1
        }
    }

    deinit {
        sizeOf.deallocate()
        levels.deallocate()
        childStart.deallocate()
        children.deallocate()
        table.deallocate()
        OperationCaches.give(UnsafeMutableRawPointer(cache), epoch: cacheEpoch)
        scratch.deallocate()
        hullAllowed.deallocate()
        hullState.deallocate()
        log2Table.deallocate()
        marks.deallocate()
        boxVolume.deallocate()
        boxPrefix.deallocate()
    }

    /// The most steps the diagram may take in all, whatever the budgets: once reached, every budget is spent.
    var ceiling = Int.max

    /// Whether the ceiling is reached.
    var isSpent: Bool { steps >= ceiling }

    /// Starts a new budget of `limit` steps (no further than the ceiling).
    func budget(_ limit: Int) {
        exhausted = cancelled
        let (sum, overflow) = steps.addingReportingOverflow(max(0, limit))
        stepLimit = min(overflow ? Int.max : sum, ceiling)
    }

    /// Nodes made so far, the two terminals included.
    var nodeCount: Int { count }

    func level(_ r: Ref) -> Int { Int(levels[Int(r)]) }

    func isTerminal(_ r: Ref) -> Bool { r < 2 }

    /// The child of `r` for value `value` of `level` (`r` itself when `r` does not test that level).
    @inline(__always)
    func child(_ r: Ref, level: Int32, value: Int) -> Ref {
        if levels[Int(r)] != level { return r }
        return children[Int(childStart[Int(r)]) + value]
    }

    func children(of r: Ref) -> [Ref] {
        let start = Int(childStart[Int(r)])
        return (0..<Int(sizeOf[Int(levels[Int(r)])])).map { children[start + $0] }
    }

    // MARK: - Making nodes

    /// The node testing `level` with these children, reduced and shared.
    func make(level: Int, _ kids: [Ref]) -> Ref {
        let base = scratchBase[level]
        for (i, k) in kids.enumerated() { scratch[base + i] = k }
        return make(level: Int32(level), at: scratch + base, count: kids.count)
    }

    private static let emptySlot = UInt64.max

    @inline(__always)
    private func hash(_ level: Int32, _ kids: UnsafePointer<Ref>, _ n: Int) -> UInt32 {
        var h = UInt64(truncatingIfNeeded: level) &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<n { h = (h ^ UInt64(truncatingIfNeeded: kids[i])) &* 0xBF58_476D_1CE4_E5B9 }
        // A full avalanche, so that nearby refs do not fill neighbouring slots.
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return UInt32(truncatingIfNeeded: h)
    }

    private func make(level: Int32, at kids: UnsafeMutablePointer<Ref>, count n: Int) -> Ref {
        let first = kids[0]
        var same = true
        for i in 1..<max(1, n) where kids[i] != first {
            same = false
            break
        }
        if same { return first }
        let mask = tableSize - 1
        let h = hash(level, kids, n)
        var slot = Int(h) & mask
        while true {
            let entry = table[slot]
            if entry == Self.emptySlot { break }
            let existing = Ref(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            if UInt32(truncatingIfNeeded: entry >> 32) == h && levels[Int(existing)] == level {
                let start = children + Int(childStart[Int(existing)])
                var equal = true
                for i in 0..<n where start[i] != kids[i] {
                    equal = false
                    break
                }
                if equal { return existing }
            }
            slot = (slot + 1) & mask
        }
        if count == nodeCapacity {
            let capacity = nodeCapacity * 2
            let newLevels = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            newLevels.update(from: levels, count: count)
            levels.deallocate()
            levels = newLevels
            let newStarts = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            newStarts.update(from: childStart, count: count)
            childStart.deallocate()
            childStart = newStarts
            nodeCapacity = capacity
        }
        if childCount + n > childCapacity {
            var capacity = childCapacity * 2
            while childCount + n > capacity { capacity *= 2 }
            let newChildren = UnsafeMutablePointer<Ref>.allocate(capacity: capacity)
            newChildren.update(from: children, count: childCount)
            children.deallocate()
            children = newChildren
            childCapacity = capacity
        }
        let ref = Ref(count)
        levels[count] = level
        childStart[count] = Int32(childCount)
        (children + childCount).update(from: kids, count: n)
        childCount += n
        count += 1
        table[slot] = UInt64(h) << 32 | UInt64(UInt32(bitPattern: ref))
        tableCount += 1
        if tableCount * 2 > tableSize { grow() }
        return ref
    }

    private func grow() {
        let old = table, oldSize = tableSize
        let size = tableSize * 2
        table = .allocate(capacity: size)
        table.initialize(repeating: Self.emptySlot, count: size)
        tableSize = size
        let mask = size - 1
        for i in 0..<oldSize where old[i] != Self.emptySlot {
            var slot = Int(old[i] >> 32) & mask
            while table[slot] != Self.emptySlot { slot = (slot + 1) & mask }
            table[slot] = old[i]
        }
        old.deallocate()
    }

    /// The function "`level` takes one of `values`".
    func literal(level: Int, values: [Bool]) -> Ref {
        make(level: level, values.map { $0 ? Self.trueRef : Self.falseRef })
    }

    // MARK: - Operations

    private static let opAnd: Int32 = 1
    private static let opOr: Int32 = 2
    private static let opNot: Int32 = 3
    private static let opMeets: Int32 = 4
    static let largestOperation = opMeets
    /// The bits of a cache entry's `op` that hold the operation code: the diagram's epoch goes above them
    /// (`tag`), so that no entry a diagram left in a reused buffer reads as an operation of a later one.
    static let operationBits: Int32 = 3

    @inline(__always)
    private func cacheSlot(_ op: Int32, _ a: Ref, _ b: Ref) -> Int {
        var h = UInt64(truncatingIfNeeded: op) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(truncatingIfNeeded: a)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ UInt64(truncatingIfNeeded: b)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31)) & cacheMask
    }

    /// Counts one step of work done outside the diagram operations; false once the budget is spent.
    func tick() -> Bool { step() }

    /// Counts one step, or more for a node with many children (a string level with thousands of literals):
    /// a step stands for about the same work whatever the level. False once the budget is spent.
    @inline(__always)
    private func step(width: Int = 2) -> Bool {
        if exhausted { return false }
        steps += 1 + width >> 6
        if steps > stepLimit {
            exhausted = true
            return false
        }
        if steps % Self.cancellationInterval == 0 && cancellation.isCancelled {
            cancelled = true
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
        if entry.op == tag | Self.opNot && entry.a == a { return entry.result }
        let level = levels[Int(a)]
        let n = Int(sizeOf[Int(level)])
        guard step(width: n) else { return Self.falseRef }
        let start = Int(childStart[Int(a)])
        let kids = scratch + scratchBase[Int(level)]
        for v in 0..<n {
            let r = not(children[start + v])
            if exhausted { return Self.falseRef }
            kids[v] = r
        }
        let result = make(level: level, at: kids, count: n)
        cache[slot] = CacheEntry(op: tag | Self.opNot, a: a, b: 0, result: result)
        return result
    }

    /// Whether `a and b` is satisfiable, without building it: a search for one common path, memoised in
    /// the operation cache, that makes no node. Once the budget is spent the answer is meaningless.
    func intersects(_ a: Ref, _ b: Ref) -> Bool {
        if a == Self.falseRef || b == Self.falseRef { return false }
        if a == Self.trueRef || b == Self.trueRef || a == b { return true }
        let x = min(a, b), y = max(a, b)
        let slot = cacheSlot(Self.opMeets, x, y)
        let entry = cache[slot]
        if entry.op == tag | Self.opMeets && entry.a == x && entry.b == y { return entry.result == 1 }
        let la = levels[Int(x)], lb = levels[Int(y)]
        let level = min(la, lb)
        let n = Int(sizeOf[Int(level)])
        guard step(width: n) else { return false }
        let startA = la == level ? Int(childStart[Int(x)]) : -1
        let startB = lb == level ? Int(childStart[Int(y)]) : -1
        var result = false
        for v in 0..<n {
            let p = startA >= 0 ? children[startA + v] : x
            let q = startB >= 0 ? children[startB + v] : y
            if intersects(p, q) {
                result = true
                break
            }
            if exhausted { return false }
        }
        cache[slot] = CacheEntry(op: tag | Self.opMeets, a: x, b: y, result: result ? 1 : 0)
        return result
    }

    /// Whether `a` implies `b`, without building `a and not b`.
    func implies(_ a: Ref, _ b: Ref) -> Bool {
        and(a, not(b)) == Self.falseRef
    }

    private func apply(_ op: Int32, _ a: Ref, _ b: Ref) -> Ref {
        let slot = cacheSlot(op, a, b)
        let entry = cache[slot]
        if entry.op == tag | op && entry.a == a && entry.b == b { return entry.result }
        let la = levels[Int(a)], lb = levels[Int(b)]
        let level = min(la, lb)
        let n = Int(sizeOf[Int(level)])
        guard step(width: n) else { return Self.falseRef }
        let kids = scratch + scratchBase[Int(level)]
        let startA = la == level ? Int(childStart[Int(a)]) : -1
        let startB = lb == level ? Int(childStart[Int(b)]) : -1
        for v in 0..<n {
            let x = startA >= 0 ? children[startA + v] : a
            let y = startB >= 0 ? children[startB + v] : b
            let r = op == Self.opAnd ? and(x, y) : or(x, y)
            if exhausted { return Self.falseRef }
            kids[v] = r
        }
        let result = make(level: level, at: kids, count: n)
        cache[slot] = CacheEntry(op: tag | op, a: a, b: b, result: result)
        return result
    }

    /// `a` with every level not in `keep` existentially quantified away.
    func project(_ a: Ref, keeping keep: Set<Int>) -> Ref {
        var memo: [Ref: Ref] = [:]
        func visit(_ r: Ref) -> Ref {
            if isTerminal(r) || exhausted { return r }
            if let m = memo[r] { return m }
            let level = self.level(r)
            // Copy first: a live slice would make every `make` below copy the whole child table.
            let kids = children(of: r).map(visit)
            let result = keep.contains(level) ? make(level: level, kids) : kids.reduce(Self.falseRef) { or($0, $1) }
            memo[r] = result
            return result
        }
        return visit(a)
    }

    /// Per node, the traversal that last visited it: a traversal marks a node by storing its generation,
    /// so starting one clears nothing.
    /// A raw buffer: an array property of this class would be checked for exclusive access at every mark.
    private var marks = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private var markCapacity = 0
    private var markGeneration: UInt32 = 0

    /// Starts a traversal that marks nodes (the one marking helper): `marks` covers every node made so
    /// far, and no node carries the new generation yet.
    private func beginMarking() {
        if markCapacity < count {
            let capacity = max(count, 2 * markCapacity)
            let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
            grown.update(from: marks, count: markCapacity)
            (grown + markCapacity).initialize(repeating: 0, count: capacity - markCapacity)
            marks.deallocate()
            marks = grown
            markCapacity = capacity
        }
        markGeneration &+= 1
        if markGeneration == 0 {
            marks.update(repeating: 0, count: markCapacity)
            markGeneration = 1
        }
    }

    /// Marks `r` visited in the current traversal; false if it already was.
    @inline(__always)
    private func mark(_ r: Ref) -> Bool {
        if marks[Int(r)] == markGeneration { return false }
        marks[Int(r)] = markGeneration
        return true
    }

    /// How many inner nodes `a` has, counting no further than `limit + 1`.
    func size(_ a: Ref, limit: Int) -> Int {
        if isTerminal(a) { return 0 }
        beginMarking()
        var count = 0
        var stack = [a]
        _ = mark(a)
        while let r = stack.popLast() {
            count += 1
            if count > limit { return count }
            let start = Int(childStart[Int(r)])
            for i in 0..<sizes[Int(levels[Int(r)])] {
                let k = children[start + i]
                if !isTerminal(k) && mark(k) { stack.append(k) }
            }
        }
        return count
    }

    /// The smallest box (a conjunction of one value set per level) containing `a`: an over-approximation
    /// that forgets how levels depend on each other, with at most one node per level.
    func hull(_ a: Ref) -> Ref {
        if isTerminal(a) { return a }
        let levelCount = sizes.count
        // Per level: 0 untouched (nothing seen), 1 some values seen (in `hullAllowed`), 2 unconstrained.
        let state = hullState
        let allowed = hullAllowed
        state.update(repeating: 0, count: levelCount)
        for l in 0..<Int(levels[Int(a)]) { state[l] = 2 }
        beginMarking()
        _ = mark(a)
        var stack = [a]
        while let r = stack.popLast() {
            let level = Int(levels[Int(r)])
            let base = scratchBase[level]
            let n = Int(sizeOf[level])
            if state[level] == 0 {
                state[level] = 1
                (allowed + base).update(repeating: false, count: n)
            }
            let start = Int(childStart[Int(r)])
            for v in 0..<n {
                let k = children[start + v]
                if k == Self.falseRef { continue }
                allowed[base + v] = true
                // A path that skips levels leaves them unconstrained.
                let next = Int(levels[Int(k)])
                if next > level + 1 { for l in (level + 1)..<next { state[l] = 2 } }
                if !isTerminal(k) && mark(k) { stack.append(k) }
            }
        }
        var r = Self.trueRef
        for level in stride(from: levelCount - 1, through: 0, by: -1) where state[level] == 1 {
            let base = scratchBase[level]
            let kids = scratch + base
            for v in 0..<Int(sizeOf[level]) { kids[v] = allowed[base + v] ? r : Self.falseRef }
            r = make(level: Int32(level), at: kids, count: Int(sizeOf[level]))
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

    /// One satisfying assignment as close to `seed` as the path allows: at each level the path tests, the
    /// seed's value first, then the others in `preference` order; every other level keeps the seed's value.
    /// `nil` when `a` is `false`.
    func pick(_ a: Ref, near seed: [Int], preference: [[Int]]) -> [Int]? {
        if a == Self.falseRef { return nil }
        var choice = seed
        var r = a
        while !isTerminal(r) {
            let level = self.level(r)
            let start = Int(childStart[Int(r)])
            let own = seed[level]
            var next: Ref = Self.falseRef
            if children[start + own] != Self.falseRef {
                next = children[start + own]
            } else {
                for v in preference[level] where v != own && children[start + v] != Self.falseRef {
                    choice[level] = v
                    next = children[start + v]
                    break
                }
            }
            r = next
        }
        return choice
    }

    // MARK: - Boxes

    /// Per node, in the current box traversal (marked), the largest log2-volume of a sub-box of the box,
    /// over the node's level and the levels below it, all of whose cases satisfy the node (-infinity: none);
    /// `meets` keeps 0 or -infinity there. A raw buffer: these loops run for every edge and question.
    private var boxVolume = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var boxVolumeCapacity = 0
    /// Per level, log2 of the number of values the current box allows, summed over the levels above.
    private let boxPrefix: UnsafeMutablePointer<Double>
    /// log2 of 0...(largest level size); -infinity for 0.
    private let log2Table: UnsafeMutablePointer<Double>
    /// Values of diagram nodes that box operations looked at, in all: the measure of their work, which
    /// makes no node and takes no step.
    private(set) var boxWork = 0

    /// Whether some case of `box` satisfies `a`. Reads the diagram only: no node is made, no step taken.
    func meets(_ a: Ref, _ box: UnsafePointer<UInt64>, _ layout: BoxLayout) -> Bool {
        if isTerminal(a) { return a == Self.trueRef }
        beginMarking()
        reserveBoxVolume()
        return satisfiable(a, box, layout)
    }

    private func reserveBoxVolume() {
        guard boxVolumeCapacity < count else { return }
        boxVolume.deallocate()
        boxVolumeCapacity = max(count, 2 * boxVolumeCapacity)
        boxVolume = .allocate(capacity: boxVolumeCapacity)
    }

    /// Whether some case of `box` satisfies `r` (memoised in `boxVolume` as 0 or -infinity).
    private func satisfiable(_ r: Ref, _ box: UnsafePointer<UInt64>, _ layout: BoxLayout) -> Bool {
        if isTerminal(r) { return r == Self.trueRef }
        if !mark(r) { return boxVolume[Int(r)] == 0 }
        let level = Int(levels[Int(r)])
        let start = Int(childStart[Int(r)])
        let offset = layout.offsets[level]
        var result = false
        var tried = Self.falseRef
        boxWork += Int(sizeOf[level])
        for v in 0..<Int(sizeOf[level]) where layout.allows(box, offset + v) {
            let k = children[start + v]
            if k == Self.falseRef || k == tried { continue }
            tried = k
            if satisfiable(k, box, layout) {
                result = true
                break
            }
        }
        boxVolume[Int(r)] = result ? 0 : -.infinity
        return result
    }

    /// Narrows `box` to a sub-box every case of which satisfies `a`: along one path of the diagram, each
    /// level it tests keeps the group of the box's values that lead to one child, the group and child
    /// chosen so that the sub-box is as large as possible; untested levels keep all their values. False
    /// (and `box` unchanged) when no case of the box satisfies `a`. Reads the diagram only.
    func narrow(_ box: UnsafeMutablePointer<UInt64>, to a: Ref, _ layout: BoxLayout) -> Bool {
        if isTerminal(a) { return a == Self.trueRef }
        beginBoxTraversal(box, layout)
        guard volume(a, box, layout) > -.infinity else { return false }
        var r = a
        while !isTerminal(r) {
            let level = Int(levels[Int(r)])
            let best = bestGroup(r, box, layout).child
            let start = Int(childStart[Int(r)])
            let offset = layout.offsets[level]
            for v in 0..<Int(sizeOf[level]) where children[start + v] != best { layout.forbid(box, offset + v) }
            r = best
        }
        return true
    }

    private func beginBoxTraversal(_ box: UnsafePointer<UInt64>, _ layout: BoxLayout) {
        beginMarking()
        reserveBoxVolume()
        boxPrefix[0] = 0
        boxWork += sizes.count
        for level in sizes.indices { boxPrefix[level + 1] = boxPrefix[level] + log2Table[layout.allowedCount(box, level)] }
    }

    /// The child of `r` whose group of allowed values gives the largest sub-box, with that volume.
    private func bestGroup(_ r: Ref, _ box: UnsafePointer<UInt64>, _ layout: BoxLayout) -> (child: Ref, volume: Double) {
        let level = Int(levels[Int(r)])
        let start = Int(childStart[Int(r)])
        let offset = layout.offsets[level]
        let n = Int(sizeOf[level])
        boxWork += n
        var best: (child: Ref, volume: Double) = (Self.falseRef, -.infinity)
        func consider(_ child: Ref, _ count: Int) {
            let below = volume(child, box, layout)
            if below == -.infinity { return }
            // The levels between this one and the child's keep every allowed value.
            let v = log2Table[count] + boxPrefix[Int(levels[Int(child)])] - boxPrefix[level + 1] + below
            if v > best.volume { best = (child, v) }
        }
        if n == 2 {
            let a = layout.allows(box, offset) ? children[start] : Self.falseRef
            let b = layout.allows(box, offset + 1) ? children[start + 1] : Self.falseRef
            if a == b {
                if a != Self.falseRef { consider(a, 2) }
            } else {
                if a != Self.falseRef { consider(a, 1) }
                if b != Self.falseRef { consider(b, 1) }
            }
            return best
        }
        // One group per distinct child, on the stack: `consider` recurses into other nodes' groups.
        withUnsafeTemporaryAllocation(of: (child: Ref, count: Int).self, capacity: n) { found in
            var groups = 0
            for v in 0..<n where layout.allows(box, offset + v) {
                let k = children[start + v]
                if k == Self.falseRef { continue }
                var g = 0
                while g < groups && found[g].child != k { g += 1 }
                if g == groups {
                    found[g] = (k, 0)
                    groups += 1
                }
                found[g].count += 1
            }
            for g in 0..<groups { consider(found[g].child, found[g].count) }
        }
        return best
    }

    private func volume(_ r: Ref, _ box: UnsafePointer<UInt64>, _ layout: BoxLayout) -> Double {
        if r == Self.falseRef { return -.infinity }
        if r == Self.trueRef { return 0 }
        if !mark(r) { return boxVolume[Int(r)] }
        let result = bestGroup(r, box, layout).volume
        boxVolume[Int(r)] = result
        return result
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

/// Operation-cache buffers passed from each diagram to the next, so that analysing a library of SOPs
/// one after another does not clear (or map and fault in) 4 MB per SOP. Each diagram takes a new epoch;
/// its entries are tagged with it, so what an earlier diagram left in the buffer never matches (see
/// `DecisionDiagram.tag`), and a diagram behaves exactly as with a fresh, empty cache.
private enum OperationCaches {
    /// Epochs fit in an entry's `op` above the operation code.
    private static let lastEpoch = Int32.max >> DecisionDiagram.operationBits
    private static let kept = 8
    /// The free buffers by address (an address is `Sendable`, a pointer is not).
    private static let state = Mutex<(free: [UInt], epoch: Int32)>(([], 0))

    /// A buffer of `bytes` (all zero, or left by an earlier diagram) and a new epoch.
    static func take(bytes: Int) -> (UnsafeMutableRawPointer, Int32) {
        let (reused, epoch) = state.withLock { state -> (UInt?, Int32) in
            if state.epoch == lastEpoch {
                // Epochs start again: no buffer may hold entries of a reused epoch.
                for address in state.free { free(UnsafeMutableRawPointer(bitPattern: address)) }
                state.free = []
                state.epoch = 0
            }
            state.epoch += 1
            return (state.free.popLast(), state.epoch)
        }
        if let reused, let buffer = UnsafeMutableRawPointer(bitPattern: reused) { return (buffer, epoch) }
        guard let zeroed = calloc(1, bytes) else { fatalError("out of memory") }
        return (zeroed, epoch)
    }

    /// Hands a diagram's buffer on; one from before the epochs started again is freed instead.
    static func give(_ buffer: UnsafeMutableRawPointer, epoch: Int32) {
        let keep = state.withLock { state -> Bool in
            guard epoch <= state.epoch, state.free.count < kept else { return false }
            state.free.append(UInt(bitPattern: buffer))
            return true
        }
        if !keep { free(buffer) }
    }
}
