import SOPGraph

/// A SOP as boxes and arrows, with synthetic ids (`q0`, `o0`, `s0`): what the Mermaid, DOT and HTML
/// diagrams draw. Questions are the SOP's own nodes reachable from its start, breadth first; each outcome
/// and each called SOP is one box. Past `maxQuestions` the rest folds into one box that says how many
/// questions it holds.
struct Diagram {
    enum Kind: Equatable {
        case question(NodeID)
        case outcome(OutcomeID)
        case call(SOPID)
        /// Questions left out, with their count.
        case folded(Int)
    }

    struct Box {
        var id: String
        var kind: Kind
        /// Short title: the node id, the outcome title, the called SOP's title.
        var title: String
        /// The question, or the outcome's severity.
        var detail: String?
        var isStart = false
    }

    struct Edge {
        var from: Int
        var to: Int
        var label: String
    }

    var boxes: [Box] = []
    var edges: [Edge] = []
    /// Questions and arrows not drawn.
    var omittedQuestions = 0
    var omittedEdges = 0

    init(program: Program, sop: SOPID, maxQuestions: Int = .max) {
        guard let start = program[sop].start else { return }
        var index: [NodeID: Int] = [:]
        var order: [NodeID] = [start]
        var seen: Set<NodeID> = [start]
        var k = 0
        while k < order.count {
            for b in program[order[k]].branches {
                if case .node(let m)? = b.target, program[m].sop == sop, seen.insert(m).inserted { order.append(m) }
            }
            k += 1
        }
        let shown = order.prefix(maxQuestions)
        for n in shown {
            index[n] = boxes.count
            let node = program[n]
            boxes.append(Box(id: "q\(boxes.count)", kind: .question(n), title: node.name, detail: node.question, isStart: n == start))
        }
        omittedQuestions = order.count - shown.count
        var outcomeBox: [OutcomeID: Int] = [:]
        var callBox: [SOPID: Int] = [:]
        var foldedBox: Int?
        var outcomeCount = 0, callCount = 0
        for n in shown {
            let node = program[n]
            var merged: [Int: Int] = [:]
            for (i, b) in node.branches.enumerated() {
                let to: Int
                switch b.target {
                case .node(let m)?:
                    if let t = index[m] {
                        to = t
                    } else if program[m].sop == sop {
                        if foldedBox == nil {
                            foldedBox = boxes.count
                            boxes.append(Box(id: "more", kind: .folded(omittedQuestions), title: "\(omittedQuestions) more questions", detail: "not drawn: open the player"))
                        }
                        to = foldedBox!
                    } else {
                        continue
                    }
                case .outcome(let o)?:
                    if let t = outcomeBox[o] {
                        to = t
                    } else {
                        to = boxes.count
                        outcomeBox[o] = to
                        let outcome = program[o]
                        boxes.append(Box(id: "o\(outcomeCount)", kind: .outcome(o), title: outcome.title, detail: outcome.severity))
                        outcomeCount += 1
                    }
                case .call(let s)?:
                    if let t = callBox[s] {
                        to = t
                    } else {
                        to = boxes.count
                        callBox[s] = to
                        boxes.append(Box(id: "s\(callCount)", kind: .call(s), title: program[s].title, detail: "continue with the SOP `\(program[s].name)`"))
                        callCount += 1
                    }
                case nil:
                    continue
                }
                let label = program.answer(node, branch: i)
                if let e = merged[to] {
                    edges[e].label += " / " + label
                } else {
                    merged[to] = edges.count
                    edges.append(Edge(from: index[n]!, to: to, label: label))
                }
            }
        }
        if omittedQuestions > 0 {
            for n in order.dropFirst(shown.count) {
                omittedEdges += program[n].branches.count
            }
        }
    }

    /// Cuts a label to `limit` characters with an ellipsis.
    static func short(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "\u{2026}"
    }

    /// Breaks text into lines of about `width` characters at spaces.
    static func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && line.count + word.count + 1 > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

/// Fill colours by box kind and outcome severity, shared by every diagram format.
enum Palette {
    static let question = "#e8f0fe"
    static let questionLine = "#4a6fa5"
    static let call = "#efe6fb"
    static let callLine = "#7b52ab"
    static let folded = "#eeeeee"

    static func outcome(_ severity: String?) -> (fill: String, line: String) {
        switch severity {
        case "critical": return ("#f8d0d0", "#b3261e")
        case "high": return ("#fde2c8", "#c25e00")
        case "medium": return ("#fff3c4", "#a68a00")
        case "low": return ("#dff3e3", "#2e7d32")
        default: return ("#f1f1f1", "#666666")
        }
    }
}
