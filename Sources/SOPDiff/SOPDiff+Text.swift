import SOPCore

extension SOPDiff {
    /// The report as text: one summary line per SOP, then its transitions, structure and samples. Sample
    /// ids and the SOPs' own text are escaped by `TerminalText`.
    public func text(samples: DiffSamples? = nil) -> String {
        TerminalText.escape(plainText(samples: samples), keepingLayout: true)
    }

    private func plainText(samples: DiffSamples?) -> String {
        var out = ""
        for s in sops {
            out += Self.summary(s) + "\n"
            if s.verdict != .equivalent { out += "  verdict: \(s.verdict.rawValue)\n" }
            out += Self.firstDifferences(s).map { "  " + $0 + "\n" }.joined()
            for t in s.transitions {
                out += "  " + Self.title(t) + "\n"
                out += Self.details(t).map { "    " + $0 + "\n" }.joined()
                if let samples, samples.sop == s.sop, let f = samples.flip(from: t.from, to: t.to) {
                    out += "    samples: \(f.count) flip" + (f.count == 1 ? "" : "s") + ": " + Self.ids(f.ids, f.count) + "\n"
                }
            }
            for c in s.structural {
                out += "  " + (c.isWarning ? "warning: " : "") + c.message + "\n"
            }
        }
        if !added.isEmpty { out += "added SOPs: " + added.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        if !removed.isEmpty { out += "removed SOPs: " + removed.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        if let samples { out += Self.sampleLines(samples).joined(separator: "\n") + "\n" }
        if sops.isEmpty && added.isEmpty && removed.isEmpty { out += "no SOPs to compare\n" }
        return out
    }

    /// `from → to (kind)`, or the class of cases only one version can express.
    static func title(_ t: Transition) -> String {
        switch t.region {
        case .both: return "\(t.from ?? "?") → \(t.to ?? "?") (\(t.kind.rawValue))"
        case .onlyNew: return "cases only NEW can express → \(t.to ?? "?")"
        case .onlyOld: return "cases only OLD can express: \(t.from ?? "?") → (no longer expressible)"
        }
    }

    /// The condition (or the routes when it has no short form), the witness and its paths.
    static func details(_ t: Transition) -> [String] {
        var lines: [String] = []
        if let c = t.condition {
            lines.append("when: \(c)")
        } else {
            if !t.common.isEmpty { lines.append("when: " + t.common.joined(separator: " and ") + ", by route:") } else { lines.append("by route:") }
            for r in t.routes {
                lines.append("  old \(r.old ?? "-")  |  new \(r.new ?? "-")")
                lines.append("    when \(r.withinClass)")
            }
            if t.moreRoutes {
                lines.append("  " + MoreNotShown.text(t.hiddenRoutes, "routes", atLeast: !t.hiddenRoutesExact))
            } else if !t.hiddenRoutesExact {
                lines.append("  … whether other routes are taken was not decided within the work bound")
            }
        }
        lines.append("witness: \(t.witness)" + (t.verified ? "" : "  (NOT reproduced by walking both versions)"))
        if let p = t.oldPath { lines.append("old path: \(p)") }
        if let p = t.newPath { lines.append("new path: \(p)") }
        return lines
    }

    /// For an undecided SOP: where the versions first differ and what changes there, one line per node
    /// and one per move, with what is known of the cases that reach the node and make it; empty when
    /// where the versions first differ is not known.
    static func firstDifferences(_ s: SOPChange) -> [String] {
        guard s.verdict == .unknown, s.differingNodes > 0 else { return [] }
        let n = s.differingNodes
        var lines = ["the versions first differ at \(n) node\(n == 1 ? "" : "s"); which cases that reach \(n == 1 ? "it" : "them") end differently was not decided:"]
        for d in s.firstDifferences {
            guard let moves = d.moves else {
                lines.append("  at `\(d.node)`: not in the new version")
                continue
            }
            lines.append("  at `\(d.node)`:")
            for m in moves {
                lines.append("    old → `\(m.old)`, new → `\(m.new)` when \(m.condition)")
                switch m.reach {
                case .notAsked, .undecided: break
                case .none: lines.append("      no case that reaches `\(d.node)` does")
                case .reached(let witness, let from, let to, let kind, let oldPath, let newPath, _, _):
                    let ends = from == to ? "ends in `\(from ?? "-")` in both" : "ends `\(from ?? "-")` → `\(to ?? "-")` (\(kind.rawValue))"
                    lines.append("      a case that reaches `\(d.node)` does, and \(ends): \(witness)")
                    lines.append("        old path: \(oldPath)")
                    lines.append("        new path: \(newPath)")
                }
            }
        }
        if n > s.firstDifferences.count { lines.append("  " + MoreNotShown.text(n - s.firstDifferences.count, "nodes")) }
        return lines
    }

    /// For an undecided SOP, the transitions its first differences prove (a case found for each): `from
    /// to` pairs, distinct, in order of appearance.
    static func provenTransitions(_ s: SOPChange) -> [String] {
        var seen: [String] = []
        for d in s.firstDifferences {
            for m in d.moves ?? [] {
                if case .reached(_, let from?, let to?, _, _, _, _, _) = m.reach, from != to, !seen.contains("\(from) \(to)") { seen.append("\(from) \(to)") }
            }
        }
        return seen
    }

    static func ids(_ ids: [String], _ count: Int) -> String {
        ids.map { TerminalText.escape($0) }.joined(separator: ", ") + (count > ids.count ? ", " + MoreNotShown.text(count - ids.count) : "")
    }

    static func percent(_ d: Double?) -> String {
        d.map { JSONValue.double($0 * 100, fractionDigits: 1).rendered(indent: 0) + "%" } ?? "n/a"
    }

    static func number(_ d: Double?) -> String {
        d.map { JSONValue.double($0, fractionDigits: 3).rendered(indent: 0) } ?? "n/a"
    }

    /// `1,204 → 1,391 (+15.5%)`
    static func volume(_ before: Int, _ after: Int) -> String {
        let change: String
        if before == 0 {
            change = after == 0 ? "" : " (new)"
        } else {
            let p = Double(after - before) * 100 / Double(before)
            change = " (" + (p >= 0 ? "+" : "") + JSONValue.double(p, fractionDigits: 1).rendered(indent: 0) + "%)"
        }
        return grouped(before) + " → " + grouped(after) + change
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func sampleLines(_ s: DiffSamples) -> [String] {
        var lines = ["samples (\(s.sop)): \(grouped(s.samples)) read, \(grouped(s.evaluated)) evaluated by both versions, \(grouped(s.rejected)) rejected by either"]
        let flipped = s.flips.reduce(0) { $0 + $1.count }
        lines.append("  flipped: \(grouped(flipped))")
        if s.labeled > 0 {
            lines.append("  agreement with labels: \(percent(s.agreementBefore)) → \(percent(s.agreementAfter)); kappa \(number(s.kappaBefore)) → \(number(s.kappaAfter)) (\(grouped(s.labeled)) labeled)")
            lines.append("  disagreements fixed: \(s.fixed)" + (s.fixedIDs.isEmpty ? "" : " (" + ids(s.fixedIDs, s.fixed) + ")"))
            lines.append("  disagreements introduced: \(s.introduced)" + (s.introducedIDs.isEmpty ? "" : " (" + ids(s.introducedIDs, s.introduced) + ")"))
        }
        lines.append("  volumes:")
        for v in s.volumes { lines.append("    \(v.outcome) \(volume(v.before, v.after))") }
        return lines
    }
}
