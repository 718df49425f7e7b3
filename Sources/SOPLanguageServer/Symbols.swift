import LanguageServerProtocol
import SOPCore
import SOPGraph
import SOPReplay

/// The outline (inputs, outcomes, nodes) and a code lens per node with the examples that pass through it.
extension LanguageServer {
    func documentSymbols(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri),
              let analysis = currentAnalysis(path), let file = analysis.files[path] else { return .array([]) }
        func symbol(_ name: String, _ detail: String?, _ kind: SymbolKind, _ range: SourceRange) -> JSONValue {
            let r = file.text.range(range, encoding: encoding).json
            var members: [(String, JSONValue)] = [("name", .string(name))]
            if let detail { members.append(("detail", .string(detail))) }
            members += [("kind", .int(kind.rawValue)), ("range", r), ("selectionRange", r)]
            return .object(members)
        }
        let syntax = file.syntax
        var result: [JSONValue] = []
        result += syntax.inputs.map { symbol($0.name.value, $0.type?.value, .variable, $0.name.range) }
        result += syntax.outcomes.map { symbol($0.name.value, $0.title?.value, .enumMember, $0.name.range) }
        result += syntax.nodes.map { symbol($0.name.value, $0.question?.value, .function, $0.name.range) }
        return .array(result)
    }

    func codeLenses(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri),
              let analysis = currentAnalysis(path), let file = analysis.files[path],
              let sop = analysis.compilation.sop(inFile: path), analysis.compilation.validSOPs.contains(sop.id) else { return .array([]) }
        let counts = ExampleCounts.byNode(program: analysis.program, sop: sop.id)
        let program = analysis.program
        return .array(sop.nodes.map { id in
            let node = program[id]
            let count = counts[id, default: 0]
            let title = count == 1 ? "1 example passes through" : "\(count) examples pass through"
            return .object([
                ("range", file.text.range(node.range, encoding: encoding).json),
                ("command", .object([("title", .string(title)), ("command", .string(""))])),
            ])
        })
    }
}

/// How many of a SOP's examples pass through each node (a sub-tree call's nodes included), from the
/// same example runner as `sopc test`.
enum ExampleCounts {
    static func byNode(program: Program, sop: SOPID) -> [NodeID: Int] {
        var counts: [NodeID: Int] = [:]
        for result in ExampleRun(program: program, sops: [sop]).results {
            for node in Set(result.walk.steps.map(\.node)) { counts[node, default: 0] += 1 }
        }
        return counts
    }
}
