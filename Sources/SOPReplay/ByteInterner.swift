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
/// the number, so a probe rarely reads the arena for a string that differs.
struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    /// End offset of each string in `arena`; it starts where the one before ends.
    private var ends: [Int] = []
    /// `hash >> 32 << 32 | (number + 1)`; 0 is empty.
    private var slots = [UInt64](repeating: 0, count: 64)

    /// The number of the `n` bytes at `p`, adding them if new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        let probe = find(p, n, ByteHash.hash(p, n))
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
        return insert(p, n, ByteHash.hash(p, n), at: -1 - probe)
    }

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
                    var i = Int(truncatingIfNeeded: h) & mask
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

    private mutating func grow() {
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for k in 0..<ends.count {
            let hk = withBytes(k) { ByteHash.hash($0.baseAddress, $0.count) }
            var j = Int(truncatingIfNeeded: hk) & mask
            while grown[j] != 0 { j = (j + 1) & mask }
            grown[j] = hk & 0xFFFF_FFFF_0000_0000 | UInt64(k + 1)
        }
        slots = grown
    }

    @inline(__always)
    private func start(_ k: Int) -> Int { k == 0 ? 0 : ends[k - 1] }

    /// How many distinct strings there are.
    var count: Int { ends.count }

    /// Calls `body` with the `index`th string's bytes.
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = start(index), e = ends[index]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<e])) }
    }

    /// The `index`th string.
    func string(_ index: Int) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }
}
