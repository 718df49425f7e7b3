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
            let names = (path + [first]).map { "`\(program[$0].name)`" }.joined(separator: " -> ")
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

/// Tarjan's algorithm over one SOP's node-to-node edges, iteratively (deep trees must not overflow the stack).
enum StronglyConnected {
    /// The components that contain a cycle (more than one node, or a node that targets itself).
    static func components(of nodes: [NodeID], in program: Program) -> [[NodeID]] {
        var index: [NodeID: Int] = [:], low: [NodeID: Int] = [:]
        var onStack: Set<NodeID> = [], stack: [NodeID] = []
        var result: [[NodeID]] = []
        var counter = 0
        func successors(_ n: NodeID) -> [NodeID] {
            program[n].branches.compactMap { if case .node(let m)? = $0.target { return m } else { return nil } }
        }
        for root in nodes where index[root] == nil {
            var work: [(NodeID, [NodeID], Int)] = [(root, successors(root), 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while !work.isEmpty {
                let (v, succ, i) = work[work.count - 1]
                if i < succ.count {
                    work[work.count - 1].2 += 1
                    let w = succ[i]
                    if index[w] == nil {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, successors(w), 0))
                    } else if onStack.contains(w) {
                        low[v] = min(low[v]!, index[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.0 { low[parent] = min(low[parent]!, low[v]!) }
                guard low[v] == index[v] else { continue }
                var component: [NodeID] = []
                while let w = stack.popLast() {
                    onStack.remove(w)
                    component.append(w)
                    if w == v { break }
                }
                if component.count > 1 || successors(v).contains(v) {
                    result.append(component.sorted())
                }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }
}
