import SOPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sample format's reader: where its records end (framing), its header, and how one record becomes a
/// row. Replay, `sopc test --samples` and `sopc run --cases` read samples only through these, so framing
/// and parsing can never disagree about where a record ends.
///
/// A reader works on a buffer that starts at a record boundary; `record(in:from:)` is the one rule for
/// where a record ends, used both to cut the input into batches and to walk the records of a batch.
protocol SampleReader: Sendable {
    /// What the header says (the column order for CSV; nothing for JSON Lines).
    associatedtype Header: Sendable

    /// Whether the first non-blank record is a header rather than a sample.
    static var hasHeader: Bool { get }

    /// Reads the header record. Problems with it are input errors (exit status 2), reported once.
    static func header(_ record: UnsafeBufferPointer<UInt8>, schema: SampleSchema) throws(IOError) -> Header

    /// The header of a format without one.
    static var noHeader: Header { get }

    /// The record starting at `start`: where it ends (the index of its terminating line break, or the
    /// buffer's end) and how many line breaks lie inside it.
    static func record(in b: UnsafeBufferPointer<UInt8>, from start: Int) -> RecordSpan

    /// Where a buffer that starts at a record boundary can be cut: after its last terminated record
    /// (the same cuts `record(in:from:)` gives; a format may find them faster).
    static func lastCut(_ b: UnsafeBufferPointer<UInt8>) -> Int?

    /// Checks the first bytes read (after a byte order mark): an input that is plainly not this format
    /// is an input error naming what it is, rather than every row rejected.
    static func checkStart(_ b: ArraySlice<UInt8>, name: String) throws(IOError)

    init(schema: SampleSchema, header: Header)

    /// Parses one record (without its line break and a CR before it) into `row`, already reset.
    mutating func parse(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RowError?

    /// Reads one record as every command reads samples: a record with invalid UTF-8 or a NUL byte
    /// (`UTF8Check`) is that problem, before anything else is said about it, and `row` is left reset;
    /// otherwise what `parse` gives. A format may find the problem while it parses, provided the answer
    /// is the same.
    mutating func read(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RecordReading
}

/// What reading one record gave.
enum RecordReading {
    /// Invalid UTF-8 or a NUL byte at `offset` in the record.
    case text(offset: Int, problem: UTF8Check.Problem)
    /// The record is text: parsed into the row, with its problem if it has one.
    case parsed(RowError?)
}

/// Where one record ends.
struct RecordSpan {
    /// The index of the line break that ends the record, or the buffer's end.
    var end: Int
    /// Line breaks inside the record (in quoted CSV cells).
    var innerBreaks: Int
    /// Whether a line break ends the record; a record that runs to the buffer's end may continue.
    var terminated: Bool
    /// The record opens a quote that the buffer never closes. At the end of the input, or past the record
    /// length limit, such a record ends at its first line break instead, so a stray quote costs one
    /// rejected row and never swallows the rows after it.
    var unterminatedQuote = false
}

extension SampleReader {
    /// Checks the text first, then parses.
    mutating func read(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RecordReading {
        if let p = UTF8Check.firstProblem(record) { return .text(offset: p.offset, problem: p.problem) }
        return .parsed(parse(record, into: &row))
    }

    /// Cuts found by walking the records with `record(in:from:)`.
    static func lastCut(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        var cut: Int?
        while start < b.count {
            let span = record(in: b, from: start)
            guard span.terminated else { break }
            start = span.end + 1
            cut = start
        }
        return cut
    }

    /// The record at `start` as a batch reads it: a record whose quote the batch never closes ends at its
    /// first line break (see `RecordSpan.unterminatedQuote`).
    static func recordInBatch(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> RecordSpan {
        let span = record(in: b, from: start)
        guard span.unterminatedQuote, let base = b.baseAddress else { return span }
        let nl = memchr(base + start, 0x0A, b.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        return RecordSpan(end: nl ?? b.count, innerBreaks: 0, terminated: nl != nil, unterminatedQuote: true)
    }
}
