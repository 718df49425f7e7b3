import SOPCore

extension SOPFileSyntax {
    public static let topLevelKeys = ["sop", "title", "version", "owner", "policy", "description", "import", "inputs", "outcomes", "start", "nodes", "examples", "allow"]
    package static let inputKeys = ["type", "values", "range", "question", "description", "allow"]
    package static let outcomeKeys = ["title", "severity", "description", "allow"]
    package static let nodeKeys = ["question", "guidance", "allow", "on", "cases", "else", "match", "branches"]
    package static let branchKeys = ["when", "then", "else", "allow"]
    package static let exampleKeys = ["name", "given", "expect"]
    public static let inputTypes = ["bool", "enum", "int", "set", "string"]
    public static let severities = ["low", "medium", "high", "critical"]

    /// Reads a file's YAML and decodes its SOP structure, reporting every shape error in one pass.
    public static func parse(_ source: SourceText) -> (syntax: SOPFileSyntax, diagnostics: [Diagnostic]) {
        var list = DiagnosticList(file: source.path)
        let (root, yamlDiagnostics) = YAMLReader.read(source)
        list.append(contentsOf: yamlDiagnostics)
        var syntax = SOPFileSyntax(source: source)
        guard var root, !root.isNull else {
            // No document, or an empty one: a file truncated to nothing (or to its comments) must not pass.
            if list.items.isEmpty {
                let start = source.location(atOffset: 0)
                list.add(.missingKey, root?.range ?? SourceRange(start: start, end: start),
                         "the file " + (source.bytes.allSatisfy { [9, 10, 13, 32].contains($0) } ? "is empty" : "holds only comments") + ": a SOP needs at least `sop` and `title`")
            }
            return (syntax, list.items)
        }
        var decoder = Decoder(source: source, diagnostics: list)
        // The nodes, most of the tree, are taken out of it: the decoder then holds their only reference and
        // frees each node's YAML right after decoding it, on the worker that decoded it.
        let nodes = root.takeValue(forKey: "nodes")
        decoder.decode(root, nodes: nodes, into: &syntax)
        // The rest of the YAML tree is freed here, not kept: lowering then reuses its memory instead of
        // faulting in fresh pages.
        _ = consume root
        return (syntax, decoder.diagnostics.items)
    }
}

// MARK: - Decoder

private struct Decoder {
    let source: SourceText
    var diagnostics: DiagnosticList

    static let sopIDPattern = "lowercase letters, digits, `-` and `_`, starting with a letter"

    /// `nodes` is the value of the `nodes` entry when it was taken out of `root` (see `parse`).
    mutating func decode(_ root: YAMLNode, nodes: consuming YAMLNode?, into syntax: inout SOPFileSyntax) {
        guard let map = MappingReader(root, context: "a SOP file", allowed: SOPFileSyntax.topLevelKeys, required: ["sop", "title"], &diagnostics) else { return }
        if let v = map["sop"]?.value, let id = string(v, "`sop`") {
            if isName(id.value, allowDash: true) {
                syntax.sop = id
            } else {
                diagnostics.add(.invalidValue, id.range, "`\(id.value)` is not a valid SOP id: use \(Self.sopIDPattern)")
            }
        }
        syntax.title = map["title"].flatMap { string($0.value, "`title`") }
        syntax.version = map["version"].flatMap { string($0.value, "`version`", acceptNumbers: true) }
        syntax.owner = map["owner"].flatMap { string($0.value, "`owner`") }
        syntax.policy = map["policy"].flatMap { string($0.value, "`policy`") }
        syntax.description = map["description"].flatMap { string($0.value, "`description`") }
        if let imports = map["import"] {
            syntax.importKey = imports.key.range
            syntax.imports = stringList(imports.value, "`import`") ?? []
        }
        if let inputs = map["inputs"]?.value, let pairs = entries(inputs, "`inputs`") {
            for (pair, name) in pairs { if let input = decodeInput(pair, name) { syntax.inputs.append(input) } }
        }
        if let outcomes = map["outcomes"]?.value, let pairs = entries(outcomes, "`outcomes`") {
            for (pair, name) in pairs { if let outcome = decodeOutcome(pair, name) { syntax.outcomes.append(outcome) } }
        }
        syntax.start = map["start"].flatMap { string($0.value, "`start`") }
        (syntax.allow, syntax.allowKey) = allowList(map["allow"], at: .file)
        if let nodesPair = map["nodes"] {
            syntax.hasNodes = true
            // An entry written `nodes` was taken out of the tree; a misspelled key is read in place.
            let value = nodesPair.key.scalar == "nodes" ? (nodes.take() ?? nodesPair.value) : nodesPair.value
            if let pairs = entries(consume value, "`nodes`") {
                syntax.nodes = decodeNodes(pairs)
            }
            if !map.has("start") {
                diagnostics.add(.missingKey, nodesPair.key.range, "a SOP with `nodes` needs `start`: the node every case begins at")
            }
        } else if let start = map["start"] {
            diagnostics.add(.missingKey, start.key.range, "a SOP with `start` needs `nodes`")
        }
        if let examples = map["examples"]?.value {
            if let items = examples.sequence {
                for item in items { if let example = decodeExample(item) { syntax.examples.append(example) } }
            } else if !examples.isNull {
                diagnostics.add(.invalidValue, examples.range, "`examples` must be a list, found \(examples.kindDescription)")
            }
        }
    }

