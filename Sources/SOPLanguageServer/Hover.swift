import LanguageServerProtocol
import SOPCore
import SOPGraph
import SOPSolver

/// Hover text: what the compiler knows about the name under the cursor, as Markdown.
extension LanguageServer {
    func hover(_ params: JSONValue) -> JSONValue {
        guard let t = target(params), let occurrence = t.file.occurrence(at: t.offset),
              let text = HoverText.markdown(for: occurrence.symbol, in: t.analysis) else { return .null }
        return .object([
            ("contents", .object([("kind", .string("markdown")), ("value", .string(text))])),
            ("range", location(occurrence, in: t.file).range.json),
        ])
    }
}

/// The hover text for each kind of name; a plain function of the analysis, so tests can call it.
enum HoverText {
    /// The route search's work bound for a hover: a fifth of `sopc why`'s, so a hover on a node deep in
    /// a 10,000-node SOP stays interactive. When the search stops there, the hover says it shows only the
    /// first routes found.
    static let visitLimit = 4_000

    static func markdown(for symbol: Symbol, in analysis: Analysis) -> String? {
        let program = analysis.program
        switch symbol {
        case .input(let sopName, let name):
            guard let sop = program.sop(named: sopName), let id = sop.inputs.first(where: { program[$0].name == name }) else { return nil }
            let input = program[id]
            var lines = ["**input** `\(input.qualifiedName)`: `\(input.type.name)`", "", "domain: " + domain(input.type)]
            if let question = input.question { lines += ["", question] }
            return lines.joined(separator: "\n")
        case .node(let sopName, let name):
            guard let sop = program.sop(named: sopName), let id = sop.nodes.first(where: { program[$0].name == name }) else { return nil }
            let node = program[id]
            var lines = ["**node** `\(name)`: \(node.question)"]
            if let guidance = node.guidance { lines += ["", guidance] }
            lines += [""]
            if analysis.compilation.validSOPs.contains(sop.id) {
                let routes = analysis.routes.withFinder(program: program, sop: sop.id) { $0.routes(to: .node(id), limit: 12, visitLimit: Self.visitLimit) }
                lines += ["```text"] + program.reachLines(routes, isStart: sop.start == id) + ["```"]
            } else {
                lines += ["_how cases reach it is shown once the file has no errors_"]
            }
            return lines.joined(separator: "\n")
        case .outcome(let sopName, let name):
            guard let sop = program.sop(named: sopName), let id = sop.outcomes.first(where: { program[$0].name == name }) else { return nil }
            let outcome = program[id]
            var lines = ["**outcome** `\(outcome.qualifiedName)`: \(outcome.title)"]
            if let severity = outcome.severity { lines += ["", "severity: \(severity)"] }
            // How cases reach it, from the SOP being edited when it ends there, else from its own SOP.
            let from = analysis.compilation.sop(inFile: analysis.path).map(\.id) ?? sop.id
            if analysis.compilation.validSOPs.contains(from), program[from].start != nil {
                let routes = analysis.routes.withFinder(program: program, sop: from) { $0.routes(to: .outcome(id), limit: 12, visitLimit: Self.visitLimit) }
                lines += ["", "```text"] + program.reachLines(routes) + ["```"]
            }
            let examples = program.sops.flatMap { s in s.examples.filter { $0.expect == id }.map(\.name) }
            if !examples.isEmpty { lines += ["", "examples expecting it: " + examples.prefix(10).map { "`\($0)`" }.joined(separator: ", ")] }
            return lines.joined(separator: "\n")
        case .sop(let name):
            guard let sop = program.sop(named: name) else { return nil }
            var lines = ["**SOP** `\(sop.name)`: \(sop.title)", "", "file: `\(sop.file)`"]
            if let start = sop.start { lines.append("start: `\(program[start].name)`") }
            lines.append("\(sop.inputs.count) inputs, \(sop.outcomes.count) outcomes, \(sop.nodes.count) nodes")
            return lines.joined(separator: "\n")
        case .file(let path):
            guard let sop = program.sops.first(where: { $0.file == path }) else { return "`\(path)`" }
            return "`\(path)`: SOP `\(sop.name)`, \(sop.title)"
        case .code(let id):
            guard let code = DiagnosticCode.named(id) else { return nil }
            return "**\(code.id)** (\(code.defaultSeverity.rawValue)): \(code.summary)\n\n\(code.explanation)"
        }
    }

    static func domain(_ type: InputType) -> String {
        switch type {
        case .bool: return "`true`, `false`"
        case .enumeration(let values): return "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .set(let values): return "any subset of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .int(let lower, let upper): return lower == Int.min && upper == Int.max ? "any integer" : "\(lower) to \(upper)"
        case .string: return "any text"
        }
    }
}
