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
    public static func precedes(_ a: Self, _ b: Self) -> Bool {
        let c = IDOrder.compare(a.id, b.id)
        return c != 0 ? c < 0 : a.line < b.line
    }
}

/// Orders ids so that numeric ids sort by value and others by their UTF-8 bytes.
enum IDOrder {
    static func compare(_ a: String, _ b: String) -> Int {
        let da = isDigits(a), db = isDigits(b)
        if da && db {
            let ta = trimmed(a), tb = trimmed(b)
            if ta.utf8.count != tb.utf8.count { return ta.utf8.count < tb.utf8.count ? -1 : 1 }
            return bytes(ta, tb)
        }
        if da != db { return da ? -1 : 1 }
        return bytes(a, b)
    }

    private static func isDigits(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func trimmed(_ s: String) -> Substring {
        let t = s.drop { $0 == "0" }
        return t.isEmpty ? "0" : t
    }

    private static func bytes<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Int {
        for (x, y) in zip(a.utf8, b.utf8) where x != y { return x < y ? -1 : 1 }
        return a.utf8.count == b.utf8.count ? 0 : (a.utf8.count < b.utf8.count ? -1 : 1)
    }
}