    // MARK: Inputs and outcomes

    mutating func decodeInput(_ pair: YAMLPair, _ name: Located<String>) -> InputSyntax? {
        if !isName(name.value, allowDash: false) {
            diagnostics.add(.invalidValue, name.range, "`\(name.value)` is not a valid input name: use lowercase letters, digits and `_`, starting with a letter or `_`", help: name.value.contains("-") ? "write `\(name.value.replacingDashes)`" : nil)
        }
        var input = InputSyntax(name: name)
        if let shorthand = pair.value.scalar, !pair.value.isNull {
            let type = Located(shorthand, at: pair.value.range)
            if ["bool", "int", "string"].contains(shorthand) {
                input.type = type
            } else if ["enum", "set"].contains(shorthand) {
                diagnostics.add(.missingKey, type.range, "`\(shorthand)` input `\(name.value)` needs `values`", help: "write `\(name.value): { type: \(shorthand), values: [a, b] }`")
            } else {
                unknownType(type)
            }
            return input
        }
        guard let map = MappingReader(pair.value, context: "input `\(name.value)`", allowed: SOPFileSyntax.inputKeys, required: ["type"], &diagnostics) else { return input }
        if let t = map["type"].flatMap({ string($0.value, "`type`") }) {
            if SOPFileSyntax.inputTypes.contains(t.value) { input.type = t } else { unknownType(t) }
        }
        input.question = map["question"].flatMap { string($0.value, "`question`") }
        (input.allow, input.allowKey) = allowList(map["allow"], at: .input)
        _ = map["description"].flatMap { string($0.value, "`description`") }
        let type = input.type?.value
        if let values = map["values"] {
            if type == "enum" || type == "set" {
                input.values = decodeValues(values.value, name.value)
            } else if type != nil {
                diagnostics.add(.invalidValue, values.key.range, "`values` applies only to `enum` and `set` inputs, and `\(name.value)` is `\(type ?? "")`")
            }
        } else if type == "enum" || type == "set" {
            diagnostics.add(.missingKey, name.range, "`\(type ?? "")` input `\(name.value)` needs `values`")
        }
        if let range = map["range"] {
            if type == "int" {
                input.range = decodeRange(range.value)
            } else if type != nil {
                diagnostics.add(.invalidValue, range.key.range, "`range` applies only to `int` inputs, and `\(name.value)` is `\(type ?? "")`")
            }
        }
        return input
    }

    mutating func unknownType(_ type: Located<String>) {
        diagnostics.addMisspelling(.invalidValue, type.range, "unknown input type `\(type.value)`", word: type.value, among: SOPFileSyntax.inputTypes,
                                   otherwise: "types: `bool`, `enum`, `int`, `set`, `string`")
    }

    mutating func decodeValues(_ node: YAMLNode, _ input: String) -> [Located<String>]? {
        guard let items = stringList(node, "`values`") else { return nil }
        if items.isEmpty {
            diagnostics.add(.invalidValue, node.range, "`values` of `\(input)` must list at least one value")
            return nil
        }
        var seen: [String: SourceRange] = [:]
        var result: [Located<String>] = []
        for item in items {
            if let first = seen[item.value] {
                diagnostics.add(.invalidValue, item.range, "value `\(item.value)` is listed twice in `\(input)`", notes: [Note("first listed here", at: diagnostics.span(first))])
                continue
            }
            seen[item.value] = item.range
            result.append(item)
        }
        return result
    }

