import SOPCore

/// The codes an `allow:` list accepts, each with where it is written (for `unused-allow` and its fix).
public struct AllowList: Hashable, Sendable, ExpressibleByArrayLiteral {
    public struct Entry: Hashable, Sendable {
        public var code: String
        /// The code's scalar in the list.
        public var range: SourceRange
        public init(code: String, range: SourceRange) {
            self.code = code
            self.range = range
        }
    }

    public var entries: [Entry]
    /// The `allow` key, when the list is written.
    public var key: SourceRange?

    public init(_ entries: [Entry] = [], key: SourceRange? = nil) {
        self.entries = entries
        self.key = key
    }

    public static let none = AllowList([], key: nil)

    public init(arrayLiteral entries: Entry...) {
        self.init(entries)
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The entry accepting `code`, if any.
    public func entry(for code: String) -> Entry? { entries.first { $0.code == code } }

    public func contains(_ code: String) -> Bool { entry(for: code) != nil }
}

extension Program {
    /// Every `allow:` list written in `sop`'s file that is not empty, with where it is written ("the file",
    /// "input `x`", "node `n`", "branch 2 of `n`").
    public func allowLists(of sop: SOPID) -> [(list: AllowList, place: String)] {
        let s = self[sop]
        var lists: [(list: AllowList, place: String)] = []
        // Places are named only for the lists written: most nodes and branches have none.
        func add(_ list: AllowList, _ place: @autoclosure () -> String) {
            if !list.isEmpty { lists.append((list, place())) }
        }
        add(s.allow, "the file")
        for i in s.inputs { add(self[i].allow, "input `\(self[i].name)`") }
        for o in s.outcomes { add(self[o].allow, "outcome `\(self[o].name)`") }
        for n in s.nodes {
            let node = self[n]
            add(node.allow, "node `\(node.name)`")
            for (i, branch) in node.branches.enumerated() { add(branch.allow, "branch \(i + 1) of `\(node.name)`") }
        }
        return lists
    }
}
