import SOPCore
import SOPGraph
import SOPSolver

/// The handbook of one SOP as a `Document`: what the Markdown export writes and the HTML page shows.
/// Title and metadata, the inputs with their questions, every question with its guidance and branches in
/// words, every outcome with the routes that reach it, the worked examples.
struct Handbook {
    let program: Program
    let sop: SOPID
    let finder: RouteFinder
    /// Whether to include a Mermaid diagram (Markdown does; HTML draws its own).
    var routeLimit = 12

    init(program: Program, sop: SOPID) {
        self.program = program
        self.sop = sop
        finder = RouteFinder(program: program, sop: sop)
    }

    /// The nodes in reading order: topological from the start, then any the start does not reach.
    var nodeOrder: [NodeID] {
        let reached = Set(finder.order)
        return finder.order + program[sop].nodes.filter { !reached.contains($0) }
    }

    func document(mermaid: String?) -> Document {
        let s = program[sop]
        var doc = Document()
        doc.add(.heading(1, [.text(s.title)], anchor: Document.anchor("sop", s.name)))
        var meta: [[[Document.Inline]]] = [[[.text("SOP")], [.code(s.name)]]]
        if let v = s.version { meta.append([[.text("Version")], [.text(v)]]) }
        if let o = s.owner { meta.append([[.text("Owner")], [.text(o)]]) }
        if let p = s.policy { meta.append([[.text("Policy")], [.text(p)]]) }
        meta.append([[.text("Source")], [.code(s.file)]])
        doc.add(.table(header: ["", ""], rows: meta))
        if let start = s.start {
            doc.add(.paragraph([.text("Start with "), .anchor([.text(program[start].question)], Document.anchor("node", program[start].name)), .text(". It has \(s.nodes.count) question\(s.nodes.count == 1 ? "" : "s").")]))
        }
        if let mermaid {
            doc.add(.heading(2, [.text("Diagram")], anchor: nil))
            doc.add(.mermaid(mermaid))
        }
        addInputs(&doc)
        addQuestions(&doc)
        addOutcomes(&doc)
        addExamples(&doc)
        return doc
    }

    // MARK: - Inputs

    /// The SOP's own inputs, then the imported ones its questions read.
    var inputs: [InputID] {
        var read: Set<InputID> = []
        for n in program[sop].nodes {
            for b in program[n].branches { read.formUnion(b.condition.inputs) }
            if case .switch(let i) = program[n].form { read.insert(i) }
        }
        return program.visibleInputs(of: sop).filter { program[$0].sop == sop || read.contains($0) }
    }

    private func addInputs(_ doc: inout Document) {
        let list = inputs
        guard !list.isEmpty else { return }
        doc.add(.heading(2, [.text("Facts to establish")], anchor: nil))
        var rows: [[[Document.Inline]]] = []
        for id in list {
            let input = program[id]
            var values: [Document.Inline] = []
            switch input.type {
            case .int(let lo, let hi):
                values = [.text(lo == Int.min && hi == Int.max ? "any whole number" : "\(lo) to \(hi)")]
            case .bool:
                values = [.text("yes or no")]
            case .string:
                values = [.text("free text")]
            case .enumeration(let v), .set(let v):
                for (k, value) in v.enumerated() {
                    if k > 0 { values.append(.text(", ")) }
                    values.append(.code(value))
                }
                if case .set = input.type { values.insert(.text("any of "), at: 0) }
            }
            rows.append([[.code(program.name(of: id, from: sop))], [.text(input.type.name)], values, [.prose(input.question ?? "")]])
        }
        doc.add(.table(header: ["Fact", "Type", "Values", "How to find out"], rows: rows))
    }

    // MARK: - Questions

    private func destination(_ target: Target?) -> [Document.Inline] {
        switch target {
        case .node(let n)?:
            return [.anchor([.text(program[n].question)], Document.anchor("node", program.pathName(of: n, from: sop)))]
        case .outcome(let o)?:
            var r: [Document.Inline] = [.strong([.anchor([.text(program[o].title)], Document.anchor("outcome", program.name(of: o, from: sop)))])]
            if let sev = program[o].severity { r.append(.text(" (\(sev))")) }
            return r
        case .call(let s)?:
            return [.text("continue with "), .sop([.text(program[s].title)], program[s].name)]
        case nil:
            return [.text("(unresolved)")]
        }
    }

    private func addQuestions(_ doc: inout Document) {
        guard !program[sop].nodes.isEmpty else { return }
        doc.add(.heading(2, [.text("Questions")], anchor: nil))
        for n in nodeOrder {
            let node = program[n]
            doc.add(.heading(3, [.code(node.name), .text(" " + node.question)], anchor: Document.anchor("node", node.name)))
            if let g = node.guidance { doc.add(.paragraph([.strong([.text("Guidance:")]), .text(" "), .prose(g)])) }
            var items: [Document.Item] = []
            let ordered = node.match == .first && node.form == .branches
            for (i, b) in node.branches.enumerated() {
                let lead = b.isElse ? (node.branches.count == 1 ? "Always" : "Otherwise") : (ordered && i > 0 ? "Else, if " : "If ")
                var text: [Document.Inline] = [.text(lead)]
                if !b.isElse {
                    if case .switch(let input) = node.form {
                        text.append(.text(Program.words(program.name(of: input, from: sop)) + " is "))
                        text.append(.strong([.text(program.answer(node, branch: i))]))
                    } else {
                        text.append(.text(program.answer(node, branch: i)))
                    }
                }
                text.append(.text(" \u{2192} "))
                text += destination(b.target)
                items.append(Document.Item(text: text))
            }
            doc.add(.list(items, ordered: ordered))
            if ordered { doc.add(.paragraph([.text("The first branch that applies is taken.")])) }
        }
    }