    mutating func decodeRange(_ node: YAMLNode) -> (Located<Int>, Located<Int>)? {
        guard let items = node.sequence, items.count == 2 else {
            diagnostics.add(.invalidValue, node.range, "`range` must be a list of two integers `[lowest, highest]`")
            return nil
        }
        guard let lo = integer(items[0]), let hi = integer(items[1]) else { return nil }
        if lo.value > hi.value {
            diagnostics.add(.invalidValue, node.range, "`range` is empty: \(lo.value) is greater than \(hi.value)", help: "write `[\(hi.value), \(lo.value)]`")
            return nil
        }
        return (lo, hi)
    }

    mutating func decodeOutcome(_ pair: YAMLPair, _ name: Located<String>) -> OutcomeSyntax? {
        if !isName(name.value, allowDash: true) {
            diagnostics.add(.invalidValue, name.range, "`\(name.value)` is not a valid outcome id: use \(Self.sopIDPattern)")
        }
        var outcome = OutcomeSyntax(name: name)
        guard let map = MappingReader(pair.value, context: "outcome `\(name.value)`", allowed: SOPFileSyntax.outcomeKeys, required: ["title"], &diagnostics) else { return outcome }
        outcome.title = map["title"].flatMap { string($0.value, "`title`") }
        (outcome.allow, outcome.allowKey) = allowList(map["allow"], at: .outcome)
        _ = map["description"].flatMap { string($0.value, "`description`") }
        if let severity = map["severity"].flatMap({ string($0.value, "`severity`") }) {
            if SOPFileSyntax.severities.contains(severity.value) {
                outcome.severity = severity
            } else {
                diagnostics.addMisspelling(.invalidValue, severity.range, "unknown severity `\(severity.value)`", word: severity.value, among: SOPFileSyntax.severities,
                                           otherwise: "severities: `low`, `medium`, `high`, `critical`")
            }
        }
        return outcome
    }

    // MARK: Nodes

    /// Decodes nodes on every core: each worker decodes a consecutive slice with its own diagnostics,
    /// and slices are joined in order, so the result does not depend on the number of workers.
    /// Decodes the nodes in parallel slices. Each node's YAML is freed by the worker that decoded it, right
    /// after, so freeing a large tree is shared between the workers like the decoding.
    mutating func decodeNodes(_ pairs: consuming [(YAMLPair, Located<String>)]) -> [NodeSyntax] {
        let start = self
        var pairs = pairs
        let slices = pairs.withUnsafeMutableBufferPointer { buffer in
            // Each worker reads and clears only the entries of its own slice.
            nonisolated(unsafe) let entries = buffer
            // Small slices, taken by whichever worker is free, so that a worker that starts late or meets
            // larger nodes does not keep the other waiting.
            return Parallel.mapChunks(count: entries.count, workers: 16 * Parallel.defaultWorkers, minimumPerWorker: 64) { range -> ([NodeSyntax], [Diagnostic]) in
                var worker = Decoder(source: start.source, diagnostics: DiagnosticList(file: start.diagnostics.file))
                var nodes: [NodeSyntax] = []
                nodes.reserveCapacity(range.count)
                for i in range {
                    if let node = worker.decodeNode(entries[i].0, entries[i].1) { nodes.append(node) }
                    entries[i].0 = YAMLPair.freed
                }
                return (nodes, worker.diagnostics.items)
            }
        }
        var nodes: [NodeSyntax] = []
        nodes.reserveCapacity(pairs.count)
        for (slice, found) in slices {
            nodes += slice
            diagnostics.append(contentsOf: found)
        }
        return nodes
    }

