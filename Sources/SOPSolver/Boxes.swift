#if canImport(Glibc)
import Glibc
#endif

/// Where each level's values live in a *box*: a set of cases given by one set of allowed values per
/// diagram level (a conjunction of one constraint per level), packed one bit per value.
///
/// A box is a cheap under-approximation of a path condition: the analysis passes boxes forward along
/// every edge, narrowing each to the edge's effective guard (`DecisionDiagram.narrow`), so every case of a
/// box at a node follows one chain of branches from the start to it. Deciding whether a box meets a
/// formula reads the formula's diagram only, without making nodes, so a question a box answers costs no
/// diagram memory.
struct BoxLayout {
    /// The first bit of each level.
    let offsets: [Int]
    /// Values per level.
    let sizes: [Int]
    /// Words per box.
    let words: Int

    /// Per level, the words its bits lie in and the bits of each: `(word, mask)` pairs from
    /// `maskStart[level]` to `maskStart[level + 1]`.
    private let maskWords: [Int]
    private let masks: [UInt64]
    private let maskStart: [Int]
    /// Per level whose bits lie in one word, that word (-1 otherwise) and its mask: most levels do, and
    /// counting them is one population count.
    private let singleWord: [Int]
    private let singleMask: [UInt64]
    /// log2 of 0...(largest level size); -infinity for 0.
    private let log2Counts: [Double]

    init(sizes: [Int]) {
        var offsets: [Int] = []
        var total = 0
        var maskWords: [Int] = [], masks: [UInt64] = [], maskStart: [Int] = []
        for size in sizes {
            offsets.append(total)
            maskStart.append(masks.count)
            var bit = total
            while bit < total + size {
                let word = bit >> 6
                let end = min(total + size, (word + 1) << 6)
                let low = bit & 63, n = end - bit
                masks.append((n == 64 ? UInt64.max : ((UInt64(1) << UInt64(n)) - 1)) << UInt64(low))
                maskWords.append(word)
                bit = end
            }
            total += size
        }
        maskStart.append(masks.count)
        singleWord = sizes.indices.map { maskStart[$0 + 1] - maskStart[$0] == 1 ? maskWords[maskStart[$0]] : -1 }
        singleMask = sizes.indices.map { maskStart[$0 + 1] - maskStart[$0] == 1 ? masks[maskStart[$0]] : 0 }
        log2Counts = (0...(sizes.max() ?? 1)).map { $0 == 0 ? -.infinity : log2(Double($0)) }
        self.offsets = offsets
        self.sizes = sizes
        self.maskWords = maskWords
        self.masks = masks
        self.maskStart = maskStart
        words = max(1, (total + 63) / 64)
    }

    /// How many values `level` allows in the box.
    @inline(__always)
    func allowedCount(_ box: UnsafePointer<UInt64>, _ level: Int) -> Int {
        let word = singleWord[level]
        if word >= 0 { return (box[word] & singleMask[level]).nonzeroBitCount }
        var n = 0
        for k in maskStart[level]..<maskStart[level + 1] { n += (box[maskWords[k]] & masks[k]).nonzeroBitCount }
        return n
    }

    /// log2 of the number of cases in the box.
    func volume(_ box: UnsafePointer<UInt64>) -> Double {
        var total = 0.0
        for level in sizes.indices { total += log2Counts[allowedCount(box, level)] }
        return total
    }

    /// Whether every level allows some value.
    func isInhabited(_ box: UnsafePointer<UInt64>) -> Bool {
        sizes.indices.allSatisfy { allowedCount(box, $0) > 0 }
    }

    @inline(__always)
    func allows(_ box: UnsafePointer<UInt64>, _ bit: Int) -> Bool {
        (box[bit >> 6] >> UInt64(bit & 63)) & 1 == 1
    }

    @inline(__always)
    func forbid(_ box: UnsafeMutablePointer<UInt64>, _ bit: Int) {
        box[bit >> 6] &= ~(1 << UInt64(bit & 63))
    }

    /// The box of every case.
    func full() -> [UInt64] {
        var box = Array(repeating: UInt64(0), count: words)
        for (level, size) in sizes.enumerated() {
            for v in 0..<size {
                let bit = offsets[level] + v
                box[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        return box
    }

    /// One case of a non-empty box: at each level the first allowed value in `preference` order.
    func pick(_ box: UnsafePointer<UInt64>, preference: [[Int]]) -> [Int] {
        sizes.indices.map { level in
            preference[level].first { allows(box, offsets[level] + $0) } ?? 0
        }
    }
}

/// Boxes kept per position of a `PathAnalysis`: a flat pool of fixed-width boxes and, per position, the
/// indices of the ones whose every case reaches it.
struct BoxStore {
    let layout: BoxLayout
    private(set) var pool: [UInt64] = []
    private(set) var byPosition: [[Int32]]

    init(layout: BoxLayout, positions: Int) {
        self.layout = layout
        byPosition = Array(repeating: [], count: positions)
    }

    func count(at p: Int) -> Int { byPosition[p].count }

    /// The volume of each box in the pool (log2 of its number of cases).
    private var volumes: [Double] = []

    /// Adds `box` to position `p` unless a box there contains it; when `p` already keeps `limit` boxes, the
    /// new one replaces the smallest if it is larger (larger boxes pass more edges).
    /// Whether it was added.
    @discardableResult
    mutating func add(_ box: [UInt64], at p: Int, limit: Int) -> Bool {
        let w = layout.words
        var smallest = -1
        for (k, index) in byPosition[p].enumerated() {
            let base = Int(index) * w
            var inside = true
            for i in 0..<w where box[i] & ~pool[base + i] != 0 {
                inside = false
                break
            }
            // A box inside one the position keeps adds no case.
            if inside { return false }
            if smallest < 0 || volumes[Int(index)] < volumes[Int(byPosition[p][smallest])] { smallest = k }
        }
        let volume = box.withUnsafeBufferPointer { layout.volume($0.baseAddress!) }
        if byPosition[p].count >= limit {
            guard smallest >= 0, volume > volumes[Int(byPosition[p][smallest])] else { return false }
            byPosition[p].remove(at: smallest)
        }
        byPosition[p].append(Int32(volumes.count))
        volumes.append(volume)
        for i in 0..<w { pool.append(box[i]) }
        return true
    }

    /// Boxes made so far.
    var boxCount: Int { volumes.count }

    /// Copies box `index` into `out` and narrows it to `formula`; false when no case of the box satisfies it.
    func narrow(_ index: Int32, to formula: DecisionDiagram.Ref, in dd: DecisionDiagram, into out: inout [UInt64]) -> Bool {
        let w = layout.words
        let base = Int(index) * w
        guard meets(index, formula, in: dd) else { return false }
        for i in 0..<w { out[i] = pool[base + i] }
        return out.withUnsafeMutableBufferPointer { dd.narrow($0.baseAddress!, to: formula, layout) }
    }

    /// Whether some case of box `index` satisfies `formula`.
    func meets(_ index: Int32, _ formula: DecisionDiagram.Ref, in dd: DecisionDiagram) -> Bool {
        pool.withUnsafeBufferPointer { dd.meets(formula, $0.baseAddress! + Int(index) * layout.words, layout) }
    }
}
