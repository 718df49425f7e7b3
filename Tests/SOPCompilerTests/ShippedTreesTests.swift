import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import Testing

/// Every SOP shipped in `trees/` compiles and checks clean, end to end.
@Suite("Shipped trees")
struct ShippedTreesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../trees").standardized.path

    static func run() throws -> CheckRun {
        let loader = DiskLoader()
        return try CheckRun.check(files: try loader.expand([root]), loader: loader)
    }

    @Test func everyTreeChecksClean() throws {
        let run = try Self.run()
        #expect(run.diagnostics.map { "\($0.file):\($0.range.start): \($0.code): \($0.message)" } == [])
        #expect(run.compilation.validSOPs.count == run.compilation.program.sops.count)
    }

    @Test("at least six real decision trees of 10 to 40 nodes, and one imports another")
    func treesAreRealDecisionTrees() throws {
        let program = try Self.run().compilation.program
        let trees = program.sops.filter { $0.start != nil }
        #expect(trees.count >= 6)
        for sop in trees {
            #expect((10...40).contains(sop.nodes.count), "\(sop.name) has \(sop.nodes.count) nodes")
            #expect(!sop.examples.isEmpty, "\(sop.name) has no examples")
        }
        #expect(program.sops.contains { !$0.imports.isEmpty })
        let calls = program.nodes.flatMap(\.branches).contains { if case .call? = $0.target { return true } else { return false } }
        #expect(calls, "at least one tree hands a case to another SOP")
    }

    @Test("every example ends in the outcome it expects")
    func examplesHold() throws {
        let program = try Self.run().compilation.program
        for sop in program.sops {
            for example in sop.examples {
                var c = Case(inputCount: program.inputs.count)
                for (id, value) in example.given { c[id] = value }
                let walk = program.walk(c, from: sop.id)
                #expect(walk.outcome == example.expect, "\(sop.name): \(example.name) ended \(walk.end)")
            }
        }
    }
}
