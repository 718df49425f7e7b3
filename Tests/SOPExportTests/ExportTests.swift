import Foundation
import SOPCompiler
import SOPCore
import SOPExport
import SOPGraph
import Testing

@Suite("Exports of the shipped trees")
struct ShippedExportTests {
    @Test("every format exports every shipped tree", arguments: Exporters.formats)
    func everyFormat(_ format: String) throws {
        let program = ExportHarness.shipped.program
        #expect(ExportHarness.shipped.diagnostics.filter { $0.severity == .error }.isEmpty)
        for sop in ExportHarness.shippedTrees {
            let artifacts = try ExportHarness.export(format, program, [sop])
            #expect(!artifacts.isEmpty)
            #expect(artifacts.allSatisfy { !$0.contents.isEmpty })
            // Deterministic: byte-identical on a second run.
            #expect(try ExportHarness.export(format, program, [sop]) == artifacts)
        }
    }

    @Test("Markdown handbooks match their golden files")
    func markdownGolden() throws {
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let page = try ExportHarness.export("markdown", program, [sop])
            try ExportHarness.assertGolden(page[0].contents, program[sop].name + ".md")
        }
    }

    @Test("the handbook shows every question, guidance, input question and outcome title")
    func handbookIsComplete() throws {
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let page = try ExportHarness.export("markdown", program, [sop])[0].contents
            let s = program[sop]
            #expect(page.contains("# " + s.title.replacingOccurrences(of: "(", with: "(")))
            for n in s.nodes {
                let node = program[n]
                #expect(page.contains("`\(node.name)`"))
                if let g = node.guidance {
                    let firstWords = g.split(separator: " ").prefix(3).joined(separator: " ")
                    #expect(page.contains(firstWords.replacingOccurrences(of: "'", with: "'")), "guidance of \(node.name)")
                }
            }
            for o in s.outcomes { #expect(page.contains("`\(program[o].name)`"), "outcome \(program[o].name)") }
            #expect(page.contains("```mermaid\n"))
        }
    }
}

@Suite("Mermaid")
struct MermaidTests {
    static let reserved: Set<String> = ["end", "graph", "subgraph", "style", "click", "default", "class", "classDef", "linkStyle", "flowchart", "call", "href", "direction"]

    /// Checks the rules GitHub's Mermaid needs; returns the node ids declared.
    static func checkRules(_ text: String) -> [String] {
        var ids: [String] = []
        var edges = 0
        for line in text.split(separator: "\n").map(String.init) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("%%") || t.hasPrefix("classDef ") || t.hasPrefix("class ") || t == "flowchart TD" || t == "---" || t.hasPrefix("title: ") { continue }
            // Every label is a quoted string with no raw quote, angle bracket or ampersand from user text.
            let quoted = t.split(separator: "\"", omittingEmptySubsequences: false)
            #expect(quoted.count % 2 == 1, "unbalanced quotes: \(t)")
            for (k, part) in quoted.enumerated() where k % 2 == 1 {
                let stripped = part.replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
                    .replacingOccurrences(of: "<br/>", with: "").replacingOccurrences(of: "<i>", with: "").replacingOccurrences(of: "</i>", with: "")
                #expect(!stripped.contains("<") && !stripped.contains(">") && !stripped.contains(";") || stripped.contains("#"), "raw markup in label: \(part)")
                #expect(!stripped.contains("<") && !stripped.contains(">"), "raw angle bracket in label: \(part)")
            }
            let id = String(t.prefix { $0.isLetter || $0.isNumber })
            #expect(!reserved.contains(id) && !reserved.contains(id.lowercased()), "reserved id \(id)")
            #expect(id.range(of: "^(q|o|s)[0-9]+$|^more$", options: .regularExpression) != nil, "id \(id) is not synthetic: \(t)")
            if t.contains("-->") {
                edges += 1
            } else {
                ids.append(id)
            }
        }
        #expect(edges <= 500)
        #expect(text.utf8.count <= 50_000)
        return ids
    }

    @Test("ids are synthetic, labels quoted and escaped, within GitHub's limits")
    func shippedRules() throws {
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let text = try ExportHarness.export("mermaid", program, [sop])[0].contents
            let ids = Self.checkRules(text)
            #expect(ids.count == Set(ids).count)
            #expect(ids.filter { $0.hasPrefix("q") }.count == program[sop].nodes.count)
        }
    }

    @Test("a SOP past Mermaid's limits is folded and says what was left out")
    func folding() throws {
        var yaml = "sop: big\ntitle: Big\ninputs:\n  x: { type: int, range: [0, 1000] }\noutcomes:\n  done: { title: Done }\n  stop: { title: Stop }\nstart: n0\nnodes:\n"
        for i in 0..<800 {
            let next = i == 799 ? "done" : "n\(i + 1)"
            yaml += "  n\(i):\n    question: Is x at least \(i)?\n    match: first\n    branches:\n      - when: \"x >= \(i)\"\n        then: \(next)\n      - else: stop\n"
        }
        let c = ExportHarness.compile(yaml)
        let sop = try #require(c.program.sop(named: "big")).id
        let text = try ExportHarness.export("mermaid", c.program, [sop])[0].contents
        _ = Self.checkRules(text)
        #expect(text.contains("%% folded: "))
        #expect(text.contains("more questions not drawn"))
    }
}

@Suite("DOT")
struct DotTests {
    static func runDot(_ text: String) throws -> (status: Int32, stderr: String, svg: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        p.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), error = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = error
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: err, as: UTF8.self), String(decoding: out, as: UTF8.self))
    }

    @Test("Graphviz renders every shipped tree's DOT without a warning")
    func rendersCleanly() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "graphviz is listed in .ci/apt-packages.txt")
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let text = try ExportHarness.export("dot", program, [sop])[0].contents
            let r = try Self.runDot(text)
            #expect(r.status == 0)
            #expect(r.stderr == "", "\(program[sop].name): \(r.stderr)")
            #expect(r.svg.contains("<svg"))
            // Every question and outcome is drawn.
            #expect(r.svg.components(separatedBy: "class=\"node\"").count - 1 >= program[sop].nodes.count)
        }
    }
}

@Suite("Hostile text")
struct HostileTextTests {
    @Test("markup in every piece of user text exports inertly in every format", arguments: Exporters.formats)
    func inert(_ format: String) throws {
        let c = ExportHarness.compile(ExportHarness.hostile)
        #expect(c.diagnostics.filter { $0.severity == .error }.map(\.message) == [])
        let sop = try #require(c.program.sop(named: "evil")).id
        var text = try ExportHarness.export(format, c.program, [sop]).map(\.contents).joined()
        if format == "dot" {
            // DOT labels are quoted strings, never HTML-like `<...>` labels: what Graphviz draws is text.
            #expect(!text.contains("label=<"))
            let r = try DotTests.runDot(text)
            #expect(r.stderr == "")
            text = r.svg
        }
        #expect(!text.contains("<img"), "\(format) lets an <img> through")
        #expect(!text.contains("</script><"), "\(format) lets a </script> through")
        #expect(!text.contains("<script>alert"), "\(format) lets a <script> through")
        #expect(!text.contains("<!-- owner"), "\(format) lets a comment through")
        if format == "mermaid" { _ = MermaidTests.checkRules(text) }
    }
}
