import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// Reading a record (`SampleReader.read`): the JSON Lines reader checks the text while it parses, and must
/// answer exactly as checking the text first (`UTF8Check`) and then parsing does.
@Suite struct RecordReadingTests {
    /// Real rows with bytes put in at random places: invalid bytes, NUL, valid multi-byte characters,
    /// in keys, values and between tokens.
    static func corruptedRows() throws -> [[UInt8]] {
        let url = CaseRunnerTests.root.appendingPathComponent("trees/samples/account-takeover.jsonl")
        let rows = try Array(Data(contentsOf: url)).split(separator: 0x0A).map(Array.init)
        let inserts: [[UInt8]] = [[0xFF], [0x80], [0x00], [0xC3], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                                  [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x1F]]
        var rng = SplitMix64(seed: 11)
        var out: [[UInt8]] = []
        for round in 0..<6 {
            for row in rows {
                var r = row
                // A third of the rows stay as they are; the rest get one to three insertions.
                if rng.below(3) != 0 {
                    for _ in 0...rng.below(3) {
                        let at = rng.below(r.count + 1)
                        r.insert(contentsOf: inserts[rng.below(inserts.count)], at: at)
                    }
                }
                // Keys with a multi-byte character, so remembered keys meet them.
                if round == 5, let colon = r.firstIndex(of: UInt8(ascii: ":")), colon > 2 { r.insert(contentsOf: [0xC3, 0xA9], at: colon - 1) }
                out.append(r)
            }
        }
        return out
    }

    enum Answer: Equatable {
        case text(Int, UTF8Check.Problem)
        case parsed(String?, String)
    }

    @Test func parsingWhileCheckingAnswersAsCheckingFirst() throws {
        let graph = try CaseRunnerTests().graph("trees/account-takeover.sop.yaml")
        let schema = SampleSchema(graph: graph, fields: FieldNames(), requireLabel: false)
        var fused = JSONLinesReader(schema: schema, header: ())
        var plain = JSONLinesReader(schema: schema, header: ())
        var a = SampleRow(schema: schema), b = SampleRow(schema: schema)
        let replayer = Replayer(graph: graph, options: ReplayOptions())
        var steps: [Walk.Step] = []
        /// What a row holds after parsing, as text: its named fields, and where its inputs lead.
        func fields(_ row: SampleRow, _ record: UnsafeBufferPointer<UInt8>) -> String {
            let id = row.id.map { Replayer.text(record, $0) } ?? "-"
            let labeler = row.labeler.map { Replayer.text(record, $0) } ?? "-"
            let walked: String
            switch replayer.walk(row, schema: schema, steps: &steps) {
            case .success(let o): walked = "\(steps.map(\.node.index)) \(o.index)"
            case .failure(let e): walked = "\(e.kind) \(e.message)"
            }
            return "\(id) \(labeler) \(row.label.map { "\($0.index)" } ?? "-") \(row.ai.map { "\($0.index)" } ?? "-") \(row.encoded.present) \(walked)"
        }
        var texts = 0, parsed = 0
        for record in try Self.corruptedRows() {
            record.withUnsafeBufferPointer { r in
                a.reset()
                b.reset()
                let got: Answer
                switch fused.read(r, into: &a) {
                case .text(let offset, let problem): got = .text(offset, problem)
                case .parsed(let e): got = .parsed(e.map { "\($0.kind) \($0.message)" }, fields(a, r))
                }
                let expected: Answer
                if let p = UTF8Check.firstProblem(r) {
                    expected = .text(p.offset, p.problem)
                    texts += 1
                } else {
                    let e = plain.parse(r, into: &b)
                    expected = .parsed(e.map { "\($0.kind) \($0.message)" }, fields(b, r))
                    parsed += 1
                }
                #expect(got == expected, "\(String(decoding: record, as: UTF8.self))")
            }
        }
        // Both kinds of answer are exercised, many times.
        #expect(texts > 500 && parsed > 500)
    }

    @Test func runRejectsBrokenTextAsReplayDoes() throws {
        let runner = CaseRunnerTests()
        let g = try runner.graph("trees/account-takeover.sop.yaml")
        let rows = try Self.corruptedRows()
        let bytes = Array(rows.joined(separator: [0x0A]))
        var options = ReplayOptions()
        options.maxRejected = 1 << 20
        options.requireLabel = false
        var replayed: [Int: String] = [:]
        let replay = try Replayer(graph: g, options: options).evaluate(ByteSource(bytes: bytes)) { e in
            if let r = e.rejection, r.kind == .encoding { replayed[r.line] = r.reason }
        }
        let (text, summary) = try runner.run(g, bytes, input: .jsonl)
        #expect(summary.cases == replay.samples)
        var encoding: [Int: String] = [:]
        for (line, row) in try runner.rows(text) where row["rejected"] as? String == "encoding" {
            encoding[line] = row["reason"] as? String
            #expect(row["id"] as? String == String(line), "an unreadable row is named by its line")
        }
        #expect(encoding.count > 500)
        #expect(encoding == replayed)
    }
}

/// Fields and inputs past the 64 a row keeps as bits are kept by generation stamps: duplicates are still
/// found and missing inputs still named, whatever the place.
@Suite struct WideRowTests {
    @Test func inputsAndFieldsPastSixtyFourReadAsTheFirstOnes() throws {
        var b = TreeBuilder()
        let s = b.sop("wide")
        let inputs = (0..<80).map { b.input("f\($0)", .bool, in: s) }
        let yes = b.outcome("yes", in: s), no = b.outcome("no", in: s)
        // Each node asks one input, the last ones first: f79, f70, f65, f63, f0.
        let asked = [79, 70, 65, 63, 0]
        let nodes = asked.map { b.declare("ask\($0)", in: s) }
        for (k, i) in asked.enumerated() {
            let next: Target = k + 1 < nodes.count ? .node(nodes[k + 1]) : .outcome(yes)
            b.branches(nodes[k], on: inputs[i], [
                (.case(.bool(true)), .compare(inputs[i], .equal, .bool(true)), next),
                (.case(.bool(false)), .compare(inputs[i], .equal, .bool(false)), .outcome(no)),
            ])
        }
        let graph = ReplayGraph(program: b.program, sop: s)
        func row(_ fields: [Int: Bool], extra: String = "") -> String {
            "{\"id\":\"r\",\"label\":\"yes\"" + fields.sorted { $0.key < $1.key }.map { ",\"f\($0.key)\":\($0.value)" }.joined() + extra + "}"
        }
        let all = Dictionary(uniqueKeysWithValues: asked.map { ($0, true) })
        var missing = all
        missing[70] = nil
        let text = [
            row(all),
            row(missing),
            row(all, extra: ",\"f70\":true"),
            row(all, extra: ",\"f3\":true,\"f3\":false"),
            row(all.merging([65: false]) { $1 }),
            row(all),
        ].joined(separator: "\n")
        var options = ReplayOptions()
        options.maxRejected = 10
        let r = try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
        #expect(r.rejectedRows.map { "\($0.line) \($0.kind.rawValue) \($0.reason)" } == [
            "2 missing-input missing `f70`, needed at node `ask70`",
            "3 duplicate-field field `f70` appears twice",
            "4 duplicate-field field `f3` appears twice",
        ])
        #expect(r.replayed == 3 && r.agree == 2)
        #expect(r.disagreements.map(\.line) == [5])
    }
}
