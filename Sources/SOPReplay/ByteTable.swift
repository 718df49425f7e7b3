#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SOPCore

/// A fixed map from byte strings to small integers, looked up straight from a row's bytes.
///
/// Field names, outcome names, node ids and gold ids are matched once per value on the hot path; hashing
/// the raw bytes avoids building a `String` for every key of every row. Keys match by `CanonicalText`'s
/// rule: they are stored in NFC, and a key that misses and is not ASCII is looked up again in NFC, so text
/// that is already NFC (all ASCII text is) costs nothing more. The keys live in one flat,
/// manually allocated block that never changes after `init`: a lookup touches no reference count, so
/// worker threads can share one table (a gold set of tens of thousands of ids is not copied per batch).
final class ByteTable: @unchecked Sendable {
    // Immutable after `init` (hence `@unchecked Sendable`): per slot the upper half of the entry's hash
    // beside entry + 1 (0: empty), so a key that is not there (most ids looked up in a gold set) is told
    // apart from the slot alone; start offsets (`count + 1` of them) into `bytes`, and values.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    /// One bit per hash (about 16 bits per key, one cache line per thousands of keys): most ids looked up
    /// in a gold set are not in it, and a clear bit says so without touching the larger slot table.
    private let filter: UnsafeMutableBufferPointer<UInt64>
    private let filterMask: Int
    private let starts: UnsafeMutableBufferPointer<Int>
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let values: UnsafeMutableBufferPointer<Int>
    private let mask: Int
    /// Distinct keys.
    let count: Int

