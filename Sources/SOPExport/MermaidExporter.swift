import SOPGraph

/// `--format mermaid`: one flowchart per SOP (`<sop>.mmd` in a folder), within the limits GitHub's
/// Mermaid renders: at most 500 arrows and 50,000 characters. A larger SOP is folded: the first questions
/// breadth first, and one box saying how many are left out.
struct MermaidExporter: Exporter {
    static let format = "mermaid"
    static let summary = "Mermaid flowcharts (GitHub renders them), one per SOP"

    static let maxEdges = 500
    static let maxCharacters = 50_000

    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact] {
        request.sops.map { ExportArtifact(name: request.program[$0].name + ".mmd", contents: Self.flowchart(request.program, $0)) }
    }

    /// The flowchart of one SOP, folded until it fits Mermaid's limits.
    static func flowchart(_ program: Program, _ sop: SOPID) -> String {
        var limit = Int.max
        while true {
            let diagram = Diagram(program: program, sop: sop, maxQuestions: limit)
            let text = render(diagram, program: program, sop: sop)
            if (diagram.edges.count <= maxEdges && text.utf8.count <= maxCharacters) || limit <= 1 { return text }
            let questions = diagram.boxes.filter { if case .question = $0.kind { return true } else { return false } }.count
            limit = max(1, min(questions / 2, maxEdges / 4))
        }
    }

    static func render(_ d: Diagram, program: Program, sop: SOPID) -> String {
        var out = "---\ntitle: \"" + Escape.mermaid(program[sop].title) + "\"\n---\nflowchart TD\n"
        if d.omittedQuestions > 0 {
            out += "  %% folded: \(d.omittedQuestions) questions and \(d.omittedEdges) arrows are not drawn (Mermaid renders at most \(maxEdges) arrows and \(maxCharacters) characters); use --format dot or html for the whole SOP\n"
        }
        for b in d.boxes {
            let label: String
            switch b.kind {
            case .question:
                label = "<b>" + Escape.mermaid(b.title) + "</b><br/>" + Escape.mermaid(Diagram.short(b.detail ?? "", 90))
                out += "  \(b.id)[\"\(label)\"]\n"
            case .outcome:
                label = Escape.mermaid(Diagram.short(b.title, 90)) + (b.detail.map { "<br/><i>" + Escape.mermaid($0) + "</i>" } ?? "")
                out += "  \(b.id)([\"\(label)\"])\n"
            case .call:
                out += "  \(b.id)[[\"" + Escape.mermaid(Diagram.short(b.title, 90)) + "\"]]\n"
            case .folded(let n):
                out += "  \(b.id){{\"\(n) more questions not drawn\"}}\n"
            }
        }
        for e in d.edges {
            out += "  \(d.boxes[e.from].id) -->|\"" + Escape.mermaid(Diagram.short(e.label, 60)) + "\"| \(d.boxes[e.to].id)\n"
        }
        out += "  classDef question fill:\(Palette.question),stroke:\(Palette.questionLine),color:#111\n"
        out += "  classDef call fill:\(Palette.call),stroke:\(Palette.callLine),color:#111\n"
        out += "  classDef folded fill:\(Palette.folded),stroke:#999,color:#111\n"
        for s in ["critical", "high", "medium", "low", "none"] {
            let p = Palette.outcome(s == "none" ? nil : s)
            out += "  classDef sev_\(s) fill:\(p.fill),stroke:\(p.line),color:#111\n"
        }
        var classes: [String: [String]] = [:]
        var classOrder: [String] = []
        for b in d.boxes {
            let c: String
            switch b.kind {
            case .question: c = "question"
            case .call: c = "call"
            case .folded: c = "folded"
            case .outcome: c = "sev_" + (["critical", "high", "medium", "low"].contains(b.detail ?? "") ? b.detail! : "none")
            }
            if classes[c] == nil { classOrder.append(c) }
            classes[c, default: []].append(b.id)
        }
        for c in classOrder { out += "  class " + classes[c]!.joined(separator: ",") + " \(c)\n" }
        return out
    }
}
