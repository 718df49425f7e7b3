import SOPCore
import SOPGraph

/// Parses CSV records (RFC 4180: quoted cells, doubled quotes, newlines inside quotes) against a header.
struct CSVRowParser {
    let schema: SampleSchema
    /// The slot each column feeds; `nil` for columns the schema does not know.
    let columns: [Int?]
    private var cells: [Cell] = []

    struct Cell {
        var start: Int
        var end: Int
        /// Quoted with doubled quotes inside: the content needs unescaping.
        var escaped: Bool
    }

    init(schema: SampleSchema, columns: [Int?]) {
        self.schema = schema
        self.columns = columns
    }

    /// The header's column names mapped to slots; a name given twice is an error.
    static func header(_ record: UnsafeBufferPointer<UInt8>, schema: SampleSchema) throws(IOError) -> [Int?] {
        guard let cells = split(record) else { throw IOError("malformed CSV header: unterminated quote") }
        var seen: Set<String> = []
        var columns: [Int?] = []
        for c in cells {
            let name = text(record, c)
            guard seen.insert(name).inserted else { throw IOError("column `\(name)` appears twice in the CSV header") }
            columns.append(schema.table.lookup(name))
        }
        return columns
    }

    /// Parses one record (without its line break) into `row` (already reset).
    mutating func parse(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RowError? {
        guard Self.split(record, into: &cells) else {
            return RowError(kind: .malformed, message: "malformed CSV: unterminated quote")
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

    // MARK: - Cells

    static func split(_ r: UnsafeBufferPointer<UInt8>) -> [Cell]? {
        var cells: [Cell] = []
        return split(r, into: &cells) ? cells : nil
    }

    /// Splits a record on commas outside quotes; false on an unterminated quote.
    static func split(_ r: UnsafeBufferPointer<UInt8>, into cells: inout [Cell]) -> Bool {
        cells.removeAll(keepingCapacity: true)
        let n = r.count
        var i = 0
        while true {
            if i < n && r[i] == UInt8(ascii: "\"") {
                let start = i + 1
                var j = start
                var escaped = false
                var closed = false
                while j < n {
                    if r[j] == UInt8(ascii: "\"") {
                        if j + 1 < n && r[j + 1] == UInt8(ascii: "\"") {
                            escaped = true
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    j += 1
                }
                guard closed else { return false }
                cells.append(Cell(start: start, end: j, escaped: escaped))
                i = j + 1
                // Text between the closing quote and the comma is kept out, as most readers do.
                while i < n && r[i] != UInt8(ascii: ",") { i += 1 }
            } else {
                let start = i
                while i < n && r[i] != UInt8(ascii: ",") { i += 1 }
                cells.append(Cell(start: start, end: i, escaped: false))
            }
            if i >= n { return true }
            i += 1  // the comma
        }
    }

    static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            out.append(b[i])
            i += (b[i] == UInt8(ascii: "\"") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "\"")) ? 2 : 1
        }
        return out
    }

    static func text(_ r: UnsafeBufferPointer<UInt8>, _ c: Cell) -> String {
        let content = UnsafeBufferPointer(rebasing: r[c.start..<c.end])
        return c.escaped ? String(decoding: unescape(content), as: UTF8.self) : String(decoding: content, as: UTF8.self)
    }
}
