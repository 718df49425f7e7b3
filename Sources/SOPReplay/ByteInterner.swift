import SOPCore

/// Numbers distinct texts in first-seen order without building a `String` per lookup: labeler names
/// repeat on every row. Texts are told apart by `CanonicalText`'s rule: the arena holds NFC forms only, and
/// bytes that miss and are not ASCII are interned by their NFC form.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var spans: [(start: Int, count: Int, hash: UInt64)] = []
    private var slots = [Int32](repeating: -1, count: 64)

    /// The number of the `n` bytes at `p`, adding them if new.
    mutating func intern(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        if let found = find(p, n, ByteTable.hash(p, n)) { return found }
        if let p, !CanonicalText.isASCII(UnsafeBufferPointer(start: p, count: n)) {
            let normal = CanonicalText.nfc(UnsafeBufferPointer(start: p, count: n))
            return normal.withUnsafeBufferPointer { insert($0.baseAddress, $0.count) }
        }
        return insert(p, n)
    }

    private func find(_ p: UnsafePointer<UInt8>?, _ n: Int, _ h: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while slots[i] >= 0 {
            let s = spans[Int(slots[i])]
            if s.hash == h && s.count == n && equal(s.start, p, n) { return Int(slots[i]) }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    /// The number of bytes already in NFC, adding them if new.
    private mutating func insert(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        let h = ByteTable.hash(p, n)
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let s = spans[Int(slots[i])]
            if s.hash == h && s.count == n && equal(s.start, p, n) { return Int(slots[i]) }
            i = (i + 1) & mask
        }
        let index = spans.count
        let start = arena.count
        if let p { arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
        spans.append((start, n, h))
        slots[i] = Int32(index)
        if spans.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (k, s) in spans.enumerated() {
                var j = Int(truncatingIfNeeded: s.hash) & mask
                while slots[j] >= 0 { j = (j + 1) & mask }
                slots[j] = Int32(k)
            }
        }
        return index
    }

    private func equal(_ start: Int, _ p: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard let p else { return n == 0 }
        for k in 0..<n where arena[start + k] != p[k] { return false }
        return true
    }

    /// How many distinct strings there are.
    var count: Int { spans.count }

    /// Calls `body` with the `index`th string's bytes.
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = spans[index]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s.start..<s.start + s.count])) }
    }

    /// The `index`th string.
    func string(_ index: Int) -> String {
        let s = spans[index]
        return String(decoding: arena[s.start..<s.start + s.count], as: UTF8.self)
    }
}
