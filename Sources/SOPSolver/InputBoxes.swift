import SOPCore
import SOPGraph
#if canImport(Glibc)
import Glibc
#endif

/// Where each input's values live in an *input box*: a set of cases given by one set of allowed values per
/// input, not per diagram level. Every guard atom reads one input, so a conjunction of atoms is exactly such
/// a product: narrowing by `x >= 300` and then `x < 400` keeps the intervals of `300...399`, where a box
/// over the diagram's levels (`BoxLayout`) can keep only an aligned block of an int's binary codes.
///
/// The layout: one bit per value for every level that is not an int bit (a bool, an enum, a string's
/// literals and its fresh value, one set member), then two words per int, the first and last of its
/// allowed elementary intervals (one run of them: a narrowing that would leave several keeps the largest,
/// so the box stays a subset of what it stands for).
struct InputBoxLayout {
    let encoding: Encoding
    /// Per level, the first bit of its values (-1 for an int's bit levels).
    let bitOffset: [Int]
    /// Per variable, the word of its first allowed interval, the next holding the last (-1 if not an int).
    let intWord: [Int]
    /// Per variable, its number of intervals (0 if not an int).
    let intervals: [Int]
    /// Per variable, its first level and how many levels it has.
    let firstLevels: [Int]
    let levelCounts: [Int]
    /// Words per box, and the first of them that hold values' bits.
    let words: Int
    let bitWords: Int
    /// log2 of 0...(largest level size); -infinity for 0.
    private let log2Counts: [Double]
    /// Per level, the word holding all its bits (-1 when they span two words, -2 for an int's bit levels)
    /// and their mask there: counting a level's values is one population count.
    private let levelWord: [Int]
    private let levelMask: [UInt64]
    /// log2 of 0...(most intervals of an int).
    private let log2Intervals: [Double]
    /// For `volume`: the word and mask of each level whose bits lie in one word, the other non-int levels,
    /// and the first word of each int.
    private let countWords: [Int]
    private let countMasks: [UInt64]
    private let spreadLevels: [Int]
    private let rangeWords: [Int]

    init(encoding: Encoding) {
        self.encoding = encoding
        var bitOffset = Array(repeating: -1, count: encoding.sizes.count)
        var intWord = Array(repeating: -1, count: encoding.variables.count)
        var intervals = Array(repeating: 0, count: encoding.variables.count)
        var bits = 0
        for (level, size) in encoding.sizes.enumerated() {
            if case .int = encoding.variables[encoding.levelVariable[level]].domain { continue }
            bitOffset[level] = bits
            bits += size
        }
        var word = (bits + 63) / 64
        bitWords = word
        for (index, variable) in encoding.variables.enumerated() {
            guard case .int(let starts, _) = variable.domain else { continue }
            intWord[index] = word
            intervals[index] = starts.count
            word += 2
        }
        self.bitOffset = bitOffset
        self.intWord = intWord
        self.intervals = intervals
        words = max(1, word)
        log2Counts = (0...(encoding.sizes.max() ?? 1)).map { $0 == 0 ? -.infinity : log2(Double($0)) }
        var levelWord = Array(repeating: -2, count: encoding.sizes.count)
        var levelMask = Array(repeating: UInt64(0), count: encoding.sizes.count)
        for (level, size) in encoding.sizes.enumerated() where bitOffset[level] >= 0 {
            let first = bitOffset[level], last = first + size - 1
            guard size > 0, first >> 6 == last >> 6 else {
                levelWord[level] = -1
                continue
            }
            levelWord[level] = first >> 6
            levelMask[level] = (size == 64 ? UInt64.max : (UInt64(1) << UInt64(size)) - 1) << UInt64(first & 63)
        }
        self.levelWord = levelWord
        self.levelMask = levelMask
        log2Intervals = (0...(intervals.max() ?? 1)).map { $0 == 0 ? -.infinity : log2(Double($0)) }
        countWords = levelWord.filter { $0 >= 0 }
        countMasks = levelWord.indices.filter { levelWord[$0] >= 0 }.map { levelMask[$0] }
        spreadLevels = levelWord.indices.filter { levelWord[$0] == -1 }
        rangeWords = intWord.filter { $0 >= 0 }
        firstLevels = encoding.variables.map(\.firstLevel)
        levelCounts = encoding.variables.map(\.levelCount)
    }

