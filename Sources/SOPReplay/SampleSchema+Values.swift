import SOPCore
import SOPGraph

/// Turning field values into case values, shared by the JSON Lines and CSV parsers.
extension SampleSchema {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    @inline(__always)
    static func string(_ b: Bytes) -> String { String(decoding: b, as: UTF8.self) }

    /// A string value (JSON string or CSV cell) for a slot. A value's text spelling is the same in both
    /// formats (so `"true"` and `"42"` in JSON read as a CSV cell would); `csv` only allows a set written
    /// as text, which JSON writes as an array.
    func assignText(_ b: Bytes, slot: Int, csv: Bool, row: inout SampleRow) -> RowError? {
        switch kinds[slot] {
        case .input:
            switch valueKinds[slot] {
            case .bool:
                guard let v = Self.textBool(b) else {
                    return invalid(slot, Self.string(b), "must be true or false (also yes/no or 1/0)")
                }
                setValue(v ? 1 : 0, slot: slot, &row)
                return nil
            case .int:
                guard let v = Self.parseInt(b) else { return invalid(slot, Self.string(b), "must be an integer") }
                return assignInt(v, slot: slot, row: &row)
            case .enumeration:
                guard let base = b.baseAddress, let i = valueTables[slot]!.lookup(base, b.count) else {
                    guard case .input(let input) = kinds[slot] else { return nil }
                    return invalid(slot, Self.string(b), "must be one of " + (program.inputs[input.index].type.values ?? []).map { "`\($0)`" }.joined(separator: ", "))
                }
                setValue(i, slot: slot, &row)
                return nil
            case .set:
                guard csv else { return invalid(slot, Self.string(b), "must be a list of values") }
                return assignSetText(b, slot: slot, row: &row)
            case .string:
                let table = valueTables[slot]!
                setValue(b.baseAddress.flatMap { table.lookup($0, b.count) } ?? (b.isEmpty ? table.lookup(nil, 0) : nil) ?? -1, slot: slot, &row)
                return nil
            case .none:
                return nil
            }
        case .label, .ai:
            guard let base = b.baseAddress, let o = outcomeView.lookup(base, b.count) else {
                return unknownOutcome(Self.string(b), slot: slot)
            }
            if kinds[slot] == .label { row.label = OutcomeID(o) } else { row.ai = OutcomeID(o) }
            return nil
        case .labeler, .time, .duration:
            return nil
        case .path:
            // A path as sopc prints it (`a > b > outcome`), in a CSV cell or a JSON string alike.
            row.hasPath = true
            for part in Self.pathSteps(b) {
                if let e = appendPathNode(part, slot: slot, row: &row) { return e }
            }
            return nil
        case .id:
            return nil
        }
    }

    /// A set written as text: `[]` (the empty set), `[a, b]` as sopc prints a set, or `a|b`.
    func assignSetText(_ b: Bytes, slot: Int, row: inout SampleRow) -> RowError? {
        beginSet(slot: slot, row: &row)
        var body = b
        var separator = UInt8(ascii: "|")
        if b.count >= 2 && b[0] == UInt8(ascii: "[") && b[b.count - 1] == UInt8(ascii: "]") {
            body = Bytes(rebasing: b[1..<(b.count - 1)])
            separator = UInt8(ascii: ",")
            if Self.isBlank(body) { return nil }
        }
        var start = 0
        for i in 0...body.count where i == body.count || body[i] == separator {
            if let e = addSetMember(Self.trimmed(Bytes(rebasing: body[start..<i])), slot: slot, row: &row) { return e }
            start = i + 1
        }
        return nil
    }

    static func isBlank(_ b: Bytes) -> Bool {
        for c in b where !(c == 0x20 || c == 0x09) { return false }
        return true
    }

    @inline(__always)
    static func trimmed(_ b: Bytes) -> Bytes {
        var lo = 0, hi = b.count
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
        return lo == 0 && hi == b.count ? b : Bytes(rebasing: b[lo..<hi])
    }

