import SOPCore
import SOPGraph

/// `cycle`: a decision tree is acyclic; report each strongly connected group of nodes once, with its path.
public struct CycleCheck: Check {
    public init() {}
    public var codes: [DiagnosticCode] { [.cycle] }

    public func run(_ context: CheckContext, into sink: inout DiagnosticSink) {
        let program = context.program
        let nodes = program[context.sop].nodes
        for component in StronglyConnected.components(of: nodes, in: program) {
            // The component's first node in source order starts the reported path.
            guard let first = component.min() else { continue }
            let members = Set(component)
            guard let (path, closing) = cyclePath(from: first, within: members, program) else { continue }
            // The loop in the one path spelling (`first > second > first`).
            let names = "`" + DecisionPath.join((path + [first]).map { program[$0].name }) + "`"
            let last = program[path[path.count - 1]]
            sink.emit(Diagnostic(
                .cycle, at: context.span(last.branches[closing].targetRange),
                "cycle: \(names)", node: last.name,
                notes: [Note("the cycle starts at node `\(program[first].name)`", at: context.span(program[first].range))],
                help: "a case must never return to a question it already answered: point this branch at a later node or an outcome"),
                node: last, branch: closing)
        }
    }

    /// A path first -> ... -> x with an edge x -> first, staying inside `members`; and that edge's branch index.
    private func cyclePath(from first: NodeID, within members: Set<NodeID>, _ program: Program) -> ([NodeID], Int)? {
        var path: [NodeID] = [first]
        var visited: Set<NodeID> = [first]
        var nextBranch: [Int] = [0]
        while let current = path.last {
            let node = program[current]
            let i = nextBranch[nextBranch.count - 1]
            guard i < node.branches.count else {
                path.removeLast()
                nextBranch.removeLast()
                continue
            }
            nextBranch[nextBranch.count - 1] += 1
            guard case .node(let next)? = node.branches[i].target, members.contains(next) else { continue }
            if next == first { return (path, i) }
            if visited.insert(next).inserted {
                path.append(next)
                nextBranch.append(0)
            }
        }
        return nil
    }
}

/// Tarjan's algorithm over one SOP's node-to-node edges, iteratively (deep trees must not overflow the
/// stack). A SOP's nodes have consecutive ids, so per-node state lives in arrays indexed from the first.
enum StronglyConnected {
    /// The components that contain a cycle (more than one node, or a node that targets itself).
    static func components(of nodes: [NodeID], in program: Program) -> [[NodeID]] {
        guard let base = nodes.first?.index else { return [] }
        let count = nodes.count
        func local(_ n: NodeID) -> Int? {
            let i = n.index - base
            return i >= 0 && i < count ? i : nil
        }
        func successors(_ v: Int) -> [Int] {
            program.nodes[base + v].branches.compactMap { branch in
                if case .node(let m)? = branch.target { return local(m) }
                return nil
            }
        }
        var index = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var result: [[NodeID]] = []
        var counter = 0
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, successors: [Int], next: Int)] = [(root, successors(root), 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let top = work.last {
                let v = top.node
                if top.next < top.successors.count {
                    work[work.count - 1].next += 1
                    let w = top.successors[top.next]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, successors(w), 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                guard low[v] == index[v] else { continue }
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                if component.count > 1 || top.successors.contains(v) {
                    result.append(component.sorted().map { NodeID(base + $0) })
                }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }
}
