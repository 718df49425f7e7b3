import Foundation
import SOPCore
import SOPGraph

/// `--format html`: ONE self-contained page for the exported SOPs (and the SOPs they call): an overview
/// diagram laid out by Graphviz as inline SVG, a player that asks one question at a time, a quiz that
/// scores the trainee, and the handbook. Inline CSS and one inline script allowed by its hash in the
/// Content-Security-Policy; the tree is embedded as JSON with `<`, `>` and `&` escaped; no URL anywhere,
/// so the page works from a file on an air-gapped laptop.
struct HTMLExporter: Exporter {
    static let format = "html"
    static let summary = "one self-contained page: diagram, step-by-step player, quiz and handbook"

    /// Past this many questions, a SOP's overview diagram draws the first ones (breadth first) and folds
    /// the rest into one box; the player and the handbook still hold every question.
    static let diagramQuestionLimit = 80
    /// Scenarios embedded per SOP for the page's quiz mode (the `quiz` export has all of them).
    static let quizLimit = 200

    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact] {
        let program = request.program
        let roots = request.sops.filter { program[$0].start != nil }
        guard !roots.isEmpty else { throw ExportError("no decision tree to export: the SOPs named have no `start`") }
        let included = Self.closure(program, roots)
        let title = roots.count == 1 ? program[roots[0]].title : "SOP training: " + roots.map { program[$0].name }.joined(separator: ", ")

        var diagrams = ""
        var handbooks = ""
        var diagramMaps: [SOPID: [(String, JSONValue)]] = [:]
        for s in included {
            let diagram = Diagram(program: program, sop: s, maxQuestions: Self.diagramQuestionLimit)
            let svg = GraphvizLayout.svg(DotExporter.digraph(diagram, program, s)) ?? "<p class=\"note\">The diagram could not be laid out.</p>"
            var note = ""
            if diagram.omittedQuestions > 0 {
                note = "<p class=\"note\">This SOP has \(diagram.omittedQuestions + Self.diagramQuestionLimit) questions; the diagram shows the first \(Self.diagramQuestionLimit) (breadth first) and folds \(diagram.omittedQuestions) into one box. The player and the handbook hold all of them.</p>"
            }
            diagrams += "<div class=\"diagram\" data-sop=\"s\(s.index)\" hidden>\(note)<div class=\"svg\">\(svg)</div></div>\n"
            diagramMaps[s] = diagram.boxes.compactMap { b in
                switch b.kind {
                case .question(let n): return (b.id, .string("n\(n.index)"))
                case .outcome(let o): return (b.id, .string("o\(o.index)"))
                case .call(let c): return (b.id, .string("s\(c.index)"))
                case .folded: return nil
                }
            }
            handbooks += "<article class=\"handbook\" data-sop=\"s\(s.index)\" hidden>\n" + Handbook(program: program, sop: s).document(mermaid: nil).html() + "</article>\n"
        }
        let data = Self.data(program, roots: roots, included: included, diagramMaps: diagramMaps, seed: request.options.seed)
        let script = HTMLAssets.script
        let hash = Data(SHA256.digest(Array(script.utf8))).base64EncodedString()
        let csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-\(hash)'; img-src data:; base-uri 'none'; form-action 'none'"
        var page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(csp)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="sopc \(Escape.html(SOPCVersion.current))">
            <title>\(Escape.html(title))</title>
            <style>\(HTMLAssets.style)</style>
            </head>
            <body>
            <header>
              <div class="brand">SOP training</div>
              <label class="picker">SOP <select id="sop-picker" aria-label="SOP"></select></label>
              <nav role="tablist">
                <button role="tab" data-tab="player" aria-selected="true">Player</button>
                <button role="tab" data-tab="diagram">Diagram</button>
                <button role="tab" data-tab="quiz">Quiz</button>
                <button role="tab" data-tab="handbook">Handbook</button>
              </nav>
            </header>
            <main>
            <h1 id="sop-title"></h1>
            <section id="tab-player" class="tab">
              <div class="player-grid">
                <div class="card" id="player" aria-live="polite"></div>
                <aside class="card" id="examples"></aside>
              </div>
            </section>
            <section id="tab-diagram" class="tab" hidden>
              <div class="legend"><span class="key k-question">question</span><span class="key k-call">other SOP</span><span class="key k-critical">critical</span><span class="key k-high">high</span><span class="key k-medium">medium</span><span class="key k-low">low</span><span class="muted">Click a box to read it.</span><span class="zoom"><button class="btn" id="zoom-out" aria-label="Zoom out">&#8722;</button><button class="btn" id="zoom-fit">Fit</button><button class="btn" id="zoom-in" aria-label="Zoom in">+</button></span></div>
              <div class="diagram-grid">
                <div class="card diagrams">
            \(diagrams)    </div>
                <aside class="card" id="node-info"><p class="muted">Click a question or an outcome in the diagram.</p></aside>
              </div>
            </section>
            <section id="tab-quiz" class="tab" hidden><div class="card" id="quiz"></div></section>
            <section id="tab-handbook" class="tab" hidden><div class="card handbooks">
            \(handbooks)</div></section>
            </main>
            <script type="application/json" id="sop-data">
            """
        // `<`, `>` and `&` as `\u` escapes: neither `</script>` nor `<!--` can occur in the data.
        var json = JSONWriter(indent: 0, inertInHTML: true, capacity: 1 << 20)
        json.value(data)
        page += json.text
        page += "\n</script>\n<script>" + script + "</script>\n</body>\n</html>\n"
        return [ExportArtifact(name: "training.html", contents: page)]
    }

    /// The exported SOPs and every SOP they call, transitively, in first-reached order.
    static func closure(_ program: Program, _ roots: [SOPID]) -> [SOPID] {
        var result: [SOPID] = []
        var stack = roots.reversed() as [SOPID]
        while let s = stack.popLast() {
            guard !result.contains(s) else { continue }
            result.append(s)
            for n in program[s].nodes {
                for b in program[n].branches {
                    if case .call(let c)? = b.target, !result.contains(c) { stack.insert(c, at: 0) }
                }
            }
        }
        return result
    }

    private static func key(_ target: Target?) -> JSONValue {
        switch target {
        case .node(let n)?: return .string("n\(n.index)")
        case .outcome(let o)?: return .string("o\(o.index)")
        case .call(let s)?: return .string("s\(s.index)")
        case nil: return .null
        }
    }

    static func data(_ program: Program, roots: [SOPID], included: [SOPID], diagramMaps: [SOPID: [(String, JSONValue)]], seed: UInt64) -> JSONValue {
        var nodes: [(String, JSONValue)] = []
        var outcomes: [(String, JSONValue)] = []
        var outcomeSeen: Set<OutcomeID> = []
        func addOutcome(_ o: OutcomeID) {
            guard outcomeSeen.insert(o).inserted else { return }
            let outcome = program[o]
            outcomes.append(("o\(o.index)", .object([
                ("sop", .string(program[outcome.sop].name)), ("id", .string(outcome.name)), ("qualified", .string(outcome.qualifiedName)),
                ("title", .string(outcome.title)), ("severity", outcome.severity.map { .string($0) } ?? .null),
            ])))
        }
        var sops: [(String, JSONValue)] = []
        for s in included {
            let sop = program[s]
            for n in sop.nodes {
                let node = program[n]
                var branches: [JSONValue] = []
                for (i, b) in node.branches.enumerated() {
                    if case .outcome(let o)? = b.target { addOutcome(o) }
                    var when: JSONValue = .null
                    if case .when(let source) = b.kind { when = .string(source) }
                    branches.append(.object([("answer", .string(program.answer(node, branch: i))), ("when", when), ("to", key(b.target))]))
                }
                nodes.append(("n\(n.index)", .object([
                    ("sop", .string(sop.name)), ("id", .string(node.name)), ("question", .string(node.question.trimmingSpaces)),
                    ("guidance", node.guidance.map { .string($0.trimmingSpaces) } ?? .null),
                    ("first", .bool(node.match == .first && node.form == .branches)), ("branches", .array(branches)),
                ])))
            }
            for o in sop.outcomes { addOutcome(o) }
            var members: [(String, JSONValue)] = [
                ("id", .string(sop.name)), ("title", .string(sop.title)), ("start", sop.start.map { .string("n\($0.index)") } ?? .null),
                ("root", .bool(roots.contains(s))),
                ("meta", .array([sop.version.map { "version " + $0 }, sop.owner.map { "owner " + $0 }, sop.policy].compactMap { $0 }.map { .string($0) })),
                ("diagram", .object(diagramMaps[s] ?? [])),
                ("examples", .array(examples(program, s))),
            ]
            if sop.start != nil {
                let quiz = Quiz(program: program, sop: s, seed: seed, limit: quizLimit)
                members.append(("quiz", .array(quiz.questions.prefix(quizLimit).map { q in
                    .object([
                        ("facts", .array(q.facts.map { .object([("question", .string($0.question)), ("answer", .string($0.answer))]) })),
                        ("options", .array(q.options.map { o in .object([("title", .string(program[o].title)), ("feedback", .string(o == q.answer ? quiz.explanation(q) : quiz.feedback(wrong: o, in: q)))]) })),
                        ("answer", .int(q.options.firstIndex(of: q.answer) ?? 0)),
                        ("prompt", .string(quiz.prompt())),
                    ])
                })))
                members.append(("quizTotal", .int(quiz.questions.count)))
                members.append(("quizComplete", .bool(quiz.questions.count < quizLimit)))
            }
            sops.append(("s\(s.index)", .object(members)))
        }
        return .object([
            ("roots", .array(roots.map { .string("s\($0.index)") })),
            ("sops", .object(sops)),
            ("nodes", .object(nodes)),
            ("outcomes", .object(outcomes)),
        ])
    }

    /// Each worked example with the answers it gives and the branches its walk takes, so the player can
    /// show a trainee the way ("Show me").
    private static func examples(_ program: Program, _ s: SOPID) -> [JSONValue] {
        program[s].examples.map { e in
            var facts: [JSONValue] = []
            for id in program.inputs.map(\.id) {
                guard let v = e.given[id] else { continue }
                facts.append(.object([("input", .string(program.name(of: id, from: s))), ("answer", .string(Program.words(v)))]))
            }
            let walk = program.run(e, from: s).walk
            return .object([
                ("name", .string(e.name)),
                ("expect", e.expect.map { .string(program.name(of: $0, from: s)) } ?? .null),
                ("facts", .array(facts)),
                ("steps", .array(walk.steps.map { .array([.string("n\($0.node.index)"), .int($0.branch)]) })),
            ])
        }
    }
}
