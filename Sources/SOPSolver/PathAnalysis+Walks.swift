import SOPCore

extension PathAnalysis {
    /// Walks toward `targets`: input boxes (`InputBoxLayout`) of cases passed forward, in topological
    /// order, along every edge between nodes from which some target can be reached.
    ///
    /// The start keeps the box of every case; each box a node keeps is passed along each of its edges,
    /// narrowed to the branch's effective guard read on the guard itself (`Program.effectiveGuards`,
    /// `InputBoxLayout.narrow`), so every case of the narrowed box reaches the node and takes the branch:
    /// every box a node keeps is a subset of its path condition. A node keeps the `walkKeepFactor *
    /// walkCount` largest boxes passed to it for its own questions, which look for a case of one of them
    /// that satisfies their formula (`query`), and passes its `walkCount` largest on. An input box keeps
    /// exactly what the decisions taken require of each input (an int a run of its intervals, not an
    /// aligned block of their binary codes), so a box is narrowed no more than its decisions need.
    /// Deterministic: the order and every choice are fixed. The work is bounded (half the box-work bound);
    /// past it no box is passed on. Returns the positions that keep a box.
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
        let layout = InputBoxLayout(encoding: encoding)
        var store = InputBoxStore(layout: layout, positions: order.count)
        var atoms = InputAtoms(layout: layout)
        let full = layout.full()
        store.add(full, volume: full.withUnsafeBufferPointer { layout.volume($0.baseAddress!) }, at: 0, limit: walkCount)
        let limit = boxWorkLimit / 2
        let keepLimit = Self.walkKeepFactor * walkCount
        var box = full
        // Each node's effective guards, compiled when it passes its boxes on.
        var compiled: [[InputGuard]] = Array(repeating: [], count: order.count)
        for p in 0..<order.count where leads[p] {
            if store.byPosition[p].isEmpty && p > 0 && walkWork < limit {
                // None of the boxes passed on got here: the boxes its predecessors keep but did not pass on.
                for (r, branch) in predecessors[p] where !store.byPosition[r].isEmpty && compiled[r].indices.contains(branch) {
                    let g = compiled[r][branch]
                    for index in store.byPosition[r] {
                        store.copy(index, into: &box)
                        guard layout.narrow(&box, to: g, atoms: atoms, work: &walkWork) else { continue }
                        store.add(box, volume: box.withUnsafeBufferPointer { layout.volume($0.baseAddress!) }, at: p, limit: keepLimit)
                    }
                }
            }
            guard !store.byPosition[p].isEmpty else { continue }
            reached.insert(p)
            guard walkWork < limit, effective.indices.contains(p), !effective[p].isEmpty else { continue }
            let guards = program.effectiveGuards(of: program[order[p]]).map { atoms.compile($0) }
            compiled[p] = guards
            // The largest boxes are passed on; the node keeps more of them for its own questions.
            let passed = store.byPosition[p].sorted { store.volumes[Int($0)] > store.volumes[Int($1)] }.prefix(walkCount)
            for (branch, t) in successorPositions[p] where leads[t] && pc[t] != nil && guards.indices.contains(branch) {
                for index in passed {
                    store.copy(index, into: &box)
                    guard layout.narrow(&box, to: guards[branch], atoms: atoms, work: &walkWork) else { continue }
                    store.add(box, volume: box.withUnsafeBufferPointer { layout.volume($0.baseAddress!) }, at: t, limit: keepLimit)
                }
            }
        }
        // Per position keeping several boxes, their hull: a question it does not meet no box meets.
        walkHulls = Array(repeating: nil, count: order.count)
        for p in reached where store.byPosition[p].count > 1 {
            walkHulls[p] = store.pool.withUnsafeBufferPointer { pool in
                layout.hull(store.byPosition[p].map { pool.baseAddress! + Int($0) * layout.words })
            }
        }
        inputBoxes = store
        return reached
    }

    /// A case of an input box the walks left at `p` that satisfies `formula`: a real case of
    /// `pc(p) and formula`, as a value per level.
    func walkedCase(_ p: Int, satisfying formula: Ref) -> [Int]? {
        guard let store = inputBoxes, store.byPosition.indices.contains(p) else { return nil }
        let limit = boxWorkLimit
        var search = pickSearch ?? InputBoxLayout.PickSearch(store.layout)
        defer { pickSearch = search }
        if let hull = walkHulls[p] {
            let meets = hull.withUnsafeBufferPointer { store.layout.pick(formula, $0.baseAddress!, in: dd, search: &search, work: &walkWork, limit: limit) } != nil
            guard meets else { return nil }
        }
        for index in store.byPosition[p] where walkWork < limit {
            let found = store.pool.withUnsafeBufferPointer { pool in
                store.layout.pick(formula, pool.baseAddress! + Int(index) * store.layout.words, in: dd, search: &search, work: &walkWork, limit: limit)
            }
            if let found { return found }
        }
        return nil
    }
}

