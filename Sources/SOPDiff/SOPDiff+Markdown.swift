extension SOPDiff {
    /// The largest report `markdown` writes: GitHub comments and step summaries hold 65,536 characters.
    public static let markdownLimit = 60_000

    /// The report as GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the
    /// summary table first, each SOP's details folded in `<details>`; cut below `markdownLimit` characters
    /// with a line saying what was left out.
    public func markdown(samples: DiffSamples? = nil) -> String {
        var head = "### SOP change impact\n\n| SOP | verdict | summary |\n|---|---|---|\n"
        for s in sops {
            head += "| `\(s.sop)` | **\(s.verdict.rawValue)** | \(Self.cell(Self.summary(s))) |\n"
        }
        for a in added { head += "| `\(a)` | added | |\n" }
        for r in removed { head += "| `\(r)` | removed | |\n" }
        if sops.isEmpty && added.isEmpty && removed.isEmpty { head += "| | no SOPs to compare | |\n" }
        var sections: [String] = []
        if let samples {
            var block = "\n<details><summary>Samples through both versions (<code>\(samples.sop)</code>)</summary>\n\n```\n"
            block += Self.sampleLines(samples).joined(separator: "\n") + "\n```\n\n</details>\n"
            sections.append(block)
        }
        for s in sops where !s.transitions.isEmpty || !s.structural.isEmpty || s.differingNodes > 0 {
            var block = "\n<details><summary><code>\(s.sop)</code>: \(s.verdict.rawValue)</summary>\n\n"
            let first = Self.firstDifferences(s)
            if !first.isEmpty { block += "```\n" + first.joined(separator: "\n") + "\n```\n\n" }
            for t in s.transitions {
                block += "#### " + Self.cell(Self.title(t)) + "\n\n```\n" + Self.details(t).joined(separator: "\n") + "\n"
                if let samples, samples.sop == s.sop, let f = samples.flip(from: t.from, to: t.to) {
                    block += "samples: \(f.count) flip" + (f.count == 1 ? "" : "s") + ": " + Self.ids(f.ids, f.count) + "\n"
                }
                block += "```\n\n"
            }
            if !s.structural.isEmpty {
                block += "**Structure**\n\n" + s.structural.map { "- " + ($0.isWarning ? "⚠️ " : "") + Self.cell($0.message) + "\n" }.joined() + "\n"
            }
            block += "</details>\n"
            sections.append(block)
        }
        var out = head
        var cut = 0
        for (k, section) in sections.enumerated() {
            // Room for the line that says what was cut.
            if out.count + section.count > Self.markdownLimit - 200 {
                cut = sections.count - k
                break
            }
            out += section
        }
        if cut > 0 { out += "\n_\(cut) detail section\(cut == 1 ? "" : "s") left out to stay under \(Self.markdownLimit) characters; run `sopc diff` locally for the full report._\n" }
        return out
    }

    /// Text safe inside a table cell: pipes escaped, line breaks flattened.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "<", with: "&lt;")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
