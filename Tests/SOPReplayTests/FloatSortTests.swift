import SOPCore
import Testing
@testable import SOPReplay

/// The radix sort of handling times gives what a comparison sort gives.
@Suite struct FloatSortTests {
    @Test func radixSortEqualsComparisonSort() {
        var rng = SplitMix64(seed: 21)
        for size in [0, 1, 255, 256, 257, 1_000, 50_000] {
            var values: [Float] = (0..<size).map { i in
                switch rng.below(6) {
                case 0: return 0
                case 1: return Float(rng.below(1_000))
                case 2: return Float(bitPattern: UInt32(rng.below(1 << 23)))  // subnormal
                case 3: return .greatestFiniteMagnitude
                case 4: return Float(i % 7) * 0.1
                default: return Float(rng.below(1 << 30)) / 1024
                }
            }
            let expected = values.sorted()
            FloatSort.sortNonNegative(&values)
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern), "size \(size)")
        }
    }
}
