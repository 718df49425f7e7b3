#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SOPCore

/// Numbers distinct texts in first-seen order without building a `String` per lookup: labeler names and
/// item ids repeat on many rows. Texts are told apart by `CanonicalText`'s rule: the arena holds NFC forms
/// only, and bytes that miss and are not ASCII are interned by their NFC form.
///
/// Compact, because the merged interner holds every item id of a run: the bytes in one arena, one end
/// offset per string, and an open-addressing table whose slots carry the upper half of the hash beside
/// the number, so a probe rarely reads the arena for a string that differs. A string's home slot is the
/// top bits of its hash, so the table is in hash order: growing it moves the slots in order, from the
/// halves the slots carry, without reading a string or hashing it again.
struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    /// End offset of each string in `arena`; it starts where the one before ends.
    private var ends: [Int] = []
    /// `hash >> 32 << 32 | (number + 1)`; 0 is empty.
    private var slots = [UInt64](repeating: 0, count: 64)
    /// 64 - log2(slots.count): a hash's home slot is `hash >> shift`.
    private var shift = 58

    init() {}

    /// The number of the `n` bytes at `p`, adding them if new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        intern(p, n, ByteHash.hash(p, n))
    }

    /// `intern` with the bytes' hash already computed.
    @inline(__always)
    private mutating func intern(_ p: UnsafePointer<UInt8>?, _ n: Int, _ h: UInt64) -> Int {
        let probe = find(p, n, h)
        if probe >= 0 { return probe }
        if let p, !CanonicalText.isASCII(UnsafeBufferPointer(start: p, count: n)) {
            let normal = CanonicalText.nfc(UnsafeBufferPointer(start: p, count: n))
            if !normal.elementsEqual(UnsafeBufferPointer(start: p, count: n)) {
                return normal.withUnsafeBufferPointer { b in
                    let h = ByteHash.hash(b.baseAddress, b.count)
                    let again = find(b.baseAddress, b.count, h)
                    return again >= 0 ? again : insert(b.baseAddress, b.count, h, at: -1 - again)
                }
            }
        }
        return insert(p, n, h, at: -1 - probe)
    }

    /// Interns every string of `other` in its order: the numbers they have here, by their number there.
    ///
    /// The merged table is larger than the caches, so each probe would wait for memory: the slots of a
    /// group of strings are read first, all at once, so that their waits overlap.
    mutating func intern(all other: ByteInterner) -> [Int32] {
        var numbers = [Int32](repeating: 0, count: other.count)
        let group = 16
        var hashes = [UInt64](repeating: 0, count: group)
        other.arena.withUnsafeBufferPointer { a in
            other.ends.withUnsafeBufferPointer { e in
                var k = 0
                while k < e.count {
                    let m = min(group, e.count - k)
                    var touched: UInt64 = 0
                    slots.withUnsafeBufferPointer { s in
                        for j in 0..<m {
                            let start = k + j == 0 ? 0 : e[k + j - 1]
                            let h = ByteHash.hash(a.baseAddress.map { $0 + start }, e[k + j] - start)
                            hashes[j] = h
                            touched &+= s[Int(truncatingIfNeeded: h >> UInt64(shift))]
                        }
                    }
                    Self.keep(touched)
                    for j in 0..<m {
                        let start = k + j == 0 ? 0 : e[k + j - 1]
                        let n = intern(a.baseAddress.map { $0 + start }, e[k + j] - start, hashes[j])
                        numbers[k + j] = Int32(truncatingIfNeeded: n)
                    }
                    k += m
                }
            }
        }
        return numbers
    }

    /// Keeps the reads that warm the slots from being optimised away.
    @inline(never)
    private static func keep(_ v: UInt64) { if v == 0x5EED { blackHole &+= 1 } }
    nonisolated(unsafe) private static var blackHole = 0

    /// The number of the `n` bytes at `p`, which are in NFC form already (another interner's), or `nil`.
    func number(ofNormal p: UnsafePointer<UInt8>?, _ n: Int) -> Int? {
        let probe = find(p, n, ByteHash.hash(p, n))
        return probe >= 0 ? probe : nil
    }

    /// The number of the `n` bytes at `p` (hash `h`), or -1 - the empty slot where they go.
    @inline(__always)
    private func find(_ p: UnsafePointer<UInt8>?, _ n: Int, _ h: UInt64) -> Int {
        let tag = h & 0xFFFF_FFFF_0000_0000
        // The probe only reads: through buffer pointers, with no bounds or uniqueness checks per step.
        // It returns the string's number, or -1 - the empty slot where it goes.
        return slots.withUnsafeBufferPointer { s in
            arena.withUnsafeBufferPointer { a in
                ends.withUnsafeBufferPointer { e in
                    let mask = s.count - 1
                    var i = Int(truncatingIfNeeded: h >> UInt64(shift))
                    while true {
                        let v = s[i]
                        if v == 0 { return -1 - i }
                        if v & 0xFFFF_FFFF_0000_0000 == tag {
                            let k = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1
                            let start = k == 0 ? 0 : e[k - 1]
                            if e[k] - start == n && ByteHash.equal(a.baseAddress! + start, p, n) { return k }
                        }
                        i = (i + 1) & mask
                    }
                }
            }
        }
    }

    /// Adds bytes already in NFC at empty slot `slot`.
    private mutating func insert(_ p: UnsafePointer<UInt8>?, _ n: Int, _ h: UInt64, at slot: Int) -> Int {
        let index = ends.count
        if let p, n > 0 { arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
        ends.append(arena.count)
        slots[slot] = h & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        if ends.count * 2 > slots.count { grow() }
        return index
    }

    /// Doubles the table. Slots are visited in order and each goes to the first free slot from its new home
    /// (the top bits of the half of the hash it carries): homes only grow along the old table, so the new
    /// one is written nearly in order. A cluster that wrapped past the old table's end is placed last, where
    /// its homes are.
    private mutating func grow() {
        precondition(shift > 32, "an interner holds fewer than 2^31 strings")
        let newShift = shift - 1
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        grown.withUnsafeMutableBufferPointer { g in
            let mask = g.count - 1
            func place(_ v: UInt64) {
                var j = Int(truncatingIfNeeded: v >> UInt64(newShift))
                while g[j] != 0 { j = (j + 1) & mask }
                g[j] = v
            }
            // Slots before the first empty one may belong to a cluster that wrapped from the end: they go last.
            let firstEmpty = slots.firstIndex(of: 0) ?? slots.count
            for i in firstEmpty..<slots.count where slots[i] != 0 { place(slots[i]) }
            for i in 0..<firstEmpty { place(slots[i]) }
        }
        slots = grown
        shift = newShift
    }

    @inline(__always)
    private func start(_ k: Int) -> Int { k == 0 ? 0 : ends[k - 1] }

    /// How many distinct strings there are.
    var count: Int { ends.count }

    /// The bytes of every string together.
    var byteCount: Int { arena.count }

    /// Calls `body` with the `index`th string's bytes.
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = start(index), e = ends[index]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<e])) }
    }

    /// Every string end to end in a new block, with where each starts (`count + 1` offsets, the last one
    /// the end), as `BytePieces.pack` gives them. The caller deallocates both.
    func packed() -> (bytes: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>) {
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, arena.count))
        _ = bytes.initialize(from: arena)
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: ends.count + 1)
        starts[0] = 0
        for (k, e) in ends.enumerated() { starts[k + 1] = e }
        return (bytes, starts)
    }

    /// The `index`th string.
    func string(_ index: Int) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }
}
