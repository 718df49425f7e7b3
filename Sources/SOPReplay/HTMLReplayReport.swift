import SOPCore
import SOPGraph

/// The QA review as one self-contained HTML page: summary cards, the agreement trend, the confusion
/// heatmap, hotspot bars, the labeler KPI table, the AI three-way table, the root-cause split, agreement
/// between labelers, the gold set and coverage.
///
/// No network: styles, script and charts (inline SVG) are in the page, and a content security policy
/// forbids loading anything. Every text that comes from the samples or the SOP is escaped. Every number
/// shown carries `data-field` (its place in the JSON report) and `data-value` (its JSON value), so a
/// test can check the page against `--format json`.
public struct HTMLReplayReport: ReplayReport {
    public init() {}
    public var name: String { "html" }

    public func render(_ result: ReplayResult, target: Double) -> String {
        var page = Page(result: result, target: target)
        return page.build()
    }

    private struct Page {
        let result: ReplayResult
        let target: Double
        var graph: ReplayGraph { result.graph }
        var review: QAReview { result.review }
        var out = ""

        init(result: ReplayResult, target: Double) {
            self.result = result
            self.target = target
        }

        // MARK: - Pieces

        func esc(_ s: String) -> String { HTMLText.escape(s) }

        /// The JSON spelling of a ratio or count (as `--format json` writes it).
        func jsonNumber(_ d: Double?) -> String { d.map { JSONValue.double($0, fractionDigits: 6).rendered(indent: 0) } ?? "null" }

        /// A number with its JSON place: `kind` picks how it is shown.
        enum Kind { case percent, kappa, coefficient, count, decimal }
        func value(_ field: String, _ d: Double?, _ kind: Kind) -> String {
            let shown: String
            switch kind {
            case .percent: shown = ReplayResult.percent(d)
            case .kappa, .coefficient: shown = ReplayResult.fixed(d, 4)
            case .count: shown = d.map { String(Int($0)) } ?? "-"
            case .decimal: shown = ReplayResult.fixed(d, 1)
            }
            let raw = kind == .count ? (d.map { String(Int($0)) } ?? "null")
                : kind == .coefficient ? (d.map { JSONValue.double($0, fractionDigits: 12).rendered(indent: 0) } ?? "null") : jsonNumber(d)
            return "<span class=\"n\" data-field=\"\(esc(field))\" data-value=\"\(raw)\">\(esc(shown))</span>"
        }
        func count(_ field: String, _ n: Int) -> String { value(field, Double(n), .count) }