    /// The box of every case.
    func full() -> [UInt64] {
        var box = Array(repeating: UInt64(0), count: words)
        for (level, size) in encoding.sizes.enumerated() where bitOffset[level] >= 0 {
            for v in 0..<size { set(&box, bitOffset[level] + v) }
        }
        for (index, word) in intWord.enumerated() where word >= 0 {
            box[word] = 0
            box[word + 1] = UInt64(intervals[index] - 1)
        }
        return box
    }

    @inline(__always)
    func allows(_ box: UnsafePointer<UInt64>, _ bit: Int) -> Bool {
        (box[bit >> 6] >> UInt64(bit & 63)) & 1 == 1
    }

    @inline(__always)
    private func set(_ box: inout [UInt64], _ bit: Int) {
        box[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The allowed intervals of int variable `index`: `lo > hi` when none.
    @inline(__always)
    func range(_ box: UnsafePointer<UInt64>, _ index: Int) -> (lo: Int, hi: Int) {
        range(box, word: intWord[index])
    }

    /// The int range whose words start at `w`.
    @inline(__always)
    private func range(_ box: UnsafePointer<UInt64>, word w: Int) -> (lo: Int, hi: Int) {
        (Int(box[w]), Int(box[w + 1]))
    }

    /// log2 of the number of cases in the box (an int counts its intervals).
    func volume(_ box: UnsafePointer<UInt64>) -> Double {
        var total = 0.0
        countWords.withUnsafeBufferPointer { words in
            countMasks.withUnsafeBufferPointer { masks in
                log2Counts.withUnsafeBufferPointer { log2 in
                    for k in 0..<words.count { total += log2[(box[words[k]] & masks[k]).nonzeroBitCount] }
                }
            }
        }
        for level in spreadLevels {
            var n = 0
            for v in 0..<encoding.sizes[level] where allows(box, bitOffset[level] + v) { n += 1 }
            total += log2Counts[n]
        }
        for w in rangeWords {
            let (lo, hi) = range(box, word: w)
            if hi < lo { return -.infinity }
            total += log2Intervals[hi - lo + 1]
        }
        return total
    }

    /// The word holding all of `level`'s bits, if one does.
    func wordOfLevel(_ level: Int) -> Int? { levelWord[level] >= 0 ? levelWord[level] : nil }

    func maskOfLevel(_ level: Int) -> UInt64 { levelMask[level] }

    /// The box of every case that some box of `boxes` holds, or more: per level the values any allows, per
    /// int the smallest run of intervals containing theirs.
    func hull(_ boxes: [UnsafePointer<UInt64>]) -> [UInt64] {
        var result = Array(repeating: UInt64(0), count: words)
        for (index, w) in intWord.enumerated() where w >= 0 {
            result[w] = UInt64(intervals[index])
            result[w + 1] = 0
        }
        for box in boxes {
            for i in 0..<bitWords { result[i] |= box[i] }
            for w in intWord where w >= 0 {
                result[w] = min(result[w], box[w])
                result[w + 1] = max(result[w + 1], box[w + 1])
            }
        }
        return result
    }

    // MARK: - Narrowing by a guard

    /// Narrows `box` to a sub-box every case of which satisfies `g` (compiled by `InputAtoms.compile`), read
    /// on the guard itself: an atom keeps the values it holds for (an int the largest run of them), a
    /// conjunction narrows by each part in turn, atoms first, a disjunction by one part, tried largest
    /// first, backtracking when a later part finds nothing. False, with `box` left in no particular state,
    /// when no sub-box was found within `narrowWorkLimit` steps: never a proof that the box and `g` do not
    /// meet.
    func narrow(_ box: inout [UInt64], to g: InputGuard, atoms: InputAtoms, work: inout Int) -> Bool {
        // Most effective guards are an atom or a conjunction of atoms: narrowed in place, no search.
        switch g {
        case .constant(let b):
            return b
        case .atom(let index, let positive):
            work += 1
            return apply(&box, atoms, index, positive)
        case .all(let parts):
            var rest: [InputGuard] = []
            for part in parts {
                if case .atom(let index, let positive) = part {
                    work += 1
                    if !apply(&box, atoms, index, positive) { return false }
                } else {
                    rest.append(part)
                }
            }
            return rest.isEmpty || solve(&box, rest, atoms, start: work, work: &work)
        case .any:
            return solve(&box, [g], atoms, start: work, work: &work)
        }
    }

    /// Steps one narrowing may take: a guard with many disjunctions is not searched exhaustively.
    static let narrowWorkLimit = 256

    private func solve(_ box: inout [UInt64], _ goals: [InputGuard], _ atoms: InputAtoms, start: Int, work: inout Int) -> Bool {
        var goals = goals
        while let g = goals.popLast() {
            work += 1
            guard work - start < Self.narrowWorkLimit else { return false }
            switch g {
            case .constant(let b):
                if !b { return false }
            case .atom(let index, let positive):
                if !apply(&box, atoms, index, positive) { return false }
            case .all(let parts):
                // Atoms come first in `parts`: pushed last, they narrow before any choice is made.
                goals.append(contentsOf: parts.reversed())
            case .any(let parts):
                // A choice: each part alone, the largest resulting box first.
                var options: [(part: InputGuard, volume: Double, box: [UInt64])] = []
                for part in parts {
                    var candidate = box
                    if case .atom(let index, let positive) = part {
                        guard apply(&candidate, atoms, index, positive) else { continue }
                    }
                    options.append((part, candidate.withUnsafeBufferPointer { self.volume($0.baseAddress!) }, candidate))
                }
                options.sort { $0.volume > $1.volume }
                for option in options {
                    var candidate = option.box
                    var rest = goals
                    if case .atom = option.part {} else { rest.append(option.part) }
                    if solve(&candidate, rest, atoms, start: start, work: &work) {
                        box = candidate
                        return true
                    }
                    guard work - start < Self.narrowWorkLimit else { return false }
                }
                return false
            }
        }
        return true
    }

    /// Keeps the values of the box for which atom `index` is `positive`; false when none is left.
    private func apply(_ box: inout [UInt64], _ atoms: InputAtoms, _ index: Int32, _ positive: Bool) -> Bool {
        let k = Int(index)
        let word = atoms.words[k]
        if word >= 0 {
            // A level within one word: one mask.
            let all = atoms.levelMasks[k], holds = atoms.holdMasks[k]
            box[word] &= ~(all & (positive ? ~holds : holds))
            return box[word] & all != 0
        }
        switch atoms.truths[k] {
        case .constant(let b):
            return b == positive
        case .values(let level, let holds):
            let offset = bitOffset[level]
            var any = false
            for (v, h) in holds.enumerated() {
                let bit = offset + v
                if h != positive { box[bit >> 6] &= ~(1 << UInt64(bit & 63)) } else if (box[bit >> 6] >> UInt64(bit & 63)) & 1 == 1 { any = true }
            }
            return any
        case .intervals(let index, let runs):
            let w = intWord[index]
            let (lo, hi) = range(box, word: w)
            // The largest run of intervals within lo...hi on which the atom is `positive`.
            var best: (lo: Int, hi: Int)?
            for (k, first) in runs.starts.enumerated() where runs.holds[k] == positive {
                let last = k + 1 < runs.starts.count ? runs.starts[k + 1] - 1 : intervals[index] - 1
                let a = max(lo, first), b = min(hi, last)
                if a <= b && (best.map { b - a > $0.hi - $0.lo } ?? true) { best = (a, b) }
            }
            guard let best else { return false }
            box[w] = UInt64(best.lo)
            box[w + 1] = UInt64(best.hi)
            return true
        }
    }

    // MARK: - Meeting a diagram

    /// A case of the box that satisfies the diagram `a`, as a value per level (a real case of both), or nil
    /// when none was found within `work` steps. Exact on the diagram: a depth-first search for a path to
    /// `true` whose values the box allows, where an int's bits on the path must spell the code of an
    /// interval the box allows (codes past the last interval stand for it).
    func pick(_ a: DecisionDiagram.Ref, _ box: UnsafePointer<UInt64>, in dd: DecisionDiagram, search: inout PickSearch, work: inout Int, limit: Int) -> [Int]? {
        if a == DecisionDiagram.falseRef { return nil }
        search.start(box: box, steps: work, limit: limit)
        let found = visit(a, &search, dd)
        work = search.steps
        guard found else { return nil }
        var assignment = search.assignment
        // Levels off the path take an allowed value (the buffer holds some value of each level); each int
        // the code its fixed bits and the box allow.
        let preference = encoding.preference
        for level in assignment.indices where bitOffset[level] >= 0 && !allows(box, bitOffset[level] + assignment[level]) {
            guard let v = preference[level].first(where: { allows(box, bitOffset[level] + $0) }) else { return nil }
            assignment[level] = v
        }
        for index in intWord.indices where intWord[index] >= 0 {
            guard let c = code(index, box, search.mask[index], search.value[index]) else { return nil }
            for j in 0..<levelCounts[index] { assignment[firstLevels[index] + j] = (c >> (levelCounts[index] - 1 - j)) & 1 }
        }
        return assignment
    }

    /// The state of `pick`'s depth-first search, kept from one search to the next so that a search
    /// allocates nothing.
    struct PickSearch {
        fileprivate var box: UnsafePointer<UInt64>?
        /// The value chosen per level on the current path (some value of the level elsewhere).
        fileprivate var assignment: [Int]
        /// Per int variable, the bits of its code fixed on the current path and their values.
        fileprivate var mask: [Int]
        fileprivate var value: [Int]
        /// Diagram nodes from which no path was found with no bit of their variable fixed yet: their answer
        /// depends only on the node (levels are visited in order, variables are contiguous). Few: the
        /// questions' formulas are small.
        fileprivate var failed: [DecisionDiagram.Ref] = []
        fileprivate var exhausted = false
        fileprivate var steps = 0
        fileprivate var limit = 0

        init(_ layout: InputBoxLayout) {
            assignment = Array(repeating: 0, count: layout.encoding.sizes.count)
            mask = Array(repeating: 0, count: layout.intWord.count)
            value = mask
        }

        fileprivate mutating func start(box: UnsafePointer<UInt64>, steps: Int, limit: Int) {
            self.box = box
            for i in mask.indices {
                mask[i] = 0
                value[i] = 0
            }
            failed.removeAll(keepingCapacity: true)
            exhausted = false
            self.steps = steps
            self.limit = limit
        }
    }

    /// Whether a path from `r` to `true` exists whose values the box allows, given the bits fixed so far.
    private func visit(_ r: DecisionDiagram.Ref, _ search: inout PickSearch, _ dd: DecisionDiagram) -> Bool {
        if r == DecisionDiagram.falseRef { return false }
        if r == DecisionDiagram.trueRef { return true }
        search.steps += 1
        if search.steps > search.limit {
            search.exhausted = true
            return false
        }
        let level = dd.level(r)
        let index = encoding.levelVariable[level]
        if intWord[index] < 0 {
            if search.failed.contains(r) { return false }
            var tried = DecisionDiagram.falseRef
            for v in encoding.preference[level] where allows(search.box!, bitOffset[level] + v) {
                let k = dd.child(r, level: Int32(level), value: v)
                if k == DecisionDiagram.falseRef || k == tried { continue }
                tried = k
                search.assignment[level] = v
                if visit(k, &search, dd) { return true }
                if search.exhausted { return false }
            }
            search.failed.append(r)
            return false
        }
        let unfixed = search.mask[index] == 0
        if unfixed && search.failed.contains(r) { return false }
        let bit = levelCounts[index] - 1 - (level - firstLevels[index])
        let (savedMask, savedValue) = (search.mask[index], search.value[index])
        for b in 0...1 {
            let k = dd.child(r, level: Int32(level), value: b)
            if k == DecisionDiagram.falseRef { continue }
            search.mask[index] = savedMask | (1 << bit)
            search.value[index] = (savedValue & ~(1 << bit)) | (b << bit)
            if code(index, search.box!, search.mask[index], search.value[index]) != nil && visit(k, &search, dd) { return true }
            search.mask[index] = savedMask
            search.value[index] = savedValue
            if search.exhausted { return false }
        }
        if unfixed { search.failed.append(r) }
        return false
    }

    /// The smallest code of int variable `index` whose bits under `mask` equal `value` and that stands for
    /// an interval the box allows; nil when there is none.
    func code(_ index: Int, _ box: UnsafePointer<UInt64>, _ mask: Int, _ value: Int) -> Int? {
        let (lo, hi) = range(box, index)
        guard lo <= hi else { return nil }
        let value = value & mask
        let bits = levelCounts[index]
        // Codes past the last interval stand for it.
        let top = hi == intervals[index] - 1 ? (1 << bits) - 1 : hi
        if lo & mask == value { return lo }
        // The smallest code above `lo` that agrees with `lo` above some bit `i`, has a 1 at `i` where `lo`
        // has a 0, and takes the fixed bits (zeros elsewhere) below it.
        for i in 0..<bits {
            let bit = 1 << i
            guard lo & bit == 0, mask & bit == 0 || value & bit != 0 else { continue }
            let above = ~((bit << 1) - 1)
            guard (lo & above & mask) == (value & above) else { continue }
            let c = (lo & above) | bit | (value & (bit - 1))
            return c <= top ? c : nil
        }
        return nil
    }
}

/// A guard compiled for input boxes: negations pushed onto the atoms, each atom an index into
/// `InputAtoms.truths`, conjunctions with their atoms first.
indirect enum InputGuard {
    case constant(Bool)
    /// Atom `index` holds (`positive`) or does not.
    case atom(Int32, Bool)
    case all([InputGuard])
    case any([InputGuard])
}

/// The atoms of the guards compiled so far and what each means on an `Encoding` (`Encoding.truth(of:)`),
/// each worked out once.
struct InputAtoms {
    private let layout: InputBoxLayout
    private var index: [Guard: Int32] = [:]
    private(set) var truths: [Encoding.AtomTruth] = []
    /// Per atom on a level whose values lie in one word of a box: that word (-1 otherwise), the level's
    /// bits and those of the values the atom holds for.
    private(set) var words: [Int] = []
    private(set) var levelMasks: [UInt64] = []
    private(set) var holdMasks: [UInt64] = []

    init(layout: InputBoxLayout) { self.layout = layout }

    /// `g` (or `not g`) as an `InputGuard`.
    mutating func compile(_ g: Guard, positive: Bool = true) -> InputGuard {
        switch g {
        case .constant(let b):
            return .constant(b == positive)
        case .not(let inner):
            return compile(inner, positive: !positive)
        case .and(let parts), .or(let parts):
            let conjunction: Bool
            if case .and = g { conjunction = positive } else { conjunction = !positive }
            var atoms: [InputGuard] = [], compound: [InputGuard] = []
            for part in parts {
                let c = compile(part, positive: positive)
                switch c {
                case .constant(let b):
                    // A constant decides a conjunction when false, a disjunction when true.
                    if b != conjunction { return .constant(b) }
                case .atom: atoms.append(c)
                case .all(let inner) where conjunction: atoms.append(contentsOf: inner)
                default: compound.append(c)
                }
            }
            let all = atoms + compound
            if all.isEmpty { return .constant(conjunction) }
            if all.count == 1 { return all[0] }
            return conjunction ? .all(all) : .any(all)
        case .compare, .oneOf, .contains:
            if let k = index[g] { return .atom(k, positive) }
            let truth = layout.encoding.truth(of: g)
            if case .constant(let b) = truth { return .constant(b == positive) }
            index[g] = Int32(truths.count)
            truths.append(truth)
            var word = -1, all: UInt64 = 0, holding: UInt64 = 0
            if case .values(let level, let holds) = truth, let w = layout.wordOfLevel(level) {
                word = w
                all = layout.maskOfLevel(level)
                for (v, h) in holds.enumerated() where h { holding |= 1 << UInt64((layout.bitOffset[level] + v) & 63) }
            }
            words.append(word)
            levelMasks.append(all)
            holdMasks.append(holding)
            return .atom(Int32(truths.count - 1), positive)
        }
    }
}

/// Input boxes kept per position (see `InputBoxLayout`): a flat pool and, per position, the indices of
/// the ones whose every case reaches it.
struct InputBoxStore {
    let layout: InputBoxLayout
    private(set) var pool: [UInt64] = []
    private(set) var volumes: [Double] = []
    private(set) var byPosition: [[Int32]]

    init(layout: InputBoxLayout, positions: Int) {
        self.layout = layout
        byPosition = Array(repeating: [], count: positions)
    }

    /// Adds `box` (of log2-volume `volume`) to position `p`; when `p` keeps `limit` boxes already, the new
    /// one replaces the smallest if it is larger. Whether it was added.
    @discardableResult
    mutating func add(_ box: [UInt64], volume: Double, at p: Int, limit: Int) -> Bool {
        // A box inside one the position keeps adds no case; one that contains a kept box replaces it.
        let w = layout.words
        for k in byPosition[p].indices.reversed() {
            let base = Int(byPosition[p][k]) * w
            if contains(base, box) { return false }
            if volume >= volumes[Int(byPosition[p][k])] && isInside(base, box) { byPosition[p].remove(at: k) }
        }
        if byPosition[p].count >= limit {
            guard let smallest = byPosition[p].indices.min(by: { volumes[Int(byPosition[p][$0])] < volumes[Int(byPosition[p][$1])] }),
                  volume > volumes[Int(byPosition[p][smallest])] else { return false }
            byPosition[p].remove(at: smallest)
        }
        byPosition[p].append(Int32(volumes.count))
        volumes.append(volume)
        pool.append(contentsOf: box)
        return true
    }

    /// Whether the pooled box at word `base` contains `box`.
    private func contains(_ base: Int, _ box: [UInt64]) -> Bool {
        for i in 0..<layout.bitWords where box[i] & ~pool[base + i] != 0 { return false }
        for w in layout.intWord where w >= 0 {
            if box[w] < pool[base + w] || box[w + 1] > pool[base + w + 1] { return false }
        }
        return true
    }

    /// Whether the pooled box at word `base` lies inside `box`.
    private func isInside(_ base: Int, _ box: [UInt64]) -> Bool {
        for i in 0..<layout.bitWords where pool[base + i] & ~box[i] != 0 { return false }
        for w in layout.intWord where w >= 0 {
            if pool[base + w] < box[w] || pool[base + w + 1] > box[w + 1] { return false }
        }
        return true
    }

    /// Copies box `index` into `box` (of the layout's width).
    func copy(_ index: Int32, into box: inout [UInt64]) {
        let base = Int(index) * layout.words
        for i in 0..<layout.words { box[i] = pool[base + i] }
    }

    func box(_ index: Int32) -> [UInt64] {
        let w = layout.words
        return Array(pool[(Int(index) * w)..<((Int(index) + 1) * w)])
    }
}