    mutating func decodeNode(_ pair: YAMLPair, _ name: Located<String>) -> NodeSyntax? {
        if !isName(name.value, allowDash: true) {
            diagnostics.add(.invalidValue, name.range, "`\(name.value)` is not a valid node id: use \(Self.sopIDPattern)")
        }
        var node = NodeSyntax(name: name)
        guard let map = MappingReader(pair.value, context: "node `\(name.value)`", allowed: SOPFileSyntax.nodeKeys, required: ["question"], &diagnostics) else { return node }
        node.question = map["question"].flatMap { string($0.value, "`question`") }
        node.guidance = map["guidance"].flatMap { string($0.value, "`guidance`") }
        (node.allow, node.allowKey) = allowList(map["allow"], at: .node)
        let hasSwitch = map.has("on") || map.has("cases")
        let hasBranches = map.has("branches") || map.has("match")
        if hasSwitch && hasBranches {
            let key = (map["branches"] ?? map["match"])!.key
            diagnostics.add(.invalidValue, key.range, "node `\(name.value)` mixes the switch form (`on`/`cases`) with `branches`", help: "use one form per node")
            return node
        }
        if hasSwitch {
            node.on = map["on"].flatMap { string($0.value, "`on`") }
            if !map.has("on") { diagnostics.add(.missingKey, map["cases"]!.key.range, "node `\(name.value)` has `cases` but no `on`: name the input to switch on") }
            if let cases = map["cases"] {
                node.cases = decodeCases(cases.value)
            } else {
                diagnostics.add(.missingKey, map["on"]!.key.range, "node `\(name.value)` has `on` but no `cases`")
            }
            node.elseTarget = map["else"].flatMap { string($0.value, "`else`") }
        } else if hasBranches {
            if let elsePair = map["else"] {
                diagnostics.add(.invalidValue, elsePair.key.range, "`else` of a node with `branches` is written as the last branch", help: "write `- else: \(elsePair.value.scalar ?? "target")` at the end of `branches`")
            }
            if let match = map["match"].flatMap({ string($0.value, "`match`") }) {
                if ["exclusive", "first"].contains(match.value) {
                    node.match = match
                } else {
                    diagnostics.add(.invalidValue, match.range, "unknown match mode `\(match.value)`", help: "use `exclusive` (the default: at most one branch applies) or `first` (the first branch that applies wins)")
                }
            }
            if let branches = map["branches"] {
                node.branches = decodeBranches(branches.value, node: name.value)
            } else {
                diagnostics.add(.missingKey, map["match"]!.key.range, "node `\(name.value)` has `match` but no `branches`")
            }
        } else {
            diagnostics.add(.missingKey, name.range, "node `\(name.value)` has neither `branches` nor `on`/`cases`: say where a case goes next")
        }
        return node
    }

    mutating func decodeCases(_ node: YAMLNode) -> [CaseSyntax]? {
        guard let pairs = node.mapping else {
            diagnostics.add(.invalidValue, node.range, "`cases` must be a mapping of value to target, found \(node.kindDescription)")
            return nil
        }
        var cases: [CaseSyntax] = []
        for pair in pairs {
            guard let key = pair.key.scalar, let style = pair.key.style else {
                diagnostics.add(.invalidValue, pair.key.range, "a case value must be a scalar")
                continue
            }
            guard let target = string(pair.value, "a case target") else { continue }
            cases.append(CaseSyntax(key: Located(key, at: pair.key.range), style: style, target: target))
        }
        return cases
    }

    mutating func decodeBranches(_ node: YAMLNode, node nodeName: String) -> [BranchSyntax]? {
        guard let items = node.sequence else {
            diagnostics.add(.invalidValue, node.range, "`branches` must be a list, found \(node.kindDescription)")
            return nil
        }
        if items.isEmpty {
            diagnostics.add(.invalidValue, node.range, "node `\(nodeName)` has no branches")
        }
        var branches: [BranchSyntax] = []
        for (index, item) in items.enumerated() {
            guard let map = MappingReader(item, context: "a branch", allowed: SOPFileSyntax.branchKeys, &diagnostics) else { continue }
            var branch = BranchSyntax(range: item.range)
            (branch.allow, branch.allowKey) = allowList(map["allow"], at: .branch)
            if let elsePair = map["else"] {
                branch.elseKey = elsePair.key.range
                branch.elseTarget = string(elsePair.value, "`else`")
                if let extra = map["when"] ?? map["then"] {
                    diagnostics.add(.invalidValue, extra.key.range, "an `else` branch takes no `\(extra.key.scalar ?? "")`", help: "`else` applies when no other branch does")
                }
                if index != items.count - 1 {
                    diagnostics.add(.invalidValue, elsePair.key.range, "`else` must be the last branch", help: "move it to the end of `branches`")
                }
            } else {
                if let when = map["when"] {
                    if let text = string(when.value, "`when`") {
                        branch.when = text
                        let positions = ScalarPositions(node: when.value, source: source)
                        branch.positions = positions
                        switch ExpressionParser.parse(text.value) {
                        case .success(let expression):
                            branch.expression = expression
                        case .failure(let error):
                            diagnostics.add(.syntaxError, positions.range(error.range), error.message, help: error.help)
                        }
                    }
                } else {
                    diagnostics.add(.missingKey, item.range, "a branch needs `when` and `then`, or `else`")
                }
                if let then = map["then"] {
                    branch.then = string(then.value, "`then`")
                } else if map.has("when") {
                    diagnostics.add(.missingKey, map["when"]!.key.range, "the branch has `when` but no `then`: say where the case goes")
                }
            }
            branches.append(branch)
        }
        return branches
    }

