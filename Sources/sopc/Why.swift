import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPSolver

extension SOPC {
    /// `sopc why FILE NODE|OUTCOME`: which facts about a case lead it to a node or an outcome.
    struct Why: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "why",
            abstract: "Show what must hold for a case to reach a node or end in an outcome.",
            discussion: """
                Prints the routes to the node or outcome: the decisions a reviewer takes from the start, grouped \
                by shared prefix. `--format json` adds a node's path condition as a formula. A name that is both \
                is read as the node. Exit status: 0 shown, 1 the file has errors, 2 usage or I/O error.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "A SOP file.")
        var file: String

        @Argument(help: "A node or an outcome of that SOP (`sopid.name` for an imported outcome).")
        var node: String

        @Option(help: "Output format: text (routes, for people) or json (routes and the formula).")
        var format: Format = .text

        @OptionGroup var colorOptions: ColorOptions

        func run() throws {
            let compilation = try SOPLoading.compile([file])
            guard let sop = compilation.rootFiles.first.flatMap(compilation.sop(inFile:)) else {
                throw ExitStatus.usageError("`\(file)` declares no SOP")
            }
            let program = compilation.program
            let names = sop.nodes.map { program[$0].name }
            var visible: Set<SOPID> = []
            var stack = [sop.id]
            while let s = stack.popLast() { if visible.insert(s).inserted { stack += program[s].imports } }
            let outcomes = program.outcomes.filter { visible.contains($0.sop) }
            let outcomeNames = outcomes.map { program.name(of: $0.id, from: sop.id) }
            guard let id = sop.nodes.first(where: { program[$0].name == node }) else {
                if let o = outcomes.first(where: { program.name(of: $0.id, from: sop.id) == node }) {
                    try explain(outcome: o.id, in: sop, compilation)
                    return
                }
                let suggestion = Spelling.suggestion(for: node, among: names + outcomeNames)
                throw ExitStatus.usageError("no node or outcome `\(node)` in `\(sop.name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
            }
            guard compilation.validSOPs.contains(sop.id) else {
                FileHandle.standardError.write(Data("sopc: error: `\(file)` has errors; run `sopc check \(file)` and fix them first\n".utf8))
                throw ExitCode(ExitStatus.findings)
            }
            let finder = RouteFinder(program: program, sop: sop.id)
            let routes = finder.routes(to: .node(id), limit: Self.listedRoutes)
            switch format {
            case .text:
                var out = "node `\(node)`: \(program[id].question)\n"
                for line in program.reachLines(routes, isStart: sop.start == id) { out += line + "\n" }
                out += Self.moreRoutes(routes, finder, .node(id), hint: "; `--format json` gives the full condition")
                try Output.standardOutput(try colorOptions.style(output: nil).headings(TerminalText.escape(out, keepingLayout: true)))
            case .json:
                let condition = ReachCondition(program: program, sop: sop.id, node: id)
                let json = JSONValue.object([
                    ("node", .string(node)),
                    ("question", .string(program[id].question)),
                    ("condition", .array(condition.lines.map { .string($0) })),
                    ("routes", Self.json(routes, program, sop.id)),
                    ("complete", .bool(routes.complete)),
                ])
                try Output.standardOutput(json.rendered() + "\n")
            }
        }

        /// The routes a text answer lists; the rest are counted.
        static let listedRoutes = 50

        /// `… N more routes not shown` after a cut list of routes (`… at least N` when the count stopped at
        /// its bound), or nothing when the list is whole.
        static func moreRoutes(_ routes: RouteSet, _ finder: RouteFinder, _ destination: RouteDestination, hint: String = "") -> String {
            guard !routes.complete && !routes.routes.isEmpty else { return "" }
            let total = finder.routeCount(to: destination)
            let hidden = total.count - routes.routes.count
            guard hidden > 0 || total.exact else { return "more routes may lead here: the search stopped at its work bound\(hint)\n" }
            return MoreNotShown.text(hidden, "routes", atLeast: !total.exact) + hint + "\n"
        }

        /// Routes as JSON: one list of steps per route.
        private static func json(_ routes: RouteSet, _ program: Program, _ sop: SOPID) -> JSONValue {
            .array(routes.routes.map { route in
                .array(route.steps.map { step in
                    let w = program.words(step)
                    return .object([
                        ("node", .string(program.pathName(of: step.node, from: sop))),
                        ("question", .string(w.question)),
                        ("branches", .array(step.branches.map { .int($0) })),
                        ("answer", .string(w.answer)),
                    ])
                })
            })
        }

        /// The routes that end a case in `outcome`.
        private func explain(outcome: OutcomeID, in sop: SOP, _ compilation: Compilation) throws {
            let program = compilation.program
            guard compilation.validSOPs.contains(sop.id) else {
                FileHandle.standardError.write(Data("sopc: error: `\(file)` has errors; run `sopc check \(file)` and fix them first\n".utf8))
                throw ExitCode(ExitStatus.findings)
            }
            let finder = RouteFinder(program: program, sop: sop.id)
            let routes = finder.routes(to: .outcome(outcome), limit: Self.listedRoutes)
            let name = program.name(of: outcome, from: sop.id)
            switch format {
            case .text:
                var out = "outcome `\(name)`: \(program[outcome].title)\n"
                if routes.routes.isEmpty { out += "  no case ends here\n" }
                for line in program.reachLines(routes, isStart: false) { out += line + "\n" }
                out += Self.moreRoutes(routes, finder, .outcome(outcome))
                try Output.standardOutput(try colorOptions.style(output: nil).headings(TerminalText.escape(out, keepingLayout: true)))
            case .json:
                let json = JSONValue.object([
                    ("outcome", .string(name)),
                    ("title", .string(program[outcome].title)),
                    ("routes", Self.json(routes, program, sop.id)),
                    ("complete", .bool(routes.complete)),
                ])
                try Output.standardOutput(json.rendered() + "\n")
            }
        }
    }
}
