import Dispatch
import SOPCore
import SOPGraph
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replays labeled samples through a SOP: the streaming, parallel driver.
///
/// Input is read in large chunks cut at record boundaries by the format's `SampleReader`; each chunk is
/// parsed and walked on its own worker, and results are merged in chunk order, so the result is the same
/// for any number of workers.
public struct Replayer: Sendable {
    public let graph: ReplayGraph
    public let options: ReplayOptions

    /// A replayer for `graph` with `options`.
    public init(graph: ReplayGraph, options: ReplayOptions = ReplayOptions()) {
        self.graph = graph
        self.options = options
    }

    /// Replays every sample in `source`. `onDisagreement` sees each disagreement in input order;
    /// `progress` gets the running sample count after each group of chunks. With
    /// `ReplayOptions.disagreementRows`, the disagreements file's rows go to `spool` (in memory when none
    /// is given), kept in the result for `DisagreementCSV.write`.
    public func replay(
        _ source: ByteSource,
        spool: DisagreementSpool? = nil,
        onDisagreement: ((DisagreementRecord) throws -> Void)? = nil,
        progress: ((Int) -> Void)? = nil
    ) throws -> ReplayResult {
        let spool = options.disagreementRows ? spool ?? DisagreementSpool() : nil
        switch options.format {
        case .jsonl: return try replay(source, JSONLinesReader.self, spool: spool, onDisagreement: onDisagreement, progress: progress)
        case .csv: return try replay(source, CSVReader.self, spool: spool, onDisagreement: onDisagreement, progress: progress)
        }
    }

    private func replay<R: SampleReader>(
        _ source: ByteSource, _ reader: R.Type, spool: DisagreementSpool?,
        onDisagreement: ((DisagreementRecord) throws -> Void)?,
        progress: ((Int) -> Void)?
    ) throws -> ReplayResult {
        var total = ReplayTally(graph: graph)
        var lineBase = 0
        var sinceProgress = 0
        // Without a callback, only the listed disagreements are kept: each worker keeps its batch's first.
        let listedOnly = onDisagreement == nil
        let rows = options.disagreementRows ? DisagreementCSV.Cells(graph: graph) : nil
        try stream(source, R.self, headerLines: { lineBase = $0 }, process: { batch, header in
            self.tally(batch, header, R.self, listedOnly: listedOnly, rows: rows)
        }, merge: { (batch: ReplayTally) in
            var r = batch
            fixLines(&r, base: lineBase)
            if let onDisagreement {
                for d in r.disagreements { try onDisagreement(d) }
            }
            // The batch's rows of the disagreements file, completed with their ids and lines, leave the tally.
            if let spool {
                for chunk in r.disagreementRows { spool.append(chunk, lines: r.review.disagreements.lazy.map(\.line)) }
                r.disagreementRows = []
            }
            lineBase += r.lines
            total.merge(r, maxDisagreements: options.maxDisagreements, maxRejected: options.maxRejected, maxLabelers: options.maxLabelers, maxItemBytes: options.maxItemBytes, review: options.review)
            sinceProgress += 1
            if sinceProgress >= 4 {
                sinceProgress = 0
                progress?(total.samples)
            }
        })
        progress?(total.samples)
        return ReplayResult(graph: graph, tally: total, options: options, disagreementRows: spool)
    }

    /// Walks every sample in `source` through the SOP and hands each to `visit` in input order, with the
    /// outcome and path or the reason it was rejected: what `sopc run` prints per case. Labels are
    /// optional unless `options.requireLabel`. Returns the number of samples and of rejected ones.
    @discardableResult
    public func evaluate(_ source: ByteSource, _ visit: (EvaluatedSample) throws -> Void) throws -> (samples: Int, rejected: Int) {
        switch options.format {
        case .jsonl: return try evaluate(source, JSONLinesReader.self, visit)
        case .csv: return try evaluate(source, CSVReader.self, visit)
        }
    }

    private func evaluate<R: SampleReader>(_ source: ByteSource, _ reader: R.Type, _ visit: (EvaluatedSample) throws -> Void) throws -> (samples: Int, rejected: Int) {
        var lineBase = 0
        var samples = 0
        var rejected = 0
        try stream(source, R.self, headerLines: { lineBase = $0 }, process: { batch, header in
            self.evaluations(batch, header, R.self)
        }, merge: { (batch: (rows: [EvaluatedSample], lines: Int)) in
            for var row in batch.rows {
                row.line += lineBase
                if row.id.isEmpty { row.id = String(row.line) }
                if var r = row.rejection {
                    r.line = row.line
                    r.id = r.id ?? row.id
                    row.rejection = r
                    rejected += 1
                }
                samples += 1
                try visit(row)
            }
            lineBase += batch.lines
        })
        return (samples, rejected)
    }

    // MARK: - Streaming

