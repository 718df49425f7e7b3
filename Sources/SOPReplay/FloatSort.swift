/// Sorts handling times for the medians and percentiles of the productivity table.
enum FloatSort {
    /// Sorts non-negative, non-NaN floats ascending. Their bit patterns, read as unsigned integers, sort
    /// in the same order as the values, so an LSD radix sort (three passes of 11 bits) gives exactly what
    /// a comparison sort gives, in linear time: the team's million handling times sort in milliseconds.
    static func sortNonNegative(_ values: inout [Float]) {
        guard values.count > 256 else { return values.sort() }
        var keys = values.map(\.bitPattern)
        var scratch = [UInt32](repeating: 0, count: keys.count)
        var counts = [Int](repeating: 0, count: 2048)
        for shift in stride(from: 0, to: 33, by: 11) {
            for i in counts.indices { counts[i] = 0 }
            for k in keys { counts[Int((k >> UInt32(shift)) & 2047)] += 1 }
            var sum = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = sum
                sum += c
            }
            for k in keys {
                let b = Int((k >> UInt32(shift)) & 2047)
                scratch[counts[b]] = k
                counts[b] += 1
            }
            swap(&keys, &scratch)
        }
        for i in values.indices { values[i] = Float(bitPattern: keys[i]) }
    }
}
