import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct ParsingTests {
    let m = Moderation()

    @Test func jsonEscapesAndUnicodeAreDecoded() throws {
        let text = [
            #"{"id":"caf\u00e9 \"q\" \ud83d\ude00","verified":true,"region":"\u0045U","label":"allow"}"#,
            "{\"id\":\"ид-1\",\"verified\":true,\"region\":\"EU\",\"label\":\"allow\"}",
            #"{"id":"t\tab\\","verified":false,"age":5,"changes":["2\u0066a"],"path":["st\u0061rt"],"label":"allow"}"#,
            #"  { "id" : 42 , "verified" : true , "region" : "EU" , "label" : "allow" }  "#,
        ].joined(separator: "\n")
        let r = try m.replay(text)
        #expect(r.rejected == 0)
        #expect(Set(r.disagreements.map(\.id)) == ["café \"q\" 😀", "ид-1", "t\tab\\", "42"])
        let tab = try #require(r.disagreements.first { $0.id == "t\tab\\" })
        #expect(tab.specialistPath == [m.start])
        #expect(tab.sop == m.ban)
    }

    /// The reader matches a key against the keys seen at its place in the rows before, in place: rows whose
    /// keys move, grow, shrink, are escaped or unknown read exactly as each row read alone.
    @Test func keysRememberedByPlaceReadAsEachRowAlone() throws {
        let rows = [
            #"{"id":"1","verified":true,"region":"EU","label":"allow"}"#,
            #"{"id":"2","verified":true,"region":"US","label":"allow","labeler":"a"}"#,
            #"{"id":"3","verified":true,"regionx":"EU","region":"US","label":"ban"}"#,
            #"{"id":"4","verified":true,"regio":"EU","region":"EU","labe":"x","label":"allow"}"#,
            #"{"id":"5","verified":true,"region":"EU","label":"allow","labeler":"b"}"#,
            #"{"id":"6","verified":true,"region":"US","label":"allow"}"#,
            #"{"id":"7","label":"allow","verified":false,"age":9,"region":"EU"}"#,
            #"{"id":"8","verified":true,"region":"EU","label":"allow","label":"ban"}"#,
            #"{"id":"9","verified":true,"region":"EU"",label":"allow"}"#,
            #"{"id":"10","verified":true,"region":"EU","label":"allow"}"#,
            #"{"id":"11","verified":true,"region":"EU","label"}"#,
            #"{"id":"12","verified":true,"region":"EU","label":"allow"}"#,
        ]
        func summary(_ r: ReplayResult) -> [String] {
            r.disagreements.map { "\($0.id) \($0.sop.index) \($0.label.index) \($0.labeler ?? "-")" }
                + r.rejectedRows.map { "\($0.id ?? "-") \($0.kind) \($0.reason)" }
        }
        let together = try m.replay(rows.joined(separator: "\n"))
        var alone: [String] = [], agree = 0
        for (i, row) in rows.enumerated() {
            let r = try m.replay(String(repeating: "\n", count: i) + row)
            alone += summary(r)
            agree += r.agree
        }
        #expect(summary(together).sorted() == alone.sorted())
        #expect(together.agree == agree)
        #expect(together.rejected == 3)
    }

    @Test func wordAtATimeStringScanFindsExactlyQuotesBackslashesControlCharactersAndHighBytes() {
        // Every byte value at every place of a word of plain bytes, then random words: the word test agrees
        // with a byte-by-byte one.
        func special(_ b: UInt8) -> Bool { b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 }
        func word(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
        /// The place of the first special byte by the word test, or 8.
        func first(_ bytes: [UInt8]) -> Int {
            let m = JSONLinesReader.specialBytes(word(bytes))
            return m == 0 ? 8 : m.trailingZeroBitCount >> 3
        }
        for fill in [UInt8(ascii: "a"), 0x21, 0x5D, 0x80, 0xFF, 0x00, 0x22] {
            for place in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: fill, count: 8)
                    bytes[place] = UInt8(value)
                    #expect(first(bytes) == (bytes.firstIndex(where: special) ?? 8), "fill \(fill) place \(place) value \(value)")
                }
            }
        }
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next() % 4 == 0 ? rng.next() % 0x60 : rng.next()) }
            #expect(first(bytes) == (bytes.firstIndex(where: special) ?? 8), "\(bytes)")
        }
        // Strings long enough to be scanned a word at a time, with the escape, the end or a control
        // character at each place.
        for at in 0..<20 {
            let pad = String(repeating: "x", count: at)
            let r = try? m.replay("{\"id\":\"\(pad)\\\"\(pad)\",\"verified\":true,\"region\":\"EU\",\"label\":\"allow\"}\n" +
                                   "{\"id\":\"\(pad)\u{01}\",\"verified\":true,\"region\":\"EU\",\"label\":\"allow\"}\n")
            #expect(r?.disagreements.first?.id == pad + "\"" + pad)
            #expect(r?.rejectedRows.map(\.reason) == ["malformed JSON: control character in a string at column \(8 + at)"])
        }
    }

    @Test func blankLinesCRLFAndBOMKeepLineNumbers() throws {
        let text = "\u{FEFF}{\"verified\":true,\"region\":\"EU\",\"label\":\"allow\"}\r\n\r\n   \n{\"verified\":true,\"region\":\"US\",\"label\":\"allow\"}\r\n{\"verified\":true,\"region\":\"US\",\"label\":\"ban\"}"
        let r = try m.replay(text)
        #expect(r.samples == 3 && r.rejected == 0)
        #expect(r.disagreements.map(\.line) == [1, 5])
        // Without an id field the id is the line number.
        #expect(r.disagreements.map(\.id) == ["1", "5"])
    }

    @Test func csvQuotesCommasNewlinesAndCRLF() throws {
        let text = "\u{FEFF}id,verified,region,age,changes,label,path,comment\r\n"
            + "\"x, \"\"y\"\"\",true,EU,,,allow,,plain\r\n"
            + "\r\n"
            + "b,false,,30,2fa|email,allow,start>check_age>check_changes,\"two\r\nlines\"\r\n"
            + "c,false,,30,email,ban,start > check_age,\r\n"
        let r = try m.replay(text, format: .csv)
        #expect(r.samples == 3 && r.rejected == 0)
        #expect(r.disagreements.map(\.id) == ["b", "c", "x, \"y\""])
        #expect(r.disagreements.map(\.line) == [4, 6, 2])
        #expect(r.disagreements[0].divergence == .node(m.checkChanges, branch: 0))
        #expect(r.disagreements[1].specialistPath == [m.start, m.checkAge])
        // Cut into tiny chunks, so that some cuts fall inside the quoted line break: the same report.
        for size in [7, 16, 40] {
            let small = try m.replay(text, format: .csv, jobs: 2, chunkSize: size)
            #expect(small.json(target: 0.95).rendered() == r.json(target: 0.95).rendered())
        }
    }

    @Test func csvHeaderProblemsAreInputErrors() throws {
        #expect(throws: IOError.self) { try m.replay("id,label,id\n1,allow,2\n", format: .csv) }
        #expect(throws: IOError.self) { try m.replay("\n\n", format: .csv) }
    }

    @Test func gzipIsReadTransparentlyFromFiles() throws {
        let data = try #require(Bundle.module.url(forResource: "small.jsonl", withExtension: "gz", subdirectory: "Data"))
        var options = ReplayOptions()
        options.jobs = 1
        let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(path: data.path))
        #expect(r.samples == 3 && r.agree == 2 && r.disagreements.map(\.id) == ["g2"])

        let csv = try #require(Bundle.module.url(forResource: "small.csv", withExtension: "gz", subdirectory: "Data"))
        options.format = .csv
        let c = try Replayer(graph: m.graph, options: options).replay(ByteSource(path: csv.path))
        #expect(c.samples == 2 && c.disagreements.map(\.id) == ["g2"])
    }

    @Test func gzipIsDetectedByMagicBytesWithoutTheExtension() throws {
        let url = try #require(Bundle.module.url(forResource: "small.jsonl", withExtension: "gz", subdirectory: "Data"))
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(bytes.starts(with: [0x1F, 0x8B]))
        // As from a pipe: no name to go by.
        var options = ReplayOptions()
        options.jobs = 2
        let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: bytes))
        #expect(r.samples == 3 && r.disagreements.map(\.id) == ["g2"])
    }

    @Test func truncatedGzipIsAnInputError() throws {
        let url = try #require(Bundle.module.url(forResource: "small.jsonl", withExtension: "gz", subdirectory: "Data"))
        let bytes = try [UInt8](Data(contentsOf: url))
        var options = ReplayOptions()
        options.jobs = 1
        let error = #expect(throws: IOError.self) {
            try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(bytes.dropLast(12))))
        }
        #expect(error?.message.hasSuffix("unexpected end of file") == true)
    }

    @Test func disagreementFileIsWrittenAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-replay-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.csv").path
        let text = #"{"id":"a,1","verified":true,"region":"US","label":"ban","labeler":"x"}"# + "\n"
        let file = try AtomicFile(path: path)
        try file.write(DisagreementCSV.header)
        var options = ReplayOptions()
        options.jobs = 1
        let csv = DisagreementCSV(graph: m.graph)
        _ = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8))) { try file.write(csv.row($0, cause: .unclear)) }
        // Nothing at the final path until the commit.
        #expect(!FileManager.default.fileExists(atPath: path))
        try file.commit()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == DisagreementCSV.header + "\"a,1\",1,ban,allow,start,verified == true,,start > check_region > allow,,x,,unclear\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["d.csv"])

        let discarded = try AtomicFile(path: dir.appendingPathComponent("e.csv").path)
        try discarded.write("partial")
        discarded.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["d.csv"])
    }

    @Test func formatIsInferredFromTheExtension() {
        #expect(SampleFormat.infer(fromPath: "a/b.jsonl") == .jsonl)
        #expect(SampleFormat.infer(fromPath: "b.JSONL.gz") == .jsonl)
        #expect(SampleFormat.infer(fromPath: "b.csv.gz") == .csv)
        #expect(SampleFormat.infer(fromPath: "b.txt") == nil)
    }

    @Test func missingFilesAreInputErrors() {
        #expect(throws: IOError.self) { try ByteSource(path: "/nonexistent/samples.jsonl") }
    }

    @Test func disagreementCSVQuotesCells() {
        #expect(DisagreementCSV.escape("plain") == "plain")
        #expect(DisagreementCSV.escape("a,\"b\"") == "\"a,\"\"b\"\"\"")
        // Bytes are what a CSV reader splits on: CR LF (one Character) and a quote or comma with a combining
        // mark after it are quoted too.
        #expect(DisagreementCSV.escape("a\r\nb") == "\"a\r\nb\"")
        #expect(DisagreementCSV.escape("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(DisagreementCSV.escape("a,\u{301}") == "\"a,\u{301}\"")
        #expect(DisagreementCSV.escape("=1,2") == "\"'=1,2\"")
        #expect(DisagreementCSV.escape("café") == "café")
    }
}
