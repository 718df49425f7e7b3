import SOPCore
import SOPGraph
import SOPSyntax

/// Lowers one file's syntax tree into the shared `Program`: declares its names, resolves references,
/// type-checks guards, switches and examples.
struct FileLowering {
    let syntax: SOPFileSyntax
    var program: Program
    var diagnostics: DiagnosticList
    let imports: [(SOPID, Located<String>)]

    /// The SOP being built, once declared.
    var sopID = SOPID(0)
    var nodeIDs: [String: NodeID] = [:]
    var outcomeIDs: [String: OutcomeID] = [:]
    var inputIDs: [String: InputID] = [:]
    /// SOPs reachable through imports, by `sop:` id.
    var visibleSOPs: [String: SOPID] = [:]
    /// The inputs guards may read, built once the inputs are declared.
    var scope = InputScope()
    /// Bare names nothing in scope matched (`ImportedNames.notImported` looks for them in the whole run).
    var unresolved: [UnresolvedName] = []

    init(syntax: SOPFileSyntax, program: Program, diagnostics: DiagnosticList, imports: [(SOPID, Located<String>)]) {
        self.syntax = syntax
        self.program = program
        self.diagnostics = diagnostics
        self.imports = imports
    }

    var file: String { syntax.source.path }

    mutating func lower() -> SOPID? {
        guard let name = syntax.sop else { return nil }
        if let other = program.sops.first(where: { $0.name == name.value }) {
            diagnostics.add(.duplicateID, name.range, "SOP id `\(name.value)` is already used by `\(other.file)`",
                            notes: [Note("declared here", at: SourceSpan(file: other.file, range: other.range))],
                            help: "give each SOP its own id")
            return nil
        }
        sopID = SOPID(program.sops.count)
        var sop = SOP(id: sopID, name: name.value, title: syntax.title?.value ?? "", file: file, range: name.range)
        sop.version = syntax.version?.value
        sop.owner = syntax.owner?.value
        sop.policy = syntax.policy?.value
        sop.allow = AllowList(syntax.allow, key: syntax.allowKey)
        sop.imports = []
        for (imported, path) in imports {
            if imported == sopID || sop.imports.contains(imported) {
                diagnostics.add(.importError, path.range, "`\(path.value)` is imported twice")
                continue
            }
            sop.imports.append(imported)
        }
        program.sops.append(sop)
        collectVisibleSOPs()
        declareInputs()
        scope = InputScope(program: program, names: visibleInputNames.map { ($0, input(named: $0)) })
        declareOutcomes()
        declareNodes()
        resolveStart()
        lowerNodes()
        lowerExamples()
        return sopID
    }

    mutating func collectVisibleSOPs() {
        var stack = program[sopID].imports
        while let s = stack.popLast() {
            guard visibleSOPs[program[s].name] == nil else { continue }
            visibleSOPs[program[s].name] = s
            stack += program[s].imports
        }
    }

    // MARK: - Declarations

    mutating func declareInputs() {
        for input in syntax.inputs {
            guard let type = inputType(input) else { continue }
            let id = InputID(program.inputs.count)
            let sopName = program[sopID].name
            program.inputs.append(Input(id: id, name: input.name.value, qualifiedName: "\(sopName).\(input.name.value)", sop: sopID, type: type, question: input.question?.value, range: input.name.range))
            program.inputs[id.index].allow = AllowList(input.allow, key: input.allowKey)
            program.sops[sopID.index].inputs.append(id)
            inputIDs[input.name.value] = id
        }
    }

    func inputType(_ input: InputSyntax) -> InputType? {
        switch input.type?.value {
        case "bool": return .bool
        case "string": return .string
        case "int":
            if let range = input.range { return .int(lower: range.lower.value, upper: range.upper.value) }
            return .int(lower: Int.min, upper: Int.max)
        case "enum":
            return input.values.map { .enumeration($0.map(\.value)) }
        case "set":
            return input.values.map { .set($0.map(\.value)) }
        default:
            return nil
        }
    }

