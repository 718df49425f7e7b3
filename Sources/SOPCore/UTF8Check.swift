/// The one check that text read from a file is UTF-8 without NUL bytes, and where it goes wrong.
///
/// Sample rows are checked with it before they are parsed, so a row with a broken byte is rejected with
/// the line and column of that byte (`LineBreaks.position`) instead of being read with a U+FFFD in a
/// labeler's name or an id.
package enum UTF8Check {
    package enum Problem: Sendable, Equatable {
        /// A byte that does not start or continue a valid sequence (overlong forms, surrogates and code
        /// points past U+10FFFF included).
        case invalid
        /// A NUL byte (U+0000).
        case nul
    }

    /// The offset and kind of the first problem in `bytes`, or `nil` when they are valid UTF-8 without NUL.
    @inline(__always)
    package static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, problem: Problem)? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        // Eight ASCII bytes without a zero at a time: most rows never leave this loop.
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let hasHigh = w & 0x8080_8080_8080_8080 != 0
            let hasZero = (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0
            if hasHigh || hasZero { break }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b == 0 { return (i, .nul) }
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return (i, .invalid)
            }
            guard i + 1 < n, base[i + 1] >= low, base[i + 1] <= high else { return (i, .invalid) }
            for k in 2..<length where i + k >= n || base[i + k] & 0xC0 != 0x80 { return (i, .invalid) }
            i += length
        }
        return nil
    }
}
