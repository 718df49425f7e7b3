import ArgumentParser
import Foundation
import SOPCore

/// Generates a large, valid SOP: a DAG of nodes over many inputs, with merges (nodes with several
/// parents), both node forms, and every input type. Deterministic for a given seed.
struct SOPGenerator {
    var nodes: Int
    var inputs: Int
    var seed: UInt64
    /// How far ahead a branch may point; smaller windows mean more merges.
    var window = 40

    private enum Kind { case bool, enumeration(Int), int, set(Int) }

    func yaml() -> String {
        var rng = SplitMix64(seed: seed)
        var kinds: [Kind] = []
        for i in 0..<inputs {
            switch i % 4 {
            case 0: kinds.append(.bool)
            case 1: kinds.append(.enumeration(rng.int(2...6)))
            case 2: kinds.append(.int)
            default: kinds.append(.set(rng.int(2...5)))
            }
        }
        let outcomes = 12
        // Every node but the first gets a designated parent within the window, so all are reachable.
        var children = Array(repeating: [Int](), count: nodes)
        for j in 1..<max(nodes, 1) {
            children[rng.int(max(0, j - window)...(j - 1))].append(j)
        }

        var out = "sop: generated\ntitle: Generated benchmark SOP\nversion: \"1\"\n\ninputs:\n"
        for (i, kind) in kinds.enumerated() {
            switch kind {
            case .bool: out += "  in\(i): bool\n"
            case .enumeration(let n): out += "  in\(i): { type: enum, values: [\((0..<n).map { "v\($0)" }.joined(separator: ", "))] }\n"
            case .int: out += "  in\(i): { type: int, range: [0, 1000] }\n"
            case .set(let n): out += "  in\(i): { type: set, values: [\((0..<n).map { "m\($0)" }.joined(separator: ", "))] }\n"
            }
        }
        out += "\noutcomes:\n"
        for o in 0..<outcomes { out += "  out\(o): { title: \"Outcome \(o)\", severity: low }\n" }
        out += "\nstart: n0\nnodes:\n"
        for i in 0..<nodes {
            var targets = children[i].map { "n\($0)" }
            let count = max(targets.count, rng.int(2...8))
            while targets.count < count {
                let ahead = i + 1 + rng.int(0...(window - 1))
                targets.append(ahead < nodes && rng.int(0...3) > 0 ? "n\(ahead)" : "out\(rng.int(0...(outcomes - 1)))")
            }
            out += "  n\(i):\n    question: \"Question \(i)?\"\n"
            let input = rng.int(0...(inputs - 1))
            if case .enumeration(let n) = kinds[input], n >= targets.count - 1, rng.int(0...1) == 0 {
                out += "    on: in\(input)\n    cases:\n"
                for (k, t) in targets.dropLast().enumerated() { out += "      v\(k): \(t)\n" }
                out += "      else: \(targets[targets.count - 1])\n".replacingOccurrences(of: "      else", with: "    else")
                continue
            }
            out += "    match: first\n    branches:\n"
            for t in targets.dropLast() {
                out += "      - when: \"\(guardText(kinds, &rng))\"\n        then: \(t)\n"
            }
            out += "      - else: \(targets[targets.count - 1])\n"
        }
        return out
    }

    private func guardText(_ kinds: [Kind], _ rng: inout SplitMix64) -> String {
        func atom() -> String {
            let i = rng.int(0...(kinds.count - 1))
            switch kinds[i] {
            case .bool: return rng.int(0...1) == 0 ? "in\(i)" : "not in\(i)"
            case .enumeration(let n): return "in\(i) == 'v\(rng.int(0...(n - 1)))'"
            case .int: return "in\(i) \(["<", ">=", "<=", ">"][rng.int(0...3)]) \(rng.int(1...999))"
            case .set(let n): return "'m\(rng.int(0...(n - 1)))' in in\(i)"
            }
        }
        switch rng.int(0...3) {
        case 0: return "\(atom()) and \(atom())"
        case 1: return "\(atom()) or \(atom())"
        default: return atom()
        }
    }
}

/// `sopc-bench generate-sop`: writes a generated SOP to a file.
struct GenerateSOP: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate-sop", abstract: "Write a generated SOP (a DAG with merges) to a file.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Argument(help: "Output file.") var output: String

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(output): \(nodes) nodes, \(inputs) inputs, \(text.utf8.count) bytes")
    }
}

extension SplitMix64 {
    /// Uniform in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }
}
