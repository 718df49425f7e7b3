import SOPCore
import SOPGraph

extension ReplayResult {
    /// The report as aligned text: summary, hotspots, labelers, AI, coverage, disagreements, rejected rows.
    /// Ids, labeler names and reasons are escaped by `TerminalText`, and so is the SOP's own text.
    public func text(target: Double, hotspots: Int = 10, shown: Int = 10) -> String {
        TerminalText.escape(plainText(target: target, hotspots: hotspots, shown: shown), keepingLayout: true)
    }

    private func plainText(target: Double, hotspots: Int, shown: Int) -> String {
        var out = ""
        out += "samples \(samples)  replayed \(replayed)  rejected \(rejected)  agree \(agree)  disagree \(disagree)"
        out += "  agreement \(Self.percent(agreement))  kappa \(Self.fixed(kappa, 4))\n"
        if rejected > 0 {
            out += "rejected rows: " + rejectedByKind.map { "\($1) \($0.rawValue)" }.joined(separator: ", ") + "\n"
        }
        for warning in warnings { out += "warning: " + warning + "\n" }
        if labelUnreachable > 0 {
            out += "\(labelUnreachable) disagreement(s) have a label no node on the SOP's path can lead to\n"
        }

        let disagreeing = nodeStats.filter { $0.disagreements > 0 }
        let hot = disagreeing.prefix(hotspots)
        if !hot.isEmpty {
            out += "\nhotspots\n"
            var rows = [["node", "reached", "disagree", "rate", "suspect", "most common (sop branch -> label)"]]
            for s in hot {
                let pattern = s.pattern.map { "\(graph.describe(node: s.node, branch: $0.branch)) -> \(graph.name(of: $0.label)) (\($0.count))" } ?? ""
                rows.append([graph.name(of: s.node), String(s.reached), String(s.disagreements), Self.percent(s.rate), String(s.sopSuspect), pattern])
            }
            out += Self.table(rows, right: [1, 2, 3, 4]) + MoreNotShown.line(disagreeing.count - hot.count, "nodes with disagreements")
        }

        let labelers = labelerStats(target: target)
        if !labelers.isEmpty {
            out += "\nlabelers (target \(Self.percent(target)))\n"
            var rows = [["labeler", "samples", "agreement", "kappa", ""]]
            for l in labelers {
                rows.append([l.labeler, String(l.samples), Self.percent(l.agreement), Self.fixed(l.kappa, 4), l.belowTarget ? "below target" : ""])
            }
            out += Self.table(rows, right: [1, 2, 3])
        }

        if let a = aiStats {
            out += "\nai (\(a.samples) samples)\n"
            out += Self.table([
                ["ai vs sop", Self.percent(a.sopAgreement)],
                ["ai vs label", Self.percent(a.labelAgreement)],
                ["all agree", String(a.allAgree)],
                ["ai wrong", String(a.aiWrong)],
                ["label wrong", String(a.labelWrong)],
                ["sop differs", String(a.sopDiffers)],
                ["all differ", String(a.allDiffer)],
            ], right: [1])
            if !a.nodes.isEmpty {
                out += "  ai leaves the sop at: " + a.nodes.prefix(5).map { "\(graph.name(of: $0.node)) (\($0.divergences))" }.joined(separator: ", ") + "\n"
            }
        }

        let branches = unexercisedBranches
        let outcomesLeft = unexercisedOutcomes
        out += "\ncoverage: \(branchTotal - branches.count) of \(branchTotal) branches, "
        out += "\(graph.reachableOutcomes.count - outcomesLeft.count) of \(graph.reachableOutcomes.count) outcomes\n"
        for b in branches.prefix(20) {
            out += "  unexercised branch \(graph.name(of: b.node)): \(graph.describe(node: b.node, branch: b.branch))\n"
        }
        out += MoreNotShown.line(branches.count - min(20, branches.count), "branches")
        if !outcomesLeft.isEmpty {
            out += "  unexercised outcomes: " + outcomesLeft.map(graph.name(of:)).joined(separator: ", ") + "\n"
        }

        out += reviewText(shown: shown)

        // The disagreements listed are the first `--max-disagreements` (`ReplayOptions`), in every format.
        if !disagreements.isEmpty {
            out += "\ndisagreements (first \(disagreements.count) of \(disagree) by id)\n"
            for d in disagreements {
                let at: String
                switch d.divergence {
                case .node(let n, let b): at = "diverges at \(graph.name(of: n)) (sop took \(graph.describe(node: n, branch: b)))"
                case .labelUnreachable: at = "label unreachable from the sop's path"
                }
                out += "  \(TerminalText.escape(d.id)) (line \(d.line)): label \(graph.name(of: d.label)), sop \(graph.name(of: d.sop)); \(at)\n"
                if let v = review.rootCauses.verdict(line: d.line) {
                    out += "    cause: \(v.cause.rawValue) (\(evidenceText(v)))\n"
                }
                out += "    path: " + DecisionPath.join(d.path.map(graph.name(of:)) + [graph.name(of: d.sop)]) + "\n"
                if let p = d.specialistPath {
                    out += "    specialist: " + DecisionPath.join(p.map(graph.name(of:)) + [graph.name(of: d.label)]) + "\n"
                }
            }
            out += MoreNotShown.line(disagree - disagreements.count, "disagreements")
        }

        if !rejectedRows.isEmpty {
            out += "\nrejected (first \(rejectedRows.count) of \(rejected))\n"
            for r in rejectedRows {
                out += "  line \(r.line) (id \(TerminalText.escape(r.id ?? String(r.line)))): \(TerminalText.escape(r.reason))\n"
            }
            out += MoreNotShown.line(rejected - rejectedRows.count, "rejected rows")
        }
        return out
    }