    /// The steps of a path written as text, split by `DecisionPath.split`'s rule on the bytes in place:
    /// on `>`, each part trimmed of spaces and tabs, empty parts dropped.
    static func pathSteps(_ b: Bytes) -> [Bytes] {
        var parts: [Bytes] = []
        var start = 0
        for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: ">") {
            let part = trimmed(Bytes(rebasing: b[start..<i]))
            if !part.isEmpty { parts.append(part) }
            start = i + 1
        }
        return parts
    }

    /// An integer value for a slot.
    func assignInt(_ v: Int, slot: Int, row: inout SampleRow) -> RowError? {
        guard case .input = kinds[slot] else {
            return RowError(kind: .invalidValue, message: "`\(names[slot])` must be a string, found \(v)")
        }
        switch valueKinds[slot] {
        case .int:
            let (lo, hi) = intBounds[slot]
            guard lo <= v && v <= hi else {
                return invalid(slot, String(v), "is outside its range \(lo)...\(hi)")
            }
            setValue(v, slot: slot, &row)
            return nil
        case .bool:
            // `0` and `1`, as in a CSV cell.
            guard v == 0 || v == 1 else { return invalid(slot, String(v), "must be true or false (also yes/no or 1/0)") }
            setValue(v, slot: slot, &row)
            return nil
        default:
            return invalid(slot, String(v), "must be a string")
        }
    }

    /// A JSON boolean for a slot.
    func assignBool(_ v: Bool, slot: Int, row: inout SampleRow) -> RowError? {
        guard valueKinds[slot] == .bool else {
            return invalid(slot, v ? "true" : "false", "must not be a boolean")
        }
        setValue(v ? 1 : 0, slot: slot, &row)
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
        guard case .input(let input) = kinds[slot], valueKinds[slot] == .set else { return }
        let offset = valueOffsets[slot]
        for w in 0..<setWords[slot] { row.encoded.values[offset + w] = 0 }
        row.encoded.set(input.index)
    }

    /// Adds one member to a set input.
    @inline(__always)
    func addSetMember(_ m: Bytes, slot: Int, row: inout SampleRow) -> RowError? {
        guard valueKinds[slot] == .set, let table = valueTables[slot] else {
            return invalid(slot, "[...]", "must not be a list")
        }
        guard let base = m.baseAddress, let i = table.lookup(base, m.count) else {
            guard case .set(let values, _) = inputKinds[slot] else { return nil }
            return invalid(slot, Self.string(m), "has a member not among its values " + values.map { "`\($0)`" }.joined(separator: ", "))
        }
        row.encoded.values[valueOffsets[slot] + i >> 6] |= Int(bitPattern: UInt(1) << UInt(i & 63))
        return nil
    }

    /// One step of a `path`: a node id, or (last) the outcome it ends in, as sopc prints paths.
    func appendPathNode(_ b: Bytes, slot: Int, row: inout SampleRow) -> RowError? {
        let s = Self.trimmed(b)
        if let base = s.baseAddress, let n = nodeView.lookup(base, s.count) {
            guard !row.pathEnded else {
                return RowError(kind: .malformed, message: "`\(names[slot])` goes on after the outcome it ends in")
            }
            row.path.append(NodeID(n))
            return nil
        }
        if let base = s.baseAddress, outcomeView.lookup(base, s.count) != nil, !row.pathEnded {
            row.pathEnded = true
            return nil
        }
        let text = Self.string(s)
        let hint = Spelling.suggestion(for: text, among: graph.nodes.map(graph.name(of:))).map { "; did you mean `\($0)`?" } ?? ""
        return RowError(kind: .unknownNode, message: "unknown node `\(text.excerpt)` in `\(names[slot])`" + hint)
    }

    var program: Program { graph.program }

    /// Sets an input slot's value.
    @inline(__always)
    func setValue(_ v: Int, slot: Int, _ row: inout SampleRow) {
        guard case .input(let input) = kinds[slot] else { return }
        row.encoded.values[valueOffsets[slot]] = v
        row.encoded.set(input.index)
    }

    func unknownOutcome(_ text: String, slot: Int) -> RowError {
        let names = graph.outcomes.map(graph.name(of:))
        let hint = Spelling.suggestion(for: text, among: names).map { "; did you mean `\($0)`?" } ?? ""
        return RowError(kind: .unknownOutcome, message: "unknown outcome `\(text.excerpt)` in `\(self.names[slot])`" + hint)
    }

    /// A value compared with the SOP's names (a string, enum or set input, `label`, `ai`, a `path` node)
    /// that holds U+0000 is not text: the row is rejected as `encoding`, as a NUL byte in the record is,
    /// and as the SQL export rejects it (`RejectKind.nulReason`). Only a JSON escape (`\u0000`) can put one in a value:
    /// a NUL byte in a record is rejected before the record is parsed (`UTF8Check`).
    func nulError(_ b: Bytes, slot: Int) -> RowError? {
        switch kinds[slot] {
        case .input:
            switch inputKinds[slot] {
            case .bool, .int: return nil
            default: break
            }
        case .label, .ai, .path: break
        default: return nil
        }
        guard b.contains(0) else { return nil }
        return RowError(kind: .encoding, message: RejectKind.nulReason(field: names[slot]))
    }

    func invalid(_ slot: Int, _ text: String, _ what: String) -> RowError {
        RowError(kind: .invalidValue, message: "`\(names[slot])` \(what), found `\(text.excerpt)`")
    }

    // MARK: - Scalars

    /// `true`/`false`, `yes`/`no`, `1`/`0`, in any letter case: a bool written as text.
    static func textBool(_ b: Bytes) -> Bool? {
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
