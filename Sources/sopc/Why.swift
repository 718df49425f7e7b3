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
            discussion: """
                Prints the routes to the node: the decisions a reviewer takes from the start, grouped by shared \
                prefix. `--format json` adds the node's path condition as a formula. Exit status: 0 shown, \
                1 the file has errors, 2 usage or I/O error.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "A SOP file.")
        var file: String

        @Argument(help: "A node of that SOP.")
        var node: String

        @Option(help: "Output format: text (routes, for people) or json (routes and the formula).")
        var format: Format = .text

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
            let routes = RouteFinder(program: program, sop: sop.id).routes(to: .node(id), limit: 50)
            switch format {
            case .text:
                var out = "node `\(node)`: \(program[id].question)\n"
                for line in program.reachLines(routes, isStart: sop.start == id) { out += line + "\n" }
                if !routes.complete && !routes.routes.isEmpty { out += "... more routes not shown; `--format json` gives the full condition\n" }
                try Output.standardOutput(TerminalText.escape(out, keepingLayout: true))
            case .json:
                let condition = ReachCondition(program: program, sop: sop.id, node: id)
                let json = JSONValue.object([
                    ("node", .string(node)),
                    ("question", .string(program[id].question)),
                    ("condition", .array(condition.lines.map { .string($0) })),
                    ("routes", .array(routes.routes.map { route in
                        .array(route.steps.map { step in
                            let w = program.words(step)
                            return .object([
                                ("node", .string(program.pathName(of: step.node, from: sop.id))),
                                ("question", .string(w.question)),
                                ("branches", .array(step.branches.map { .int($0) })),
                                ("answer", .string(w.answer)),
                            ])
                        })
                    })),
                    ("complete", .bool(routes.complete)),
                ])
                try Output.standardOutput(json.rendered() + "\n")
            }
        }
    }
}