    /// The warning for rows of labelers past `ReplayOptions.maxLabelers`, `nil` when there are none.
    public var labelerLimitWarning: String? {
        guard unattributedRows > 0 else { return nil }
        return "\(unattributedRows) row\(unattributedRows == 1 ? " is" : "s are") not attributed to a labeler: the per-labeler tables track the first \(options.maxLabelers) labelers seen (docs/limits.md); those rows count in every other figure"
    }

    /// The warning for rows in trend periods before the latest `ReviewOptions.maxPeriods`, `nil` when there
    /// are none.
    public var periodLimitWarning: String? {
        guard rowsBeforeTrendPeriods > 0 else { return nil }
        let n = rowsBeforeTrendPeriods
        return "\(n) row\(n == 1 ? " is" : "s are") not in the trends: they keep the latest \(options.review.maxPeriods) periods (docs/limits.md); those rows count in every other figure"
    }

    /// The warning for rows with an id past the item table (`ReplayOptions.maxItemBytes`), `nil` when there
    /// are none.
    public var itemLimitWarning: String? {
        guard ungroupedItemRows > 0 else { return nil }
        let n = ungroupedItemRows, mib = options.maxItemBytes >> 20
        let size = mib > 0 ? "\(mib) MiB" : "\(options.maxItemBytes) bytes"
        return "\(n) row\(n == 1 ? " is" : "s are") not grouped by item: the item table holds the first \(review.groupedItemRows) rows with an id (\(size), docs/limits.md); several labelers per item, consensus and repeated pairs leave them out; those rows count in every other figure"
    }

    /// Every warning about the rows, in report order: the text report's summary has them, and `sopc replay`
    /// writes them on standard error when the report goes elsewhere.
    public var warnings: [String] {
        [repeatWarning, labelerLimitWarning, itemLimitWarning, periodLimitWarning].compactMap(\.self)
    }

    /// The warning for repeated (id, labeler) pairs, `nil` when there are none.
    public var repeatWarning: String? {
        guard repeatedPairs > 0, let f = firstRepeat else { return nil }
        let who = f.labeler.map { " by `\(TerminalText.escape($0.excerpt))`" } ?? " (no labeler)"
        return "\(repeatedPairs) row\(repeatedPairs == 1 ? "" : "s") repeat an (id, labeler) pair of an earlier row, first id `\(TerminalText.escape(f.id.excerpt))`\(who) at line \(f.line); each is counted as a sample"
    }

    // MARK: - Formatting

    static func percent(_ d: Double?) -> String {
        guard let d else { return "-" }
        return JSONValue.double(d * 100, fractionDigits: 2).rendered(indent: 0) + "%"
    }

    static func fixed(_ d: Double?, _ digits: Int) -> String {
        guard let d else { return "-" }
        return JSONValue.double(d, fractionDigits: digits).rendered(indent: 0)
    }

    /// Columns padded to their widest cell; `right` columns are right-aligned. Cells are user text
    /// (labeler names among them), escaped by `TerminalText`.
    static func table(_ rows: [[String]], right: Set<Int>) -> String {
        let rows = rows.map { $0.map { TerminalText.escape($0) } }
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in rows {
            var line = " "
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += " " + (right.contains(i) ? pad + c : (i == r.count - 1 ? c : c + pad))
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
