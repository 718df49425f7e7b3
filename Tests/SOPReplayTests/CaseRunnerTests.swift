import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// `sopc run --cases` against `sopc replay`: the same rows, the same outcomes and paths, the same reasons.
@Suite struct CaseRunnerTests {
    static let root = ShippedSamplesTests.root

    func graph(_ tree: String) throws -> ReplayGraph {
        let compilation = try Compiler.compile(files: [Self.root.appendingPathComponent(tree).path])
        let sop = try #require(compilation.sop(inFile: compilation.rootFiles[0]))
        return ReplayGraph(program: compilation.program, sop: sop.id)
    }

    func run(_ graph: ReplayGraph, _ bytes: [UInt8], input: SampleFormat, output: CaseRowFormat = .jsonl, jobs: Int = 2, chunk: Int = 4 << 20) throws -> (text: String, summary: CaseRunSummary) {
        var options = ReplayOptions()
        options.format = input
        options.jobs = jobs
        options.chunkSize = chunk
        var out: [UInt8] = []
        let summary = try CaseRunner(graph: graph, options: options, format: output).run(ByteSource(bytes: bytes)) { out += $0 }
        return (String(decoding: out, as: UTF8.self), summary)
    }

    /// Rows of `sopc run` output, read back with Foundation's JSON parser, by line.
    func rows(_ text: String) throws -> [Int: [String: Any]] {
        var result: [Int: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let n = try #require(object["line"] as? Int)
            #expect(result[n] == nil)
            result[n] = object
        }
        return result
    }

    /// Asserts that run and replay agree on every row of `bytes`; `labels` maps a line to its label.
    func expectAgreement(_ graph: ReplayGraph, _ bytes: [UInt8], format: SampleFormat, labels: [Int: String]) throws {
        var options = ReplayOptions()
        options.format = format
        options.maxDisagreements = 1 << 20
        options.maxRejected = 1 << 20
        let replay = try Replayer(graph: graph, options: options).replay(ByteSource(bytes: bytes))
        let (text, summary) = try run(graph, bytes, input: format)
        let rows = try rows(text)
        #expect(rows.count == replay.samples && summary.cases == replay.samples)
        let rejected = Dictionary(uniqueKeysWithValues: replay.rejectedRows.map { ($0.line, $0) })
        let disagreements = Dictionary(uniqueKeysWithValues: replay.disagreements.map { ($0.line, $0) })
        var compared = 0
        for (line, row) in rows {
            if let r = rejected[line], r.kind != .unknownOutcome && r.kind != .missingLabel {
                // Rejected for its inputs: the same kind and the same words.
                #expect(row["rejected"] as? String == r.kind.rawValue, "line \(line)")
                #expect(row["reason"] as? String == r.reason, "line \(line)")
                #expect(row["id"] as? String == r.id, "line \(line)")
                continue
            }
            #expect(row["rejected"] == nil, "line \(line): \(row)")
            if rejected[line] != nil { continue }
            compared += 1
            if let d = disagreements[line] {
                #expect(row["outcome"] as? String == graph.name(of: d.sop), "line \(line)")
                #expect(row["path"] as? String == DecisionPath.join(d.path.map(graph.name(of:)) + [graph.name(of: d.sop)]), "line \(line)")
            } else {
                #expect(row["outcome"] as? String == labels[line], "line \(line)")
                let path = try #require(row["path"] as? String)
                #expect(DecisionPath.split(path).last == labels[line])
            }
        }
        #expect(compared == replay.replayed)
    }

