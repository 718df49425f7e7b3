import SOPGraph

/// A field's text inside the current line, decoded only when needed.
struct TextRef: Sendable {
    enum Encoding: Sendable { case raw, jsonEscaped, csvQuoted }
    var start: Int
    var end: Int
    var encoding: Encoding
}

/// One row's fields, parsed in place; reused from row to row so the hot path does not allocate.
struct SampleRow: Sendable {
    var encoded: EncodedRow
    /// The slots below 64 this row has set, one bit each: most schemas have fewer slots, and a bit needs
    /// no array write (with its uniqueness check) per field.
    var claimed: UInt64 = 0
    /// Per slot from 64 on, the row generation that last set it: detects duplicate fields without clearing.
    var stamp: [UInt32]
    var generation: UInt32 = 0
    var id: TextRef?
    var label: OutcomeID?
    var ai: OutcomeID?
    var labeler: TextRef?
    var time: TextRef?
    var duration: TextRef?
    var path: [NodeID] = []
    var hasPath = false
    /// The path named its outcome: only that may end it.
    var pathEnded = false

    /// Sets a text field (`id`, `labeler`, `time`, `duration`).
    @inline(__always)
    mutating func setText(_ kind: SlotKind, _ ref: TextRef) {
        switch kind {
        case .id: id = ref
        case .labeler: labeler = ref
        case .time: time = ref
        case .duration: duration = ref
        default: break
        }
    }

    init(schema: SampleSchema) {
        encoded = EncodedRow(width: schema.compiled.width, inputs: schema.inputCount)
        stamp = Array(repeating: 0, count: schema.kinds.count)
    }

    /// Clears the row for the next line.
    @inline(__always)
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
        encoded.next()
        claimed = 0
        id = nil
        label = nil
        ai = nil
        labeler = nil
        time = nil
        duration = nil
        path.removeAll(keepingCapacity: true)
        hasPath = false
        pathEnded = false
    }

    /// Marks `slot` as set; false if this row already set it.
    @inline(__always)
    mutating func claim(_ slot: Int) -> Bool {
        if slot < 64 {
            let bit = UInt64(1) << UInt64(slot)
            if claimed & bit != 0 { return false }
            claimed |= bit
            return true
        }
        if stamp[slot] == generation { return false }
        stamp[slot] = generation
        return true
    }
}