    static let codeIDs = DiagnosticCode.all.map(\.id)

    /// Reads an `allow:` list written at `place`, keeping only the codes that can be reported there: an
    /// unknown code or one that never occurs at this place is an error (it would accept nothing).
    mutating func allowList(_ pair: YAMLPair?, at place: AllowPlace) -> ([Located<String>], SourceRange?) {
        guard let pair else { return ([], nil) }
        let codes = stringList(pair.value, "`allow`") ?? []
        let all = Self.codeIDs
        var kept: [Located<String>] = []
        for code in codes {
            guard let known = DiagnosticCode.named(code.value) else {
                diagnostics.addMisspelling(.invalidValue, code.range, "`allow` names unknown diagnostic code `\(code.value)`", word: code.value, among: all)
                continue
            }
            let places = known.allowPlaces
            guard places.contains(place) else {
                let help: String
                if places.isEmpty {
                    help = "`\(known.id)` is about the file's text and cannot be allowed: fix it"
                } else if places == [.file] {
                    help = "`\(known.id)` can only be allowed at the top of the file"
                } else {
                    help = "`\(known.id)` is reported on " + places.filter { $0 != .file }.map(\.described).joined(separator: " or ")
                        + ": write the `allow:` there, or at the top of the file"
                }
                diagnostics.add(.invalidValue, code.range, "`\(known.id)` cannot be allowed on \(place.described): it never occurs there", help: help)
                continue
            }
            if kept.contains(where: { $0.value == code.value }) {
                diagnostics.add(.invalidValue, code.range, "`\(code.value)` is listed twice in `allow`")
                continue
            }
            kept.append(code)
        }
        return (kept, pair.key.range)
    }

    // MARK: Examples

    mutating func decodeExample(_ node: YAMLNode) -> ExampleSyntax? {
        guard let map = MappingReader(node, context: "an example", allowed: SOPFileSyntax.exampleKeys, required: ["name", "given", "expect"], &diagnostics) else { return nil }
        var example = ExampleSyntax(range: map["name"]?.key.range ?? node.range)
        example.name = map["name"].flatMap { string($0.value, "`name`") }
        example.expect = map["expect"].flatMap { string($0.value, "`expect`") }
        if let given = map["given"], let pairs = entries(given.value, "`given`") {
            example.given = pairs.map { (name: $1, value: $0.value) }
        }
        return example
    }

    // MARK: Scalars

    /// The entries of a mapping whose keys are names; reports non-scalar keys.
    /// The entries of a mapping with their names. Consuming the mapping lets the entries be the only
    /// reference to each value once it is gone.
    mutating func entries(_ node: consuming YAMLNode, _ what: String) -> [(YAMLPair, Located<String>)]? {
        if node.isNull { return [] }
        guard let pairs = node.mapping else {
            diagnostics.add(.invalidValue, node.range, "\(what) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        return pairs.compactMap { pair in
            guard let key = pair.key.scalar else {
                diagnostics.add(.invalidValue, pair.key.range, "names in \(what) must be plain scalars")
                return nil
            }
            return (pair, Located(key, at: pair.key.range))
        }
    }

    mutating func string(_ node: YAMLNode, _ what: String, acceptNumbers: Bool = true) -> Located<String>? {
        guard let value = node.scalar, !node.isNull else {
            diagnostics.add(.invalidValue, node.range, "\(what) must be a text value, found \(node.kindDescription)")
            return nil
        }
        return Located(value, at: node.range)
    }

    mutating func stringList(_ node: YAMLNode, _ what: String) -> [Located<String>]? {
        guard let items = node.sequence else {
            diagnostics.add(.invalidValue, node.range, "\(what) must be a list, found \(node.kindDescription)", help: node.scalar.map { "write `[\($0)]`" })
            return nil
        }
        return items.compactMap { string($0, "an entry of \(what)") }
    }

    mutating func integer(_ node: YAMLNode) -> Located<Int>? {
        guard let text = node.scalar, node.style == .plain, let value = Int(text) else {
            diagnostics.add(.invalidValue, node.range, "expected an integer, found \(node.scalar.map { "`\($0)`" } ?? node.kindDescription)")
            return nil
        }
        return Located(value, at: node.range)
    }

    func isName(_ s: String, allowDash: Bool) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || (!allowDash && first == "_") else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || (allowDash && $0 == "-") }
    }
}

extension String {
    fileprivate var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}