    /// Reads `source` with reader `R` in batches cut at record boundaries, runs `process` on each batch
    /// (on `options.jobs` workers) and hands the results to `merge` in input order. `headerLines` gets the
    /// line breaks up to and including the header, before the first merge.
    func stream<R: SampleReader, T: Sendable>(
        _ source: ByteSource, _ reader: R.Type,
        headerLines: (Int) -> Void,
        process: @escaping @Sendable (Batch, R.Header) -> T,
        merge: (T) throws -> Void
    ) throws {
        try SampleSchema.checkFieldNames(graph: graph, fields: options.fields)
        var batches = BatchReader<R>(source: source, chunkSize: options.chunkSize, maxRecordBytes: options.maxRecordBytes)
        // The header comes first, on this thread; its lines count before the first batch's.
        var header = R.noHeader
        if R.hasHeader {
            guard let h = try batches.header() else { throw IOError("the \(options.format.title) input has no header row") }
            let schema = SampleSchema(graph: graph, fields: options.fields, requireLabel: options.requireLabel)
            header = try h.record.withUnsafeBufferPointer { r throws(IOError) in try R.header(r, schema: schema) }
            headerLines(h.lines)
        } else {
            headerLines(0)
        }

        if options.jobs <= 1 {
            var spare: [UInt8] = []
            while let batch = try batches.next(reusing: &spare) {
                try merge(process(batch, header))
                spare = batch.bytes
            }
            return
        }
        // Workers parse batches while this thread reads the next ones and merges finished ones in input
        // order. At most `window` batches are read but not yet merged, which bounds memory.
        let window = options.jobs + 2
        let workers = DispatchSemaphore(value: options.jobs)
        let pool = DispatchQueue(label: "sopc.replay.workers", attributes: .concurrent)
        var inFlight: [(done: DispatchSemaphore, slot: ResultSlot<T>)] = []
        // Buffers of merged batches, reused for reading: no fresh pages to fault in per batch.
        var spares: [[UInt8]] = []
        let h = header
        func mergeFirst() throws {
            let (done, slot) = inFlight.removeFirst()
            done.wait()
            if let (r, buffer) = slot.take() {
                spares.append(buffer)
                try merge(r)
            }
        }
        do {
            while true {
                var spare = spares.popLast() ?? []
                guard let batch = try batches.next(reusing: &spare) else { break }
                while inFlight.count >= window { try mergeFirst() }
                let done = DispatchSemaphore(value: 0)
                let slot = ResultSlot<T>()
                inFlight.append((done, slot))
                pool.async {
                    workers.wait()
                    slot.put(process(batch, h), batch.bytes)
                    workers.signal()
                    done.signal()
                }
                // Merge whatever is already finished without waiting.
                while let head = inFlight.first, head.done.wait(timeout: .now()) == .success {
                    head.done.signal()
                    try mergeFirst()
                }
            }
            while !inFlight.isEmpty { try mergeFirst() }
        } catch {
            // Let running workers finish before the error leaves.
            for (done, _) in inFlight { done.wait() }
            throw error
        }
    }

    /// A run of whole records, or one record too long to keep.
    struct Batch: Sendable {
        var bytes: [UInt8]
        /// A record longer than `maxRecordBytes`, skipped; `bytes` is empty.
        var oversized = false
        /// For an oversized record: the line breaks it took.
        var skippedLines = 0
    }

    /// Cuts the input into batches at record boundaries, with `R`'s framing.
    struct BatchReader<R: SampleReader> {
        let source: ByteSource
        let chunkSize: Int
        let maxRecordBytes: Int
        private var pending: [UInt8] = []
        private var eof = false
        private var first = true
        private var skipping: Batch?

        init(source: ByteSource, chunkSize: Int, maxRecordBytes: Int) {
            self.source = source
            self.maxRecordBytes = max(1, maxRecordBytes)
            // A read never holds a whole line longer than the limit, so only the first line of a buffer that
            // grew can be too long (checked where the buffer is cut).
            self.chunkSize = min(max(1, chunkSize), self.maxRecordBytes)
        }

        /// The first non-blank record, and the line breaks up to and including it.
        mutating func header() throws -> (record: [UInt8], lines: Int)? {
            var lines = 0
            var spare: [UInt8] = []
            while let batch = try next(reusing: &spare) {
                if batch.oversized { throw IOError("the header row is longer than \(maxRecordBytes) bytes") }
                let found: (error: String?, record: [UInt8]?, consumed: Int)? = batch.bytes.withUnsafeBufferPointer { b in
                    var start = 0
                    while start < b.count {
                        let span = R.recordInBatch(b, from: start)
                        var end = span.end
                        let line = lines + 1
                        lines += span.innerBreaks + (span.terminated ? 1 : 0)
                        if end > start && b[end - 1] == 0x0D { end -= 1 }
                        let record = UnsafeBufferPointer(rebasing: b[start..<end])
                        start = span.end + 1
                        if !Replayer.isBlank(record) {
                            if let e = Replayer.textError(record, line: line) { return (e, nil, 0) }
                            return (nil, Array(record), min(start, b.count))
                        }
                    }
                    return nil
                }
                if let found {
                    if let error = found.error { throw IOError("the header row holds \(error)") }
                    pending = Array(batch.bytes[found.consumed...]) + pending
                    return (found.record ?? [], lines)
                }
            }
            return nil
        }

