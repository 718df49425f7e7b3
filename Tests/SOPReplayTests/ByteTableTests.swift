import Testing
@testable import SOPReplay

@Suite struct ByteTableTests {
    /// Ids that share long prefixes and suffixes and differ only in the middle, of every length up to 40,
    /// the empty one and repeats: numbered exactly like a dictionary numbers them in first-seen order.
    func ids() -> [String] {
        var ids: [String] = ["", "a", "", "a"]
        for i in 0..<3000 { ids.append("user-0000000000-\(i % 1700)-0000000000-suffix") }
        for n in 0...40 { ids.append(String(repeating: "x", count: n)) }
        for i in 0..<500 { ids.append(String(i)) }
        for i in 0..<200 { ids.append("é\(i)") }
        return ids
    }

    @Test func internerNumbersIdsInFirstSeenOrderLikeADictionary() {
        var interner = ByteInterner()
        var oracle: [[UInt8]: Int] = [:]
        for id in ids() {
            let bytes = Array(id.utf8)
            let expected = oracle[bytes] ?? oracle.count
            oracle[bytes] = expected
            let got = bytes.withUnsafeBufferPointer { interner.intern($0.baseAddress, $0.count) }
            #expect(got == expected, "\(id)")
        }
        #expect(interner.count == oracle.count)
        for (bytes, k) in oracle { #expect(interner.withBytes(k) { Array($0) } == bytes) }
    }

    @Test func tableFindsEveryKeyAndNothingElse() {
        let keys = Array(Set(ids())).sorted()
        let table = ByteTable(keys.enumerated().map { ($1, $0) } + [(keys[0], 99)])
        #expect(table.count == keys.count)
        for (i, k) in keys.enumerated() { #expect(table.lookup(k) == i, "\(k)") }
        for miss in ["user-0000000000-1700-0000000000-suffix", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "b", "500"] {
            #expect(table.lookup(miss) == nil, "\(miss)")
        }
    }

    @Test func tableOfAnInternersStringsFindsEachByItsNumber() {
        var interner = ByteInterner()
        for id in ids() + ["e\u{301}"] {
            var id = id
            _ = id.withUTF8 { interner.intern($0.baseAddress, $0.count) }
        }
        let table = ByteTable(numbering: interner)
        #expect(table.count == interner.count)
        for k in 0..<interner.count {
            #expect(interner.withBytes(k) { table.lookup($0.baseAddress, $0.count) } == k)
            #expect(table.key(k) == interner.string(k))
        }
        // A key is found from another spelling of the same text (`CanonicalText`).
        #expect(table.lookup("\u{e9}") != nil && table.lookup("\u{e9}") == table.lookup("e\u{301}"))
        for miss in ["user-0000000000-1700-0000000000-suffix", "b", "500", "é200"] { #expect(table.lookup(miss) == nil, "\(miss)") }
    }
}
