import SOPCore
import SOPGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV samples (RFC 4180) against their header row.
///
/// The one quote rule, shared by framing and cell parsing (`cell(_:from:)`): a cell is quoted when its
/// first byte after leading blanks is `"`; inside it, `""` stands for a quote and a line break is text.
/// A quote anywhere else is plain text, so `12" screen` is one cell and never opens a quote that would
/// merge the rows after it. Unquoted cells are trimmed of spaces and tabs; quoted cells keep theirs.
struct CSVReader: SampleReader {
    let schema: SampleSchema
    /// The slot each column feeds; `nil` for columns the schema does not know.
    let columns: [Int?]
    private var cells: [Cell] = []

    struct Cell {
        var start: Int
        var end: Int
        /// Quoted with doubled quotes inside: the content needs unescaping.
        var escaped: Bool
        var quoted: Bool
        /// Text between the closing quote and the next comma.
        var trailingText: Bool
    }

    /// What ends a cell.
    enum Stop { case comma, lineBreak, end, unterminatedQuote }

    static let hasHeader = true
    static let noHeader: [Int?] = []

    static func checkStart(_ b: ArraySlice<UInt8>, name: String) throws(IOError) {}

    init(schema: SampleSchema, header columns: [Int?]) {
        self.schema = schema
        self.columns = columns
    }

    /// The header's column names mapped to slots. A name given twice, or no label column when labels
    /// are required, is an input error.
    static func header(_ record: UnsafeBufferPointer<UInt8>, schema: SampleSchema) throws(IOError) -> [Int?] {
        var cells: [Cell] = []
        guard split(record, into: &cells) == nil else { throw IOError("malformed CSV header: unterminated quote") }
        var seen: Set<String> = []
        var columns: [Int?] = []
        for c in cells {
            let name = text(record, c)
            guard seen.insert(name).inserted else { throw IOError("column `\(name.excerpt)` appears twice in the CSV header") }
            columns.append(schema.table.lookup(name))
        }
        if schema.requireLabel, let label = schema.kinds.firstIndex(of: .label), !columns.contains(label) {
            throw IOError("the CSV header has no `\(schema.names[label])` column (the outcome each sample was labeled with); name the column with --label-field")
        }
        return columns
    }

    // MARK: - Framing

    static func record(in b: UnsafeBufferPointer<UInt8>, from start: Int) -> RecordSpan {
        guard let base = b.baseAddress else { return RecordSpan(end: start, innerBreaks: 0, terminated: false) }
        let n = b.count
        // Most records hold no quote: then the next line break ends them.
        let nl = LineBreaks.next(in: b, from: start) ?? n
        if memchr(base + start, 0x22, nl - start) == nil { return RecordSpan(end: nl, innerBreaks: 0, terminated: nl < n) }
        var i = start
        var breaks = 0
        while true {
            let (c, next, stop) = cell(b, from: i)
            if c.quoted { breaks += LineBreaks.count(in: UnsafeBufferPointer(rebasing: b[c.start..<c.end])) }
            switch stop {
            case .comma: i = next
            case .lineBreak: return RecordSpan(end: next - 1, innerBreaks: breaks, terminated: true)
            case .end: return RecordSpan(end: n, innerBreaks: breaks, terminated: false)
            case .unterminatedQuote: return RecordSpan(end: n, innerBreaks: 0, terminated: false, unterminatedQuote: true)
            }
        }
    }

    /// The cuts `record(in:from:)` gives, found fast: records before the first quote end at their line
    /// breaks, so only the part from the record holding the first quote on is walked record by record.
    static func lastCut(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = b.baseAddress else { return nil }
        let n = b.count
        guard let q = memchr(base, 0x22, n) else { return LineBreaks.lastCut(b) }
        let firstQuote = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
        var start = firstQuote
        while start > 0 && !LineBreaks.isBreak(base[start - 1]) { start -= 1 }
        var cut: Int? = start > 0 ? start : nil
        while start < n {
            let span = record(in: b, from: start)
            guard span.terminated else { break }
            start = span.end + 1
            cut = start
        }
        return cut
    }

