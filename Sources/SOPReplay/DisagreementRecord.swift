import SOPGraph

/// One disagreement between the SOP and a label, kept for the report and the disagreements file.
public struct DisagreementRecord: Hashable, Sendable {
    /// The row's `id`, or its line number when it has none.
    public var id: String
    public var line: Int
    public var label: OutcomeID
    public var sop: OutcomeID
    public var divergence: Divergence
    /// The SOP's route.
    public var path: [NodeID]
    /// The route the specialist recorded, if any.
    public var specialistPath: [NodeID]?
    public var labeler: String?
    public var ai: OutcomeID?

    /// Report order: by id (numbers by value), then line.
    public static func precedes(_ a: Self, _ b: Self) -> Bool { precedes(id: a.id, line: a.line, b) }

    /// Whether a disagreement with `id` at `line` comes before `b` in report order.
    static func precedes(id: String, line: Int, _ b: Self) -> Bool {
        let c = IDOrder.compare(id, b.id)
        return c != 0 ? c < 0 : line < b.line
    }
}

/// Orders ids so that numeric ids sort by value and others by their UTF-8 bytes.
enum IDOrder {
    static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) } }
    }

    /// The same order over ids' bytes (item ids are compared straight from the interner's arena).
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let da = isDigits(a), db = isDigits(b)
        if da && db {
            let ta = trimmed(a), tb = trimmed(b)
            if ta.count != tb.count { return ta.count < tb.count ? -1 : 1 }
            return bytes(ta, tb)
        }
        if da != db { return da ? -1 : 1 }
        return bytes(a, b)
    }

    private static func isDigits(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        !s.isEmpty && s.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Without leading zeros; all zeros is `0`.
    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var i = 0
        while i < s.count - 1 && s[i] == 48 { i += 1 }
        return UnsafeBufferPointer(rebasing: s[i...])
    }

    private static func bytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