    // MARK: - Outcomes

    /// Outcomes the SOP's own branches lead to, in the order the questions reach them, then its own
    /// outcomes no branch names.
    var outcomes: [OutcomeID] {
        var seen: Set<OutcomeID> = []
        var result: [OutcomeID] = []
        for n in nodeOrder {
            for b in program[n].branches {
                if case .outcome(let o)? = b.target, seen.insert(o).inserted { result.append(o) }
            }
        }
        return result + program[sop].outcomes.filter { !seen.contains($0) }
    }

    var calls: [SOPID] {
        var seen: Set<SOPID> = []
        var result: [SOPID] = []
        for n in nodeOrder {
            for b in program[n].branches {
                if case .call(let s)? = b.target, seen.insert(s).inserted { result.append(s) }
            }
        }
        return result
    }

    private func addOutcomes(_ doc: inout Document) {
        let list = outcomes
        guard !list.isEmpty || !calls.isEmpty else { return }
        doc.add(.heading(2, [.text("Outcomes")], anchor: nil))
        for o in list {
            let outcome = program[o]
            doc.add(.heading(3, [.text(outcome.title)], anchor: Document.anchor("outcome", program.name(of: o, from: sop))))
            var meta: [Document.Inline] = [.code(program.name(of: o, from: sop))]
            if let sev = outcome.severity { meta += [.text(" \u{00B7} severity "), .strong([.text(sev)])] }
            doc.add(.paragraph(meta))
            addRoutes(&doc, finder.routes(to: .outcome(o), limit: routeLimit))
        }
        for s in calls {
            doc.add(.heading(3, [.text("Continue with "), .sop([.text(program[s].title)], program[s].name)], anchor: nil))
            addRoutes(&doc, finder.routes(to: .call(s), limit: routeLimit))
        }
    }

    private func addRoutes(_ doc: inout Document, _ routes: RouteSet) {
        if routes.routes.isEmpty {
            doc.add(.paragraph([.text(routes.complete ? "No case reaches this outcome from this SOP's questions." : "Routes not listed: the search stopped at its work bound.")]))
            return
        }
        doc.add(.paragraph([.text("How a case gets here (\(routes.routes.count)\(routes.complete ? "" : "+") route\(routes.routes.count == 1 && routes.complete ? "" : "s")):")]))
        func items(_ trees: [RouteTree]) -> [Document.Item] {
            trees.map { t in
                let w = program.words(t.step)
                return Document.Item(text: [.text(w.question + " \u{2192} "), .strong([.text(w.answer)])], children: items(t.children))
            }
        }
        doc.add(.list(items(routes.tree), ordered: false))
        if !routes.complete {
            doc.add(.paragraph([.text("More routes lead here; the first \(routes.routes.count) are shown.")]))
        }
    }

    // MARK: - Examples

    private func addExamples(_ doc: inout Document) {
        let s = program[sop]
        guard !s.examples.isEmpty else { return }
        doc.add(.heading(2, [.text("Worked examples")], anchor: nil))
        for e in s.examples {
            doc.add(.heading(3, [.text(e.name)], anchor: nil))
            var rows: [[[Document.Inline]]] = []
            for id in program.visibleInputs(of: sop) + program.inputs.map(\.id).filter({ !program.visibleInputs(of: sop).contains($0) }) {
                guard let v = e.given[id] else { continue }
                rows.append([[.code(program.name(of: id, from: sop))], [.text(Program.words(v))]])
            }
            if !rows.isEmpty { doc.add(.table(header: ["Fact", "Answer"], rows: rows)) }
            let verdict = program.run(e, from: sop)
            var result: [Document.Inline] = [.text("Route: "), .code(verdict.pathText)]
            if let o = verdict.walk.outcome {
                result += [.text(" \u{2192} "), .strong([.text(program[o].title)])]
            }
            doc.add(.paragraph(result))
        }
    }
}

/// `--format markdown`: a handbook page per SOP (`<sop>.md` in a folder), with a Mermaid diagram GitHub
/// renders; a sub-tree call links to the called SOP's page.
struct MarkdownExporter: Exporter {
    static let format = "markdown"
    static let summary = "a handbook page per SOP, with a Mermaid diagram"

    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact] {
        request.sops.map { s in
            let handbook = Handbook(program: request.program, sop: s)
            let mermaid = request.program[s].start == nil ? nil : MermaidExporter.flowchart(request.program, s)
            return ExportArtifact(name: Document.pageName(request.program[s].name), contents: handbook.document(mermaid: mermaid).markdown() + "\n")
        }
    }
}
