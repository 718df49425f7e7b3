import SOPGraph

/// `--format dot`: one Graphviz digraph per SOP (`<sop>.dot` in a folder), every box drawn (no folding:
/// Graphviz has no size limit of its own). Questions are blue boxes, called SOPs purple, outcomes
/// coloured by severity.
struct DotExporter: Exporter {
    static let format = "dot"
    static let summary = "Graphviz DOT digraphs, one per SOP"

    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact] {
        request.sops.map { ExportArtifact(name: request.program[$0].name + ".dot", contents: Self.digraph(Diagram(program: request.program, sop: $0), request.program, $0)) }
    }

    static func digraph(_ d: Diagram, _ program: Program, _ sop: SOPID) -> String {
        var out = "digraph \"" + Escape.dot(program[sop].name) + "\" {\n"
        out += "  graph [rankdir=TB, nodesep=0.3, ranksep=0.45, fontname=\"DejaVu Sans\", label=\"" + Escape.dot(program[sop].title) + "\", labelloc=t, fontsize=16];\n"
        out += "  node [fontname=\"DejaVu Sans\", fontsize=11, style=\"filled,rounded\", shape=box, penwidth=1.2, margin=\"0.12,0.06\"];\n"
        out += "  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\", arrowsize=0.7];\n"
        for b in d.boxes {
            var attributes: [String] = []
            switch b.kind {
            case .question:
                let lines = [b.title] + Diagram.wrap(Diagram.short(b.detail ?? "", 120), 34)
                attributes = ["label=\"" + lines.map(Escape.dot).joined(separator: "\\n") + "\"", "fillcolor=\"\(Palette.question)\"", "color=\"\(Palette.questionLine)\""]
                if b.isStart { attributes.append("penwidth=2.4") }
            case .outcome:
                let p = Palette.outcome(b.detail)
                let lines = Diagram.wrap(Diagram.short(b.title, 110), 30) + (b.detail.map { ["[\($0)]"] } ?? [])
                attributes = ["label=\"" + lines.map(Escape.dot).joined(separator: "\\n") + "\"", "shape=box", "style=\"filled,rounded,bold\"", "fillcolor=\"\(p.fill)\"", "color=\"\(p.line)\""]
            case .call:
                let lines = ["\u{21AA} " + Diagram.short(b.title, 80)]
                attributes = ["label=\"" + lines.map(Escape.dot).joined(separator: "\\n") + "\"", "shape=box3d", "style=filled", "fillcolor=\"\(Palette.call)\"", "color=\"\(Palette.callLine)\""]
            case .folded(let n):
                attributes = ["label=\"\(n) more questions\\n(not drawn)\"", "shape=note", "style=filled", "fillcolor=\"\(Palette.folded)\""]
            }
            attributes.append("id=\"\(b.id)\"")
            out += "  \(b.id) [" + attributes.joined(separator: ", ") + "];\n"
        }
        for e in d.edges {
            let label = Diagram.wrap(Diagram.short(e.label, 70), 28).map(Escape.dot).joined(separator: "\\n")
            out += "  \(d.boxes[e.from].id) -> \(d.boxes[e.to].id) [label=\"" + label + "\"];\n"
        }
        out += "}\n"
        return out
    }
}
