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
/// Input is read in large chunks cut at record boundaries; each chunk is parsed and walked on its own
/// worker into a `ReplayTally`, and tallies are merged in chunk order, so the result is the same for any
/// number of workers.
public struct Replayer: Sendable {
    public let graph: ReplayGraph
    public let options: ReplayOptions
    let schema: SampleSchema

    /// A replayer for `graph` with `options`.
    public init(graph: ReplayGraph, options: ReplayOptions = ReplayOptions()) {
        self.graph = graph
        self.options = options
        self.schema = SampleSchema(graph: graph, fields: options.fields)
    }

    /// Replays every sample in `source`. `onDisagreement` sees each disagreement in input order;
    /// `progress` gets the running sample count after each group of chunks.
    public func replay(
        _ source: ByteSource,
        onDisagreement: ((DisagreementRecord) throws -> Void)? = nil,
        progress: ((Int) -> Void)? = nil
    ) throws -> ReplayResult {
        var reader = BatchReader(source: source, csv: options.format == .csv, chunkSize: options.chunkSize)
        var total = ReplayTally(graph: graph)
        var lineBase = 0
        var sinceProgress = 0

        func merge(_ batch: ReplayTally) throws {
            var r = batch
            fixLines(&r, base: lineBase)
            if let onDisagreement {
                for d in r.disagreements { try onDisagreement(d) }
            }
            lineBase += r.lines
            total.merge(r, maxDisagreements: options.maxDisagreements, maxRejected: options.maxRejected)
            sinceProgress += 1
            if sinceProgress >= 4 {
                sinceProgress = 0
                progress?(total.samples)
            }
        }

        // The header comes first, on this thread; its lines count before the first batch's.
        var columns: [Int?]?
        if options.format == .csv {
            guard let header = try reader.header() else { throw IOError("the CSV input has no header row") }
            columns = try header.record.withUnsafeBufferPointer { h throws(IOError) in try CSVRowParser.header(h, schema: schema) }
            lineBase = header.lines
        }

        if options.jobs <= 1 {
            var spare: [UInt8] = []
            while let batch = try reader.next(reusing: &spare) {
                try merge(processBatch(batch, columns: columns))
                spare = batch
            }
        } else {
            // Workers parse batches while this thread reads the next ones and merges finished ones in
            // input order. At most `window` batches are read but not yet merged, which bounds memory.
            let window = options.jobs + 2
            let workers = DispatchSemaphore(value: options.jobs)
            let pool = DispatchQueue(label: "sopc.replay.workers", attributes: .concurrent)
            var inFlight: [(done: DispatchSemaphore, slot: ResultSlot)] = []
            // Buffers of merged batches, reused for reading: no fresh pages to fault in per batch.
            var spares: [[UInt8]] = []
            let cols = columns
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
                    guard let batch = try reader.next(reusing: &spare) else { break }
                    while inFlight.count >= window { try mergeFirst() }
                    let done = DispatchSemaphore(value: 0)
                    let slot = ResultSlot()
                    inFlight.append((done, slot))
                    pool.async {
                        workers.wait()
                        slot.put(self.processBatch(batch, columns: cols), batch)
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
        progress?(total.samples)
        return ReplayResult(graph: graph, tally: total, options: options)
    }

    // MARK: - Batches

    /// Cuts the input into batches at record boundaries.
    struct BatchReader {
        let source: ByteSource
        let csv: Bool
        let chunkSize: Int
        private var pending: [UInt8] = []
        private var eof = false
        private var first = true

        init(source: ByteSource, csv: Bool, chunkSize: Int) {
            self.source = source
            self.csv = csv
            self.chunkSize = chunkSize
        }

        /// The first non-blank CSV record, and the line breaks up to and including it.
        mutating func header() throws -> (record: [UInt8], lines: Int)? {
            var lines = 0
            var spare: [UInt8] = []
            while let batch = try next(reusing: &spare) {
                if let (record, consumed, n) = Replayer.headerRecord(batch) {
                    pending = Array(batch[consumed...]) + pending
                    return (record, lines + n)
                }
                lines += batch.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            return nil
        }

        /// The next batch: whole records, or `nil` at the end. `spare`'s storage is reused when it is
        /// large enough.
        mutating func next(reusing spare: inout [UInt8]) throws -> [UInt8]? {
            while true {
                if eof && pending.isEmpty { return nil }
                var buffer = spare
                spare = []
                buffer.removeAll(keepingCapacity: true)
                buffer.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                while !eof {
                    // Batches stay near `chunkSize` so reused buffers fit the next one. A record longer than
                    // that doubles the read each time it finds no cut, so finding the cut stays linear in
                    // the record's length instead of rescanning a growing buffer for every small read.
                    let grow = buffer.count >= chunkSize ? buffer.count : 0
                    let got = try source.read(into: &buffer, count: max(chunkSize - buffer.count, chunkSize / 8, grow, 1))
                    if got == 0 {
                        eof = true
                        break
                    }
                    if let cut = csv ? Replayer.csvCut(buffer) : Replayer.lineCut(buffer) {
                        pending.append(contentsOf: buffer[cut...])
                        buffer.removeSubrange(cut...)
                        break
                    }
                }
                if first {
                    first = false
                    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
                }
                if !buffer.isEmpty { return buffer }
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
        for i in t.review.indices { t.review[i].line += base }
    }

    /// Where a JSON Lines buffer can be cut: after its last line break.
    static func lineCut(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var i = p.count - 1
            while i >= 0 && base[i] != 0x0A { i -= 1 }
            return i >= 0 ? i + 1 : nil
        }
    }

    /// Where a CSV buffer can be cut: after the last line break outside quotes.
    static func csvCut(_ b: [UInt8]) -> Int? {
        return b.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            // Quote positions by memchr: most CSV has few quotes, so this is nearly one pass of memchr.
            var quotes: [Int] = []
            var at = 0
            while at < p.count, let hit = memchr(base + at, 0x22, p.count - at) {
                let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                quotes.append(i)
                at = i + 1
            }
            // The last line break with an even number of quotes before it is outside quotes.
            var i = p.count - 1
            var q = quotes.count
            while i >= 0 {
                if base[i] == 0x0A {
                    while q > 0 && quotes[q - 1] > i { q -= 1 }
                    if q % 2 == 0 { return i + 1 }
                }
                i -= 1
            }
            return nil
        }
    }

    /// The first non-blank CSV record, the bytes it and any blank lines before it take, and their line breaks.
    static func headerRecord(_ b: [UInt8]) -> ([UInt8], Int, Int)? {
        var start = 0
        var lines = 0
        while start < b.count {
            var end = start
            var inQuotes = false
            while end < b.count && !(b[end] == 0x0A && !inQuotes) {
                if b[end] == UInt8(ascii: "\"") { inQuotes.toggle() }
                end += 1
            }
            var record = Array(b[start..<end])
            for c in record where c == 0x0A { lines += 1 }
            if record.last == 0x0D { record.removeLast() }
            let next = min(end + 1, b.count)
            if end < b.count { lines += 1 }
            if !record.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return (record, next, lines) }
            start = next
        }
        return nil
    }

    /// Parses, walks and tallies every record of one batch; line numbers are relative to the batch.
    func processBatch(_ bytes: [UInt8], columns: [Int?]?) -> ReplayTally {
        // A schema of its own per batch: nothing reference-counted is shared between workers on the hot path.
        let schema = SampleSchema(graph: graph, fields: options.fields)
        var state = BatchState(schema: schema, tally: ReplayTally(graph: graph), gold: options.review.gold?.table.copy())
        var json = JSONLineParser(schema: schema)
        var csv = columns.map { CSVRowParser(schema: schema, columns: $0) }
        bytes.withUnsafeBufferPointer { all in
            state.tally.lines = Self.forEachRecord(all, csv: csv != nil) { record, line in
                state.row.reset()
                let error: RowError?
                if csv != nil {
                    error = csv?.parse(record, into: &state.row) ?? nil
                } else {
                    error = json.parse(record, into: &state.row)
                }
                replayRow(record, line: line, error: error, &state)
            }
        }
        for (i, t) in state.labelers.enumerated() {
            let name = state.labelerNames.string(i)
            state.tally.labelers[name, default: LabelerTally(outcomes: state.tally.outcomeCount)].merge(t)
            state.tally.labelerOrder.append(name)
        }
        state.tally.items = state.itemNames
        return state.tally
    }

    /// Calls `body` with each non-blank record of a batch (without its line break) and its line number
    /// relative to the batch; returns the batch's line breaks.
    @inline(__always)
    static func forEachRecord(_ all: UnsafeBufferPointer<UInt8>, csv: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Int {
        guard let base = all.baseAddress else { return 0 }
        let n = all.count
        var start = 0
        var newlines = 0
        while start < n {
            let line = newlines + 1
            var end: Int
            if csv {
                // A record without quotes ends at the next line break; only quoted ones need a scan.
                let nl = memchr(base + start, 0x0A, n - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                end = start
                var inQuotes = false
                if memchr(base + start, 0x22, nl - start) == nil { end = nl }
                while end < n {
                    let c = all[end]
                    if c == UInt8(ascii: "\"") { inQuotes.toggle() } else if c == 0x0A {
                        if !inQuotes { break }
                        newlines += 1
                    }
                    end += 1
                }
            } else if let hit = memchr(base + start, 0x0A, n - start) {
                end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                end = n
            }
            if end < n { newlines += 1 }
            var recordEnd = end
            if recordEnd > start && all[recordEnd - 1] == 0x0D { recordEnd -= 1 }
            let record = UnsafeBufferPointer(rebasing: all[start..<recordEnd])
            start = end + 1
            if isBlank(record) { continue }
            body(record, line)
        }
        return newlines
    }

    /// A worker's scratch for one batch.
    struct BatchState {
        let schema: SampleSchema
        var tally: ReplayTally
        var row: SampleRow
        var steps: [Walk.Step] = []
        var labelerNames = ByteInterner()
        var labelers: [LabelerTally] = []
        var itemNames = ByteInterner()
        let gold: ByteTable?

        init(schema: SampleSchema, tally: ReplayTally, gold: ByteTable?) {
            self.gold = gold
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

    // MARK: - Rows

    /// Walks one parsed row and adds it to the tally.
    @inline(__always)
    func replayRow(_ record: UnsafeBufferPointer<UInt8>, line: Int, error: RowError?, _ s: inout BatchState) {
        s.tally.samples += 1
        if let error { return reject(record, line: line, error, row: s.row, into: &s.tally) }
        guard let label = s.row.label else {
            return reject(record, line: line, RowError(kind: .missingLabel, message: "no `\(options.fields.label)`: give the outcome the specialist assigned"), row: s.row, into: &s.tally)
        }
        var review = ReviewRow()
        if let field = options.fields.time {
            guard let t = s.row.time else {
                return reject(record, line: line, RowError(kind: .missingTime, message: "no `\(field)`: give when the sample was labeled (ISO 8601 date or date-time)"), row: s.row, into: &s.tally)
            }
            guard let day = Self.withBytes(record, t, ISODate.utcDay) else {
                return reject(record, line: line, RowError(kind: .invalidTime, message: "`\(field)` is not an ISO 8601 date or date-time, found `\(text(record, t).excerpt)`"), row: s.row, into: &s.tally)
            }
            review.day = Int32(clamping: day)
        }
        if let field = options.fields.duration, let d = s.row.duration {
            guard let seconds = Self.withBytes(record, d, Self.seconds) else {
                return reject(record, line: line, RowError(kind: .invalidDuration, message: "`\(field)` must be a number of seconds (0 or more), found `\(text(record, d).excerpt)`"), row: s.row, into: &s.tally)
            }
            review.duration = Float(seconds)
        }
        let compiled = s.schema.compiled
        let sop: OutcomeID
        switch compiled.walk(s.row.encoded, steps: &s.steps) {
        case .outcome(let o):
            sop = OutcomeID(o)
        case .missingInput(let node):
            let names = compiled.missing(at: node, s.row.encoded).map { "`" + graph.program.name(of: $0, from: graph.sop) + "`" }.joined(separator: ", ")
            return reject(record, line: line, RowError(kind: .missingInput, message: "missing \(names), needed at node `\(graph.name(of: NodeID(node)))`"), row: s.row, into: &s.tally)
        case .noBranch(let node):
            return reject(record, line: line, RowError(kind: .noBranch, message: "no branch of node `\(graph.name(of: NodeID(node)))` applies to this sample"), row: s.row, into: &s.tally)
        case .malformed:
            return reject(record, line: line, RowError(kind: .noBranch, message: "the walk could not reach an outcome"), row: s.row, into: &s.tally)
        }

        s.tally.replayed += 1
        let o = s.tally.outcomeCount
        s.tally.confusion[sop.index * o + label.index] += 1
        for step in s.steps {
            s.tally.nodeReached[step.node.index] += 1
            s.tally.branchTaken[Int(compiled.nodes[step.node.index].firstBranch) + step.branch] += 1
        }
        let agree = sop == label
        review.label = Int16(truncatingIfNeeded: label.index)
        review.sop = Int16(truncatingIfNeeded: sop.index)
        review.line = line
        if let ref = s.row.id {
            review.item = Int32(truncatingIfNeeded: intern(record, ref, &s.itemNames))
            if let gold = s.gold, let g = Self.withBytes(record, ref, { b in b.baseAddress.flatMap { gold.lookup($0, b.count) } }) {
                review.gold = Int16(truncatingIfNeeded: g)
                if g != sop.index {
                    // The labeler's recorded route locates the defect when the labeler chose the gold outcome.
                    let route = s.row.hasPath && g == label.index ? s.row.path : nil
                    switch compiled.divergence(s.steps, label: g, path: route) {
                    case .node(let n, let b):
                        review.goldNode = Int32(truncatingIfNeeded: n.index)
                        review.goldBranch = Int16(truncatingIfNeeded: b)
                    case .labelUnreachable:
                        review.goldNode = -2
                    }
                }
            }
        }
        if let ref = s.row.labeler {
            let index = intern(record, ref, &s.labelerNames)
            review.labeler = Int32(truncatingIfNeeded: index)
            if index == s.labelers.count { s.labelers.append(LabelerTally(outcomes: o)) }
            s.labelers[index].samples += 1
            s.labelers[index].sop[sop.index] += 1
            s.labelers[index].label[label.index] += 1
            if agree { s.labelers[index].agree += 1 }
        }
        if let ai = s.row.ai {
            review.ai = Int16(truncatingIfNeeded: ai.index)
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
        guard !agree else { return s.tally.review.append(review) }
        let divergence = compiled.divergence(s.steps, label: label.index, path: s.row.hasPath ? s.row.path : nil)
        switch divergence {
        case .node(let n, let branch):
            review.node = Int32(truncatingIfNeeded: n.index)
            review.branch = Int16(truncatingIfNeeded: branch)
            s.tally.nodeDisagreements[n.index] += 1
            s.tally.patterns[(Int(compiled.nodes[n.index].firstBranch) + branch) * o + label.index] += 1
        case .labelUnreachable:
            review.node = -2
            s.tally.labelUnreachable += 1
        }
        s.tally.review.append(review)
        s.tally.disagreementCount += 1
        s.tally.disagreements.append(DisagreementRecord(
            id: idText(record, s.row) ?? "", line: line, label: label, sop: sop, divergence: divergence,
            path: s.steps.map(\.node), specialistPath: s.row.hasPath ? s.row.path : nil,
            labeler: s.row.labeler.map { text(record, $0) }, ai: s.row.ai))
    }

    /// Calls `body` with a field's decoded bytes: in place when the field has no escapes.
    @inline(__always)
    static func withBytes<R>(_ record: UnsafeBufferPointer<UInt8>, _ ref: TextRef, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard ref.end <= record.count, ref.start <= ref.end else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: record[ref.start..<ref.end])
        switch ref.encoding {
        case .raw: return body(bytes)
        case .jsonEscaped: return JSONLineParser.unescape(bytes).withUnsafeBufferPointer(body)
        case .csvQuoted: return CSVRowParser.unescape(bytes).withUnsafeBufferPointer(body)
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
        case .jsonEscaped: return String(decoding: JSONLineParser.unescape(bytes), as: UTF8.self)
        case .csvQuoted: return String(decoding: CSVRowParser.unescape(bytes), as: UTF8.self)
        }
    }
}

// MARK: - Worker plumbing

/// One batch's result, handed from a worker to the merging thread.
private final class ResultSlot: Sendable {
    private let value = Mutex<(ReplayTally, [UInt8])?>(nil)
    func put(_ t: ReplayTally, _ buffer: [UInt8]) { value.withLock { $0 = (t, buffer) } }
    func take() -> (ReplayTally, [UInt8])? { value.withLock { v in defer { v = nil }; return v } }
}
