import SOPCore
import SOPGraph

/// Generates labeled samples for a SOP with label noise planted at chosen nodes: data for benchmarks and
/// for checking that replay finds the planted hotspots.
///
/// Each sample is a random case the SOP walks to an outcome. The label is that outcome, unless the walk
/// passes a noisy node and the dice say so: then the label comes from a different branch of that node
/// (followed at random to an outcome), and the specialist's path records the detour.
public struct SampleGenerator: Sendable {
    /// What to generate beyond the inputs and the label.
    public struct Options: Sendable {
        /// Probability, per noisy node, that a sample passing it is labeled through another branch.
        public var noise: [NodeID: Double] = [:]
        /// Share of samples that carry the specialist's `path`.
        public var pathRate = 1.0
        /// Share of samples that carry an `ai` outcome.
        public var aiRate = 0.0
        /// Share of AI outcomes that differ from the label.
        public var aiErrorRate = 0.05
        /// Labelers assigned round-robin by a random draw; none when empty.
        public var labelers: [String] = []
        public var seed: UInt64 = 1

        /// No noise, paths on every sample, no AI, no labelers.
        public init() {}
    }

    public let graph: ReplayGraph
    public let options: Options
    private let inputs: [InputID]
    /// Literals the guards compare each input with: drawing values near them exercises the branches.
    private let literals: [InputID: [Literal]]

    /// A generator for `graph`.
    public init(graph: ReplayGraph, options: Options) {
        self.graph = graph
        self.options = options
        inputs = graph.program.visibleInputs(of: graph.sop)
        var lits: [InputID: [Literal]] = [:]
        func visit(_ g: Guard) {
            switch g {
            case .constant: break
            case .not(let inner): visit(inner)
            case .and(let parts), .or(let parts): parts.forEach(visit)
            case .compare(let id, _, let l): lits[id, default: []].append(l)
            case .oneOf(let id, let ls): lits[id, default: []].append(contentsOf: ls)
            case .contains(let id, let m): lits[id, default: []].append(.string(m))
            }
        }
        for n in graph.nodes { graph.program.nodes[n.index].branches.forEach { visit($0.condition) } }
        literals = lits
    }

    /// One generated sample.
    public struct Sample: Sendable {
        public var sample: Case
        public var label: OutcomeID
        public var sop: OutcomeID
        /// The node where noise was planted, if any.
        public var planted: NodeID?
        public var path: [NodeID]?
        public var labeler: String?
        public var ai: OutcomeID?
    }

    /// The `index`th sample: the same for the same seed and index, whatever order they are made in.
    public func sample(_ index: Int) -> Sample? {
        var rng = SplitMix64(seed: options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<20 {
            var c = Case(inputCount: graph.program.inputs.count)
            for i in inputs { c[i] = value(for: i, &rng) }
            let walk = graph.program.walk(c, from: graph.sop)
            guard let sop = walk.outcome else { continue }
            var label = sop
            var planted: NodeID?
            var path = walk.steps.map(\.node)
            for (k, step) in walk.steps.enumerated() {
                guard let rate = options.noise[step.node], rng.unit() < rate else { continue }
                let branches = graph.program.nodes[step.node.index].branches
                let others = branches.indices.filter { $0 != step.branch && branches[$0].target != nil }
                guard !others.isEmpty else { continue }
                let b = others[rng.below(others.count)]
                guard let (outcome, detour) = descend(branches[b].target, &rng), outcome != sop else { continue }
                label = outcome
                planted = step.node
                path = Array(path[...k]) + detour
                break
            }
            var ai: OutcomeID?
            if rng.unit() < options.aiRate {
                ai = label
                if rng.unit() < options.aiErrorRate, !graph.reachableOutcomes.isEmpty {
                    ai = graph.reachableOutcomes[rng.below(graph.reachableOutcomes.count)]
                }
            }
            let labeler = options.labelers.isEmpty ? nil : options.labelers[rng.below(options.labelers.count)]
            return Sample(sample: c, label: label, sop: sop, planted: planted,
                          path: rng.unit() < options.pathRate ? path : nil, labeler: labeler, ai: ai)
        }
        return nil
    }

    /// A random route from `target` to an outcome.
    private func descend(_ target: Target?, _ rng: inout SplitMix64) -> (OutcomeID, [NodeID])? {
        var t = target
        var nodes: [NodeID] = []
        while nodes.count <= graph.program.nodes.count {
            switch t {
            case .outcome(let o)?: return (o, nodes)
            case let next?:
                guard let n = graph.program.entryNode(of: next) else { return nil }
                nodes.append(n)
                let branches = graph.program.nodes[n.index].branches
                guard !branches.isEmpty else { return nil }
                t = branches[rng.below(branches.count)].target
            case nil: return nil
            }
        }
        return nil
    }

    private func value(for input: InputID, _ rng: inout SplitMix64) -> Value {
        let lits = literals[input] ?? []
        switch graph.program.inputs[input.index].type {
        case .bool:
            return .bool(rng.below(2) == 1)
        case .enumeration(let values):
            return .string(values[rng.below(values.count)])
        case .int(let lo, let hi):
            var picks: [Int] = []
            for case .int(let v) in lits { picks += [v - 1, v, v + 1] }
            picks = picks.filter { lo <= $0 && $0 <= hi }
            if !picks.isEmpty && rng.unit() < 0.5 { return .int(picks[rng.below(picks.count)]) }
            let a = max(lo, -1000), b = min(hi, max(a, 1000))
            return .int(a + rng.below(b - a + 1))
        case .set(let values):
            return .set(values.filter { _ in rng.below(3) == 0 })
        case .string:
            var picks: [String] = []
            for case .string(let s) in lits { picks.append(s) }
            if !picks.isEmpty && rng.unit() < 0.7 { return .string(picks[rng.below(picks.count)]) }
            return .string("other-\(rng.below(100))")
        }
    }

    // MARK: - JSON Lines

    /// The sample as one JSON Lines row named as samples name things: inputs, `id`, `label`, and the
    /// optional `labeler`, `ai`, `path`.
    public func jsonLine(_ s: Sample, id: String) -> String {
        var out = "{\"id\":"
        JSONValue.writeString(id, to: &out)
        for i in inputs {
            guard let v = s.sample[i] else { continue }
            out += ","
            JSONValue.writeString(graph.program.name(of: i, from: graph.sop), to: &out)
            out += ":"
            out += v.json.rendered(indent: 0)
        }
        out += ",\"label\":"
        JSONValue.writeString(graph.name(of: s.label), to: &out)
        if let l = s.labeler {
            out += ",\"labeler\":"
            JSONValue.writeString(l, to: &out)
        }
        if let a = s.ai {
            out += ",\"ai\":"
            JSONValue.writeString(graph.name(of: a), to: &out)
        }
        if let p = s.path {
            out += ",\"path\":["
            out += p.map { n -> String in
                var t = ""
                JSONValue.writeString(graph.name(of: n), to: &t)
                return t
            }.joined(separator: ",")
            out += "]"
        }
        return out + "}\n"
    }
}

