/// A row's input values, encoded for `CompiledSOP`; reused from row to row.
struct EncodedRow: Sendable {
    var values: [Int]
    /// The inputs below 64 this row has set, one bit each (no array write per input).
    var present: UInt64 = 0
    /// Per input from 64 on, the row generation that set it.
    var stamp: [UInt32]
    var generation: UInt32 = 1

    init(width: Int, inputs: Int) {
        values = Array(repeating: 0, count: width)
        stamp = Array(repeating: 0, count: max(0, inputs - 64))
    }

    @inline(__always)
    func isSet(_ input: Int) -> Bool {
        input < 64 ? present & (UInt64(1) << UInt64(input)) != 0 : stamp[input - 64] == generation
    }

    @inline(__always)
    mutating func set(_ input: Int) {
        if input < 64 {
            present |= UInt64(1) << UInt64(input)
        } else {
            stamp[input - 64] = generation
        }
    }

    @inline(__always)
    mutating func next() {
        present = 0
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
    }
}