    @Test func shippedJSONLinesSamplesAgreeWithReplayRowForRow() throws {
        let g = try graph("trees/account-takeover.sop.yaml")
        let bytes = try Array(Data(contentsOf: Self.root.appendingPathComponent("trees/samples/account-takeover.jsonl")))
        var labels: [Int: String] = [:]
        for (i, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if let o = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] { labels[i + 1] = o["label"] as? String }
        }
        try expectAgreement(g, bytes, format: .jsonl, labels: labels)
        // Labels are not read: the two rows replay rejects for an unknown label are evaluated.
        let (text, summary) = try run(g, bytes, input: .jsonl)
        #expect(summary.cases == 407 && summary.rejected == 5)
        #expect(text.contains(#"{"id":"ato-bad-1","line":"#))
        #expect(!text.contains(#""id":"ato-bad-1","line":88,"rejected""#))
    }

    @Test func shippedCSVSamplesAgreeWithReplayRowForRow() throws {
        let g = try graph("trees/account-takeover.sop.yaml")
        let bytes = try Array(Data(contentsOf: Self.root.appendingPathComponent("trees/samples/account-takeover.csv")))
        // The label column, by the header, read with a naive splitter (no cell of this file is quoted).
        // By bytes: Swift's `Character` makes "\r\n" one character, which `"\n"` does not match.
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0.filter { $0 != 0x0D }, as: UTF8.self) }
        let header = lines[0].components(separatedBy: ",")
        let labelColumn = try #require(header.firstIndex(of: "label"))
        var labels: [Int: String] = [:]
        for (i, line) in lines.enumerated().dropFirst() {
            let cells = line.components(separatedBy: ",")
            if cells.count == header.count { labels[i + 1] = cells[labelColumn] }
        }
        #expect(labels.count == 151)
        try expectAgreement(g, bytes, format: .csv, labels: labels)
    }

    @Test func everyShippedTreeAgreesWithReplayOnGeneratedCases() throws {
        let trees = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("trees").path)
            .filter { $0.hasSuffix(".sop.yaml") }.sorted()
        var checked = 0
        for name in trees {
            let g = try graph("trees/\(name)")
            guard g.program[g.sop].start != nil else { continue }
            var options = SampleGenerator.Options()
            options.noise = [try #require(g.program[g.sop].start): 0.3]
            let generator = SampleGenerator(graph: g, options: options)
            var text = ""
            var labels: [Int: String] = [:]
            for i in 0..<500 {
                guard let s = generator.sample(i) else { continue }
                text += generator.jsonLine(s, id: "\(i)")
                labels[labels.count + 1] = g.name(of: s.label)
            }
            try expectAgreement(g, Array(text.utf8), format: .jsonl, labels: labels)
            checked += 1
        }
        #expect(checked >= 7)
    }

    @Test func outputIsTheSameForAnyWorkerCountAndBatchSize() throws {
        let g = try graph("trees/account-takeover.sop.yaml")
        let bytes = try Array(Data(contentsOf: Self.root.appendingPathComponent("trees/samples/account-takeover.jsonl")))
        let one = try run(g, bytes, input: .jsonl, jobs: 1).text
        #expect(try run(g, bytes, input: .jsonl, jobs: 3, chunk: 4 << 10).text == one)
        let csvBytes = try Array(Data(contentsOf: Self.root.appendingPathComponent("trees/samples/account-takeover.csv")))
        let csvOne = try run(g, csvBytes, input: .csv, output: .csv, jobs: 1).text
        #expect(try run(g, csvBytes, input: .csv, output: .csv, jobs: 4, chunk: 2 << 10).text == csvOne)
        #expect(csvOne.hasPrefix(CaseRunner.csvHeader))
    }

    @Test func rowsWithoutIdAreNamedByLineAndOddIdsAreEscaped() throws {
        let g = try graph("trees/account-takeover.sop.yaml")
        let input = """
        {"recovery_email_domain":"temp-mail.org","verification_passed":"none"}

        {"id":"a \\"quoted\\" id\\twith tab","recovery_email_domain":"temp-mail.org","verification_passed":"none"}
        {"id":"x","recovery_email_domain":"outlook.com"}
        """
        let text = try run(g, Array(input.utf8), input: .jsonl).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"id":"1","line":1,"outcome":"fraud_review","path":"intake > disposable_contact > fraud_review"}"#,
            #"{"id":"a \"quoted\" id\twith tab","line":3,"outcome":"fraud_review","path":"intake > disposable_contact > fraud_review"}"#,
            #"{"id":"x","line":4,"rejected":"missing-input","reason":"missing `claimant_controls_login_email`, needed at node `email_control`"}"#,
        ])
        let csv = try run(g, Array("id,recovery_email_domain,verification_passed\n\"a,b\",temp-mail.org,none\n,outlook.com,none\n".utf8), input: .csv, output: .csv).text
        #expect(csv == CaseRunner.csvHeader + """
        "a,b",2,fraud_review,intake > disposable_contact > fraud_review,,
        3,3,,,missing-input,"missing `claimant_controls_login_email`, needed at node `email_control`"

        """)
    }

    @Test func givenValuesAreCheckedAgainstTheirTypes() throws {
        let g = try graph("trees/account-takeover.sop.yaml")
        guard case .failure(let e) = GivenValues.parse(["verification_passed=nonee", "day_since_change=3", "days_since_change=400", "recent_changes=pasword", "nope"], graph: g) else {
            Issue.record("expected errors")
            return
        }
        #expect(e.messages.count == 5)
        #expect(e.messages[0].hasSuffix("did you mean `none`?"))
        #expect(e.messages[1] == "no input `day_since_change` in `account-takeover`; did you mean `days_since_change`?")
        #expect(e.messages[2] == "`days_since_change`: 400 is outside its range 0...365")
        #expect(e.messages[3].hasSuffix("did you mean `password`?"))
        #expect(e.messages[4] == "`nope` is not `name=value`")
        let c = try GivenValues.parse(["recovery_email_domain=outlook.com", "claimant_controls_login_email=true", "recent_changes=[recovery_codes, password]"], graph: g).get()
        let trace = CaseTrace(graph: g, case: c)
        #expect(trace.path == "intake > email_control > changes > restore_via_self_serve")
        #expect(trace.steps.map(\.decidedBy) == ["else", "claimant_controls_login_email == true", "'password' in recent_changes or 'recovery_codes' in recent_changes"])
        #expect(trace.steps[2].reads.map(\.value) == [.set(["password", "recovery_codes"])])
    }
}
