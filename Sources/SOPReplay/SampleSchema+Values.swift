import SOPCore
import SOPGraph

/// Turning field values into case values, shared by the JSON Lines and CSV parsers.
extension SampleSchema {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    @inline(__always)
    static func string(_ b: Bytes) -> String { String(decoding: b, as: UTF8.self) }

    /// A string value (JSON string or CSV cell) for a slot. `csv` allows the looser CSV spellings.
    func assignText(_ b: Bytes, slot: Int, csv: Bool, row: inout SampleRow) -> RowError? {
        switch kinds[slot] {
        case .input(let input):
            switch inputKinds[slot] {
            case .bool:
                if csv, let v = Self.csvBool(b) {
                    setValue(v ? 1 : 0, input, &row)
                    return nil
                }
                return invalid(slot, Self.string(b), "must be true or false")
            case .int:
                guard let v = Self.parseInt(b) else { return invalid(slot, Self.string(b), "must be an integer") }
                return assignInt(v, slot: slot, row: &row)
            case .enumeration(_, let table):
                guard let base = b.baseAddress, let i = table.lookup(base, b.count) else {
                    return invalid(slot, Self.string(b), "must be one of " + (program.inputs[input.index].type.values ?? []).map { "`\($0)`" }.joined(separator: ", "))
                }
                setValue(i, input, &row)
                return nil
            case .set:
                guard csv else { return invalid(slot, Self.string(b), "must be a list of values") }
                beginSet(slot: slot, row: &row)
                var start = 0
                for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: "|") {
                    if let e = addSetMember(Bytes(rebasing: b[start..<i]), slot: slot, row: &row) { return e }
                    start = i + 1
                }
                return nil
            case .string(let table):
                setValue(b.baseAddress.flatMap { table.lookup($0, b.count) } ?? (b.isEmpty ? table.lookup("") : nil) ?? -1, input, &row)
                return nil
            }
        case .label, .ai:
            guard let base = b.baseAddress, let o = outcomeTable.lookup(base, b.count) else {
                return unknownOutcome(Self.string(b), slot: slot)
            }
            if kinds[slot] == .label { row.label = OutcomeID(o) } else { row.ai = OutcomeID(o) }
            return nil
        case .labeler, .time, .duration:
            return nil
        case .path:
            guard csv else { return RowError(kind: .malformed, message: "`\(names[slot])` must be a list of node ids") }
            row.hasPath = true
            var start = 0
            for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: ">") {
                if let e = appendPathNode(Bytes(rebasing: b[start..<i]), slot: slot, row: &row) { return e }
                start = i + 1
            }
            return nil
        case .id:
            return nil
        }
    }

    /// An integer value for a slot.
    func assignInt(_ v: Int, slot: Int, row: inout SampleRow) -> RowError? {
        guard case .input(let input) = kinds[slot] else {
            return RowError(kind: .invalidValue, message: "`\(names[slot])` must be a string, found \(v)")
        }
        switch inputKinds[slot] {
        case .int(let lo, let hi):
            guard lo <= v && v <= hi else {
                return invalid(slot, String(v), "is outside its range \(lo)...\(hi)")
            }
            setValue(v, input, &row)
            return nil
        case .bool:
            return invalid(slot, String(v), "must be true or false")
        default:
            return invalid(slot, String(v), "must be a string")
        }
    }

    /// A JSON boolean for a slot.
    func assignBool(_ v: Bool, slot: Int, row: inout SampleRow) -> RowError? {
        guard case .input(let input) = kinds[slot], case .bool = inputKinds[slot] else {
            return invalid(slot, v ? "true" : "false", "must not be a boolean")
        }
        setValue(v ? 1 : 0, input, &row)
        return nil
    }

    /// The members of a set input.
    func assignSet(_ members: [Bytes], slot: Int, row: inout SampleRow) -> RowError? {
        beginSet(slot: slot, row: &row)
        for m in members {
            if let e = addSetMember(m, slot: slot, row: &row) { return e }
        }
        return nil
    }

    /// Empties a set input before its members are added one by one.
    @inline(__always)
    func beginSet(slot: Int, row: inout SampleRow) {
        guard case .input(let input) = kinds[slot], case .set(let values, _) = inputKinds[slot] else { return }
        let offset = Int(compiled.offset[input.index])
        for w in 0..<max(1, (values.count + 63) / 64) { row.encoded.values[offset + w] = 0 }
        row.encoded.set(input.index)
    }

    /// Adds one member to a set input.
    @inline(__always)
    func addSetMember(_ m: Bytes, slot: Int, row: inout SampleRow) -> RowError? {
        guard case .input(let input) = kinds[slot], case .set(let values, let table) = inputKinds[slot] else {
            return invalid(slot, "[...]", "must not be a list")
        }
        guard let base = m.baseAddress, let i = table.lookup(base, m.count) else {
            return invalid(slot, Self.string(m), "has a member not among its values " + values.map { "`\($0)`" }.joined(separator: ", "))
        }
        row.encoded.values[Int(compiled.offset[input.index]) + i >> 6] |= Int(bitPattern: UInt(1) << UInt(i & 63))
        return nil
    }

    /// One node id of a `path`.
    func appendPathNode(_ b: Bytes, slot: Int, row: inout SampleRow) -> RowError? {
        var s = b
        // CSV paths may be written `a > b > c`.
        while let f = s.first, f == 0x20 { s = Bytes(rebasing: s.dropFirst()) }
        while let l = s.last, l == 0x20 { s = Bytes(rebasing: s.dropLast()) }
        guard let base = s.baseAddress, let n = nodeTable.lookup(base, s.count) else {
            let text = Self.string(s)
            let hint = Spelling.suggestion(for: text, among: graph.nodes.map(graph.name(of:))).map { "; did you mean `\($0)`?" } ?? ""
            return RowError(kind: .unknownNode, message: "unknown node `\(text.excerpt)` in `\(names[slot])`" + hint)
        }
        row.path.append(NodeID(n))
        return nil
    }

    var program: Program { graph.program }

    @inline(__always)
    func setValue(_ v: Int, _ input: InputID, _ row: inout SampleRow) {
        row.encoded.values[Int(compiled.offset[input.index])] = v
        row.encoded.set(input.index)
    }

    func unknownOutcome(_ text: String, slot: Int) -> RowError {
        let names = graph.outcomes.map(graph.name(of:))
        let hint = Spelling.suggestion(for: text, among: names).map { "; did you mean `\($0)`?" } ?? ""
        return RowError(kind: .unknownOutcome, message: "unknown outcome `\(text.excerpt)` in `\(self.names[slot])`" + hint)
    }

    func invalid(_ slot: Int, _ text: String, _ what: String) -> RowError {
        RowError(kind: .invalidValue, message: "`\(names[slot])` \(what), found `\(text.excerpt)`")
    }

    // MARK: - Scalars

    /// `true`/`false`, `yes`/`no`, `1`/`0`, in any letter case.
    static func csvBool(_ b: Bytes) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            guard b.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<b.count {
                let c = b[i]
                if (c >= 65 && c <= 90 ? c + 32 : c) != w[i] { return false }
            }
            return true
        }
        if matches("true") || matches("yes") || matches("1") { return true }
        if matches("false") || matches("no") || matches("0") { return false }
        return nil
    }

    /// An optionally negative run of decimal digits that fits in `Int`.
    @inline(__always)
    static func parseInt(_ b: Bytes) -> Int? {
        var i = 0
        var negative = false
        if b.count > 0 && b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < b.count else { return nil }
        var v = 0
        while i < b.count {
            let d = Int(b[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            guard !o1 && !o2 else { return nil }
            v = s
            i += 1
        }
        return v
    }
}

extension String {
    /// The value as quoted in a rejection reason: cut to 60 characters, so one runaway cell cannot blow up
    /// the report.
    var excerpt: String {
        unicodeScalars.count <= 60 ? self : String(String.UnicodeScalarView(unicodeScalars.prefix(60))) + "…"
    }
}
