import SOPCore
import SOPGraph

extension ReplayResult {
    /// Trend periods a text report shows: the latest year of weeks.
    static let textPeriods = 52

    /// The review's text sections: root causes, trends, productivity, labelers on the same items, gold.
    func reviewText(shown: Int) -> String {
        let r = review
        var out = ""
        let rc = r.rootCauses
        if disagree > 0 {
            out += "\nroot causes: \(rc.labelError) label-error, \(rc.sopSuspect) sop-suspect, \(rc.unclear) unclear"
            out += " (decided by gold \(rc.byGold), other labels \(rc.byConsensus), shared pattern \(rc.byPattern))\n"
            var rows = [["node", "sop-suspect", "label-error", "unclear", "suspect pattern (sop branch -> label)"]]
            for n in rc.nodes.prefix(shown) {
                let p = n.suspectPattern.map { "\(graph.describe(node: n.node, branch: $0.branch)) -> \(graph.name(of: $0.label)) (\($0.count))" } ?? ""
                rows.append([graph.name(of: n.node), String(n.sopSuspect), String(n.labelError), String(n.unclear), p])
            }
            if rc.nodes.count > 0 { out += Self.table(rows, right: [1, 2, 3]) + MoreNotShown.line(rc.nodes.count - min(shown, rc.nodes.count), "nodes") }
        }

        if let t = r.trends {
            // Text shows the latest `textPeriods` (a table a person reads); JSON and HTML have them all.
            let first = max(0, t.periods.count - Self.textPeriods)
            let periods = Array(t.periods[first...])
            out += "\ntrend by \(t.period.rawValue)\n"
            var rows = [["period", "samples", "agreement", "kappa", "disagree"]]
            for p in t.overall.points[first...] {
                rows.append([p.period, String(p.samples), Self.percent(p.agreement), Self.fixed(p.kappa, 4), String(p.disagreements)])
            }
            out += Self.table(rows, right: [1, 2, 3, 4]) + MoreNotShown.line(first, "earlier periods")
            func changeText(_ c: QAReview.Change?) -> String {
                guard let c else { return "" }
                let arrow = c.latest > c.previous ? "up" : c.latest < c.previous ? "down" : "flat"
                return "\(arrow) \(Self.percent(c.previous)) -> \(Self.percent(c.latest)) (noise band \(Self.percent(c.low))..\(Self.percent(c.high)))" + (c.flagged ? "  FLAGGED" : "")
            }
            if let c = t.overall.change { out += "  last change: " + changeText(c) + "\n" }
            if !t.labelers.isEmpty {
                var rows = [["labeler"] + periods + ["last change"]]
                for s in t.labelers {
                    var cells = [String](repeating: "-", count: periods.count)
                    for p in s.points where p.index >= first { cells[p.index - first] = Self.percent(p.agreement) }
                    rows.append([s.name] + cells + [changeText(s.change)])
                }
                out += "  agreement per labeler\n" + Self.table(rows, right: Set(1...periods.count))
            }
            if !t.nodes.isEmpty {
                var rows = [["node"] + periods + ["last change"]]
                for n in t.nodes {
                    rows.append([graph.name(of: n.node)] + n.points[first...].map { String($0.disagreements) } + [changeText(n.change)])
                }
                out += "  disagreements per hotspot node\n" + Self.table(rows, right: Set(1...periods.count))
            }
        }

        if let p = r.productivity {
            out += "\nproductivity (targets: accuracy \(Self.percent(p.accuracyTarget))"
            out += p.rateTarget.map { ", \(Self.fixed($0, 1)) labels/hour" } ?? ""
            out += ")\n"
            var rows = [["labeler", "labels", "labels/h", "median s", "p90 s", "accuracy", "gold", ""]]
            for k in p.labelers + [p.team] {
                var flags: [String] = []
                if k.belowAccuracyTarget { flags.append("below accuracy target") }
                if k.belowRateTarget { flags.append("below rate target") }
                rows.append([k.labeler == "*" ? "(team)" : k.labeler, String(k.labels), Self.fixed(k.labelsPerHour, 1), Self.fixed(k.medianSeconds, 1),
                             Self.fixed(k.p90Seconds, 1), Self.percent(k.accuracy), Self.percent(k.goldAccuracy), flags.joined(separator: ", ")])
            }
            out += Self.table(rows, right: [1, 2, 3, 4, 5, 6])
        }

        if let m = r.multiRater {
            out += "\nseveral labelers per item: \(m.items) items, \(m.labels) labels (\(m.minLabels)-\(m.maxLabels) per item)\n"
            out += "  fleiss kappa \(Self.fixed(m.fleissKappa, 4))  krippendorff alpha \(Self.fixed(m.krippendorffAlpha, 4))\n"
            out += "  majority on \(m.withMajority) (unanimous \(m.unanimous)), no majority on \(m.noMajority); majority equals the sop on \(m.majorityAgreesWithSOP)\n"
            if !m.pairs.isEmpty {
                var rows = [["labeler", "labeler", "shared items", "agreement", "kappa"]]
                for p in m.pairs {
                    rows.append([p.a, p.b, String(p.items), Self.percent(Metrics.ratio(p.agree, p.items)), Self.fixed(p.kappa, 4)])
                }
                out += Self.table(rows, right: [2, 3, 4])
            }
            for c in m.noMajorityItems.prefix(shown) {
                out += "  no majority: \(TerminalText.escape(c.id)): " + c.labels.map { "\(graph.name(of: $0.outcome)) \($0.count)" }.joined(separator: ", ") + "; sop \(graph.name(of: c.sop))\n"
            }
            out += MoreNotShown.line(m.noMajority - min(shown, m.noMajorityItems.count), "items without a majority")
        }

        if let g = r.gold {
            out += "\ngold set: \(g.entries) entries, \(g.matchedItems) matched, \(g.rows) rows\n"
            var rows = [["who", "rows", "accuracy vs gold"]]
            for a in [g.sop, g.labels] + (g.ai.map { [$0] } ?? []) + g.labelers {
                rows.append([a.name, String(a.rows), Self.percent(a.accuracy)])
            }
            out += Self.table(rows, right: [1, 2])
            if g.defects > 0 {
                out += "  sop defects against gold: \(g.defects); at " + g.defectNodes.prefix(5).map { "\($0.node.map(graph.name(of:)) ?? "(unreachable)") (\($0.count))" }.joined(separator: ", ") + "\n"
                for d in g.defectCases.prefix(shown) {
                    let at: String
                    switch d.divergence {
                    case .node(let n, let b): at = "at \(graph.name(of: n)) (sop took \(graph.describe(node: n, branch: b)))"
                    case .labelUnreachable: at = "gold unreachable from the sop's path"
                    }
                    out += "    \(TerminalText.escape(d.id)) (line \(d.line)): sop \(graph.name(of: d.sop)), gold \(graph.name(of: d.gold)); \(at)\n"
                }
                out += MoreNotShown.line(g.defects - min(shown, g.defectCases.count), "defects", indent: "    ")
            }
        }
        return out
    }
}
