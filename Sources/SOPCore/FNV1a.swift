/// The 64-bit FNV-1a hash: tiny, fast and the same on every run and platform (unlike `Hasher`, which is
/// seeded per process), which is what a fingerprint that must survive re-runs needs.
package struct FNV1a {
    package init() {}

    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Mixes in `text`'s UTF-8 bytes followed by a 0 byte, so `("ab", "c")` and `("a", "bc")` differ.
    package mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0)
    }

    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    /// Sixteen lower-case hex digits.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
