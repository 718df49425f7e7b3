/// Sorts handling times for the medians and percentiles of the productivity table.
enum FloatSort {
    /// Sorts non-negative, non-NaN floats ascending. Their bit patterns, read as unsigned integers, sort
    /// in the same order as the values, so an LSD radix sort (three passes of 11 bits) gives exactly what
    /// a comparison sort gives, in linear time: the team's million handling times sort in milliseconds.
    static func sortNonNegative(_ values: inout [Float]) {
        guard values.count > 256 else { return values.sort() }
        let n = values.count
        let scratch = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: n)
        defer { scratch.deallocate() }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2048)
        defer { counts.deallocate() }
        // The floats' own storage, read as their bit patterns, and plain pointers inside the passes: no
        // copy of the keys and no uniqueness check per element.
        values.withUnsafeMutableBufferPointer { floats in
            floats.withMemoryRebound(to: UInt32.self) { keys in
                var from = keys, to = scratch
                for shift in stride(from: UInt32(0), to: 33, by: 11) {
                    counts.update(repeating: 0)
                    for k in from { counts[Int((k >> shift) & 2047)] += 1 }
                    var sum = 0
                    for i in 0..<2048 {
                        let c = counts[i]
                        counts[i] = sum
                        sum += c
                    }
                    for k in from {
                        let b = Int((k >> shift) & 2047)
                        to[counts[b]] = k
                        counts[b] += 1
                    }
                    swap(&from, &to)
                }
                // Three passes: the sorted keys are in the scratch buffer.
                if from.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: from) }
            }
        }
    }
}
