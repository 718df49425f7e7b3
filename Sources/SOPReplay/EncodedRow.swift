/// A row's input values, encoded for `CompiledSOP`; reused from row to row.
struct EncodedRow: Sendable {
    var values: [Int]
    /// Per input, the row generation that set it.
    var stamp: [UInt32]
    var generation: UInt32 = 1

    init(width: Int, inputs: Int) {
        values = Array(repeating: 0, count: width)
        stamp = Array(repeating: 0, count: inputs)
    }

    @inline(__always)
    func isSet(_ input: Int) -> Bool { stamp[input] == generation }

    @inline(__always)
    mutating func set(_ input: Int) { stamp[input] = generation }

    @inline(__always)
    mutating func next() {
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
    }
}
