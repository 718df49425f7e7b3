import SOPGraph

/// Writes one CSV row per disagreement.
///
/// Rows are built as bytes: by the replay's workers, as each disagreement is found (`Chunk`: every cell
/// but the id and the line, known at the merge, and the cause, known after the pass), completed with the
/// id and line at the merge into a `DisagreementSpool` (memory or a temporary file), and joined with their
/// causes once the pass is over (`write`). Node and outcome names and the SOP's branches are escaped
/// once per run (`Cells`).
public struct DisagreementCSV {
    public let graph: ReplayGraph
    let cells: Cells

    /// A writer naming nodes and outcomes as `graph` does.
    public init(graph: ReplayGraph) {
        self.graph = graph
        cells = Cells(graph: graph)
    }

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
        var out: [UInt8] = []
        var id = d.id
        id.withUTF8 { Self.appendEscaped($0, to: &out) }
        out.append(Self.comma)
        out.append(contentsOf: String(d.line).utf8)
        out.append(Self.comma)
        var scratch: [UInt8] = []
        var labeler = d.labeler
        let table = cells.pieces.table
        if labeler == nil {
            cells.appendTail(table, label: d.label.index, sop: d.sop.index, divergence: d.divergence, path: d.path,
                             specialistPath: d.specialistPath, labeler: nil, ai: d.ai?.index, scratch: &scratch, to: &out)
        } else {
            labeler!.withUTF8 { l in
                cells.appendTail(table, label: d.label.index, sop: d.sop.index, divergence: d.divergence, path: d.path,
                                 specialistPath: d.specialistPath, labeler: l, ai: d.ai?.index, scratch: &scratch, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes every disagreement of `result` (replayed with `ReplayOptions.disagreementRows`) in input
    /// order, with its root cause, in pieces of whole rows; the header is not included.
    public static func write(_ result: ReplayResult, _ emit: ([UInt8]) throws -> Void) throws {
        guard let spool = result.disagreementRows else { return }
        let causes = result.review.rootCauses
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var row = 0
        try spool.forEachRow { cells in
            out.append(contentsOf: cells)
            out.append(comma)
            out.append(contentsOf: causes.verdicts[row].cause.rawValue.utf8)
            out.append(0x0A)
            row += 1
            if out.count >= 1 << 20 {
                try emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try emit(out) }
    }

    static let comma = UInt8(ascii: ",")

    // MARK: - Rows built by the workers

    /// One batch's rows: per row its escaped id cell (empty when the row has no id) and its cells after the
    /// line (label to ai), without the cause.
    struct Chunk: Sendable {
        var bytes: [UInt8] = []
        /// Per row: where its id cell ends and where the row ends (it starts where the row before ends).
        var ends: [Int] = []
        var count: Int { ends.count / 2 }
    }

    /// Names, outcomes and branches as escaped cells, and raw for the paths, in one block: copying one
    /// into a row costs no reference counting.
    final class Cells: Sendable {
        let pieces: BytePieces
        private let outcomeCount: Int
        private let nodeCount: Int
        /// The first global branch index of each node (`ReplayGraph.branchIndex`).
        private let firstBranch: [Int]
        private let branchCount: Int

        init(graph: ReplayGraph) {
            let program = graph.program
            let outcomes = program.outcomes.map { graph.name(of: $0.id) }
            let nodes = program.nodes.map { graph.name(of: $0.id) }
            var branches: [String] = []
            var first: [Int] = []
            for n in program.nodes {
                first.append(branches.count)
                for b in n.branches.indices { branches.append(graph.describe(node: n.id, branch: b)) }
            }
            outcomeCount = outcomes.count
            nodeCount = nodes.count
            firstBranch = first
            branchCount = branches.count
            func escaped(_ s: String) -> [UInt8] {
                var out: [UInt8] = []
                var s = s
                s.withUTF8 { DisagreementCSV.appendEscaped($0, to: &out) }
                return out
            }
            // Escaped outcomes, escaped nodes, escaped branches, raw outcomes, raw nodes, fixed pieces.
            pieces = BytePieces(outcomes.map(escaped) + nodes.map(escaped) + branches.map(escaped)
                                + outcomes.map { Array($0.utf8) } + nodes.map { Array($0.utf8) }
                                + [Array(",,label-unreachable".utf8), Array(DecisionPath.separator.utf8)])
        }

        private var escapedNodes: Int { outcomeCount }
        private var escapedBranches: Int { outcomeCount + nodeCount }
        private var rawOutcomes: Int { outcomeCount + nodeCount + branchCount }
        private var rawNodes: Int { 2 * outcomeCount + nodeCount + branchCount }
        /// The divergence, branch and reason cells of a label no node leads to.
        private var unreachable: Int { 2 * outcomeCount + 2 * nodeCount + branchCount }
        private var separator: Int { unreachable + 1 }

        /// Appends the cells after the line: label, sop, divergence, sop_branch, reason, path,
        /// specialist_path, labeler, ai; `labeler` is the labeler's text, if any.
        @inline(__always)
        func appendTail<P: Sequence<NodeID>>(
            _ table: BytePieces.Table, label: Int, sop: Int, divergence: Divergence, path: P, specialistPath: [NodeID]?,
            labeler: UnsafeBufferPointer<UInt8>?, ai: Int?, scratch: inout [UInt8], to out: inout [UInt8]
        ) {
            table.append(label, to: &out)
            out.append(comma)
            table.append(sop, to: &out)
            out.append(comma)
            switch divergence {
            case .node(let n, let b):
                table.append(escapedNodes + n.index, to: &out)
                out.append(comma)
                table.append(escapedBranches + firstBranch[n.index] + b, to: &out)
                // No reason: the divergence names it.
                out.append(comma)
            case .labelUnreachable:
                table.append(unreachable, to: &out)
            }
            out.append(comma)
            // Paths as every output spells them (`DecisionPath`), ending in the outcome, so a cell pasted
            // back as a sample's `path` field reads the same.
            appendPath(table, path, outcome: sop, scratch: &scratch, to: &out)
            out.append(comma)
            if let specialistPath { appendPath(table, specialistPath, outcome: label, scratch: &scratch, to: &out) }
            out.append(comma)
            if let labeler { DisagreementCSV.appendEscaped(labeler, to: &out) }
            out.append(comma)
            if let ai { table.append(ai, to: &out) }
        }

        /// A path's cell: its nodes then `outcome`, joined by `DecisionPath.separator`, escaped as one cell.
        @inline(__always)
        private func appendPath<P: Sequence<NodeID>>(_ table: BytePieces.Table, _ path: P, outcome: Int, scratch: inout [UInt8], to out: inout [UInt8]) {
            scratch.removeAll(keepingCapacity: true)
            for n in path {
                table.append(rawNodes + n.index, to: &scratch)
                table.append(separator, to: &scratch)
            }
            table.append(rawOutcomes + outcome, to: &scratch)
            scratch.withUnsafeBufferPointer { DisagreementCSV.appendEscaped($0, to: &out) }
        }
    }

    // MARK: - Escaping

    /// Quotes a cell holding a comma, quote or line break, and neutralises one a spreadsheet would run as a
    /// formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
    /// (OWASP's advice for CSV injection), unless it is a plain number such as `-5`.
    public static func escape(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { appendEscaped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `escape` on a cell's UTF-8 bytes, appended to `out`: the one rule. Bytes are tested, not characters,
    /// so a comma, quote or line break is quoted even where a combining mark follows it or it is part of
    /// CR LF (each is what a CSV reader splits on).
    @inline(__always)
    static func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var special = false
        for c in b where c == comma || c == 0x22 || c == 0x0A || c == 0x0D {
            special = true
            break
        }
        var formula = false
        if let first = b.first,
           first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D {
            formula = !isPlainNumber(b)
        }
        if !special && !formula {
            out.append(contentsOf: b)
            return
        }
        if special { out.append(0x22) }
        if formula { out.append(UInt8(ascii: "'")) }
        if special {
            for c in b {
                out.append(c)
                if c == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: b)
        }
    }

    /// `-12`, `+3.5`: a number a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isPlainNumber($0) }
    }

    static func isPlainNumber(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let body = s.dropFirst(s.first == UInt8(ascii: "-") || s.first == UInt8(ascii: "+") ? 1 : 0)
        var dots = 0
        for c in body {
            if c == UInt8(ascii: ".") { dots += 1 } else if !(c >= 48 && c <= 57) { return false }
        }
        return !body.isEmpty && dots <= 1 && body.contains { $0 >= 48 && $0 <= 57 }
    }
}
