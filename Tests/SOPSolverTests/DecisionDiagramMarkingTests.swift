import Testing
@testable import SOPSolver

/// `size` and `hull` share one marking helper: each works alone, whichever runs first, on diagrams with
/// many more nodes than levels (the marks are per node, not per level).
@Suite struct DecisionDiagramMarkingTests {
    /// A diagram over `levels` three-valued levels holding many nodes: a parity-like function.
    func diagram(levels: Int) -> (DecisionDiagram, DecisionDiagram.Ref) {
        let dd = DecisionDiagram(sizes: Array(repeating: 3, count: levels))
        var f = DecisionDiagram.falseRef
        for l in 0..<levels {
            let lit = dd.literal(level: l, values: [true, false, l % 2 == 0])
            f = dd.or(dd.and(f, dd.literal(level: l, values: [false, true, true])), dd.and(dd.not(f), lit))
        }
        return (dd, f)
    }

    func assignments(_ levels: Int) -> [[Int]] {
        var all: [[Int]] = [[]]
        for _ in 0..<levels { all = all.flatMap { a in (0..<3).map { a + [$0] } } }
        return all
    }

    @Test func hullFirstOnAFreshDiagram() {
        let levels = 6
        let (dd, f) = diagram(levels: levels)
        // Run first: the marks must be sized for the nodes, not the levels.
        let h = dd.hull(f)
        let all = assignments(levels)
        // The hull contains the function, and is the smallest box that does: per level, exactly the
        // values some satisfying assignment uses (or every value where a path skips the level).
        for a in all where dd.evaluate(f, a) { #expect(dd.evaluate(h, a)) }
        let used = (0..<levels).map { l in Set(all.filter { dd.evaluate(f, $0) }.map { $0[l] }) }
        for a in all { #expect(dd.evaluate(h, a) == (0..<levels).allSatisfy { used[$0].contains(a[$0]) }) }
        #expect(dd.size(f, limit: 1_000_000) > levels)
    }

    @Test func sizeCountsNodesOnceWhateverRanBefore() {
        let (dd, f) = diagram(levels: 5)
        let first = dd.size(f, limit: 1_000_000)
        _ = dd.hull(f)
        #expect(dd.size(f, limit: 1_000_000) == first)
        #expect(dd.size(f, limit: 2) == 3)
    }
}
