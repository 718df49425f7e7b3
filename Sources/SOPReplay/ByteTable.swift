#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SOPCore

/// A fixed map from byte strings to small integers, looked up straight from a row's bytes.
///
/// Field names, outcome names and node ids are matched once per value on the hot path; hashing the raw
/// bytes avoids building a `String` for every key of every row. Keys match by `CanonicalText`'s rule: they
/// are stored in NFC, and a key that misses and is not ASCII is looked up again in NFC, so text that is
/// already NFC (all ASCII text is) costs nothing more. A class, so that binding one (as an
/// enum payload, say) costs one reference count rather than one per stored array.
final class ByteTable: Sendable {
    private let slots: [Int32]
    private let hashes: [UInt64]
    private let keys: [[UInt8]]
    private let values: [Int]
    private let mask: Int

    init<S: Sequence>(_ pairs: S) where S.Element == (String, Int) {
        let list = Array(pairs)
        var size = 8
        while size < list.count * 3 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        var hashes: [UInt64] = [], keys: [[UInt8]] = [], values: [Int] = []
        let mask = size - 1
        var seen = Set<[UInt8]>()
        for (key, value) in list {
            let k = Array(CanonicalText.nfc(key).utf8)
            // The first value for a key wins (a set, not a scan: gold sets hold tens of thousands of ids).
            guard seen.insert(k).inserted else { continue }
            let h = k.withUnsafeBufferPointer { Self.hash($0.baseAddress, $0.count) }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(keys.count)
            hashes.append(h)
            keys.append(k)
            values.append(value)
        }
        self.slots = slots
        self.hashes = hashes
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    /// A copy with storage of its own (for a worker thread).
    func copy() -> ByteTable {
        ByteTable(zip(keys, values).map { (String(decoding: $0.0, as: UTF8.self), $0.1) })
    }

    /// A hash of the length and the first and last eight bytes: constant time per key, and keys that
    /// collide are told apart by comparing bytes.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 {
        guard let p, n > 0 else { return 0x9E37_79B9_7F4A_7C15 }
        var a: UInt64 = 0, b: UInt64 = 0
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            a = raw.loadUnaligned(as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else {
            for i in 0..<n { a = a << 8 | UInt64(p[i]) }
        }
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    /// The value stored for the `n` bytes at `p`, or for their NFC form.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        if let v = exactLookup(p, n) { return v }
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if CanonicalText.isASCII(bytes) { return nil }
        let normal = CanonicalText.nfc(bytes)
        if normal.elementsEqual(bytes) { return nil }
        return normal.withUnsafeBufferPointer { b in b.baseAddress.flatMap { exactLookup($0, b.count) } }
    }

    @inline(__always)
    private func exactLookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return nil }
            if hashes[s] == h {
                let same = keys[s].withUnsafeBufferPointer { k in
                    guard k.count == n else { return false }
                    guard let kb = k.baseAddress else { return n == 0 }
                    return memcmp(kb, p, n) == 0
                }
                if same { return values[s] }
            }
            i = (i + 1) & mask
        }
    }

    /// The value stored for `key`.
    func lookup(_ key: String) -> Int? {
        var k = key
        return k.withUTF8 { b in
            guard let base = b.baseAddress else { return keys.firstIndex(of: []).map { values[$0] } }
            return lookup(base, b.count)
        }
    }
}
