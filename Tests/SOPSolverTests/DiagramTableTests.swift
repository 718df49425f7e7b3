import SOPCore
import SOPGraph
import Testing
@testable import SOPSolver

/// The parts of the diagram machinery that exist only for speed: an int atom evaluated once per run of
/// intervals, and the unique table that keeps each node's hash. Each is checked against the plain
/// computation it replaces.
@Suite struct DiagramTableTests {
    /// An int's intervals as `Encoding` makes them: its range cut at every constant `c` and at `c + 1`.
    func starts(range: ClosedRange<Int>, constants: [Int]) -> [Int] {
        var cuts: Set<Int> = []
        for c in constants {
            if c > range.lowerBound && c <= range.upperBound { cuts.insert(c) }
            if c < range.upperBound && c >= range.lowerBound { cuts.insert(c + 1) }
        }
        return [range.lowerBound] + cuts.sorted()
    }

    @Test func intRunsCountWhatEveryIntervalSays() {
        var rng = SplitMix64(seed: 11)
        let ranges: [ClosedRange<Int>] = [0...1000, -50...50, Int.min...Int.max, 7...7, (Int.max - 5)...Int.max]
        var checked = 0
        for _ in 0..<400 {
            let range = ranges[Int(rng.below(ranges.count))]
            func constant() -> Int {
                switch rng.below(6) {
                case 0: return Int.max
                case 1: return Int.min
                case 2: return range.lowerBound
                case 3: return range.upperBound
                default: return range.lowerBound &+ Int(rng.below(120)) &- 10
                }
            }
            let atomConstants = (0..<(1 + Int(rng.below(4)))).map { _ in constant() }
            let others = (0..<Int(rng.below(30))).map { _ in constant() }
            let s = starts(range: range, constants: atomConstants + others)
            let input = InputID(0)
            let atoms: [Guard] = ComparisonOperator.allCases.map { .compare(input, $0, .int(atomConstants[0])) }
                + [.oneOf(input, atomConstants.map { .int($0) })]
            for g in atoms {
                let runs = Encoding.intRuns(g, s)
                var holding = 0
                for i in 0...s.count {
                    #expect(runs.holding(before: i) == holding, "\(g) over \(s): before \(i)")
                    if i < s.count && Encoding.intAtom(g, s[i]) { holding += 1 }
                }
                checked += 1
            }
        }
        #expect(checked == 400 * 7)
    }

    /// Far more nodes than the unique table's first size: building the same functions again after it has
    /// grown (its entries moved by their kept hashes) gives the same nodes, and every function evaluates
    /// as it did when built.
    @Test func growingTablesKeepEveryNodeUnique() {
        let levels = 14
        let dd = DecisionDiagram(sizes: Array(repeating: 2, count: levels))
        var rng = SplitMix64(seed: 5)
        func randomFormula(_ seed: inout SplitMix64) -> (DecisionDiagram.Ref, [[Int]: Bool]) {
            // A random DNF over the levels, with its truth table computed directly.
            let cubes = (0..<(1 + Int(seed.below(6)))).map { _ in
                (0..<levels).compactMap { l in seed.below(3) == 0 ? (l, Int(seed.below(2))) : nil }
            }
            var f = DecisionDiagram.falseRef
            for cube in cubes {
                var c = DecisionDiagram.trueRef
                for (l, v) in cube { c = dd.and(c, dd.literal(level: l, values: [v == 0, v == 1])) }
                f = dd.or(f, c)
            }
            var table: [[Int]: Bool] = [:]
            for _ in 0..<64 {
                let a = (0..<levels).map { _ in Int(seed.below(2)) }
                table[a] = cubes.contains { cube in cube.allSatisfy { a[$0.0] == $0.1 } }
            }
            return (f, table)
        }
        var built: [(DecisionDiagram.Ref, [[Int]: Bool], UInt64)] = []
        for _ in 0..<3_000 {
            let seed = rng.next()
            var local = SplitMix64(seed: seed)
            let (f, table) = randomFormula(&local)
            built.append((f, table, seed))
        }
        // Past the first size of the unique table (4,096 entries), several times.
        #expect(dd.nodeCount > 4 * 4_096)
        for (f, table, seed) in built {
            for (a, expected) in table { #expect(dd.evaluate(f, a) == expected) }
            var again = SplitMix64(seed: seed)
            #expect(randomFormula(&again).0 == f, "the same function must be the same node")
        }
    }
}

/// The operation cache is handed from one diagram to the next without clearing: what an earlier diagram
/// left in it must never answer a later one's question.
@Suite struct OperationCacheReuseTests {
    @Test func everyOperationCodeFitsBelowTheEpoch() {
        #expect(DecisionDiagram.largestOperation < 1 << DecisionDiagram.operationBits)
    }

    /// Diagrams made one after another on the same levels take each other's buffers with consecutive
    /// epochs and make the same node numbers for different functions: each one's `intersects` (cached as
    /// its own operation) must agree with `and` on every pair, in every diagram.
    @Test func diagramsOnReusedBuffersAnswerAsFreshOnes() {
        var rng = SplitMix64(seed: 29)
        let sizes = [2, 3, 2, 4, 2, 2]
        var compared = 0, meeting = 0
        for _ in 0..<40 {
            let dd = DecisionDiagram(sizes: sizes)
            var refs: [DecisionDiagram.Ref] = []
            for _ in 0..<24 {
                let level = Int(rng.below(sizes.count))
                var values = (0..<sizes[level]).map { _ in rng.below(2) == 0 }
                values[Int(rng.below(values.count))] = true
                var r = dd.literal(level: level, values: values)
                if let other = refs.randomElement(using: &rng) { r = rng.below(2) == 0 ? dd.and(r, other) : dd.or(r, dd.not(other)) }
                refs.append(r)
            }
            for a in refs {
                for b in refs {
                    let meets = dd.intersects(a, b)
                    #expect(meets == (dd.and(a, b) != DecisionDiagram.falseRef))
                    compared += 1
                    meeting += meets ? 1 : 0
                }
            }
        }
        // Both answers occur many times.
        #expect(meeting > 1_000 && compared - meeting > 1_000, "\(meeting) of \(compared) pairs meet")
    }
}
