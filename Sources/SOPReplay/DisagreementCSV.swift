import SOPGraph

/// Writes one CSV row per disagreement.
public struct DisagreementCSV {
    public let graph: ReplayGraph

    /// A writer naming nodes and outcomes as `graph` does.
    public init(graph: ReplayGraph) { self.graph = graph }

    public static let header = "id,line,label,sop,divergence,sop_branch,reason,path,specialist_path,labeler,ai,cause\n"

    /// The CSV row for `d` with its root cause (`label-error`, `sop-suspect`, `unclear`).
    public func row(_ d: DisagreementRecord, cause: QAReview.Cause) -> String {
        Self.line(cells: cells(d), cause: cause)
    }

    /// A row from its `cells` and the cause found after the pass.
    public static func line(cells: String, cause: QAReview.Cause) -> String {
        cells + "," + cause.rawValue + "\n"
    }

    /// The row's cells before the cause, joined: the cause is known only once every row is read.
    public func cells(_ d: DisagreementRecord) -> String {
        var cells: [String] = [d.id, String(d.line), graph.name(of: d.label), graph.name(of: d.sop)]
        switch d.divergence {
        case .node(let n, let b): cells += [graph.name(of: n), graph.describe(node: n, branch: b), ""]
        case .labelUnreachable: cells += ["", "", "label-unreachable"]
        }
        // Paths as every output spells them (`DecisionPath`), ending in the outcome, so a cell pasted
        // back as a sample's `path` field reads the same.
        cells.append(DecisionPath.join(d.path.map(graph.name(of:)) + [graph.name(of: d.sop)]))
        cells.append(d.specialistPath.map { DecisionPath.join($0.map(graph.name(of:)) + [graph.name(of: d.label)]) } ?? "")
        cells.append(d.labeler ?? "")
        cells.append(d.ai.map(graph.name(of:)) ?? "")
        return cells.map(Self.escape).joined(separator: ",")
    }

    /// Quotes a cell holding a comma, quote or line break, and neutralises one a spreadsheet would run as a
    /// formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
    /// (OWASP's advice for CSV injection), unless it is a plain number such as `-5`.
    public static func escape(_ s: String) -> String {
        var s = s
        if let first = s.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first), !isPlainNumber(s) {
            s = "'" + s
        }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }

    /// `-12`, `+3.5`: a number a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ s: String) -> Bool {
        let body = s.utf8.dropFirst(s.utf8.first == UInt8(ascii: "-") || s.utf8.first == UInt8(ascii: "+") ? 1 : 0)
        var dots = 0
        for c in body {
            if c == UInt8(ascii: ".") { dots += 1 } else if !(c >= 48 && c <= 57) { return false }
        }
        return !body.isEmpty && dots <= 1 && body.contains { $0 >= 48 && $0 <= 57 }
    }
}
