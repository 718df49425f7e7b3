import SOPCore
import SOPGraph

/// The per-row output of `sopc run --cases`.
public enum CaseRowFormat: String, CaseIterable, Sendable {
    case jsonl
    case csv
}

/// What a run of cases counted.
public struct CaseRunSummary: Sendable {
    /// Non-blank records read.
    public var cases = 0
    /// Records that reached no outcome.
    public var rejected = 0
    /// Cases per outcome, indexed by `OutcomeID`.
    public var outcomes: [Int]
}

/// Evaluates cases through a SOP and writes one row per case, in input order: its outcome and path, or
/// why it was rejected (the same reasons, worded the same way, as `sopc replay`).
///
/// Only the inputs and the id field are read: a case needs no label, and a `label`, `ai` or `path`
/// field, valid or not, changes nothing. Input is read by the same batch reader and row parsers as
/// replay, on the same worker pipeline; output is byte-identical for any number of workers. See
/// `docs/run.md` for the row format.
public struct CaseRunner: Sendable {
    public let graph: ReplayGraph
    public let format: CaseRowFormat
    let replayer: Replayer
    /// Every piece of text a row is made of, escaped for the output format, in one block: the nodes' names
    /// in a path (by `NodeID` index), then the outcomes' names (by `OutcomeID` index), then `Piece`s.
    private let pieces: BytePieces
    private let outcomeBase: Int
    private let pieceBase: Int
    /// Whether every node and outcome name is safe in a CSV cell unquoted.
    private let plainNames: Bool

    /// A runner for `graph`; `options` gives the input format, the id field, workers and batch size.
    public init(graph: ReplayGraph, options: ReplayOptions = ReplayOptions(), format: CaseRowFormat = .jsonl) {
        var o = options
        // Fields that are not inputs mean nothing to a run: name them so no real field can match.
        let id = options.fields.id
        o.fields = FieldNames()
        o.fields.id = id
        o.fields.label = "\u{0}label"
        o.fields.labeler = "\u{0}labeler"
        o.fields.ai = "\u{0}ai"
        o.fields.path = "\u{0}path"
        o.requireLabel = false
        replayer = Replayer(graph: graph, options: o)
        self.graph = graph
        self.format = format
        let program = graph.program
        let escape: (String) -> [UInt8] = format == .jsonl ? { Self.jsonEscaped(Array($0.utf8)) } : { Array($0.utf8) }
        let nodeNames = program.nodes.map { escape(program.pathName(of: $0.id, from: graph.sop)) }
        let outcomeNames = program.outcomes.map { escape(program.name(of: $0.id, from: graph.sop)) }
        outcomeBase = nodeNames.count
        pieceBase = nodeNames.count + outcomeNames.count
        pieces = BytePieces(nodeNames + outcomeNames + Piece.allCases.map(\.bytes))
        plainNames = (program.nodes.map { program.pathName(of: $0.id, from: graph.sop) } + program.outcomes.map { program.name(of: $0.id, from: graph.sop) })
            .allSatisfy { DisagreementCSV.escape($0) == $0 }
    }

    /// The CSV header row (`--format csv` writes it first).
    public static let csvHeader = "id,line,outcome,path,rejected,reason\n"

    /// Runs every case in `source`, handing output to `write` in input order, in pieces of whole rows.
    public func run(_ source: ByteSource, write: ([UInt8]) throws -> Void) throws -> CaseRunSummary {
        if format == .csv { try write(Array(Self.csvHeader.utf8)) }
        switch replayer.options.format {
        case .jsonl: return try run(source, JSONLinesReader.self, write)
        case .csv: return try run(source, CSVReader.self, write)
        }
    }