        /// The next batch: whole records, or `nil` at the end. `spare`'s storage is reused when it is
        /// large enough.
        mutating func next(reusing spare: inout [UInt8]) throws -> Batch? {
            while true {
                if eof && pending.isEmpty { return nil }
                // The reused buffer keeps its length: the pending bytes go over its start and each read
                // over what follows, so its bytes are written once per batch (`ByteSource.read(into:at:)`).
                var buffer = spare
                spare = []
                if buffer.count >= pending.count {
                    buffer.replaceSubrange(0..<pending.count, with: pending)
                } else {
                    buffer.removeAll(keepingCapacity: true)
                    buffer.append(contentsOf: pending)
                }
                var length = pending.count
                pending.removeAll(keepingCapacity: true)
                if eof { buffer.removeSubrange(length...) }
                while !eof {
                    // Batches stay near `chunkSize` so reused buffers fit the next one. A record longer than
                    // that doubles the read each time it finds no cut, so finding the cut stays linear in
                    // the record's length instead of rescanning a growing buffer for every small read.
                    let grow = length >= chunkSize ? length : 0
                    let want = max(chunkSize - length, chunkSize / 8, min(grow, maxRecordBytes), 1)
                    let got = try source.read(into: &buffer, at: length, count: want)
                    length = buffer.count
                    if got == 0 {
                        eof = true
                        break
                    }
                    if first {
                        first = false
                        try Self.checkEncoding(buffer, name: source.name)
                        try Self.checkText(buffer, name: source.name)
                        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
                        length = buffer.count
                        try R.checkStart(buffer[...], name: source.name)
                    }
                    // A CR at the end may be the first half of a CR LF: the cut waits for the next read.
                    if let cut = buffer.withUnsafeBufferPointer({ b in R.lastCut(b.last == 0x0D ? UnsafeBufferPointer(rebasing: b.dropLast()) : b) }) {
                        pending.append(contentsOf: buffer[cut...])
                        buffer.removeSubrange(cut...)
                        // Reads double while a record has no end, so the first line of the buffer can end past
                        // the limit: it is one record too long to keep, skipped like any other.
                        if buffer.count > maxRecordBytes, let nl = buffer.withUnsafeBufferPointer({ LineBreaks.next(in: $0, from: 0) }), nl > maxRecordBytes {
                            pending = Array(buffer[(nl + 1)...]) + pending
                            spare = buffer
                            return Batch(bytes: [], oversized: true, skippedLines: 1)
                        }
                        break
                    }
                    if buffer.count > maxRecordBytes {
                        // No record ends within the limit. A quote left open ends at its first line break
                        // (one rejected row); anything else is one record too long to keep, skipped to its end.
                        let span = buffer.withUnsafeBufferPointer { R.record(in: $0, from: 0) }
                        if span.unterminatedQuote, let nl = buffer.withUnsafeBufferPointer({ LineBreaks.next(in: $0, from: 0) }) {
                            pending.append(contentsOf: buffer[(nl + 1)...])
                            buffer.removeSubrange((nl + 1)...)
                            break
                        }
                        spare = buffer
                        return try skipRecord(from: buffer)
                    }
                }
                if !buffer.isEmpty { return Batch(bytes: buffer) }
            }
        }

        /// Reads past the end of an oversized record (its next line break) without keeping it.
        private mutating func skipRecord(from buffer: [UInt8]) throws -> Batch {
            var scratch = buffer
            while true {
                // A CR at the end may be the first half of a CR LF: read one more byte to know.
                if scratch.last == 0x0D, try source.read(into: &scratch, count: 1) == 0 { eof = true }
                if let nl = scratch.withUnsafeBufferPointer({ LineBreaks.next(in: $0, from: 0) }) {
                    pending.append(contentsOf: scratch[(nl + 1)...])
                    return Batch(bytes: [], oversized: true, skippedLines: 1)
                }
                if eof { return Batch(bytes: [], oversized: true, skippedLines: 0) }
                scratch.removeAll(keepingCapacity: true)
                if try source.read(into: &scratch, count: chunkSize) == 0 {
                    eof = true
                    return Batch(bytes: [], oversized: true, skippedLines: 0)
                }
            }
        }

        /// Input whose first 64 KiB are more than 1% NUL bytes (at least 64 of them) is binary, not samples:
        /// `/dev/zero`, a gzip bomb of zeros, an image. It is an input error naming the first NUL, at once,
        /// instead of gigabytes read and skipped as one endless record. A stray NUL in a text file is a
        /// rejected row (`encoding`).
        static func checkText(_ b: [UInt8], name: String) throws(IOError) {
            let head = Array(b.prefix(1 << 16))
            let nuls = head.count { $0 == 0 }
            guard nuls >= 64, nuls * 100 > head.count, let first = head.firstIndex(of: 0) else { return }
            let at = head.withUnsafeBufferPointer { LineBreaks.position(of: first, in: $0) }
            throw IOError("\(name) is not text: \(nuls) of its first \(head.count) bytes are NUL, the first at line \(at.line + 1), column \(at.column); samples are JSON Lines or CSV in UTF-8")
        }

