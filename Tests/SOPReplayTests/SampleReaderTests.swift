import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// The readers behind `SampleReader`: one record rule per format, shared by framing and parsing.
@Suite struct SampleReaderTests {
    let m = Moderation()

    @Test("a stray quote inside a CSV cell is text and never merges the rows after it")
    func strayQuoteIsText() throws {
        let rows = (1...200).map { "r\($0),false,,30,[],allow,12\" screen" }
        let text = "id,verified,region,age,changes,label,comment\n" + rows.joined(separator: "\n") + "\n"
        for chunk in [16, 64, 1 << 20] {
            for jobs in [1, 2] {
                let r = try m.replay(text, format: .csv, jobs: jobs, chunkSize: chunk)
                #expect(r.samples == 200 && r.replayed == 200 && r.rejected == 0)
            }
        }
    }

    @Test("a quote left open at the end of the input costs one row, not the rest of the file")
    func unterminatedQuoteEndsAtItsLineBreak() throws {
        let text = """
        id,verified,region,age,changes,label
        a,false,,30,[],allow
        "b,false,,30,[],allow
        c,false,,30,[],allow
        d,false,,30,[],allow
        """
        let r = try m.replay(text, format: .csv)
        #expect(r.samples == 4 && r.replayed == 3 && r.rejected == 1)
        #expect(r.rejectedRows.map { "\($0.line) \($0.kind.rawValue)" } == ["3 malformed"])
        #expect(r.rejectedRows[0].reason.contains("unterminated quote"))
        // Past the record limit the same holds before the end of the input.
        var options = ReplayOptions()
        options.format = .csv
        options.chunkSize = 16
        options.maxRecordBytes = 40
        let limited = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array((text + "\n" + String(repeating: "e,false,,30,[],allow\n", count: 20)).utf8)))
        #expect(limited.samples == 24 && limited.rejected == 1)
    }

    @Test("a line longer than the record limit is one too-long row, whatever the read sizes; the next row is read")
    func recordLimitIsExact() throws {
        let header = "id,verified,region,age,changes,label\n"
        let tail = ",false,,30,[],allow"
        let limit = 64
        for chunk in [8, 16, 48, 64, 200] {
            for length in (limit - 2)...(3 * limit) {
                let long = String(repeating: "a", count: length - tail.count) + tail
                var options = ReplayOptions()
                options.format = .csv
                options.chunkSize = chunk
                options.maxRecordBytes = limit
                let text = header + long + "\nb" + tail + "\n"
                let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
                #expect(r.samples == 2, "chunk \(chunk), length \(length)")
                if length > limit {
                    #expect(r.rejectedRows.map { "\($0.line) \($0.kind.rawValue)" } == ["2 too-long"], "chunk \(chunk), length \(length)")
                    #expect(r.replayed == 1)
                } else {
                    #expect(r.rejected == 0 && r.replayed == 2, "chunk \(chunk), length \(length)")
                }
            }
        }
    }

    @Test("text after a closing quote is a malformed row, not silently dropped")
    func textAfterClosingQuote() throws {
        let r = try m.replay("id,verified,region,age,changes,label\n\"a\"x,false,,30,[],allow\nb,false,,30,[],allow\n", format: .csv)
        #expect(r.rejected == 1 && r.replayed == 1)
        #expect(r.rejectedRows[0].reason == "malformed CSV: text after the closing quote of cell 1")
    }

    @Test("CSV cells are trimmed; quoted cells keep their spaces")
    func cellsAreTrimmed() throws {
        let text = "id , verified ,region, age,changes,label\n a , false ,, 30 , 2fa | email , review \n\" b \",true, EU ,,,escalate\n"
        let r = try m.replay(text, format: .csv)
        #expect(r.rejected == 0 && r.replayed == 2 && r.agree == 2)
    }

    @Test("`[]` is the empty set in CSV; `[a, b]` as sopc prints a set works too")
    func csvSetSpellings() throws {
        let text = """
        id,verified,age,changes,label
        a,false,30,[],allow
        b,false,30,"[2fa, email]",review
        c,false,30,[ ],allow
        d,false,30,,allow
        e,false,30,[sms],allow
        """
        let r = try m.replay(text, format: .csv)
        #expect(r.replayed == 3 && r.agree == 3)
        #expect(r.rejectedRows.map { "\($0.id ?? "-") \($0.kind.rawValue)" } == ["d missing-input", "e invalid-value"])
    }

    @Test("a CSV without the label column is one input error; without labels required it is fine")
    func missingLabelColumn() throws {
        let text = "id,verified,age,changes\na,false,30,[]\nb,false,12,[]\n"
        #expect {
            try m.replay(text, format: .csv)
        } throws: { error in
            (error as? IOError)?.message == "the CSV header has no `label` column (the outcome each sample was labeled with); name the column with --label-field"
        }
        var options = ReplayOptions()
        options.format = .csv
        options.requireLabel = false
        var seen: [EvaluatedSample] = []
        let counts = try Replayer(graph: m.graph, options: options).evaluate(ByteSource(bytes: Array(text.utf8))) { seen.append($0) }
        #expect(counts.samples == 2 && counts.rejected == 0)
        #expect(seen.map(\.id) == ["a", "b"])
        #expect(seen.map(\.line) == [2, 3])
        #expect(seen.map(\.outcome) == [m.allow, m.ban])
        #expect(seen[1].path == [m.start, m.checkAge])
    }

    @Test("evaluate reports rejected rows in order with their line, and agrees with replay")
    func evaluateMatchesReplay() throws {
        let lines = [
            #"{"id":"a","verified":true,"region":"US","label":"allow"}"#,
            #"{"id":"b","verified":true,"region":"XX","label":"allow"}"#,
            "",
            #"{"verified":false,"age":12,"label":"allow"}"#,
        ]
        var options = ReplayOptions()
        options.chunkSize = 40
        options.jobs = 2
        var seen: [EvaluatedSample] = []
        let counts = try Replayer(graph: m.graph, options: options).evaluate(ByteSource(bytes: Array(lines.joined(separator: "\n").utf8))) { seen.append($0) }
        #expect(counts.samples == 3 && counts.rejected == 1)
        #expect(seen.map(\.id) == ["a", "b", "4"])
        #expect(seen[1].rejection?.kind == .invalidValue && seen[1].rejection?.line == 2)
        #expect(seen[2].outcome == m.ban && seen[2].label == m.allow)
        let r = try m.replay(lines.joined(separator: "\n"))
        #expect(r.disagreements.map(\.id) == ["4"])
    }

    @Test("JSON strings spell bools and ints as CSV cells do")
    func jsonStringForms() throws {
        let text = [
            #"{"id":"a","verified":"true","region":"US","label":"allow"}"#,
            #"{"id":"b","verified":"FALSE","age":"12","label":"ban"}"#,
            #"{"id":"c","verified":"maybe","label":"ban"}"#,
            #"{"id":"d","verified":false,"age":"twelve","label":"ban"}"#,
        ].joined(separator: "\n")
        let r = try m.replay(text)
        #expect(r.replayed == 2 && r.agree == 2)
        #expect(r.rejectedRows.map(\.reason) == [
            "`verified` must be true or false (also yes/no or 1/0), found `maybe`",
            "`age` must be an integer, found `twelve`",
        ])
    }

    @Test("a path copied from sopc's output is accepted, with or without its outcome")
    func pathsAsSopcPrintsThem() throws {
        let text = [
            #"{"id":"a","verified":false,"age":30,"changes":[],"label":"review","path":"start > check_age > check_changes > review"}"#,
            #"{"id":"b","verified":false,"age":30,"changes":[],"label":"review","path":["start","check_age","check_changes","review"]}"#,
            #"{"id":"c","verified":false,"age":30,"changes":[],"label":"review","path":"start > review > check_age"}"#,
        ].joined(separator: "\n")
        let r = try m.replay(text)
        #expect(r.disagreements.map(\.id) == ["a", "b"])
        #expect(r.disagreements.allSatisfy { $0.specialistPath == [m.start, m.checkAge, m.checkChanges] })
        #expect(r.rejectedRows.map(\.reason) == ["`path` goes on after the outcome it ends in"])
    }

    @Test("an input named like a replay field is an input error naming the option")
    func fieldNameCollision() throws {
        var options = ReplayOptions()
        options.fields.label = "region"
        #expect {
            try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array("{}\n".utf8)))
        } throws: { error in
            (error as? IOError)?.message == "the input `region` has the name of the label field; rename the field with --label-field"
        }
        options = ReplayOptions()
        options.fields.ai = "label"
        #expect(throws: IOError.self) { try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array("{}\n".utf8))) }
    }

    @Test("UTF-16 and UTF-32 input is named, and a JSON array is told apart from JSON Lines")
    func encodingsAndArrays() throws {
        for (bom, name) in [([0xFF, 0xFE] as [UInt8], "UTF-16"), ([0xFE, 0xFF], "UTF-16"), ([0xFF, 0xFE, 0, 0], "UTF-32")] {
            #expect {
                try Replayer(graph: m.graph).replay(ByteSource(bytes: bom + Array("{}\n".utf8)))
            } throws: { error in
                (error as? IOError)?.message.contains("is \(name) (by its byte order mark)") == true
            }
        }
        #expect {
            try m.replay("  [{\"id\":\"a\"}]\n")
        } throws: { error in
            (error as? IOError)?.message.contains("holds a JSON array") == true
        }
        #expect(SampleFormat.infer(fromPath: "x.json") == .jsonl)
        #expect(SampleFormat.infer(fromPath: "x.JSON.gz") == .jsonl)
        #expect(throws: IOError.self) { try SampleFormat.resolve(nil, path: "x.txt") }
        #expect(try SampleFormat.resolve("csv", path: "x.txt") == .csv)
    }

    @Test("a record past the length limit is one rejected row, skipped without keeping it")
    func oversizedRecords() throws {
        let long = #"{"id":""# + String(repeating: "x", count: 5000) + #"","verified":true,"region":"US","label":"allow"}"#
        let text = [#"{"id":"a","verified":true,"region":"US","label":"allow"}"#, long, #"{"id":"c","verified":true,"region":"US","label":"ban"}"#].joined(separator: "\n")
        for jobs in [1, 2] {
            var options = ReplayOptions()
            options.chunkSize = 64
            options.maxRecordBytes = 1000
            options.jobs = jobs
            let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
            #expect(r.samples == 3 && r.replayed == 2 && r.rejected == 1)
            #expect(r.rejectedRows.map { "\($0.line) \($0.kind.rawValue)" } == ["2 too-long"])
            #expect(r.disagreements.map { "\($0.line) \($0.id)" } == ["3 c"])
        }
    }

    @Test("framing and parsing agree on where every CSV record ends, for any cut")
    func csvFramingMatchesSplitting() throws {
        // Random records over a small alphabet rich in quotes, commas and line breaks.
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array("a\",\n \r".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBufferPointer { b in
                // Every record framing finds splits into cells without meeting a line break outside
                // quotes, and its line breaks inside are exactly those in quoted cells.
                var start = 0
                var cells: [CSVReader.Cell] = []
                while start < b.count {
                    let span = CSVReader.recordInBatch(b, from: start)
                    // Without its line end, as the readers get it (the CR of a CR LF included).
                    let end = span.end > start && b[span.end - 1] == 0x0D ? span.end - 1 : span.end
                    let record = UnsafeBufferPointer(rebasing: b[start..<end])
                    let problem = CSVReader.split(record, into: &cells)
                    #expect(problem != "line break outside quotes")
                    if problem == nil {
                        // LF, CR LF and a lone CR each end a line (`LineBreaks`).
                        let quotedBreaks = cells.filter(\.quoted).reduce(0) { n, c in
                            n + (c.start..<c.end).filter { k in record[k] == 0x0A || (record[k] == 0x0D && (k + 1 == c.end || record[k + 1] != 0x0A)) }.count
                        }
                        #expect(span.innerBreaks == quotedBreaks)
                    }
                    start = span.end + 1
                }
                // The fast cut equals walking the records one by one to the last terminated one.
                var at = 0
                var walked: Int?
                while at < b.count {
                    let span = CSVReader.record(in: b, from: at)
                    guard span.terminated else { break }
                    at = span.end + 1
                    walked = at
                }
                #expect(CSVReader.lastCut(b) == walked)
            }
        }
    }

    // MARK: - Line ends and text

    /// The rows of `lines` joined by `end`, each `{"id": …}` or a CSV row.
    private func joined(_ lines: [String], _ end: String) -> [UInt8] { Array((lines.joined(separator: end) + end).utf8) }

    private func replay(_ bytes: [UInt8], format: SampleFormat, jobs: Int, chunk: Int) throws -> ReplayResult {
        var options = ReplayOptions()
        options.format = format
        options.jobs = jobs
        options.chunkSize = chunk
        return try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: bytes))
    }

    private func summary(_ r: ReplayResult) -> String {
        "\(r.samples) \(r.replayed) \(r.rejected) \(r.agree) " + r.rejectedRows.map { "\($0.line):\($0.id ?? "-"):\($0.kind.rawValue)" }.joined(separator: ",")
            + " " + r.disagreements.map { "\($0.line):\($0.id)" }.joined(separator: ",")
    }

    @Test("CR-only and CR LF line ends frame JSON Lines and CSV rows as LF does, with the same line numbers, for any cut")
    func crLineEnds() throws {
        let jsonl = [
            #"{"id":"a","verified":true,"region":"US","label":"allow"}"#, "",
            #"{"id":"b","verified":true,"region":"US","label":"ban"}"#, #"{"id":"c","verified":7,"label":"allow"}"#,
            #"{"id":"d","verified":false,"age":30,"changes":[],"label":"allow"}"#,
        ]
        let csv = ["id,verified,region,age,changes,label", "a,false,,30,[],allow", "\"b\nx\",false,,30,[],ban", "", "c,maybe,,30,[],allow", "d,true,EU,,,escalate"]
        for (format, lines) in [(SampleFormat.jsonl, jsonl), (.csv, csv)] {
            let reference = try summary(replay(joined(lines, "\n"), format: format, jobs: 1, chunk: 1 << 20))
            #expect(reference.hasPrefix("4 "), "\(reference)")
            for end in ["\r", "\r\n"] {
                // The LF inside a quoted CSV cell stays: a file may mix line ends.
                let bytes = joined(lines, end)
                for chunk in [1, 3, 8, 17, 1 << 20] {
                    for jobs in [1, 2] {
                        let r = try summary(replay(bytes, format: format, jobs: jobs, chunk: chunk))
                        #expect(r == reference, "\(format) \(end.debugDescription) chunk \(chunk) jobs \(jobs)")
                    }
                }
            }
        }
    }

    @Test("invalid UTF-8 and NUL bytes reject their row at their own line and column, in JSON Lines and CSV")
    func textErrorsAtTheirPosition() throws {
        let good = #"{"id":"a","verified":true,"region":"US","label":"allow"}"#
        // Row 2: an invalid byte in the labeler's name after a two-byte character (column counts characters).
        var jsonl = Array((good + "\n" + #"{"id":"b","verified":true,"region":"US","label":"allow","labeler":"é"# ).utf8)
        jsonl += [0xFF] + Array(#""}"#.utf8) + [0x0A]
        jsonl += Array(#"{"id":"c","#.utf8) + [0x00] + Array(#""verified":true,"label":"allow"}"#.utf8) + [0x0A] + Array(good.utf8) + [0x0A]
        var csv = Array("id,verified,region,age,changes,label\na,false,,30,[],allow\n\"b\nsecond ".utf8)
        csv += [0xC3, 0x28] + Array("\",false,,30,[],allow\nc,false,,3".utf8) + [0x00] + Array(",[],allow\nd,false,,30,[],allow\n".utf8)
        for jobs in [1, 2] {
            for chunk in [5, 1 << 20] {
                let j = try replay(jsonl, format: .jsonl, jobs: jobs, chunk: chunk)
                #expect(j.samples == 4 && j.replayed == 2 && j.rejected == 2)
                #expect(j.rejectedRows.map { "\($0.line) \($0.kind.rawValue) \($0.reason)" } == [
                    "2 encoding invalid UTF-8 at column 69", "3 encoding a NUL byte at column 11",
                ])
                let c = try replay(csv, format: .csv, jobs: jobs, chunk: chunk)
                #expect(c.samples == 4 && c.replayed == 2 && c.rejected == 2)
                // The quoted cell of row `b` starts on line 3; its bad byte is on line 4.
                #expect(c.rejectedRows.map { "\($0.line) \($0.kind.rawValue) \($0.reason)" } == [
                    "4 encoding invalid UTF-8 at column 8", "5 encoding a NUL byte at column 11",
                ])
                #expect(c.disagreements.map(\.line).allSatisfy { $0 == 2 || $0 == 6 })
            }
        }
        // A broken header is an input error naming its position.
        #expect {
            try replay(Array("id,verified,la".utf8) + [0x80] + Array("bel\n".utf8), format: .csv, jobs: 1, chunk: 1 << 20)
        } throws: { error in
            (error as? IOError)?.message == "the header row holds invalid UTF-8 at line 1, column 15"
        }
    }

    @Test("U+0000 written \\u0000 in a value compared with the SOP's names is an encoding rejection naming the field; elsewhere it is text")
    func escapedNULInACompardValue() throws {
        func row(_ fields: String, label: String = "allow") -> String {
            #"{"id":"i","verified":false,"age":30,"changes":["2fa"],"label":"\#(label)","# + fields + "}"
        }
        let lines = [
            row(#""region":"U\u0000S""#),
            row(#""note":"\u0000""#),
            #"{"id":"i","verified":false,"age":30,"changes":["2fa","\u0000"],"label":"allow"}"#,
            row("", label: #"al\u0000low"#),
            row(#""ai":"allow\u0000""#),
            row(#""path":["start","check_age\u0000"]"#),
            // Not compared with the SOP's names: text like any other.
            row(#""labeler":"a\u0000b""#),
            #"{"id":"x\u0000","verified":false,"age":30,"changes":["2fa"],"label":"allow"}"#,
            // A bad value before the NUL is reported first, as any first problem of a row is.
            row(#""region":"Mars","note":"\u0000""#),
        ]
        let r = try replay(Array((lines.joined(separator: "\n") + "\n").utf8), format: .jsonl, jobs: 1, chunk: 1 << 20)
        #expect(r.rejectedRows.map { "\($0.line) \($0.kind.rawValue) \($0.reason)" } == [
            "1 encoding `region` holds a NUL character (U+0000)", "2 encoding `note` holds a NUL character (U+0000)",
            "3 encoding `changes` holds a NUL character (U+0000)", "4 encoding `label` holds a NUL character (U+0000)",
            "5 encoding `ai` holds a NUL character (U+0000)", "6 encoding `path` holds a NUL character (U+0000)",
            "9 invalid-value `region` must be one of `EU`, `US`, `APAC`, found `Mars`",
        ])
        #expect(r.replayed == 2 && r.rejectedRows.first?.reason == RejectKind.nulReason(field: "region"))
    }

    @Test("input that is mostly NUL bytes (/dev/zero, a gzip bomb of zeros) is an input error at once, not an endless record")
    func binaryInputIsAnError() throws {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect {
            try replay(zeros, format: .jsonl, jobs: 1, chunk: 1 << 16)
        } throws: { error in
            (error as? IOError)?.message == "input is not text: 65536 of its first 65536 bytes are NUL, the first at line 1, column 1; samples are JSON Lines or CSV in UTF-8"
        }
        // A few stray NULs in text are rejected rows, not an input error.
        let good = #"{"id":"a","verified":true,"region":"US","label":"allow"}"#
        var text: [UInt8] = []
        for i in 0..<200 { text += Array(good.utf8) + (i % 4 == 0 ? [0] : []) + [0x0A] }
        let r = try replay(text, format: .jsonl, jobs: 1, chunk: 1 << 20)
        #expect(r.samples == 200 && r.rejected == 50 && r.rejectedByKind.map(\.0) == [.encoding])
    }

    @Test("UTF8Check finds the first invalid or NUL byte where Swift's own validation says, on random bytes")
    func utf8CheckMatchesSwift() {
        var rng = SplitMix64(seed: 23)
        let alphabet: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF]
        for _ in 0..<1000 {
            let bytes = (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            // Brute force: the longest valid prefix, and the first NUL.
            let valid = (0...bytes.count).last { String(validating: bytes[0..<$0], as: UTF8.self) != nil }!
            let zero = bytes.firstIndex(of: 0) ?? bytes.count
            let expected: (Int, UTF8Check.Problem)? = zero < valid ? (zero, .nul) : valid < bytes.count ? (valid, .invalid) : nil
            let found = bytes.withUnsafeBufferPointer(UTF8Check.firstProblem)
            #expect(found?.offset == expected?.0 && found?.problem == expected?.1, "\(bytes)")
        }
    }

    @Test("LineBreaks frames lines as its line starts say, and places offsets by line and column")
    func lineBreaksAgree() {
        var rng = SplitMix64(seed: 5)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x61, 0xC3, 0xA9]
        for _ in 0..<1000 {
            let bytes = (0..<Int(rng.next() % 16)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBufferPointer { b in
                // Brute force: LF, CR LF, lone CR.
                var starts = [0]
                var k = 0
                while k < b.count {
                    if b[k] == 0x0A || (b[k] == 0x0D && !(k + 1 < b.count && b[k + 1] == 0x0A)) { starts.append(k + 1) }
                    k += 1
                }
                #expect(LineBreaks.lineStarts(b) == starts)
                #expect(LineBreaks.count(in: b) == starts.count - 1)
                for offset in 0..<b.count {
                    let line = starts.lastIndex { $0 <= offset }!
                    let column = 1 + (starts[line]..<offset).filter { b[$0] & 0xC0 != 0x80 }.count
                    let at = LineBreaks.position(of: offset, in: b)
                    #expect(at.line == line && at.column == column)
                }
                #expect(LineBreaks.lastCut(b) == starts.dropFirst().last, "\(bytes)")
            }
        }
    }

    @Test("paths in samples split by the rule DecisionPath.split states")
    func pathSplittingMatchesDecisionPath() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("ab> \t.")
        for _ in 0..<500 {
            let text = String((0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let bytes = Array(text.utf8)
            let steps = bytes.withUnsafeBufferPointer { SampleSchema.pathSteps($0).map { String(decoding: $0, as: UTF8.self) } }
            #expect(steps == DecisionPath.split(text), "\(text)")
        }
    }

    @Test("CSV cells a spreadsheet would run as formulas are neutralised; numbers are left alone")
    func csvFormulaNeutralising() {
        #expect(DisagreementCSV.escape("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(DisagreementCSV.escape("+1+cmd") == "'+1+cmd")
        #expect(DisagreementCSV.escape("@SUM(A1)") == "'@SUM(A1)")
        #expect(DisagreementCSV.escape("-2+3") == "'-2+3")
        #expect(DisagreementCSV.escape("\tx") == "'\tx")
        #expect(DisagreementCSV.escape("-5") == "-5")
        #expect(DisagreementCSV.escape("+3.25") == "+3.25")
        #expect(DisagreementCSV.escape("plain") == "plain")
    }
}