    mutating func declareOutcomes() {
        for outcome in syntax.outcomes {
            let id = OutcomeID(program.outcomes.count)
            let sopName = program[sopID].name
            program.outcomes.append(Outcome(id: id, name: outcome.name.value, qualifiedName: "\(sopName).\(outcome.name.value)", sop: sopID, title: outcome.title?.value ?? "", severity: outcome.severity?.value, range: outcome.name.range))
            program.outcomes[id.index].allow = AllowList(outcome.allow, key: outcome.allowKey)
            program.sops[sopID.index].outcomes.append(id)
            outcomeIDs[outcome.name.value] = id
        }
    }

    mutating func declareNodes() {
        program.nodes.reserveCapacity(program.nodes.count + syntax.nodes.count)
        program.sops[sopID.index].nodes.reserveCapacity(syntax.nodes.count)
        nodeIDs.reserveCapacity(nodeIDs.count + syntax.nodes.count)
        for node in syntax.nodes {
            if let outcome = outcomeIDs[node.name.value] {
                diagnostics.add(.duplicateID, node.name.range, "`\(node.name.value)` names both a node and an outcome",
                                node: node.name.value,
                                notes: [Note("the outcome is declared here", at: diagnostics.span(program[outcome].range))],
                                help: "nodes and outcomes share one namespace: rename one of them")
            }
            let id = NodeID(program.nodes.count)
            program.nodes.append(Node(id: id, name: node.name.value, sop: sopID, question: node.question?.value ?? "", guidance: node.guidance?.value, form: .branches, match: .exclusive, branches: [], allow: AllowList(node.allow, key: node.allowKey), range: node.name.range))
            program.sops[sopID.index].nodes.append(id)
            if nodeIDs[node.name.value] == nil { nodeIDs[node.name.value] = id }
        }
    }

    mutating func resolveStart() {
        guard let start = syntax.start else { return }
        program.sops[sopID.index].startRange = start.range
        if let node = nodeIDs[start.value] {
            program.sops[sopID.index].start = node
        } else if outcomeIDs[start.value] != nil {
            diagnostics.add(.invalidValue, start.range, "`start` must name a node, and `\(start.value)` is an outcome")
        } else {
            diagnostics.addMisspelling(.undefinedReference, start.range, "`start` names `\(start.value)`, which is not a node", word: start.value, among: syntax.nodes.map(\.name.value))
        }
    }

    // MARK: - Nodes

    /// Lowers every node's branches on every core. Workers only read the declarations and collect their
    /// own diagnostics; results are applied in node order, so output does not depend on the worker count.
    mutating func lowerNodes() {
        // Nodes were declared in syntax order, so the k-th syntax node is the k-th node of the SOP.
        let ids = program.sops[sopID.index].nodes
        var slices: [([(Node.Form, MatchMode, [Branch])?], [Diagnostic], [UnresolvedName])] = []
        do {
            // The workers' copies share the program's storage; they end with this block, before the
            // results are written, so writing them does not copy every node of the run.
            var reader = self
            reader.diagnostics = DiagnosticList(file: file)
            reader.unresolved = []
            let base = reader
            slices = Parallel.mapChunks(count: ids.count) { range -> ([(Node.Form, MatchMode, [Branch])?], [Diagnostic], [UnresolvedName]) in
                var worker = base
                // Borrow the nodes in place: copying each node's syntax would retain every string in it.
                let lowered = base.syntax.nodes.withUnsafeBufferPointer { nodes in range.map { worker.lowerNode(nodes[$0]) } }
                return (lowered, worker.diagnostics.items, worker.unresolved)
            }
        }
        var index = 0
        for (lowered, found, names) in slices {
            diagnostics.append(contentsOf: found)
            unresolved += names
            for result in lowered {
                if let (form, match, branches) = result {
                    program.nodes[ids[index].index].form = form
                    program.nodes[ids[index].index].match = match
                    program.nodes[ids[index].index].branches = branches
                }
                index += 1
            }
        }
    }

    /// One node's form, matching mode and branches (nil when it has neither form, already reported).
    mutating func lowerNode(_ node: NodeSyntax) -> (Node.Form, MatchMode, [Branch])? {
        if let on = node.on {
            guard let (input, branches) = lowerSwitch(node, on: on) else { return nil }
            return (.switch(input), .exclusive, branches)
        }
        guard let branches = node.branches else { return nil }
        return (.branches, node.match?.value == "first" ? .first : .exclusive, branches.map { lowerBranch($0, node: node.name.value) })
    }