        /// A sortable table: `header` cells (numeric ones right-aligned), rows of (html, sort key).
        func table(_ header: [(String, Bool)], _ rows: [[(String, String?)]], caption: String? = nil) -> String {
            var t = "<table class=\"sortable\">"
            if let caption { t += "<caption>\(esc(caption))</caption>" }
            t += "<thead><tr>"
            for (h, numeric) in header { t += "<th\(numeric ? " class=\"num\"" : "") tabindex=\"0\">\(esc(h))</th>" }
            t += "</tr></thead><tbody>"
            for row in rows {
                t += "<tr>"
                for (i, cell) in row.enumerated() {
                    let numeric = i < header.count && header[i].1
                    t += "<td\(numeric ? " class=\"num\"" : "")\(cell.1.map { " data-sort=\"\(esc($0))\"" } ?? "")>\(cell.0)</td>"
                }
                t += "</tr>"
            }
            return t + "</tbody></table>"
        }

        func card(_ title: String, _ body: String, flag: Bool = false) -> String {
            "<div class=\"card\(flag ? " flag" : "")\"><div class=\"k\">\(esc(title))</div><div class=\"v\">\(body)</div></div>"
        }

        func code(_ s: String) -> String { "<code>\(esc(s))</code>" }
        /// A list cut short says how many it hides, in `MoreNotShown`'s words; nothing when none.
        func more(_ hidden: Int, _ what: String) -> String {
            hidden > 0 ? "<p class=\"note more\">\(esc(MoreNotShown.text(hidden, what)))</p>" : ""
        }

        /// A badge when the last change lies outside the noise band.
        func moved(_ c: QAReview.Change?) -> String {
            guard let c, c.flagged else { return "" }
            return "<span class=\"badge bad\">\(c.latest > c.previous ? "↑" : "↓") beyond noise</span>"
        }

        // MARK: - Page

        mutating func build() -> String {
            let sop = graph.program.sops[graph.sop.index]
            out += """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>QA review: \(esc(sop.name))</title>
            <style>\(Self.style)</style></head><body>
            <header><h1>QA review: \(code(sop.name))</h1><p class="sub">\(esc(sop.title))</p></header>
            <main>
            """
            summary()
            trend()
            hotspots()
            confusion()
            labelerTable()
            rootCauses()
            multiRater()
            gold()
            ai()
            coverage()
            disagreementList()
            rejectedList()
            out += "</main><script>\(Self.script)</script></body></html>\n"
            return out
        }

        mutating func summary() {
            let r = result
            var cards = [
                card("samples", count("summary.samples", r.samples)),
                card("replayed", count("summary.replayed", r.replayed)),
                card("rejected", count("summary.rejected", r.rejected), flag: r.rejected > 0),
                card("agreement with the SOP", value("summary.agreement", r.agreement, .percent), flag: (r.agreement ?? 1) < target),
                card("Cohen's kappa", value("summary.kappa", r.kappa, .kappa)),
                card("disagreements", count("summary.disagree", r.disagree)),
                card("sop-suspect", count("root_causes.sop_suspect", review.rootCauses.sopSuspect), flag: review.rootCauses.sopSuspect > 0),
                card("label-error", count("root_causes.label_error", review.rootCauses.labelError)),
                card("unclear", count("root_causes.unclear", review.rootCauses.unclear)),
            ]
            if let m = review.multiRater {
                cards.append(card("Fleiss' kappa", value("multi_rater.fleiss_kappa", m.fleissKappa, .coefficient)))
                cards.append(card("Krippendorff's alpha", value("multi_rater.krippendorff_alpha", m.krippendorffAlpha, .coefficient)))
            }
            if let g = review.gold {
                cards.append(card("SOP accuracy vs gold", value("gold.sop.accuracy", g.sop.accuracy, .percent), flag: g.defects > 0))
            }
            if let p = review.productivity {
                cards.append(card("team labels per hour", value("productivity.team.labels_per_hour", p.team.labelsPerHour, .decimal)))
            }
            out += "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">" + cards.joined() + "</div>"
            for w in r.warnings { out += "<p class=\"alert\">warning: \(esc(w))</p>" }
            out += "</section>\n"
        }

        mutating func trend() {
            guard let t = review.trends else { return }
            out += "<section id=\"trend\"><h2>Agreement by \(esc(t.period.rawValue))</h2>"
            let points = t.overall.points
            // The line above, the volume per period in a strip of its own below, the period names under both.
            let w = 720.0, h = 260.0, left = 56.0, right = 16.0, top = 16.0, strip = 44.0, bottom = 24.0
            let plotBottom = h - bottom - strip - 8
            let values = points.compactMap(\.agreement) + [target]
            let lowest = max(0, ((values.min() ?? 0) * 20).rounded(.down) / 20 - 0.05)
            let maxVolume = max(1, points.map(\.samples).max() ?? 1)
            let step = (w - left - right) / Double(max(points.count, 1))
            func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * step }
            func y(_ v: Double) -> Double { top + (1 - (v - lowest) / (1 - lowest)) * (plotBottom - top) }
            func f(_ d: Double) -> String { JSONValue.double(d, fractionDigits: 1).rendered(indent: 0) }
            var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"agreement per period\">"
            for k in 0...4 {
                let v = lowest + Double(k) * (1 - lowest) / 4
                svg += "<line x1=\"\(f(left))\" x2=\"\(f(w - right))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\" class=\"grid\"/>"
                svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(esc(ReplayResult.percent(v)))</text>"
            }
            let barWidth = max(2, step * 0.5)
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(h - bottom - strip / 2 + 4))\" class=\"axis\" text-anchor=\"end\">volume</text>"
            for (i, p) in points.enumerated() {
                let bh = Double(p.samples) / Double(maxVolume) * strip
                svg += "<rect x=\"\(f(x(i) - barWidth / 2))\" y=\"\(f(h - bottom - bh))\" width=\"\(f(barWidth))\" height=\"\(f(bh))\" class=\"volume\"><title>\(esc(p.period)): \(p.samples) samples</title></rect>"
                if points.count <= 16 || i % ((points.count + 15) / 16) == 0 {
                    svg += "<text x=\"\(f(x(i)))\" y=\"\(f(h - 6))\" class=\"axis\" text-anchor=\"middle\">\(esc(p.period))</text>"
                }
            }
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(w - right))\" y1=\"\(f(y(target)))\" y2=\"\(f(y(target)))\" class=\"target\"/>"
            svg += "<text x=\"\(f(w - right))\" y=\"\(f(y(target) - 4))\" class=\"axis\" text-anchor=\"end\">target \(esc(ReplayResult.percent(target)))</text>"
            let line = points.enumerated().compactMap { i, p in p.agreement.map { "\(f(x(i))),\(f(y($0)))" } }
            svg += "<polyline points=\"\(line.joined(separator: " "))\" class=\"line\"/>"
            for (i, p) in points.enumerated() {
                guard let a = p.agreement else { continue }
                let flagged = i == points.count - 1 && (t.overall.change?.flagged ?? false)
                svg += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(a)))\" r=\"\(flagged ? 6 : 4)\" class=\"\(flagged ? "dot flagged" : "dot")\"><title>\(esc(p.period)): \(esc(ReplayResult.percent(a)))</title></circle>"
            }
            svg += "</svg>"
            out += svg
            if let c = t.overall.change {
                out += "<p class=\"\(c.flagged ? "alert" : "note")\">\(esc(c.from)) → \(esc(c.to)): \(value("trends.overall.change.previous", c.previous, .percent)) → \(value("trends.overall.change.latest", c.latest, .percent)); noise band (Wilson 95% of \(esc(c.from))) \(value("trends.overall.change.low", c.low, .percent))–\(value("trends.overall.change.high", c.high, .percent))\(c.flagged ? ": <strong>outside the noise band</strong>" : ": within the noise band")</p>"
            }
            var rows: [[(String, String?)]] = []
            for (i, p) in points.enumerated() {
                let base = "trends.overall.periods[\(i)]"
                rows.append([(esc(p.period), p.period), (count(base + ".samples", p.samples), String(p.samples)),
                             (value(base + ".agreement", p.agreement, .percent), jsonNumber(p.agreement)),
                             (value(base + ".kappa", p.kappa, .kappa), jsonNumber(p.kappa)),
                             (count(base + ".disagreements", p.disagreements), String(p.disagreements))])
            }
            out += table([("period", false), ("samples", true), ("agreement", true), ("kappa", true), ("disagreements", true)], rows)
            if !t.labelers.isEmpty {
                var rows: [[(String, String?)]] = []
                for (li, s) in t.labelers.enumerated() {
                    var row: [(String, String?)] = [(esc(s.name), s.name)]
                    // A labeler's series lists the periods it has rows in; the others show a dash.
                    var cells = [(String, String?)](repeating: ("–", nil), count: t.periods.count)
                    for (i, p) in s.points.enumerated() {
                        cells[p.index] = (value("trends.labelers[\(li)].periods[\(i)].agreement", p.agreement, .percent), jsonNumber(p.agreement))
                    }
                    row += cells
                    row.append((moved(s.change), nil))
                    rows.append(row)
                }
                out += "<h3>Agreement per labeler</h3>" + table([("labeler", false)] + t.periods.map { ($0, true) } + [("last change", false)], rows)
            }
            if !t.nodes.isEmpty {
                var rows: [[(String, String?)]] = []
                for (ni, n) in t.nodes.enumerated() {
                    var row: [(String, String?)] = [(code(graph.name(of: n.node)), graph.name(of: n.node))]
                    for (i, p) in n.points.enumerated() {
                        row.append((count("trends.nodes[\(ni)].periods[\(i)].disagreements", p.disagreements), String(p.disagreements)))
                    }
                    row.append((moved(n.change), nil))
                    rows.append(row)
                }
                out += "<h3>Disagreements per hotspot node</h3>" + table([("node", false)] + t.periods.map { ($0, true) } + [("last change", false)], rows)
            }
            out += "</section>\n"
        }

        mutating func hotspots() {
            let all = result.nodeStats.enumerated().filter { $0.element.disagreements > 0 }
            let stats = all.prefix(10)
            guard !stats.isEmpty else { return }
            out += "<section id=\"hotspots\"><h2>Hotspots, ranked by SOP suspicion</h2>"
            out += "<p class=\"legend\"><span class=\"sw s\"></span>sop-suspect <span class=\"sw l\"></span>label-error <span class=\"sw u\"></span>unclear</p>"
            let most = stats.map(\.element.disagreements).max() ?? 1
            for (i, s) in stats {
                let base = "nodes[\(i)]"
                let node = graph.program.nodes[s.node.index]
                let scale = 100.0 / Double(most)
                func pct(_ n: Int) -> String { JSONValue.double(Double(n) * scale, fractionDigits: 2).rendered(indent: 0) }
                out += "<div class=\"hot\"><div class=\"hot-head\">\(code(graph.name(of: s.node))) <span class=\"q\">\(esc(node.question))</span></div>"
                out += "<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"disagreements by cause\">"
                var at = 0.0
                for (n, cls) in [(s.sopSuspect, "s"), (s.labelError, "l"), (s.unclear, "u")] where n > 0 {
                    let wd = Double(n) * scale
                    out += "<rect x=\"\(JSONValue.double(at, fractionDigits: 2).rendered(indent: 0))\" y=\"0\" width=\"\(pct(n))\" height=\"6\" class=\"\(cls)\"/>"
                    at += wd
                }
                out += "</svg><div class=\"hot-foot\">\(count(base + ".disagreements", s.disagreements)) disagreements of \(count(base + ".reached", s.reached)) reached (\(value(base + ".rate", s.rate, .percent))); sop-suspect \(count(base + ".sop_suspect", s.sopSuspect)), label-error \(count(base + ".label_error", s.labelError)), unclear \(count(base + ".unclear", s.unclear))"
                if let p = s.pattern {
                    out += "<br>most common: SOP took \(code(graph.describe(node: s.node, branch: p.branch))) → labelers chose \(code(graph.name(of: p.label))) (\(count(base + ".pattern.count", p.count)))"
                }
                out += "</div></div>"
            }
            out += more(all.count - stats.count, "nodes with disagreements") + "</section>\n"
        }

        mutating func confusion() {
            let outcomes = result.reportedOutcomes
            guard !outcomes.isEmpty, result.replayed > 0 else { return }
            var most = 1
            for s in outcomes { for l in outcomes { most = max(most, result.count(sop: s, label: l)) } }
            out += "<section id=\"confusion\"><h2>Confusion (rows: SOP, columns: label)</h2><div class=\"scroll\"><table class=\"heat\"><thead><tr><th>SOP \\ label</th>"
            for l in outcomes { out += "<th><span class=\"rot\">\(esc(graph.name(of: l)))</span></th>" }
            out += "</tr></thead><tbody>"
            for (i, s) in outcomes.enumerated() {
                out += "<tr><th>\(esc(graph.name(of: s)))</th>"
                for (j, l) in outcomes.enumerated() {
                    let n = result.count(sop: s, label: l)
                    // A square-root scale: small off-diagonal counts stay visible beside a large diagonal.
                    let alpha = n == 0 ? 0 : 0.12 + 0.88 * (Double(n) / Double(most)).squareRoot()
                    let hue = i == j ? "37,99,235" : "220,38,38"
                    let a = JSONValue.double(alpha, fractionDigits: 3).rendered(indent: 0)
                    out += "<td class=\"num\(alpha > 0.55 ? " dark" : "")\" style=\"background:rgba(\(hue),\(a))\">\(count("confusion.matrix[\(i)][\(j)]", n))</td>"
                }
                out += "</tr>"
            }
            out += "</tbody></table></div></section>\n"
        }

        mutating func labelerTable() {
            let labelers = result.labelerStats(target: target)
            guard !labelers.isEmpty else { return }
            let kpis = review.productivity.map { p in Dictionary(uniqueKeysWithValues: p.labelers.enumerated().map { ($1.labeler, ($0, $1)) }) } ?? [:]
            let golds = review.gold.map { g in Dictionary(uniqueKeysWithValues: g.labelers.enumerated().map { ($1.name, ($0, $1)) }) } ?? [:]
            var header: [(String, Bool)] = [("labeler", false), ("samples", true), ("agreement", true), ("kappa", true)]
            if review.productivity != nil { header += [("labels/h", true), ("median s", true), ("p90 s", true)] }
            if review.gold != nil { header += [("gold accuracy", true)] }
            header.append(("flags", false))
            var rows: [[(String, String?)]] = []
            for (i, l) in labelers.enumerated() {
                let base = "labelers[\(i)]"
                var row: [(String, String?)] = [(esc(l.labeler), l.labeler), (count(base + ".samples", l.samples), String(l.samples)),
                                                (value(base + ".agreement", l.agreement, .percent), jsonNumber(l.agreement)),
                                                (value(base + ".kappa", l.kappa, .kappa), jsonNumber(l.kappa))]
                var flags: [String] = []
                if l.belowTarget { flags.append("<span class=\"badge bad\">below accuracy target</span>") }
                if review.productivity != nil {
                    if let (k, p) = kpis[l.labeler] {
                        let pb = "productivity.labelers[\(k)]"
                        row += [(value(pb + ".labels_per_hour", p.labelsPerHour, .decimal), jsonNumber(p.labelsPerHour)),
                                (value(pb + ".median_seconds", p.medianSeconds, .decimal), jsonNumber(p.medianSeconds)),
                                (value(pb + ".p90_seconds", p.p90Seconds, .decimal), jsonNumber(p.p90Seconds))]
                        if p.belowRateTarget { flags.append("<span class=\"badge bad\">below rate target</span>") }
                    } else {
                        row += [("–", nil), ("–", nil), ("–", nil)]
                    }
                }
                if review.gold != nil {
                    if let (k, g) = golds[l.labeler] {
                        row.append((value("gold.labelers[\(k)].accuracy", g.accuracy, .percent), jsonNumber(g.accuracy)))
                    } else {
                        row.append(("–", nil))
                    }
                }
                row.append((flags.joined(separator: " "), flags.isEmpty ? "0" : "1"))
                rows.append(row)
            }
            var caption = "accuracy target \(ReplayResult.percent(target))"
            if let rate = review.productivity?.rateTarget { caption += ", \(ReplayResult.fixed(rate, 1)) labels per hour" }
            out += "<section id=\"labelers\"><h2>Labelers</h2>" + table(header, rows, caption: caption) + "</section>\n"
        }

        mutating func rootCauses() {
            let rc = review.rootCauses
            guard result.disagree > 0 else { return }
            out += "<section id=\"rca\"><h2>Root causes of the disagreements</h2>"
            let total = Double(max(1, rc.labelError + rc.sopSuspect + rc.unclear))
            out += "<svg class=\"bar big\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"root-cause split\">"
            var at = 0.0
            for (n, cls) in [(rc.sopSuspect, "s"), (rc.labelError, "l"), (rc.unclear, "u")] where n > 0 {
                let wd = Double(n) / total * 100
                out += "<rect x=\"\(JSONValue.double(at, fractionDigits: 2).rendered(indent: 0))\" y=\"0\" width=\"\(JSONValue.double(wd, fractionDigits: 2).rendered(indent: 0))\" height=\"8\" class=\"\(cls)\"/>"
                at += wd
            }
            out += "</svg>"
            out += "<p>\(count("root_causes.sop_suspect", rc.sopSuspect)) sop-suspect, \(count("root_causes.label_error", rc.labelError)) label-error, \(count("root_causes.unclear", rc.unclear)) unclear; decided by the gold set \(count("root_causes.by_gold", rc.byGold)), by the other labels on the same item \(count("root_causes.by_consensus", rc.byConsensus)), by a pattern shared by \(QAReview.patternLabelers)+ labelers \(count("root_causes.by_pattern", rc.byPattern)).</p>"
            var rows: [[(String, String?)]] = []
            for (i, n) in rc.nodes.prefix(15).enumerated() {
                let base = "root_causes.nodes[\(i)]"
                let pattern = n.suspectPattern.map { "SOP took \(code(graph.describe(node: n.node, branch: $0.branch))) → \(code(graph.name(of: $0.label))) (\($0.count))" } ?? ""
                rows.append([(code(graph.name(of: n.node)), graph.name(of: n.node)), (count(base + ".sop_suspect", n.sopSuspect), String(n.sopSuspect)),
                             (count(base + ".label_error", n.labelError), String(n.labelError)), (count(base + ".unclear", n.unclear), String(n.unclear)),
                             (esc(graph.program.nodes[n.node.index].question), nil), (pattern, nil)])
            }
            out += table([("node", false), ("sop-suspect", true), ("label-error", true), ("unclear", true), ("question", false), ("suspect pattern", false)], rows)
            out += more(rc.nodes.count - rows.count, "nodes")
            if !rc.labelers.isEmpty {
                var rows: [[(String, String?)]] = []
                for (i, l) in rc.labelers.enumerated() {
                    let base = "root_causes.labelers[\(i)]"
                    rows.append([(esc(l.labeler), l.labeler), (count(base + ".label_error", l.labelError), String(l.labelError)),
                                 (count(base + ".sop_suspect", l.sopSuspect), String(l.sopSuspect)), (count(base + ".unclear", l.unclear), String(l.unclear))])
                }
                out += "<h3>Per labeler</h3>" + table([("labeler", false), ("label-error", true), ("sop-suspect", true), ("unclear", true)], rows)
            }
            out += "</section>\n"
        }

        mutating func multiRater() {
            guard let m = review.multiRater else { return }
            out += "<section id=\"multi\"><h2>Several labelers on the same items</h2>"
            out += "<p>\(count("multi_rater.items", m.items)) items with \(count("multi_rater.labels", m.labels)) labels (\(m.minLabels)–\(m.maxLabels) per item). Fleiss' kappa \(value("multi_rater.fleiss_kappa", m.fleissKappa, .coefficient)), Krippendorff's alpha \(value("multi_rater.krippendorff_alpha", m.krippendorffAlpha, .coefficient)). A majority on \(count("multi_rater.with_majority", m.withMajority)) (unanimous \(count("multi_rater.unanimous", m.unanimous))), none on \(count("multi_rater.no_majority", m.noMajority)); the majority equals the SOP on \(count("multi_rater.majority_agrees_with_sop", m.majorityAgreesWithSOP)).</p>"
            if !m.labelers.isEmpty {
                var index: [String: Int] = [:]
                for (k, p) in m.pairs.enumerated() { index[p.a + "\u{0}" + p.b] = k }
                out += "<div class=\"scroll\"><table class=\"heat\"><caption>pairwise Cohen's kappa over shared items</caption><thead><tr><th></th>"
                for b in m.labelers { out += "<th><span class=\"rot\">\(esc(b))</span></th>" }
                out += "</tr></thead><tbody>"
                for a in m.labelers {
                    out += "<tr><th>\(esc(a))</th>"
                    for b in m.labelers {
                        let key = a < b ? a + "\u{0}" + b : b + "\u{0}" + a
                        if a == b { out += "<td class=\"num\">–</td>"; continue }
                        guard let k = index[key] else { out += "<td></td>"; continue }
                        let kappa = m.pairs[k].kappa ?? 0
                        let alpha = JSONValue.double(max(0.08, min(1, kappa)) * 0.85, fractionDigits: 3).rendered(indent: 0)
                        out += "<td class=\"num\(kappa > 0.6 ? " dark" : "")\" style=\"background:rgba(37,99,235,\(alpha))\" title=\"\(m.pairs[k].items) shared items\">\(value("multi_rater.pairs[\(k)].kappa", m.pairs[k].kappa, .coefficient))</td>"
                    }
                    out += "</tr>"
                }
                out += "</tbody></table></div>"
            }
            if !m.noMajorityItems.isEmpty {
                var rows: [[(String, String?)]] = []
                for c in m.noMajorityItems {
                    rows.append([(esc(c.id), c.id), (esc(c.labels.map { "\(graph.name(of: $0.outcome)) \($0.count)" }.joined(separator: ", ")), nil), (code(graph.name(of: c.sop)), graph.name(of: c.sop))])
                }
                out += "<h3>Items with no majority</h3>" + table([("id", false), ("labels", false), ("SOP", false)], rows)
                out += more(m.noMajority - m.noMajorityItems.count, "items without a majority")
            }
            out += "</section>\n"
        }

        mutating func gold() {
            guard let g = review.gold else { return }
            out += "<section id=\"gold\"><h2>Gold set</h2><p>\(count("gold.entries", g.entries)) gold items, \(count("gold.matched_items", g.matchedItems)) of them replayed, in \(count("gold.rows", g.rows)) rows.</p>"
            var rows: [[(String, String?)]] = [
                [("SOP", "SOP"), (count("gold.sop.rows", g.sop.rows), String(g.sop.rows)), (value("gold.sop.accuracy", g.sop.accuracy, .percent), jsonNumber(g.sop.accuracy))],
                [("all labels", "all labels"), (count("gold.labels.rows", g.labels.rows), String(g.labels.rows)), (value("gold.labels.accuracy", g.labels.accuracy, .percent), jsonNumber(g.labels.accuracy))],
            ]
            if let a = g.ai {
                rows.append([("AI", "AI"), (count("gold.ai.rows", a.rows), String(a.rows)), (value("gold.ai.accuracy", a.accuracy, .percent), jsonNumber(a.accuracy))])
            }
            for (i, l) in g.labelers.enumerated() {
                rows.append([(esc(l.name), l.name), (count("gold.labelers[\(i)].rows", l.rows), String(l.rows)), (value("gold.labelers[\(i)].accuracy", l.accuracy, .percent), jsonNumber(l.accuracy))])
            }
            out += table([("who", false), ("rows", true), ("accuracy vs gold", true)], rows)
            if g.defects > 0 {
                out += "<h3>SOP defects: the SOP's own outcome differs from gold (\(count("gold.defects", g.defects)))</h3>"
                var rows: [[(String, String?)]] = []
                for d in g.defectCases {
                    let at: String
                    switch d.divergence {
                    case .node(let n, let b): at = "\(code(graph.name(of: n))): SOP took \(code(graph.describe(node: n, branch: b)))"
                    case .labelUnreachable: at = "gold unreachable from the SOP's path"
                    }
                    rows.append([(esc(d.id), d.id), (String(d.line), String(d.line)), (code(graph.name(of: d.sop)), nil), (code(graph.name(of: d.gold)), nil), (at, nil)])
                }
                out += table([("id", false), ("line", true), ("SOP", false), ("gold", false), ("where the SOP parts from gold", false)], rows)
                out += more(g.defects - g.defectCases.count, "defects")
            }
            out += "</section>\n"
        }

        mutating func ai() {
            guard let a = result.aiStats else { return }
            out += "<section id=\"ai\"><h2>AI against the SOP and the labels</h2><p>\(count("ai.samples", a.samples)) samples with an AI outcome: agrees with the SOP \(value("ai.sop_agreement", a.sopAgreement, .percent)), with the label \(value("ai.label_agreement", a.labelAgreement, .percent)) (kappa \(value("ai.label_kappa", a.labelKappa, .kappa))).</p>"
            let rows: [[(String, String?)]] = [
                [("all three agree", nil), (count("ai.three_way.all_agree", a.allAgree), String(a.allAgree))],
                [("AI wrong (SOP = label ≠ AI)", nil), (count("ai.three_way.ai_wrong", a.aiWrong), String(a.aiWrong))],
                [("label wrong (AI = SOP ≠ label)", nil), (count("ai.three_way.label_wrong", a.labelWrong), String(a.labelWrong))],
                [("SOP differs (AI = label ≠ SOP)", nil), (count("ai.three_way.sop_differs", a.sopDiffers), String(a.sopDiffers))],
                [("all differ", nil), (count("ai.three_way.all_differ", a.allDiffer), String(a.allDiffer))],
            ]
            out += table([("case", false), ("samples", true)], rows) + "</section>\n"
        }

        mutating func coverage() {
            let branches = result.unexercisedBranches
            let outcomesLeft = result.unexercisedOutcomes
            let total = result.branchTotal
            out += "<section id=\"coverage\"><h2>Coverage</h2><p>\(count("coverage.exercised_branches", total - branches.count)) of \(count("coverage.branches", total)) branches and \(count("coverage.exercised_outcomes", graph.reachableOutcomes.count - outcomesLeft.count)) of \(count("coverage.outcomes", graph.reachableOutcomes.count)) outcomes exercised.</p>"
            if !branches.isEmpty {
                out += "<ul class=\"cols\">" + branches.map { "<li>\(code(graph.name(of: $0.node))): \(esc(graph.describe(node: $0.node, branch: $0.branch)))</li>" }.joined() + "</ul>"
            }
            if !outcomesLeft.isEmpty {
                out += "<p>Outcomes never produced: " + outcomesLeft.map { code(graph.name(of: $0)) }.joined(separator: ", ") + "</p>"
            }
            out += "</section>\n"
        }

        mutating func disagreementList() {
            // The first `--max-disagreements`, as in every format.
            let listed = result.disagreements
            guard !listed.isEmpty else { return }
            var rows: [[(String, String?)]] = []
            for d in listed {
                let v = review.rootCauses.verdict(line: d.line)
                let at: String
                switch d.divergence {
                case .node(let n, let b): at = "\(code(graph.name(of: n))): SOP took \(code(graph.describe(node: n, branch: b)))"
                case .labelUnreachable: at = "label unreachable"
                }
                rows.append([(esc(d.id), d.id), (esc(d.labeler ?? ""), d.labeler ?? ""), (code(graph.name(of: d.label)), nil), (code(graph.name(of: d.sop)), nil), (at, nil),
                             (v.map { "<span class=\"badge \($0.cause.rawValue)\">\($0.cause.rawValue)</span>" } ?? "", v?.cause.rawValue), (esc(v.map(result.evidenceText) ?? ""), nil)])
            }
            out += "<section id=\"disagreements\"><h2>Disagreements (first \(listed.count) of \(result.disagree) by id)</h2>"
            out += table([("id", false), ("labeler", false), ("label", false), ("SOP", false), ("divergence", false), ("cause", false), ("evidence", false)], rows)
            out += more(result.disagree - listed.count, "disagreements") + "</section>\n"
        }

        mutating func rejectedList() {
            guard !result.rejectedRows.isEmpty else { return }
            var rows: [[(String, String?)]] = []
            for r in result.rejectedRows {
                rows.append([(String(r.line), String(r.line)), (esc(r.id ?? ""), r.id), (esc(r.kind.rawValue), r.kind.rawValue), (esc(r.reason), nil)])
            }
            out += "<section id=\"rejected\"><h2>Rejected rows (first \(result.rejectedRows.count) of \(result.rejected))</h2>"
            out += table([("line", true), ("id", false), ("kind", false), ("reason", false)], rows)
            out += more(result.rejected - result.rejectedRows.count, "rejected rows") + "</section>\n"
        }

        // MARK: - Style and script

        static let style = """
        :root{--ink:#1f2937;--mute:#6b7280;--line:#e5e7eb;--s:#dc2626;--l:#2563eb;--u:#9ca3af;--bg:#f8fafc}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        header{padding:20px 32px;background:#111827;color:#fff}header h1{margin:0;font-size:22px}header code{background:none;color:#fff}.sub{margin:4px 0 0;color:#cbd5e1}
        main{max-width:1100px;margin:0 auto;padding:16px 32px 48px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
        h2{font-size:17px;margin:0 0 12px}h3{font-size:14px;margin:16px 0 8px;color:var(--mute)}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
        .card .k{color:var(--mute);font-size:12px}.card .v{font-size:22px;font-weight:600}.card.flag{border-color:var(--s)}.card.flag .v{color:var(--s)}
        table{border-collapse:collapse;width:100%;margin:6px 0}caption{text-align:left;color:var(--mute);font-size:12px;padding-bottom:4px}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}th{font-weight:600;background:#f3f4f6}
        .num{text-align:right;font-variant-numeric:tabular-nums}table.sortable th{cursor:pointer;user-select:none}
        table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
        table.heat{width:auto}table.heat td{min-width:44px;text-align:center}table.heat td.dark{color:#fff}.rot{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
        .scroll{overflow-x:auto}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f4f6;padding:1px 4px;border-radius:3px}
        .chart{width:100%;height:auto;max-height:260px}.chart .grid{stroke:var(--line)}.chart .axis{font-size:11px;fill:var(--mute)}.chart .line{fill:none;stroke:var(--l);stroke-width:2.5}
        .chart .dot{fill:var(--l)}.chart .dot.flagged{fill:var(--s)}.chart .target{stroke:var(--s);stroke-dasharray:4 4}.chart .volume{fill:#e0e7ff}
        .bar{width:100%;height:14px;background:#f3f4f6;border-radius:3px;display:block}.bar.big{height:22px}.bar .s{fill:var(--s)}.bar .l{fill:var(--l)}.bar .u{fill:var(--u)}
        .hot{margin:10px 0 14px}.hot-head{margin-bottom:4px}.q{color:var(--mute)}.hot-foot{font-size:12px;color:var(--mute);margin-top:3px}
        .legend{font-size:12px;color:var(--mute)}.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}.sw.s{background:var(--s)}.sw.l{background:var(--l)}.sw.u{background:var(--u)}
        .badge{display:inline-block;padding:1px 6px;border-radius:10px;font-size:11px;background:#f3f4f6}.badge.bad,.badge.sop-suspect{background:#fee2e2;color:#991b1b}
        .badge.label-error{background:#dbeafe;color:#1e40af}.alert{color:var(--s);font-weight:600}.note{color:var(--mute)}ul.cols{columns:2;font-size:12px}
        @media print{body{background:#fff;font-size:11px}header{background:#fff;color:#000;border-bottom:2px solid #000;padding:8px 0}header code{color:#000}.sub{color:#333}
        main{max-width:none;padding:0}section{border:none;border-radius:0;padding:6px 0;margin:8px 0;break-inside:avoid-page}
        table{break-inside:auto}tr{break-inside:avoid}thead{display:table-header-group}.scroll{overflow:visible}
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}table.sortable th::after{content:none!important}#disagreements,#rejected{break-before:page}}
        """

        static let script = """
        (function(){function key(c){var s=c.getAttribute('data-sort');return s===null?c.textContent.trim():s}
        document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;
        Array.prototype.forEach.call(hs,function(th,i){function go(){var asc=th.getAttribute('aria-sort')!=='ascending';
        Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort')});th.setAttribute('aria-sort',asc?'ascending':'descending');
        var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=key(x.cells[i]),c=key(y.cells[i]);
        var na=parseFloat(a),nc=parseFloat(c),r=(!isNaN(na)&&!isNaN(nc)&&isFinite(a)&&isFinite(c))?na-nc:a.localeCompare(c);return asc?r:-r});
        rows.forEach(function(r){b.appendChild(r)})}th.addEventListener('click',go);th.addEventListener('keydown',function(e){if(e.key==='Enter'){go()}})})})})();
        """
    }
}