    /// The cell starting at `i`, where the next one starts, and what ended it: the one quote rule.
    @inline(__always)
    static func cell(_ r: UnsafeBufferPointer<UInt8>, from i0: Int) -> (Cell, next: Int, Stop) {
        let n = r.count
        var i = i0
        while i < n && (r[i] == 0x20 || r[i] == 0x09) { i += 1 }
        if i < n && r[i] == 0x22 {
            let start = i + 1
            var j = start
            var escaped = false
            while true {
                guard j < n, let base = r.baseAddress, let hit = memchr(base + j, 0x22, n - j) else {
                    return (Cell(start: start, end: n, escaped: escaped, quoted: true, trailingText: false), n, .unterminatedQuote)
                }
                j = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if j + 1 < n && r[j + 1] == 0x22 {
                    escaped = true
                    j += 2
                    continue
                }
                break
            }
            var k = j + 1
            var trailing = false
            while k < n && r[k] != 0x2C && !LineBreaks.isBreak(r[k]) {
                if !(r[k] == 0x20 || r[k] == 0x09) { trailing = true }
                k += 1
            }
            let c = Cell(start: start, end: j, escaped: escaped, quoted: true, trailingText: trailing)
            return stop(r, c, at: k)
        }
        var k = i
        while k < n && r[k] != 0x2C && !LineBreaks.isBreak(r[k]) { k += 1 }
        var end = k
        while end > i && (r[end - 1] == 0x20 || r[end - 1] == 0x09) { end -= 1 }
        return stop(r, Cell(start: i, end: end, escaped: false, quoted: false, trailingText: false), at: k)
    }

    /// What ends a cell at `k` (a comma, a line break by `LineBreaks`' rule, or the end) and where the next starts.
    @inline(__always)
    private static func stop(_ r: UnsafeBufferPointer<UInt8>, _ c: Cell, at k: Int) -> (Cell, next: Int, Stop) {
        if k >= r.count { return (c, r.count, .end) }
        if r[k] == 0x2C { return (c, k + 1, .comma) }
        return (c, LineBreaks.next(in: r, from: k)! + 1, .lineBreak)
    }

    /// Splits a record (without its line break) into cells; the reason when it is malformed.
    static func split(_ r: UnsafeBufferPointer<UInt8>, into cells: inout [Cell]) -> String? {
        cells.removeAll(keepingCapacity: true)
        var i = 0
        while true {
            let (c, next, stop) = cell(r, from: i)
            switch stop {
            case .unterminatedQuote: return "unterminated quote in cell \(cells.count + 1)"
            case .lineBreak: return "line break outside quotes"  // not reached: records end at line breaks
            case .comma, .end: break
            }
            if c.trailingText { return "text after the closing quote of cell \(cells.count + 1)" }
            cells.append(c)
            if stop == .end { return nil }
            i = next
        }
    }

    // MARK: - Rows

    mutating func parse(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RowError? {
        if let problem = Self.split(record, into: &cells) {
            return RowError(kind: .malformed, message: "malformed CSV: \(problem)")
        }
        guard cells.count == columns.count else {
            // Still name the row by its id when the id column is there.
            for (k, cell) in cells.enumerated() where k < columns.count {
                if let slot = columns[k], schema.kinds[slot] == .id, cell.end > cell.start {
                    row.id = TextRef(start: cell.start, end: cell.end, encoding: cell.escaped ? .csvQuoted : .raw)
                }
            }
            return RowError(kind: .columnCount, message: "expected \(columns.count) cells as in the header, found \(cells.count)")
        }
        for (k, cell) in cells.enumerated() {
            guard let slot = columns[k], cell.end > cell.start else { continue }
            _ = row.claim(slot)
            let kind = schema.kinds[slot]
            if kind.isText {
                row.setText(kind, TextRef(start: cell.start, end: cell.end, encoding: cell.escaped ? .csvQuoted : .raw))
                continue
            }
            let e: RowError?
            if cell.escaped {
                let bytes = Self.unescape(UnsafeBufferPointer(rebasing: record[cell.start..<cell.end]))
                e = bytes.withUnsafeBufferPointer { schema.assignText($0, slot: slot, csv: true, row: &row) }
            } else {
                e = schema.assignText(UnsafeBufferPointer(rebasing: record[cell.start..<cell.end]), slot: slot, csv: true, row: &row)
            }
            if let e { return e }
        }
        return nil
    }

    // MARK: - Text

    static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            out.append(b[i])
            i += (b[i] == 0x22 && i + 1 < b.count && b[i + 1] == 0x22) ? 2 : 1
        }
        return out
    }

    static func text(_ r: UnsafeBufferPointer<UInt8>, _ c: Cell) -> String {
        let content = UnsafeBufferPointer(rebasing: r[c.start..<c.end])
        return c.escaped ? String(decoding: unescape(content), as: UTF8.self) : String(decoding: content, as: UTF8.self)
    }
}