    convenience init<S: Sequence>(_ pairs: S) where S.Element == (String, Int) {
        var keys: [[UInt8]] = [], vals: [Int] = [], hs: [UInt64] = []
        var size = 8
        var table = [Int32](repeating: 0, count: size)
        func insert(_ k: [UInt8], _ h: UInt64, into table: inout [Int32], entry: Int) -> Bool {
            let mask = table.count - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] != 0 {
                let e = Int(table[i]) - 1
                if hs[e] == h && keys[e] == k { return false }
                i = (i + 1) & mask
            }
            table[i] = Int32(entry + 1)
            return true
        }
        for (key, value) in pairs {
            let k = Array(CanonicalText.nfc(key).utf8)
            let h = k.withUnsafeBufferPointer { ByteHash.hash($0.baseAddress, $0.count) }
            // The first value for a key wins.
            guard insert(k, h, into: &table, entry: keys.count) else { continue }
            keys.append(k)
            hs.append(h)
            vals.append(value)
            if keys.count * 3 > size {
                size *= 2
                table = [Int32](repeating: 0, count: size)
                for e in keys.indices { _ = insert(keys[e], hs[e], into: &table, entry: e) }
            }
        }
        let (bytes, starts) = BytePieces.pack(keys)
        self.init(hashes: hs, table: table, values: vals, bytes: bytes, starts: starts)
    }

    /// The strings of `interner` (distinct, in NFC already), each mapped to its number: no `String` is made.
    convenience init(numbering interner: ByteInterner) {
        let count = interner.count
        var hs: [UInt64] = []
        hs.reserveCapacity(count)
        for k in 0..<count { hs.append(interner.withBytes(k) { ByteHash.hash($0.baseAddress, $0.count) }) }
        var size = 8
        while count * 3 > size { size *= 2 }
        var table = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (e, h) in hs.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] != 0 { i = (i + 1) & mask }
            table[i] = Int32(e + 1)
        }
        let (bytes, starts) = interner.packed()
        self.init(hashes: hs, table: table, values: Array(0..<count), bytes: bytes, starts: starts)
    }

    /// A table of distinct keys: their hashes, their places in a linearly probed `table` (entry + 1, 0
    /// empty), their values, and their bytes end to end (taken over, freed with the table).
    private init(hashes hs: [UInt64], table: [Int32], values vals: [Int], bytes: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>) {
        count = hs.count
        mask = table.count - 1
        var bits = 64
        while bits < count * 16 { bits *= 2 }
        filterMask = bits - 1
        filter = .allocate(capacity: bits / 64)
        filter.initialize(repeating: 0)
        for h in hs {
            let bit = Self.filterBit(h, filterMask)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        slots = .allocate(capacity: table.count)
        _ = slots.initialize(from: table.map { $0 == 0 ? 0 : hs[Int($0) - 1] & Self.tagMask | UInt64($0) })
        values = .allocate(capacity: max(1, count))
        _ = values.initialize(from: vals)
        self.bytes = bytes
        self.starts = starts
    }

    deinit {
        slots.deallocate()
        filter.deallocate()
        values.deallocate()
        starts.deallocate()
        bytes.deallocate()
    }

    /// A hash of the key's bytes (see `ByteHash`).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 { ByteHash.hash(p, n) }

    /// The value stored for the `n` bytes at `p`, or for their NFC form.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int? { view.lookup(p, n) }

    /// The table's storage as plain pointers: a lookup through it retains nothing, where one through the
    /// class may retain and release it (a row's values are looked up several times per row). Valid while
    /// the table is alive; immutable, like the table.
    var view: View { View(slots: slots, filter: filter, filterMask: filterMask, starts: starts, bytes: bytes, values: values, mask: mask) }

    struct View: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<UInt64>
        let filter: UnsafeMutableBufferPointer<UInt64>
        let filterMask: Int
        let starts: UnsafeMutableBufferPointer<Int>
        let bytes: UnsafeMutableBufferPointer<UInt8>
        let values: UnsafeMutableBufferPointer<Int>
        let mask: Int

        /// The value stored for the `n` bytes at `p`, or for their NFC form.
        @inline(__always)
        func lookup(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int? {
            if let v = exactLookup(p, n) { return v }
            guard let p else { return nil }
            let bytes = UnsafeBufferPointer(start: p, count: n)
            if CanonicalText.isASCII(bytes) { return nil }
            let normal = CanonicalText.nfc(bytes)
            if normal.elementsEqual(bytes) { return nil }
            return normal.withUnsafeBufferPointer { exactLookup($0.baseAddress, $0.count) }
        }

        @inline(__always)
        private func exactLookup(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int? {
            let h = ByteHash.hash(p, n)
            let bit = ByteTable.filterBit(h, filterMask)
            if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return nil }
            let tag = h & ByteTable.tagMask
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[i]
                if s == 0 { return nil }
                if s & ByteTable.tagMask == tag {
                    let e = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                    if starts[e + 1] - starts[e] == n, ByteHash.equal(UnsafePointer(bytes.baseAddress!) + starts[e], p, n) {
                        return values[e]
                    }
                }
                i = (i + 1) & mask
            }
        }
    }

    fileprivate static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// A key's bit in `filter`: hash bits above those that pick its slot.
    @inline(__always)
    fileprivate static func filterBit(_ h: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: h >> 20) & mask }

    /// The `k`th distinct key, as stored (in NFC).
    func key(_ k: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[k]..<starts[k + 1]]), as: UTF8.self)
    }

    /// The value stored for `key`.
    func lookup(_ key: String) -> Int? {
        var k = key
        return k.withUTF8 { lookup($0.baseAddress, $0.count) }
    }
}

/// The one hash of a byte string used by the replay's tables: every byte counts (ids that share a long
/// prefix and suffix must not all collide), eight bytes at a time, then a final mix.
enum ByteHash {
    /// Whether the `n` bytes at `a` and at `b` are equal: eight bytes at a time, inline (the keys compared
    /// on the hot path are short, where a call to `memcmp` costs more than the comparison).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard let b else { return false }
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        if i < n && n >= 8 {
            // The last eight bytes, overlapping those compared.
            return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 {
        guard let p, n > 0 else { return 0x9E37_79B9_7F4A_7C15 }
        let raw = UnsafeRawPointer(p)
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            // The last (overlapping) eight bytes, or the short key's bytes.
            var tail: UInt64 = 0
            if n >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else {
                for k in 0..<n { tail = tail << 8 | UInt64(p[k]) }
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }
}
