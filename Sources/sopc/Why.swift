import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPSolver

extension SOPC {
    /// `sopc why FILE NODE`: which facts about a case must hold for it to reach a node.
    struct Why: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what must hold for a case to reach a node.",
            discussion: "Prints the node's path condition, simplified: one alternative per line. Exit status: 0 shown, 1 the file has errors, 2 usage or I/O error.")

        @Argument(help: "A SOP file.")
        var file: String

        @Argument(help: "A node of that SOP.")
        var node: String

        func run() throws {
            let compilation = try SOPLoading.compile([file])
            guard let sop = compilation.rootFiles.first.flatMap(compilation.sop(inFile:)) else {
                throw ExitStatus.usageError("`\(file)` declares no SOP")
            }
            let program = compilation.program
            let names = sop.nodes.map { program[$0].name }
            guard let id = sop.nodes.first(where: { program[$0].name == node }) else {
                let suggestion = Spelling.suggestion(for: node, among: names)
                throw ExitStatus.usageError("no node `\(node)` in `\(sop.name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
            }
            guard compilation.validSOPs.contains(sop.id) else {
                FileHandle.standardError.write(Data("sopc: error: `\(file)` has errors; run `sopc check \(file)` and fix them first\n".utf8))
                throw ExitCode(ExitStatus.findings)
            }
            print("node `\(node)`: \(program[id].question)")
            for line in ReachCondition(program: program, sop: sop.id, node: id).lines {
                print(line)
            }
        }
    }
}