    mutating func lowerBranch(_ branch: BranchSyntax, node: String) -> Branch {
        let allow = AllowList(branch.allow, key: branch.allowKey)
        if let elseTarget = branch.elseTarget {
            return Branch(kind: .else, condition: .true, target: resolveTarget(elseTarget, node: node), range: branch.elseKey ?? branch.range, targetRange: elseTarget.range, allow: allow)
        }
        var condition = Guard.true
        if let expression = branch.expression, let positions = branch.positions {
            var lowering = GuardLowering(scope: scope, positions: positions, node: node, file: file)
            condition = lowering.lower(expression) ?? .true
            diagnostics.append(contentsOf: lowering.diagnostics)
            unresolved += lowering.unresolved.map { UnresolvedName(span: $0.span, word: $0.word, kind: .input, sop: sopID) }
        }
        let target = branch.then.flatMap { resolveTarget($0, node: node) }
        return Branch(kind: .when(source: branch.when?.value ?? ""), condition: condition, target: target, range: branch.when?.range ?? branch.range, targetRange: branch.then?.range ?? branch.range, allow: allow)
    }

    // MARK: - Names

    /// Resolves an input as written in this SOP: `name` for its own, `otherid.name` for an imported one.
    func input(named name: String) -> InputID? {
        if let own = inputIDs[name] { return own }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let sopName = String(name[..<dot]), inputName = String(name[name.index(after: dot)...])
        guard let sop = visibleSOPs[sopName] else { return nil }
        return program[sop].inputs.first { program[$0].name == inputName }
    }

    /// Every input name visible here, for did-you-mean.
    var visibleInputNames: [String] {
        Array(inputIDs.keys).sorted() + visibleSOPs.values.sorted().flatMap { s in program[s].inputs.map { program[$0].qualifiedName } }
    }

    func outcome(named name: String) -> OutcomeID? {
        if let own = outcomeIDs[name] { return own }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let sopName = String(name[..<dot]), outcomeName = String(name[name.index(after: dot)...])
        guard let sop = visibleSOPs[sopName] else { return nil }
        return program[sop].outcomes.first { program[$0].name == outcomeName }
    }

    mutating func resolveTarget(_ target: Located<String>, node: String) -> Target? {
        if let n = nodeIDs[target.value] { return .node(n) }
        if let o = outcome(named: target.value) { return .outcome(o) }
        if let s = visibleSOPs[target.value] {
            if program[s].start == nil {
                diagnostics.add(.invalidValue, target.range, "`\(target.value)` is a library with no `start`, so a case cannot be handed to it", node: node)
                return nil
            }
            return .call(s)
        }
        var candidates = syntax.nodes.map(\.name.value) + syntax.outcomes.map(\.name.value)
        for s in visibleSOPs.values.sorted() {
            if program[s].start != nil { candidates.append(program[s].name) }
            candidates += program[s].outcomes.map { program[$0].qualifiedName }
        }
        let imported = ImportedNames.byBareName(visibleSOPs.values.sorted().flatMap { s in program[s].outcomes.map { program[$0].qualifiedName } })
        if let qualified = imported[target.value], let o = outcome(named: qualified) {
            ImportedNames.report(.undefinedReference, diagnostics.span(target.range), "`\(target.value)` is not a node, an outcome or an imported SOP",
                                 word: target.value, qualified: qualified, file: program[program[o].sop].file, node: node, into: &diagnostics)
            return nil
        }
        var help: String?
        if target.value.contains("."), let dot = target.value.firstIndex(of: "."), visibleSOPs[String(target.value[..<dot])] == nil {
            help = "import the file that declares `\(target.value[..<dot])` with `import:`"
        }
        diagnostics.addMisspelling(.undefinedReference, target.range, "`\(target.value)` is not a node, an outcome or an imported SOP", word: target.value, among: candidates, node: node, otherwise: help)
        unresolved.append(UnresolvedName(span: diagnostics.span(target.range), word: target.value, kind: .target, sop: sopID))
        return nil
    }
}

extension AllowList {
    /// The graph's form of an `allow:` list read by the decoder.
    init(_ codes: [Located<String>], key: SourceRange?) {
        self.init(codes.map { Entry(code: $0.value, range: $0.range) }, key: key)
    }
}
