import SOPCore
import SOPGraph

/// What a sample field feeds.
enum SlotKind: Hashable, Sendable {
    case input(InputID)
    case id
    case label
    case labeler
    case ai
    case path
    case time
    case duration

    /// Kept as text in the row and decoded after parsing.
    var isText: Bool { self == .id || self == .labeler || self == .time || self == .duration }
}

/// An input's domain in the shape the row parsers test against.
enum InputKind: Sendable {
    case bool
    case int(lower: Int, upper: Int)
    /// Canonical value strings (shared by every row) and a byte lookup into them.
    case enumeration([String], ByteTable)
    case set([String], ByteTable)
    /// The guard literals the input is compared with, coded by position; any other text codes as -1.
    case string(ByteTable)
}

/// An input slot's domain without its payload, for the per-row switch (`SampleSchema.valueKinds`).
enum ValueKind: UInt8, Sendable {
    case none, bool, int, enumeration, set, string
}

/// How sample fields map onto a SOP's inputs and the replay fields, with the compiled walk.
///
/// Each batch builds its own copy, so worker threads never share the reference-counted storage they
/// touch on every row.
final class SampleSchema: Sendable {
    let graph: ReplayGraph
    let compiled: CompiledSOP
    let outcomeTable: ByteTable
    let nodeTable: ByteTable
    let fields: FieldNames
    /// Indexed by slot.
    let kinds: [SlotKind]
    let names: [String]
    /// For input slots, the domain; unused elsewhere.
    let inputKinds: [InputKind]
    /// The same per slot as plain values, for the per-row path (switching on `inputKinds` would copy out,
    /// retain and release its tables): the kind, the value table (enumeration, set and string inputs), the
    /// bounds of an int input, the input's offset in `EncodedRow.values`; the outcome and node tables.
    let valueKinds: [ValueKind]
    let valueTables: [ByteTable.View?]
    let intBounds: [(lower: Int, upper: Int)]
    /// The words of a set input's bits.
    let setWords: [Int]
    let valueOffsets: [Int]
    let outcomeView: ByteTable.View
    /// `table`'s view.
    let slotView: ByteTable.View
    let nodeView: ByteTable.View
    let table: ByteTable
    let inputCount: Int
    /// Whether a sample must carry a label (replay, `sopc test`) or may leave it out (`sopc run`).
    let requireLabel: Bool

    init(graph: ReplayGraph, fields: FieldNames, requireLabel: Bool = true) {
        self.graph = graph
        self.fields = fields
        self.requireLabel = requireLabel
        let program = graph.program
        // String inputs are coded by the literal they equal: collect every literal the guards use.
        var strings: [Int: [String: Int]] = [:]
        func visit(_ g: Guard) {
            switch g {
            case .constant: break
            case .not(let inner): visit(inner)
            case .and(let parts), .or(let parts): parts.forEach(visit)
            case .compare(let id, _, let l): note(id, l)
            case .oneOf(let id, let ls): ls.forEach { note(id, $0) }
            case .contains: break
            }
        }
        func note(_ id: InputID, _ l: Literal) {
            guard case .string = program.inputs[id.index].type, case .string(let s) = l else { return }
            if strings[id.index]?[s] == nil { strings[id.index, default: [:]][s] = strings[id.index]?.count ?? 0 }
        }
        for node in program.nodes { node.branches.forEach { visit($0.condition) } }
        let compiled = CompiledSOP(graph: graph, strings: strings)
        self.compiled = compiled
        // Shared, not copied: a table's lookups touch no reference count.
        outcomeTable = graph.outcomeTable
        nodeTable = graph.nodeTable
        var kinds: [SlotKind] = []
        var names: [String] = []
        var inputKinds: [InputKind] = []
        func add(_ name: String, _ kind: SlotKind, _ inputKind: InputKind) {
            guard !names.contains(name) else { return }
            names.append(name)
            kinds.append(kind)
            inputKinds.append(inputKind)
        }
        for input in program.visibleInputs(of: graph.sop) {
            let kind: InputKind
            switch program.inputs[input.index].type {
            case .bool: kind = .bool
            case .int(let lo, let hi): kind = .int(lower: lo, upper: hi)
            case .enumeration(let values): kind = .enumeration(values, ByteTable(values.enumerated().map { ($1, $0) }))
            case .set(let values): kind = .set(values, ByteTable(values.enumerated().map { ($1, $0) }))
            case .string: kind = .string(ByteTable((strings[input.index] ?? [:]).map { ($0.key, $0.value) }))
            }
            add(program.name(of: input, from: graph.sop), .input(input), kind)
        }
        let none = InputKind.bool
        add(fields.id, .id, none)
        add(fields.label, .label, none)
        add(fields.labeler, .labeler, none)
        add(fields.ai, .ai, none)
        add(fields.path, .path, none)
        if let t = fields.time { add(t, .time, none) }
        if let d = fields.duration { add(d, .duration, none) }
        self.kinds = kinds
        self.names = names
        self.inputKinds = inputKinds
        valueKinds = zip(kinds, inputKinds).map { kind, i -> ValueKind in
            guard case .input = kind else { return .none }
            switch i {
            case .bool: return .bool
            case .int: return .int
            case .enumeration: return .enumeration
            case .set: return .set
            case .string: return .string
            }
        }
        valueTables = inputKinds.map { i -> ByteTable.View? in
            switch i {
            case .enumeration(_, let t), .set(_, let t), .string(let t): return t.view
            default: return nil
            }
        }
        intBounds = inputKinds.map { i in
            if case .int(let lo, let hi) = i { return (lo, hi) }
            return (0, 0)
        }
        setWords = inputKinds.map { i in
            if case .set(let values, _) = i { return max(1, (values.count + 63) / 64) }
            return 0
        }
        valueOffsets = kinds.map { kind in
            if case .input(let input) = kind { return Int(compiled.offset[input.index]) }
            return 0
        }
        outcomeView = graph.outcomeTable.view
        nodeView = graph.nodeTable.view
        let table = ByteTable(names.enumerated().map { ($1, $0) })
        self.table = table
        slotView = table.view
        self.inputCount = program.inputs.count
    }

    /// The input names and replay field names a sample uses must differ: an input named `label` would
    /// otherwise hide the label field and every row would be rejected for a reason that makes no sense.
    static func checkFieldNames(graph: ReplayGraph, fields: FieldNames) throws(IOError) {
        let program = graph.program
        let inputs = Set(program.visibleInputs(of: graph.sop).map { program.name(of: $0, from: graph.sop) })
        var named: [(String, String)] = [
            (fields.id, "id"), (fields.label, "label"), (fields.labeler, "labeler"), (fields.ai, "ai"), (fields.path, "path"),
        ]
        if let t = fields.time { named.append((t, "time")) }
        if let d = fields.duration { named.append((d, "duration")) }
        var seen: [String: String] = [:]
        for (name, role) in named {
            if inputs.contains(name) {
                throw IOError("the input `\(name.excerpt)` has the name of the \(role) field; rename the field with --\(role)-field")
            }
            if let other = seen[name] {
                throw IOError("the \(other) and \(role) fields are both named `\(name.excerpt)`; give them different names with --\(other)-field or --\(role)-field")
            }
            seen[name] = role
        }
    }

    /// The slot a field name feeds.
    @inline(__always)
    func slot(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? { slotView.lookup(p, n) }
}

