import SOPCore

extension PathAnalysis {
    /// Forward walks toward `targets`: boxes of cases that follow one chain of branches deep into the SOP.
    ///
    /// A walk starts with the box of every case at the start and, at each node, continues along one
    /// branch to a node from which some target can be reached, provided some case of the box satisfies
    /// the branch's effective guard; the box is narrowed to that guard (`DecisionDiagram.narrow`), so every
    /// case of the box follows the walk's chain of branches. The box is therefore a subset of the path
    /// condition of every node on the walk, and each of those nodes keeps it (`walkBoxLimit` per node, the
    /// largest), where the questions about the node look for cases (`query`). A random case soon ends at
    /// an outcome and a box passed along every edge is narrowed at every decision; a walk is narrowed only
    /// by the decisions it takes, and it prefers the node walks have visited least, so the walks spread
    /// over the nodes that lead to the targets. At most `walkCount` walks (eight per target), within half
    /// the box-work bound. Deterministic: choices among equally visited nodes come from a fixed seed.
    /// Returns the positions that received a box.
    func walk(toward targets: [Int]) -> Set<Int> {
        var reached: Set<Int> = []
        guard walkCount > 0, order.count > 1, !effective.isEmpty, !targets.isEmpty else { return reached }
        // The positions some target can be reached from (targets included).
        var leads = Array(repeating: false, count: order.count)
        var stack: [Int] = []
        for t in targets where order.indices.contains(t) && !leads[t] {
            leads[t] = true
            stack.append(t)
        }
        while let q = stack.popLast() {
            for (from, _) in predecessors[q] where !leads[from] {
                leads[from] = true
                stack.append(from)
            }
        }
        guard leads[0] else { return reached }
        var rng = SplitMix64(seed: 0x5741_4C4B)
        var visits = Array(repeating: 0, count: order.count)
        let full = boxes.layout.full()
        var box = full
        var candidates: [(branch: Int, position: Int)] = []
        // A few walks per target: a SOP with one open node gets a few walks, not the full count.
        for _ in 0..<min(walkCount, 8 * targets.count) {
            // Half the box work at most: the questions after the walks ask the boxes too.
            guard dd.boxWork < boxWorkLimit / 2 else { return reached }
            box = full
            var p = 0
            while true {
                visits[p] += 1
                if boxes.add(box, at: p, limit: Self.walkBoxLimit) { reached.insert(p) }
                guard effective.indices.contains(p), !effective[p].isEmpty else { break }
                candidates.removeAll(keepingCapacity: true)
                var fewest = Int.max
                for (branch, t) in successorPositions[p] where leads[t] && pc[t] != nil && visits[t] <= fewest {
                    let meets = box.withUnsafeBufferPointer { dd.meets(effective[p][branch], $0.baseAddress!, boxes.layout) }
                    guard meets else { continue }
                    if visits[t] < fewest {
                        fewest = visits[t]
                        candidates.removeAll(keepingCapacity: true)
                    }
                    candidates.append((branch, t))
                }
                guard !candidates.isEmpty else { break }
                let (branch, t) = candidates[rng.below(candidates.count)]
                let narrowed = box.withUnsafeMutableBufferPointer { dd.narrow($0.baseAddress!, to: effective[p][branch], boxes.layout) }
                guard narrowed else { break }
                p = t
            }
        }
        return reached
    }
}
