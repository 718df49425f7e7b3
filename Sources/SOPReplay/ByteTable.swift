#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed map from byte strings to small integers, looked up straight from a row's bytes.
///
/// Field names, outcome names and node ids are matched once per value on the hot path; hashing the raw
/// bytes avoids building a `String` for every key of every row.
struct ByteTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var key: [UInt8]
        var value: Int
    }

    private var slots: [Int32]
    private var entries: [Entry] = []
    private var mask: Int

    init<S: Sequence>(_ pairs: S) where S.Element == (String, Int) {
        let list = Array(pairs)
        var size = 8
        while size < list.count * 3 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (key, value) in list { insert(Array(key.utf8), value) }
    }

    /// A copy with storage of its own (for a worker thread).
    func copy() -> ByteTable {
        ByteTable(entries.map { (String(decoding: $0.key, as: UTF8.self), $0.value) })
    }

    /// Adds `key` unless it is already present (the first value wins).
    private mutating func insert(_ key: [UInt8], _ value: Int) {
        let h = key.withUnsafeBufferPointer { Self.hash($0.baseAddress, $0.count) }
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            if entries[Int(slots[i])].key == key { return }
            i = (i + 1) & mask
        }
        slots[i] = Int32(entries.count)
        entries.append(Entry(hash: h, key: key, value: value))
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let p else { return h }
        for i in 0..<n {
            h ^= UInt64(p[i])
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// The value stored for the `n` bytes at `p`.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return nil }
            let e = entries[s]
            if e.hash == h && e.key.count == n {
                let same = e.key.withUnsafeBufferPointer { k in
                    n == 0 || memcmp(k.baseAddress!, p, n) == 0
                }
                if same { return e.value }
            }
            i = (i + 1) & mask
        }
    }

    /// The value stored for `key`.
    func lookup(_ key: String) -> Int? {
        var k = key
        return k.withUTF8 { b in
            guard let base = b.baseAddress else { return lookupEmpty() }
            return lookup(base, b.count)
        }
    }

    private func lookupEmpty() -> Int? {
        entries.first { $0.key.isEmpty }?.value
    }
}
