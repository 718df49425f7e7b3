import SOPCore

/// One example run: the walk its `given` case takes and, when it does not end where it expects, why.
public struct ExampleVerdict: Hashable, Sendable {
    /// Why an example fails.
    public enum Failure: Hashable, Sendable {
        /// It ends in `got`, not in the `expected` outcome.
        case wrongOutcome(expected: OutcomeID, got: OutcomeID)
        /// It stops at `node`, which needs `inputs` the example does not give.
        case missingInput(node: NodeID, inputs: [InputID])
        /// No branch of `node` applies to it.
        case noBranch(node: NodeID)
        /// The SOP has no start, or its graph is malformed: the walk reached no outcome.
        case malformed
        /// Its `expect` names no known outcome (the compiler has reported it).
        case noExpectation
    }

    public var walk: Walk
    public var failure: Failure?
    /// The path taken, spelled by `DecisionPath`: its nodes, then the outcome it ended in or the node it
    /// stopped at.
    public var pathText: String

    public var passed: Bool { failure == nil }
}

extension Program {
    /// The case an example's `given` describes.
    public func exampleCase(_ example: Example) -> Case {
        var c = Case(inputCount: inputs.count)
        for (id, value) in example.given where id.index >= 0 && id.index < inputs.count { c[id] = value }
        return c
    }

    /// Runs one of `sop`'s examples: the one example runner behind `sopc test`, the `example-mismatch`
    /// check, coverage, the language server's code lenses and the exports' worked examples.
    public func run(_ example: Example, from sop: SOPID) -> ExampleVerdict {
        let walk = self.walk(exampleCase(example), from: sop)
        var parts = walk.steps.map { pathName(of: $0.node, from: sop) }
        let failure: ExampleVerdict.Failure?
        switch walk.end {
        case .outcome(let o):
            parts.append(name(of: o, from: sop))
            if let expected = example.expect { failure = o == expected ? nil : .wrongOutcome(expected: expected, got: o) } else { failure = .noExpectation }
        case .missingInput(let node, let needed):
            parts.append(pathName(of: node, from: sop))
            failure = .missingInput(node: node, inputs: needed)
        case .noBranch(let node):
            parts.append(pathName(of: node, from: sop))
            failure = .noBranch(node: node)
        case .malformed:
            failure = .malformed
        }
        return ExampleVerdict(walk: walk, failure: failure, pathText: DecisionPath.join(parts))
    }
}
