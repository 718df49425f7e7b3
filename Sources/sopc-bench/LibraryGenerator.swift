import ArgumentParser
import Foundation
import SOPCore

/// Generates a library of SOPs the way teams grow one: a shared `common` library of inputs and outcomes,
/// and `count` SOPs of `nodes` nodes each that import it. Each SOP's tree has local merges (branches point
/// up to `window` nodes ahead), reads its own inputs and `common`'s, ends in its own and `common`'s
/// outcomes, and, with `calls`, hands some cases over to later SOPs with sub-tree calls (SOP `k` imports
/// SOPs `2k+1` and `2k+2`, so it sees the inputs of every SOP below it in that tree, and import chains
/// stay about log2(count) files deep). Deterministic for a seed.
struct LibraryGenerator {
    var count: Int
    var nodes = 100
    var calls = true
    var seed: UInt64 = 1
    var window = 8

    private enum Kind { case bool, enumeration(Int), int, set(Int) }

    /// File name to YAML text.
    func files() -> [(name: String, text: String)] {
        var rng = SplitMix64(seed: seed)
        var result: [(String, String)] = []
        let commonKinds: [Kind] = [.bool, .enumeration(5), .int, .set(4), .bool, .enumeration(3), .int, .bool]
        var common = "sop: common\ntitle: Shared facts and actions\ninputs:\n"
        for (i, kind) in commonKinds.enumerated() { common += "  " + Self.declaration("c\(i)", kind) }
        common += "outcomes:\n"
        for o in 0..<4 { common += "  action\(o): { title: \"Action \(o)\", severity: medium }\n" }
        result.append(("common.sop.yaml", common))
        for k in 0..<count {
            let own: [Kind] = [.bool, .enumeration(rng.int(2...5)), .int, .set(3), .int, .bool, .enumeration(4), .int, .bool, .set(4)]
            // Calls into later SOPs laid out as a binary tree (SOP `k` calls `2k+1` and `2k+2`), so import
            // chains stay about log2(count) files deep, well within the import depth limit.
            let callees = calls ? [2 * k + 1, 2 * k + 2].filter { $0 < count } : []
            var out = "sop: sop\(k)\ntitle: \"Procedure \(k)\"\n"
            out += "import: [" + (["common.sop.yaml"] + callees.map { "sop\($0).sop.yaml" }).joined(separator: ", ") + "]\n"
            out += "inputs:\n"
            for (i, kind) in own.enumerated() { out += "  " + Self.declaration("i\(i)", kind) }
            out += "outcomes:\n"
            for o in 0..<4 { out += "  done\(o): { title: \"Done \(o)\", severity: low }\n" }
            out += "start: n0\nnodes:\n"
            // Every node but the first gets a parent within the window, so all are reachable.
            var children = Array(repeating: [Int](), count: nodes)
            for j in 1..<max(nodes, 1) { children[rng.int(max(0, j - window)...(j - 1))].append(j) }
            var atoms: [(String, Kind)] = own.enumerated().map { ("i\($0.offset)", $0.element) }
            atoms += commonKinds.enumerated().map { ("common.c\($0.offset)", $0.element) }
            for n in 0..<nodes {
                var targets = children[n].map { "n\($0)" }
                let branchCount = max(targets.count, rng.int(2...3))
                while targets.count < branchCount {
                    let ahead = n + 1 + rng.int(0...(window - 1))
                    switch rng.int(0...9) {
                    case 0...5 where ahead < nodes: targets.append("n\(ahead)")
                    case 6 where !callees.isEmpty: targets.append("sop\(callees[rng.int(0...(callees.count - 1))])")
                    case 7: targets.append("common.action\(rng.int(0...3))")
                    default: targets.append("done\(rng.int(0...3))")
                    }
                }
                targets.shuffle(using: &rng)
                out += "  n\(n):\n    question: \"Question \(n)?\"\n"
                out += "    match: first\n"
                out += "    branches:\n"
                for t in targets.dropLast() {
                    out += "      - when: \"\(Self.guardText(atoms, &rng))\"\n        then: \(t)\n"
                }
                out += "      - else: \(targets[targets.count - 1])\n"
            }
            result.append(("sop\(k).sop.yaml", out))
        }
        return result
    }

