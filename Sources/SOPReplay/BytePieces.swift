/// Byte strings stored end to end in one block that lives as long as its owner, read through a plain
/// pointer (`Table`) so that copying one into a row costs no reference counting.
final class BytePieces: @unchecked Sendable {
    /// A view of the block; valid while the `BytePieces` it came from is alive.
    struct Table {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// Piece `k` is `bytes[starts[k]..<starts[k + 1]]`.
        let starts: UnsafeMutableBufferPointer<Int>

        @inline(__always)
        func append(_ k: Int, to out: inout [UInt8]) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[starts[k]..<starts[k + 1]]))
        }
    }

    let table: Table

    init(_ strings: [[UInt8]]) {
        let (bytes, starts) = Self.pack(strings)
        table = Table(bytes: bytes, starts: starts)
    }

    /// `strings` end to end in one new block, with where each starts (`strings.count + 1` offsets, the last
    /// one the end). The caller deallocates both.
    static func pack(_ strings: [[UInt8]]) -> (bytes: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>) {
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, strings.reduce(0) { $0 + $1.count }))
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: strings.count + 1)
        var at = 0
        for (k, s) in strings.enumerated() {
            starts[k] = at
            for b in s {
                bytes[at] = b
                at += 1
            }
        }
        starts[strings.count] = at
        return (bytes, starts)
    }

    deinit {
        table.bytes.deallocate()
        table.starts.deallocate()
    }
}