    private func run<R: SampleReader>(_ source: ByteSource, _ reader: R.Type, _ write: ([UInt8]) throws -> Void) throws -> CaseRunSummary {
        var summary = CaseRunSummary(outcomes: Array(repeating: 0, count: graph.program.outcomes.count))
        var lineBase = 0
        var out: [UInt8] = []
        try replayer.stream(source, R.self, headerLines: { lineBase = $0 }, process: { batch, header in
            self.runBatch(batch, header, R.self)
        }, merge: { (batch: Batch) in
            summary.cases += batch.cases
            summary.rejected += batch.rejected
            for (i, n) in batch.outcomes.enumerated() { summary.outcomes[i] += n }
            // Splice the absolute line numbers into the rendered rows.
            out.removeAll(keepingCapacity: true)
            out.reserveCapacity(batch.bytes.count + batch.marks.count * 8)
            var from = 0
            batch.bytes.withUnsafeBufferPointer { b in
                for mark in batch.marks {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[from..<Int(mark.offset)]))
                    Self.appendDecimal(lineBase + Int(mark.line), to: &out)
                    from = Int(mark.offset)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[from...]))
            }
            lineBase += batch.lines
            try write(out)
        })
        return summary
    }

    // MARK: - Batches

    /// One batch rendered, with the places its absolute line numbers go.
    struct Batch: Sendable {
        var bytes: [UInt8] = []
        /// Offsets into `bytes` where a line number (relative to the batch) is inserted.
        var marks: [(offset: Int32, line: Int32)] = []
        var lines = 0
        var cases = 0
        var rejected = 0
        var outcomes: [Int]
    }

    func runBatch<R: SampleReader>(_ input: Replayer.Batch, _ header: R.Header, _ reader: R.Type) -> Batch {
        var batch = Batch(outcomes: Array(repeating: 0, count: graph.program.outcomes.count))
        let isJSON = format == .jsonl
        // The names and fixed pieces are copied from one block through a plain pointer: no reference
        // counting per row.
        let table = pieces.table
        let outcomeBase = outcomeBase, pieceBase = pieceBase
        @inline(__always) func put(_ piece: Piece) { table.append(pieceBase + piece.rawValue, to: &batch.bytes) }
        /// The id (or the line number standing for it) and the line.
        func begin(_ record: UnsafeBufferPointer<UInt8>, _ id: TextRef?, _ line: Int) {
            batch.cases += 1
            if isJSON { put(.jsonIDPrefix) }
            if let id {
                appendID(record, id, &batch.bytes)
            } else {
                if isJSON { batch.bytes.append(0x22) }
                batch.marks.append((Int32(batch.bytes.count), Int32(line)))
                if isJSON { batch.bytes.append(0x22) }
            }
            put(isJSON ? .jsonLine : .comma)
            batch.marks.append((Int32(batch.bytes.count), Int32(line)))
        }
        func rejected(_ error: RowError) {
            batch.rejected += 1
            if isJSON {
                put(.jsonRejected)
                batch.bytes.append(contentsOf: Self.jsonEscaped(Array(error.kind.rawValue.utf8)))
                put(.jsonReason)
                batch.bytes.append(contentsOf: Self.jsonEscaped(Array(error.message.utf8)))
                put(.jsonEnd)
            } else {
                for _ in 0..<3 { put(.comma) }
                batch.bytes.append(contentsOf: Array(error.kind.rawValue.utf8))
                put(.comma)
                batch.bytes.append(contentsOf: Array(DisagreementCSV.escape(error.message).utf8))
                batch.bytes.append(0x0A)
            }
        }
        if input.oversized {
            begin(UnsafeBufferPointer(start: nil, count: 0), nil, 1)
            rejected(replayer.tooLong)
            batch.lines = input.skippedLines
            return batch
        }
        let schema = SampleSchema(graph: graph, fields: replayer.options.fields, requireLabel: false)
        var row = SampleRow(schema: schema)
        var steps: [Walk.Step] = []
        steps.reserveCapacity(64)
        var parser = R(schema: schema, header: header)
        batch.bytes.reserveCapacity(input.bytes.count)
        batch.lines = Replayer.forEachRecord(input.bytes, R.self) { record, line in
            row.reset()
            let parsed: RowError?
            switch parser.read(record, into: &row) {
            case .text(let offset, let problem):
                // Rejected as `replay` rejects it, at the line of the byte, without its id.
                let (at, error) = Replayer.textRejection(record, line: line, (offset, problem))
                begin(record, nil, at)
                return rejected(error)
            case .parsed(let error):
                parsed = error
            }
            let result = parsed.map { Result<OutcomeID, RowError>.failure($0) } ?? replayer.walk(row, schema: schema, steps: &steps)
            begin(record, row.id, line)
            switch result {
            case .failure(let error):
                rejected(error)
            case .success(let o):
                let outcome = o.index
                batch.outcomes[outcome] += 1
                if isJSON {
                    put(.jsonOutcome)
                    table.append(outcomeBase + outcome, to: &batch.bytes)
                    put(.jsonPath)
                    appendPath(table, steps, outcome, &batch.bytes)
                    put(.jsonEnd)
                } else {
                    put(.comma)
                    table.append(outcomeBase + outcome, to: &batch.bytes)
                    put(.comma)
                    if plainNames {
                        appendPath(table, steps, outcome, &batch.bytes)
                    } else {
                        var path: [UInt8] = []
                        appendPath(table, steps, outcome, &path)
                        batch.bytes.append(contentsOf: Array(DisagreementCSV.escape(String(decoding: path, as: UTF8.self)).utf8))
                    }
                    put(.comma)
                    put(.comma)
                    batch.bytes.append(0x0A)
                }
            }
        }
        return batch
    }

    @inline(__always)
    private func appendPath(_ table: BytePieces.Table, _ steps: [Walk.Step], _ outcome: Int, _ out: inout [UInt8]) {
        let separator = pieceBase + Piece.separator.rawValue
        for step in steps {
            table.append(step.node.index, to: &out)
            table.append(separator, to: &out)
        }
        table.append(outcomeBase + outcome, to: &out)
    }

    /// The row's id, unescaped from its input form and escaped for the output format.
    private func appendID(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef, _ out: inout [UInt8]) {
        guard ref.end <= record.count, ref.start <= ref.end else { return }
        let slice = UnsafeBufferPointer(rebasing: record[ref.start..<ref.end])
        // The common case, an id as written with nothing to escape: copied straight into the row.
        if ref.encoding == .raw && format == .jsonl {
            out.append(0x22)
            Self.appendJSONEscaped(slice, to: &out)
            out.append(0x22)
            return
        }
        let bytes: [UInt8]
        switch ref.encoding {
        case .raw: bytes = Array(slice)
        case .jsonEscaped: bytes = JSONLinesReader.unescape(slice)
        case .csvQuoted: bytes = CSVReader.unescape(slice)
        }
        if format == .jsonl {
            out.append(0x22)
            out.append(contentsOf: Self.jsonEscaped(bytes))
            out.append(0x22)
        } else {
            out.append(contentsOf: Array(DisagreementCSV.escape(String(decoding: bytes, as: UTF8.self)).utf8))
        }
    }

    // MARK: - Bytes

    /// The fixed pieces of a row.
    enum Piece: Int, CaseIterable {
        case jsonIDPrefix, jsonLine, jsonOutcome, jsonPath, jsonRejected, jsonReason, jsonEnd, comma, separator

        var bytes: [UInt8] {
            switch self {
            case .jsonIDPrefix: return Array(#"{"id":"#.utf8)
            case .jsonLine: return Array(#","line":"#.utf8)
            case .jsonOutcome: return Array(#","outcome":""#.utf8)
            case .jsonPath: return Array(#"","path":""#.utf8)
            case .jsonRejected: return Array(#","rejected":""#.utf8)
            case .jsonReason: return Array(#"","reason":""#.utf8)
            case .jsonEnd: return Array("\"}\n".utf8)
            case .comma: return [0x2C]
            case .separator: return Array(DecisionPath.separator.utf8)
            }
        }
    }

    /// The content of a JSON string holding `bytes` (without the quotes).
    static func jsonEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { appendJSONEscaped($0, to: &out) }
        return out
    }

    /// Appends the content of a JSON string holding `bytes`: as they are when nothing needs escaping.
    static func appendJSONEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: bytes)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for c in bytes {
            switch c {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: out.append(c)
            }
        }
    }

    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var v = value
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            v = -v
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 {
                n -= 1
                out.append(d[n])
            }
        }
    }
}
