import SOPCore
import SOPGraph

/// The gold outcome agreed for each item: a file of `id` and `label` fields, in either sample format, read
/// by the same row parsers as the samples (so the same field names, spellings and outcome names apply).
public struct GoldSet: Sendable {
    /// The gold entries in file order.
    public let ids: [String]
    public let outcomes: [OutcomeID]
    /// Id → entry (index into `ids` and `outcomes`), looked up straight from a row's bytes.
    let table: ByteTable
    /// The outcome index per entry, as the replay's workers read it.
    let outcomeCodes: [Int16]

    public var count: Int { ids.count }

    /// Builds a gold set from pairs; a repeated id with a different outcome is an error.
    public init(_ pairs: [(id: String, outcome: OutcomeID)]) throws(IOError) {
        var seen: [String: OutcomeID] = [:]
        var ids: [String] = [], outcomes: [OutcomeID] = []
        for (id, o) in pairs {
            if let before = seen[id] {
                guard before == o else { throw IOError("gold id `\(id.excerpt)` is given two different outcomes") }
                continue
            }
            seen[id] = o
            ids.append(id)
            outcomes.append(o)
        }
        self.ids = ids
        self.outcomes = outcomes
        table = ByteTable(ids.enumerated().map { ($1, $0) })
        outcomeCodes = outcomes.map { Int16(truncatingIfNeeded: $0.index) }
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
        var pairs: [(id: String, outcome: OutcomeID)] = []
        var spare: [UInt8] = []
        var failure: IOError?
        while failure == nil, let batch = try batches.next(reusing: &spare) {
            if batch.oversized { throw IOError("\(name):\(lineBase + 1): the record is longer than 1 MB") }
            let lines = Replayer.forEachRecord(batch.bytes, R.self) { record, line in
                guard failure == nil else { return }
                row.reset()
                let at = "\(name):\(lineBase + line)"
                if let error = parser.parse(record, into: &row) { return failure = IOError("\(at): \(error.message)") }
                guard let ref = row.id else { return failure = IOError("\(at): no `\(fields.id)`") }
                guard let label = row.label else { return failure = IOError("\(at): no `\(fields.label)`: give the gold outcome") }
                pairs.append((Replayer.text(record, ref), label))
            }
            lineBase += lines
            spare = batch.bytes
        }
        if let failure { throw failure }
        return try GoldSet(pairs)
    }
}