    private static func declaration(_ name: String, _ kind: Kind) -> String {
        switch kind {
        case .bool: return "\(name): bool\n"
        case .enumeration(let n): return "\(name): { type: enum, values: [\((0..<n).map { "v\($0)" }.joined(separator: ", "))] }\n"
        case .int: return "\(name): { type: int, range: [0, 1000] }\n"
        case .set(let n): return "\(name): { type: set, values: [\((0..<n).map { "m\($0)" }.joined(separator: ", "))] }\n"
        }
    }

    private static func guardText(_ atoms: [(String, Kind)], _ rng: inout SplitMix64) -> String {
        func atom() -> String {
            let (name, kind) = atoms[rng.int(0...(atoms.count - 1))]
            switch kind {
            case .bool: return rng.int(0...1) == 0 ? name : "not \(name)"
            case .enumeration(let n): return "\(name) == 'v\(rng.int(0...(n - 1)))'"
            case .int: return "\(name) \(["<", ">=", "<=", ">"][rng.int(0...3)]) \(rng.int(1...999))"
            case .set(let n): return "'m\(rng.int(0...(n - 1)))' in \(name)"
            }
        }
        return rng.int(0...5) == 0 ? "\(atom()) and \(atom())" : atom()
    }
}

/// `sopc-bench generate-library DIR`: writes a generated library to a directory.
struct GenerateLibrary: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate-library", abstract: "Write a generated SOP library (common + N SOPs with sub-tree calls) to a directory.")

    @Option(help: "Number of SOPs besides `common`.") var sops = 40
    @Option(help: "Nodes per SOP.") var nodes = 100
    @Flag(help: "No sub-tree calls (and no imports between SOPs).") var noCalls = false
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Argument(help: "Output directory (created if missing).") var output: String

    func run() throws {
        let files = LibraryGenerator(count: sops, nodes: nodes, calls: !noCalls, seed: seed).files()
        try LibraryGenerator.write(files, to: output)
        print("wrote \(files.count) files to \(output)")
    }
}

/// `sopc-bench library`: times `sopc check` on generated libraries of several sizes, to show how the cost
/// grows with the library.
struct LibraryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "library", abstract: "Time sopc check on generated SOP libraries of several sizes.")

    @Option(parsing: .upToNextOption, help: "Library sizes (SOPs besides `common`).") var sops: [Int] = [10, 20, 40, 80]
    @Option(help: "Nodes per SOP.") var nodes = 100
    @Flag(help: "No sub-tree calls.") var noCalls = false
    @Option(help: "Timed runs per size (the median is reported).") var runs = 11
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    func run() throws {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let sopc = self.sopc ?? here.appendingPathComponent("sopc").path
        var medians: [Int: (full: Double, structural: Double)] = [:]
        for size in sops {
            let dir = NSTemporaryDirectory() + "sopc-bench-library-\(getpid())-\(size)"
            try LibraryGenerator.write(LibraryGenerator(count: size, nodes: nodes, calls: !noCalls, seed: seed).files(), to: dir)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var full: [Double] = [], structural: [Double] = [], fullCPU: [Double] = [], structuralCPU: [Double] = []
            var summary = ""
            for _ in 0..<runs {
                let plain = try Measure.timedProcess(sopc, ["check", "--no-semantic", "--format", "json", dir])
                structural.append(plain.seconds)
                structuralCPU.append(plain.cpu)
                let result = try Measure.timedProcess(sopc, ["check", "--format", "json", dir])
                full.append(result.seconds)
                fullCPU.append(result.cpu)
                summary = result.stdout.split(separator: "\n").suffix(6).joined(separator: " ").replacingOccurrences(of: "  ", with: "")
            }
            medians[size] = (Measure.median(full), Measure.median(structural))
            print("\(size) SOPs x \(nodes) nodes\(noCalls ? "" : " with calls"): sopc check median \(Measure.format(medians[size]!.full)) "
                + "(CPU \(Measure.format(Measure.median(fullCPU)))), --no-semantic \(Measure.format(medians[size]!.structural)) "
                + "(CPU \(Measure.format(Measure.median(structuralCPU)))) (\(runs) runs); \(summary)")
        }
        let sorted = sops.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            print(String(format: "%d -> %d SOPs: full check %.2fx the time", a, b, medians[b]!.full / medians[a]!.full))
        }
    }
}

extension LibraryGenerator {
    static func write(_ files: [(name: String, text: String)], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
        }
    }
}