        /// Samples are UTF-8: input in UTF-16 or UTF-32 (told by its byte order mark) is an input error
        /// with the command that converts it, rather than rows of garbage.
        static func checkEncoding(_ b: [UInt8], name: String) throws(IOError) {
            let encoding: String?
            if b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]) {
                encoding = "UTF-32"
            } else if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
                encoding = "UTF-16"
            } else {
                encoding = nil
            }
            if let encoding {
                throw IOError("\(name) is \(encoding) (by its byte order mark); samples must be UTF-8: convert with `iconv -f \(encoding) -t UTF-8`")
            }
        }
    }

    /// Absolute line numbers, and ids defaulted to them, once the batch's place in the input is known.
    private func fixLines(_ t: inout ReplayTally, base: Int) {
        for i in t.disagreements.indices {
            t.disagreements[i].line += base
            if t.disagreements[i].id.isEmpty { t.disagreements[i].id = String(t.disagreements[i].line) }
        }
        for i in t.rejectedRows.indices {
            t.rejectedRows[i].line += base
            if t.rejectedRows[i].id == nil { t.rejectedRows[i].id = String(t.rejectedRows[i].line) }
        }
        for i in t.review.disagreements.indices { t.review.disagreements[i].line += base }
        t.review.itemLineBase = base
        for i in t.review.gold.defectCases.indices { t.review.gold.defectCases[i].line += base }
    }

    // MARK: - Batches

    /// Calls `body` with each non-blank record of a batch (without its line break and a CR before it) and
    /// its line, relative to the batch; returns the batch's line breaks.
    @inline(__always)
    static func forEachRecord<R: SampleReader>(_ bytes: [UInt8], _ reader: R.Type, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Int {
        bytes.withUnsafeBufferPointer { all -> Int in
            let n = all.count
            var start = 0
            var newlines = 0
            while start < n {
                let line = newlines + 1
                let span = R.recordInBatch(all, from: start)
                newlines += span.innerBreaks + (span.end < n ? 1 : 0)
                var recordEnd = span.end
                if recordEnd > start && all[recordEnd - 1] == 0x0D { recordEnd -= 1 }
                let record = UnsafeBufferPointer(rebasing: all[start..<recordEnd])
                start = span.end + 1
                if isBlank(record) { continue }
                body(record, line)
            }
            return newlines
        }
    }

    /// Parses, walks and tallies every record of one batch; line numbers are relative to the batch.
    func tally<R: SampleReader>(_ batch: Batch, _ header: R.Header, _ reader: R.Type, listedOnly: Bool = false, rows: DisagreementCSV.Cells? = nil) -> ReplayTally {
        // A schema of its own per batch: nothing reference-counted is shared between workers on the hot path.
        let schema = SampleSchema(graph: graph, fields: options.fields, requireLabel: options.requireLabel)
        var state = BatchState(schema: schema, tally: ReplayTally(graph: graph), gold: options.review.gold)
        state.listedOnly = listedOnly
        state.rows = rows
        state.rowTable = rows?.pieces.table
        if batch.oversized {
            state.tally.samples = 1
            reject(UnsafeBufferPointer(start: nil, count: 0), line: 1, tooLong, row: state.row, into: &state.tally)
            state.tally.lines = batch.skippedLines
            return state.tally
        }
        var parser = R(schema: schema, header: header)
        state.tally.lines = Self.forEachRecord(batch.bytes, R.self) { record, line in
            state.row.reset()
            switch parser.read(record, into: &state.row) {
            case .text(let offset, let problem):
                let (at, e) = Self.textRejection(record, line: line, (offset, problem))
                replayRow(UnsafeBufferPointer(start: nil, count: 0), line: at, error: e, &state)
            case .parsed(let error):
                replayRow(record, line: line, error: error, &state)
            }
        }
        if listedOnly {
            // The batch's first listed disagreements with an id (the rest cannot be listed), and every one
            // without: its id is its line, known only at the merge.
            state.named.sort(by: DisagreementRecord.precedes)
            let cap = max(0, options.maxDisagreements)
            if state.named.count > cap { state.named.removeLast(state.named.count - cap) }
            state.tally.disagreements += state.named
        }
        for (i, t) in state.labelers.enumerated() {
            let name = state.labelerNames.string(i)
            state.tally.labelers[name, default: LabelerTally(outcomes: state.tally.outcomeCount)].merge(t)
            state.tally.labelerOrder.append(name)
        }
        // The disagreements file's rows go to the spool at the merge, as built.
        if rows != nil && !state.csv.ends.isEmpty { state.tally.disagreementRows = [state.csv] }
        // What is kept to the end of the run is kept at its size: arrays grown by doubling may be half empty.
        if state.tally.review.itemRows.capacity > state.tally.review.itemRows.count + state.tally.review.itemRows.count / 8 {
            state.tally.review.itemRows = Array(state.tally.review.itemRows[...])
        }
        let defects = state.tally.review.gold.defectCases
        state.tally.review.gold.defectCases = []
        state.tally.review.gold.defectCases.keepFirst(defects, max: options.review.maxListed, by: QAReview.GoldDefect.precedes)
        return state.tally
    }

    /// Parses and walks every record of one batch for `evaluate`; line numbers are relative to the batch.
    func evaluations<R: SampleReader>(_ batch: Batch, _ header: R.Header, _ reader: R.Type) -> (rows: [EvaluatedSample], lines: Int) {
        if batch.oversized {
            let r = RejectedRow(line: 1, id: nil, kind: tooLong.kind, reason: tooLong.message)
            return ([EvaluatedSample(line: 1, id: "", rejection: r)], batch.skippedLines)
        }
        let schema = SampleSchema(graph: graph, fields: options.fields, requireLabel: options.requireLabel)
        var row = SampleRow(schema: schema)
        var steps: [Walk.Step] = []
        var parser = R(schema: schema, header: header)
        var rows: [EvaluatedSample] = []
        let lines = Self.forEachRecord(batch.bytes, R.self) { record, line in
            row.reset()
            let parsed: RowError?
            switch parser.read(record, into: &row) {
            case .text(let offset, let problem):
                let (at, error) = Self.textRejection(record, line: line, (offset, problem))
                let r = RejectedRow(line: at, id: nil, kind: error.kind, reason: error.message)
                return rows.append(EvaluatedSample(line: at, id: "", rejection: r))
            case .parsed(let error):
                parsed = error
            }
            var e = EvaluatedSample(line: line, id: "")
            let result = parsed.map { Result<OutcomeID, RowError>.failure($0) } ?? walk(row, schema: schema, steps: &steps)
            e.id = idText(record, row) ?? ""
            e.label = row.label
            e.ai = row.ai
            e.labeler = row.labeler.map { text(record, $0) }
            switch result {
            case .success(let o):
                e.outcome = o
                e.path = steps.map(\.node)
            case .failure(let error):
                e.rejection = RejectedRow(line: line, id: idText(record, row), kind: error.kind, reason: error.message)
            }
            rows.append(e)
        }
        return (rows, lines)
    }

    /// A record with invalid UTF-8 or a NUL byte (`UTF8Check`) is rejected before it is parsed, at the
    /// line and column of the byte (`LineBreaks.position`): its line (the record's `line`, or a later one
    /// inside a quoted CSV cell) and the rejection.
    static func textRejection(_ record: UnsafeBufferPointer<UInt8>, line: Int, _ p: (offset: Int, problem: UTF8Check.Problem)) -> (line: Int, RowError) {
        let at = LineBreaks.position(of: p.offset, in: record)
        return (line + at.line, RowError(kind: .encoding, message: "\(describe(p.problem)) at column \(at.column)"))
    }

    /// The header's problem with its text, if any, naming its line and column.
    static func textError(_ record: UnsafeBufferPointer<UInt8>, line: Int) -> String? {
        guard let p = UTF8Check.firstProblem(record) else { return nil }
        let at = LineBreaks.position(of: p.offset, in: record)
        return "\(describe(p.problem)) at line \(line + at.line), column \(at.column)"
    }

    private static func describe(_ p: UTF8Check.Problem) -> String {
        p == .nul ? "a NUL byte" : "invalid UTF-8"
    }

    var tooLong: RowError {
        RowError(kind: .tooLong, message: "the record is longer than \(options.maxRecordBytes) bytes; it was skipped to its end")
    }

    /// A worker's scratch for one batch.
    struct BatchState {
        let schema: SampleSchema
        var tally: ReplayTally
        var row: SampleRow
        var steps: [Walk.Step] = []
        var labelerNames = ByteInterner()
        var labelers: [LabelerTally] = []
        /// Keep only the disagreements that can be listed: those with an id go to `named`, kept to the first
        /// `maxDisagreements` (past `namedBound`, the last of them once trimmed, none can be).
        var listedOnly = false
        var named: [DisagreementRecord] = []
        var namedBound: DisagreementRecord?
        /// With `ReplayOptions.disagreementRows`: the cells written once per run, and the batch's rows.
        var rows: DisagreementCSV.Cells?
        var rowTable: BytePieces.Table?
        var csv = DisagreementCSV.Chunk()
        var scratch: [UInt8] = []
        /// The previous row's id, when it was read in place: its bytes (in the batch, alive while the batch
        /// is tallied) and its item number.
        var lastItem: (bytes: UnsafePointer<UInt8>?, count: Int, number: Int) = (nil, -1, -1)
        /// Per item of the batch: its gold entry, or -1.
        var itemGold: [Int32] = []
        /// The gold set's id table (shared: its lookups touch no reference count) and outcome per entry.
        let gold: ByteTable.View?
        let goldOutcomes: [Int16]
        /// Keeps the gold table alive while its view is in use.
        let goldTable: ByteTable?

        init(schema: SampleSchema, tally: ReplayTally, gold: GoldSet?) {
            goldTable = gold?.table
            self.gold = gold?.table.view
            goldOutcomes = gold?.outcomeCodes ?? []
            self.schema = schema
            self.tally = tally
            row = SampleRow(schema: schema)
            steps.reserveCapacity(64)
        }
    }

    @inline(__always)
    static func isBlank(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in r where !(c == 0x20 || c == 0x09) { return false }
        return true
    }

    /// The row's walk through the compiled SOP: the outcome it ends in, or why it ends nowhere. The one
    /// rule for rejecting a parsed row, shared by replay and `evaluate`.
    @inline(__always)
    func walk(_ row: SampleRow, schema: SampleSchema, steps: inout [Walk.Step]) -> Result<OutcomeID, RowError> {
        if schema.requireLabel && row.label == nil {
            return .failure(RowError(kind: .missingLabel, message: "no `\(options.fields.label)`: give the outcome the specialist assigned"))
        }
        let compiled = schema.compiled
        switch compiled.walk(row.encoded, steps: &steps) {
        case .outcome(let o):
            return .success(OutcomeID(o))
        case .missingInput(let node):
            let names = compiled.missing(at: node, row.encoded).map { "`" + graph.program.name(of: $0, from: graph.sop) + "`" }.joined(separator: ", ")
            return .failure(RowError(kind: .missingInput, message: "missing \(names), needed at node `\(graph.name(of: NodeID(node)))`"))
        case .noBranch(let node):
            return .failure(RowError(kind: .noBranch, message: "no branch of node `\(graph.name(of: NodeID(node)))` applies to this sample"))
        case .malformed:
            return .failure(RowError(kind: .noBranch, message: "the walk could not reach an outcome"))
        }
    }

    // MARK: - Rows

    /// Walks one parsed row and adds it to the tally.
    @inline(__always)
    func replayRow(_ record: UnsafeBufferPointer<UInt8>, line: Int, error: RowError?, _ s: inout BatchState) {
        s.tally.samples += 1
        if let error { return reject(record, line: line, error, row: s.row, into: &s.tally) }
        let sop: OutcomeID
        switch walk(s.row, schema: s.schema, steps: &s.steps) {
        case .success(let o): sop = o
        case .failure(let e): return reject(record, line: line, e, row: s.row, into: &s.tally)
        }
        // Replay requires labels (`SampleSchema.requireLabel`), so the walk has checked there is one.
        guard let label = s.row.label else { return }
        var day = Int32.min
        if let field = options.fields.time {
            guard let t = s.row.time else {
                return reject(record, line: line, RowError(kind: .missingTime, message: "no `\(field)`: give when the sample was labeled (ISO 8601 date or date-time)"), row: s.row, into: &s.tally)
            }
            guard let d = Self.withBytes(record, t, ISODate.utcDay) else {
                return reject(record, line: line, RowError(kind: .invalidTime, message: "`\(field)` is not an ISO 8601 date or date-time, found `\(text(record, t).excerpt)`"), row: s.row, into: &s.tally)
            }
            day = Int32(clamping: d)
        }
        var duration: Float?
        if let field = options.fields.duration, let d = s.row.duration {
            guard let seconds = Self.withBytes(record, d, Self.seconds) else {
                return reject(record, line: line, RowError(kind: .invalidDuration, message: "`\(field)` must be a number of seconds (0 or more), found `\(text(record, d).excerpt)`"), row: s.row, into: &s.tally)
            }
            duration = Float(seconds)
        }
        let compiled = s.schema.compiled

        s.tally.replayed += 1
        let o = s.tally.outcomeCount
        s.tally.confusion[sop.index * o + label.index] += 1
        // One uniqueness check per array for the whole walk, not two per step.
        s.tally.nodeReached.withUnsafeMutableBufferPointer { reached in
            s.tally.branchTaken.withUnsafeMutableBufferPointer { taken in
                for step in s.steps {
                    reached[step.node.index] += 1
                    taken[Int(compiled.nodes[step.node.index].firstBranch) + step.branch] += 1
                }
            }
        }
        let agree = sop == label
        var labeler: Int32 = -1
        if let ref = s.row.labeler {
            // Every labeler of a batch is numbered (a batch is a few megabytes); the merge keeps the
            // first `maxLabelers` of the run.
            let index = intern(record, ref, &s.labelerNames)
            labeler = Int32(truncatingIfNeeded: index)
            if index == s.labelers.count { s.labelers.append(LabelerTally(outcomes: o)) }
            s.labelers[index].samples += 1
            s.labelers[index].sop[sop.index] += 1
            s.labelers[index].label[label.index] += 1
            if agree { s.labelers[index].agree += 1 }
        }
        var item: Int32 = -1
        var gold: Int16 = -1
        if let ref = s.row.id {
            let index: Int
            if ref.encoding == .raw, ref.end - ref.start == s.lastItem.count, let base = record.baseAddress,
               ByteHash.equal(base + ref.start, s.lastItem.bytes, s.lastItem.count) {
                // The same id as the row before (an item's labels often come together): no lookup.
                index = s.lastItem.number
            } else {
                index = intern(record, ref, &s.tally.review.items)
                if index == s.tally.review.itemSOP.count {
                    s.tally.review.itemSOP.append(Int16(truncatingIfNeeded: sop.index))
                    // Each item's gold entry is looked up once per batch, when the item is first seen.
                    let entry = s.gold.flatMap { table in Self.withBytes(record, ref) { b in table.lookup(b.baseAddress, b.count) } }
                    s.itemGold.append(Int32(truncatingIfNeeded: entry ?? -1))
                }
                s.lastItem = ref.encoding == .raw ? (record.baseAddress.map { $0 + ref.start }, ref.end - ref.start, index) : (nil, -1, -1)
            }
            item = Int32(truncatingIfNeeded: index)
            s.tally.review.itemRows.append(ItemLabel(line: Int32(clamping: line), item: item, labeler: labeler, label: Int16(truncatingIfNeeded: label.index)))
            if s.itemGold[index] >= 0 {
                let entry = Int(s.itemGold[index])
                let g = Int(s.goldOutcomes[entry])
                gold = Int16(truncatingIfNeeded: g)
                s.tally.review.gold.add(entry: entry, gold: g, sop: sop.index, label: label.index, ai: s.row.ai?.index, labeler: labeler)
                if g != sop.index {
                    // The labeler's recorded route locates the defect when the labeler chose the gold outcome.
                    let route = s.row.hasPath && g == label.index ? s.row.path : nil
                    let divergence = compiled.divergence(s.steps, label: g, path: route)
                    s.tally.review.gold.defects += 1
                    switch divergence {
                    case .node(let n, _): s.tally.review.gold.defectNodes[n.index, default: 0] += 1
                    case .labelUnreachable: s.tally.review.gold.defectNodes[-2, default: 0] += 1
                    }
                    let defect = QAReview.GoldDefect(id: text(record, ref), line: line, sop: sop, gold: OutcomeID(g), divergence: divergence)
                    // A batch is a few megabytes: its defects are trimmed to the first listed ones at its end.
                    s.tally.review.gold.defectCases.append(defect)
                }
            }
        }
        if day != .min { s.tally.review.trends.add(day: day, labeler: labeler, sop: sop.index, label: label.index, agree: agree) }
        if let duration {
            let k = Int(labeler) + 1
            while s.tally.review.durations.count <= k { s.tally.review.durations.append([]) }
            s.tally.review.durations[k].append(duration)
        }
        if let ai = s.row.ai {
            s.tally.ai.samples += 1
            s.tally.ai.confusion[ai.index * o + label.index] += 1
            if ai == sop { s.tally.ai.agreesWithSOP += 1 }
            if ai == label { s.tally.ai.agreesWithLabel += 1 }
            let k: Int
            if agree { k = ai == sop ? 0 : 1 } else if ai == sop { k = 2 } else if ai == label { k = 3 } else { k = 4 }
            s.tally.ai.threeWay[k] += 1
            if ai != sop {
                switch compiled.divergence(s.steps, label: ai.index, path: nil) {
                case .node(let n, _): s.tally.ai.nodeDivergence[n.index] += 1
                case .labelUnreachable: s.tally.ai.unreachable += 1
                }
            }
        }
        guard !agree else { return }
        let divergence = compiled.divergence(s.steps, label: label.index, path: s.row.hasPath ? s.row.path : nil)
        var row = DisagreementRow(line: line, item: item, labeler: labeler, day: day, node: -2, branch: -1,
                                  label: Int16(truncatingIfNeeded: label.index), sop: Int16(truncatingIfNeeded: sop.index), gold: gold)
        switch divergence {
        case .node(let n, let branch):
            row.node = Int32(truncatingIfNeeded: n.index)
            row.branch = Int16(truncatingIfNeeded: branch)
            s.tally.nodeDisagreements[n.index] += 1
            s.tally.patterns[(Int(compiled.nodes[n.index].firstBranch) + branch) * o + label.index] += 1
        case .labelUnreachable:
            s.tally.labelUnreachable += 1
        }
        s.tally.review.disagreements.append(row)
        s.tally.disagreementCount += 1
        if let rows = s.rows, let table = s.rowTable {
            // The id cell (empty without an id: the line, known at the merge, stands in), then the rest.
            if let ref = s.row.id { _ = Self.withBytes(record, ref) { DisagreementCSV.appendEscaped($0, to: &s.csv.bytes) } }
            s.csv.ends.append(s.csv.bytes.count)
            let specialist = s.row.hasPath ? s.row.path : nil, ai = s.row.ai?.index
            var scratch = s.scratch, bytes = s.csv.bytes
            s.scratch = []
            s.csv.bytes = []
            let path = s.steps.lazy.map(\.node)
            if let ref = s.row.labeler {
                _ = Self.withBytes(record, ref) { l in
                    rows.appendTail(table, label: label.index, sop: sop.index, divergence: divergence, path: path, specialistPath: specialist,
                                    labeler: l, ai: ai, scratch: &scratch, to: &bytes)
                }
            } else {
                rows.appendTail(table, label: label.index, sop: sop.index, divergence: divergence, path: path, specialistPath: specialist,
                                labeler: nil, ai: ai, scratch: &scratch, to: &bytes)
            }
            s.scratch = scratch
            s.csv.bytes = bytes
            s.csv.ends.append(s.csv.bytes.count)
        }
        let id = idText(record, s.row) ?? ""
        let named = s.listedOnly && !id.isEmpty
        if named {
            guard options.maxDisagreements > 0 else { return }
            if let bound = s.namedBound, !DisagreementRecord.precedes(id: id, line: line, bound) { return }
        }
        let d = DisagreementRecord(
            id: id, line: line, label: label, sop: sop, divergence: divergence,
            path: s.steps.map(\.node), specialistPath: s.row.hasPath ? s.row.path : nil,
            labeler: s.row.labeler.map { text(record, $0) }, ai: s.row.ai)
        guard named else { return s.tally.disagreements.append(d) }
        s.named.append(d)
        if s.named.count >= 2 * options.maxDisagreements {
            s.named.sort(by: DisagreementRecord.precedes)
            s.named.removeLast(s.named.count - options.maxDisagreements)
            s.namedBound = s.named.last
        }
    }

    /// Calls `body` with a field's decoded bytes: in place when the field has no escapes.
    @inline(__always)
    static func withBytes<T>(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard ref.end <= record.count, ref.start <= ref.end else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: record[ref.start..<ref.end])
        switch ref.encoding {
        case .raw: return body(bytes)
        case .jsonEscaped: return JSONLinesReader.unescape(bytes).withUnsafeBufferPointer(body)
        case .csvQuoted: return CSVReader.unescape(bytes).withUnsafeBufferPointer(body)
        }
    }

    /// A number of seconds: digits with an optional fraction, at least 0.
    static func seconds(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var whole = 0.0, scale = 1.0, i = 0, digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            whole = whole * 10 + Double(b[i] - 48)
            i += 1
            digits += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                scale /= 10
                whole += Double(b[i] - 48) * scale
                i += 1
                digits += 1
            }
        }
        guard i == b.count, digits > 0, whole.isFinite else { return nil }
        return whole
    }

    private func intern(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef, _ names: inout ByteInterner) -> Int {
        if ref.encoding == .raw, let base = record.baseAddress {
            return names.intern(base + ref.start, ref.end - ref.start)
        }
        let bytes = Array(text(record, ref).utf8)
        return bytes.withUnsafeBufferPointer { names.intern($0.baseAddress, $0.count) }
    }

    private func reject(_ record: UnsafeBufferPointer<UInt8>, line: Int, _ e: RowError, row: SampleRow, into t: inout ReplayTally) {
        t.rejected += 1
        t.rejectedByKind[RejectKind.allCases.firstIndex(of: e.kind) ?? 0] += 1
        if t.rejectedRows.count < options.maxRejected {
            t.rejectedRows.append(RejectedRow(line: line, id: idText(record, row), kind: e.kind, reason: e.message))
        }
    }

    /// The row's `id` as text, if it set one.
    private func idText(_ record: UnsafeBufferPointer<UInt8>, _ row: SampleRow) -> String? {
        row.id.map { text(record, $0) }
    }

    /// A field's text.
    private func text(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef) -> String { Self.text(record, ref) }

    /// A field's text, decoded from its JSON or CSV spelling.
    static func text(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef) -> String {
        guard ref.end <= record.count, ref.start <= ref.end else { return "" }
        let bytes = UnsafeBufferPointer(rebasing: record[ref.start..<ref.end])
        switch ref.encoding {
        case .raw: return String(decoding: bytes, as: UTF8.self)
        case .jsonEscaped: return String(decoding: JSONLinesReader.unescape(bytes), as: UTF8.self)
        case .csvQuoted: return String(decoding: CSVReader.unescape(bytes), as: UTF8.self)
        }
    }
}

// MARK: - Worker plumbing

/// One batch's result, handed from a worker to the merging thread.
private final class ResultSlot<T: Sendable>: Sendable {
    private let value = Mutex<(T, [UInt8])?>(nil)
    func put(_ t: T, _ buffer: [UInt8]) { value.withLock { $0 = (t, buffer) } }
    func take() -> (T, [UInt8])? { value.withLock { v in defer { v = nil }; return v } }
}
