import SOPCore
import SOPGraph

/// The names of the sample fields that are not inputs.
public struct FieldNames: Hashable, Sendable {
    public var id = "id"
    public var label = "label"
    public var labeler = "labeler"
    public var ai = "ai"
    public var path = "path"

    /// The default names: `id`, `label`, `labeler`, `ai`, `path`.
    public init() {}
}

/// What a sample field feeds.
enum SlotKind: Hashable, Sendable {
    case input(InputID)
    case id
    case label
    case labeler
    case ai
    case path
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
    let table: ByteTable
    let inputCount: Int

    init(graph: ReplayGraph, fields: FieldNames) {
        self.graph = graph
        self.fields = fields
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
        compiled = CompiledSOP(graph: graph, strings: strings)
        outcomeTable = graph.outcomeTable.copy()
        nodeTable = graph.nodeTable.copy()
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
        self.kinds = kinds
        self.names = names
        self.inputKinds = inputKinds
        self.table = ByteTable(names.enumerated().map { ($1, $0) })
        self.inputCount = program.inputs.count
    }

    /// The slot a field name feeds.
    @inline(__always)
    func slot(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? { table.lookup(p, n) }
}

/// Why a row was rejected.
public enum RejectKind: String, CaseIterable, Hashable, Sendable {
    /// Not a JSON object, or not well-formed CSV.
    case malformed
    /// A CSV row with more or fewer cells than the header.
    case columnCount = "column-count"
    /// The same field twice in one object.
    case duplicateField = "duplicate-field"
    /// A value outside its input's type, range or values.
    case invalidValue = "invalid-value"
    /// `label` or `ai` names no outcome the SOP can see.
    case unknownOutcome = "unknown-outcome"
    /// `path` names a node not in the SOP.
    case unknownNode = "unknown-node"
    /// No `label`.
    case missingLabel = "missing-label"
    /// The walk needs an input the row leaves out.
    case missingInput = "missing-input"
    /// No branch of a node applies to the row.
    case noBranch = "no-branch"
}

/// A rejected row's reason.
struct RowError: Error, Sendable {
    var kind: RejectKind
    var message: String
}

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
    /// Per slot, the row generation that last set it: detects duplicate fields without clearing.
    var stamp: [UInt32]
    var generation: UInt32 = 0
    var id: TextRef?
    var label: OutcomeID?
    var ai: OutcomeID?
    var labeler: TextRef?
    var path: [NodeID] = []
    var hasPath = false

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
        id = nil
        label = nil
        ai = nil
        labeler = nil
        path.removeAll(keepingCapacity: true)
        hasPath = false
    }

    /// Marks `slot` as set; false if this row already set it.
    @inline(__always)
    mutating func claim(_ slot: Int) -> Bool {
        if stamp[slot] == generation { return false }
        stamp[slot] = generation
        return true
    }
}
