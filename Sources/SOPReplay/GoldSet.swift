import SOPCore
import SOPGraph

/// The gold outcome agreed for each item: a file of `id` and `label` fields, in either sample format, read
/// by the same row parsers as the samples (so the same field names, spellings and outcome names apply).
public struct GoldSet: Sendable {
    /// The gold outcomes in file order, one per distinct id.
    public let outcomes: [OutcomeID]
    /// Id → entry (index into `ids` and `outcomes`), looked up straight from a row's bytes.
    let table: ByteTable
    /// The outcome index per entry, as the replay's workers read it.
    let outcomeCodes: [Int16]

    /// The gold ids in file order (in NFC, as `CanonicalText` compares them).
    public var ids: [String] { (0..<table.count).map(table.key) }

    public var count: Int { outcomes.count }

    /// Builds a gold set from pairs; a repeated id with a different outcome is an error.
    public init(_ pairs: [(id: String, outcome: OutcomeID)]) throws(IOError) {
        var ids = Entries()
        for (id, o) in pairs {
            var id = id
            if id.withUTF8({ ids.add($0, o) }) != nil { throw Self.conflict(id) }
        }
        self.init(ids)
    }

    private init(_ entries: Entries) {
        outcomes = entries.outcomes
        table = ByteTable(numbering: entries.ids)
        outcomeCodes = outcomes.map { Int16(truncatingIfNeeded: $0.index) }
    }

    /// Distinct ids (by `CanonicalText`'s rule) numbered in first-seen order, and each one's outcome.
    private struct Entries {
        var ids = ByteInterner()
        var outcomes: [OutcomeID] = []

        /// Adds an id's bytes with its outcome; the outcome it already has when that differs, else nil.
        mutating func add(_ id: UnsafeBufferPointer<UInt8>, _ outcome: OutcomeID) -> OutcomeID? {
            let n = ids.intern(id.baseAddress, id.count)
            if n == outcomes.count {
                outcomes.append(outcome)
                return nil
            }
            return outcomes[n] == outcome ? nil : outcomes[n]
        }
    }

    private static func conflict(_ id: String) -> IOError {
        IOError("gold id `\(id.excerpt)` is given two different outcomes")
    }

    /// Reads a gold file. Every record needs an id and an outcome the SOP can reach or declares; a bad record
    /// is an error naming its line (a gold set is small and agreed by hand: nothing in it may be dropped).
    public static func load(_ source: ByteSource, format: SampleFormat, graph: ReplayGraph, fields: FieldNames, name: String) throws -> GoldSet {
        switch format {
        case .jsonl: return try load(source, JSONLinesReader.self, graph: graph, fields: fields, name: name)
        case .csv: return try load(source, CSVReader.self, graph: graph, fields: fields, name: name)
        }
    }

    private static func load<R: SampleReader>(_ source: ByteSource, _ reader: R.Type, graph: ReplayGraph, fields: FieldNames, name: String) throws -> GoldSet {
        var gold = fields
        gold.time = nil
        gold.duration = nil
        let schema = SampleSchema(graph: graph, fields: gold)
        var batches = Replayer.BatchReader<R>(source: source, chunkSize: 1 << 20, maxRecordBytes: 1 << 20)
        var header = R.noHeader
        var lineBase = 0
        if R.hasHeader {
            guard let h = try batches.header() else { throw IOError("\(name): the gold file has no header row") }
            header = try h.record.withUnsafeBufferPointer { r throws(IOError) in try R.header(r, schema: schema) }
            lineBase = h.lines
        }
        var parser = R(schema: schema, header: header)
        var row = SampleRow(schema: schema)
        // Ids are numbered from their bytes: no `String` per entry.
        var entries = Entries()
        var spare: [UInt8] = []
        var failure: IOError?
        // The first id given two outcomes: reported only when every record reads (as when the pairs were
        // checked after reading them all).
        var conflict: IOError?
        while failure == nil, let batch = try batches.next(reusing: &spare) {
            if batch.oversized { throw IOError("\(name):\(lineBase + 1): the record is longer than 1 MB") }
            let lines = Replayer.forEachRecord(batch.bytes, R.self) { record, line in
                guard failure == nil else { return }
                row.reset()
                func at() -> String { "\(name):\(lineBase + line)" }
                switch parser.read(record, into: &row) {
                case .text(let offset, let problem):
                    let (_, error) = Replayer.textRejection(record, line: line, (offset, problem))
                    return failure = IOError("\(at()): \(error.message)")
                case .parsed(let error):
                    if let error { return failure = IOError("\(at()): \(error.message)") }
                }
                guard let ref = row.id else { return failure = IOError("\(at()): no `\(fields.id)`") }
                guard let label = row.label else { return failure = IOError("\(at()): no `\(fields.label)`: give the gold outcome") }
                if Replayer.withBytes(record, ref, { entries.add($0, label) }) != nil, conflict == nil {
                    conflict = GoldSet.conflict(Replayer.text(record, ref))
                }
            }
            lineBase += lines
            spare = batch.bytes
        }
        if let failure { throw failure }
        if let conflict { throw conflict }
        return GoldSet(entries)
    }
}
