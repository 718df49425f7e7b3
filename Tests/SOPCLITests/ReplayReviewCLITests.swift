import Foundation
import Testing

extension CLITests {
    static let review = ["trees/account-takeover.sop.yaml", "trees/samples/account-takeover-review.jsonl",
                         "--time-field", "labeled_at", "--duration-field", "seconds", "--target-rate", "60",
                         "--gold", "trees/samples/account-takeover-gold.jsonl"]

    func sopc(_ arguments: [String]) throws -> Result { try sopc(arguments, in: Self.repository) }

    @Test("replay review: every section in text, JSON and HTML on the shipped samples")
    func reviewSectionsOnShippedSamples() throws {
        let text = try sopc(["replay"] + Self.review)
        #expect(text.status == 0)
        for section in ["\nhotspots\n", "\nlabelers (target", "\nai (", "\ncoverage:", "\nroot causes:", "\ntrend by week\n", "\nproductivity (",
                        "\nseveral labelers per item:", "\ngold set:", "cause: "] {
            #expect(text.stdout.contains(section), "\(section)")
        }
        let json = try sopc(["replay"] + Self.review + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        for key in ["summary", "confusion", "nodes", "labelers", "ai", "coverage", "root_causes", "trends", "productivity", "multi_rater", "gold"] {
            #expect(object[key] != nil, "\(key)")
        }
        // The planted SOP defect leads both rankings.
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.first?["node"] as? String == "change_age")
        let html = try sopc(["replay"] + Self.review + ["--format", "html"])
        for id in ["summary", "trend", "hotspots", "confusion", "labelers", "rca", "multi", "gold", "ai", "coverage", "disagreements"] {
            #expect(html.stdout.contains("<section id=\"\(id)\">"), "\(id)")
        }
    }

    @Test("replay review: every report and the disagreements file are byte-identical for 1 and 2 workers")
    func reviewOutputsDoNotDependOnWorkers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-review-jobs-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "json", "html"] {
            var outputs: [[Data]] = []
            for jobs in ["1", "2"] {
                let report = dir.appendingPathComponent("r-\(jobs).\(format)").path, csv = dir.appendingPathComponent("d-\(jobs).csv").path
                let r = try sopc(["replay"] + Self.review + ["--format", format, "-o", report, "--disagreements", csv, "--jobs", jobs])
                #expect(r.status == 0, "\(r.stderr)")
                outputs.append([try Data(contentsOf: URL(fileURLWithPath: report)), try Data(contentsOf: URL(fileURLWithPath: csv))])
            }
            #expect(outputs[0][0].count > 1000 && outputs[0][1].count > 1000)
            #expect(outputs[0] == outputs[1], "\(format)")
        }
    }

    @Test("replay review: the disagreements file has the cause; bad options and gold files exit 2")
    func reviewFilesAndErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-review-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("d.csv").path
        #expect(try sopc(["replay"] + Self.review + ["--disagreements", csv, "-o", dir.appendingPathComponent("r.txt").path]).status == 0)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasSuffix(",ai,cause") == true)
        #expect(rows.count == 78)
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",label-error") || $0.hasSuffix(",sop-suspect") || $0.hasSuffix(",unclear") })
        // Paths are spelled as everywhere else (` > `), ending in the outcome: the SOP's, or the label.
        let header = rows[0].split(separator: ",").map(String.init)
        for row in rows.dropFirst() {
            let cells = Self.csvCells(String(row))
            let cell = { (name: String) in cells[header.firstIndex(of: name)!] }
            #expect(cell("path").hasSuffix(" > " + cell("sop")) && !cell("path").contains("->"), "\(row)")
            #expect(cell("specialist_path").isEmpty || cell("specialist_path").hasSuffix(" > " + cell("label")), "\(row)")
        }

        #expect(try sopc(["replay"] + Self.review + ["--period", "fortnight"]).status == 2)
        #expect(try sopc(["replay"] + Self.review + ["--format", "pdf"]).status == 2)
        let badGold = dir.appendingPathComponent("gold.jsonl").path
        try "{\"id\":\"item-1\",\"label\":\"ban_forever\"}\n".write(toFile: badGold, atomically: true, encoding: .utf8)
        let r = try sopc(["replay", "trees/account-takeover.sop.yaml", "trees/samples/account-takeover-review.jsonl", "--gold", badGold])
        #expect(r.status == 2)
        #expect(r.stderr.contains("gold.jsonl:1: unknown outcome `ban_forever`"))
    }

    /// The cells of one CSV row (quoted cells with `""` escapes).
    static func csvCells(_ row: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, previous: Character = " "
        for ch in row {
            if quoted {
                if ch == "\"" { quoted = false } else { cell.append(ch) }
            } else if ch == "\"" {
                if previous == "\"" { cell.append("\"") }
                quoted = true
            } else if ch == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(ch)
            }
            previous = ch
        }
        cells.append(cell)
        return cells
    }
}
