import CYAML
import SOPCore

/// Reads a YAML file into a `YAMLNode` tree through libyaml's event parser, keeping every node's range.
///
/// libyaml accepts duplicate keys (YAML allows them); the reader reports the second occurrence as
/// `duplicate-key` and keeps the first. Aliases are expanded, within a budget, so anchors work as in any
/// YAML tool without letting a "billion laughs" file exhaust memory.
public struct YAMLReader {
    /// The most nodes alias expansion may produce before the file is rejected.
    public static let expansionBudget = 1_000_000

    /// The root node of the first document (nil when the file has none or does not parse), and diagnostics.
    public static func read(_ source: SourceText) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var reader = EventReader(source: source)
        let root = reader.run()
        return (root, reader.diagnostics)
    }
}

// MARK: - Event loop

private struct EventReader {
    let source: SourceText
    var diagnostics: [Diagnostic] = []
    var anchors: [String: YAMLNode] = [:]
    var expanded = 0

    init(source: SourceText) {
        self.source = source
    }

    /// An open collection. A struct mutated in place on the stack, so appending never copies the
    /// entries gathered so far.
    private struct Frame {
        var isMapping: Bool
        var start: SourceLocation
        var anchor: String?
        var pairs: [YAMLPair] = []
        var items: [YAMLNode] = []
        var pendingKey: YAMLNode?
        var seen: [String: SourceRange] = [:]
    }

    mutating func run() -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(Diagnostic(.syntaxError, at: SourceSpan(file: source.path, range: .fileStart), "the YAML parser could not start (out of memory)"))
            return nil
        }
        defer { yaml_parser_delete(&parser) }

        return source.bytes.withUnsafeBufferPointer { buffer -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var stack: [Frame] = []
            var root: YAMLNode?
            var documents = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportParserError(parser)
                    return nil
                }
                defer { yaml_event_delete(&event) }
                let start = location(event.start_mark)
                let end = location(event.end_mark)
                var finished: YAMLNode?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents == 2 {
                        diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "a SOP file holds one YAML document; this second one is ignored", help: "split the documents into separate `*.sop.yaml` files"))
                    }
                case YAML_SCALAR_EVENT:
                    let value = string(event.data.scalar.value, Int(event.data.scalar.length))
                    let node = YAMLNode(kind: .scalar(value, style(event.data.scalar.style)), range: SourceRange(start: start, end: end))
                    remember(anchor: event.data.scalar.anchor, node)
                    finished = node
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor, nil)
                    if let target = anchors[name] {
                        expanded += target.size
                        if expanded > YAMLReader.expansionBudget {
                            diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "aliases expand to more than \(YAMLReader.expansionBudget) nodes", help: "write the repeated part out, or use fewer nested aliases"))
                            return nil
                        }
                        finished = YAMLNode(kind: target.kind, range: SourceRange(start: start, end: end))
                    } else {
                        diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "unknown alias `*\(name)`"))
                        finished = YAMLNode(kind: .scalar("", .plain), range: SourceRange(start: start, end: end))
                    }
                case YAML_MAPPING_START_EVENT:
                    stack.append(Frame(isMapping: true, start: start, anchor: optionalString(event.data.mapping_start.anchor)))
                case YAML_SEQUENCE_START_EVENT:
                    stack.append(Frame(isMapping: false, start: start, anchor: optionalString(event.data.sequence_start.anchor)))
                case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                    if let frame = stack.popLast() {
                        let kind: YAMLNode.Kind = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
                        let node = YAMLNode(kind: kind, range: SourceRange(start: frame.start, end: end))
                        if let anchor = frame.anchor { anchors[anchor] = node }
                        finished = node
                    }
                default:
                    break
                }
                guard let node = finished else { continue }
                if stack.isEmpty {
                    if documents <= 1 { root = node }
                } else {
                    add(node, to: &stack[stack.count - 1])
                }
            }
        }
    }

    private mutating func add(_ node: YAMLNode, to frame: inout Frame) {
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        guard let key = frame.pendingKey else {
            frame.pendingKey = node
            return
        }
        frame.pendingKey = nil
        if let text = key.scalar {
            if let first = frame.seen[text] {
                diagnostics.append(Diagnostic(
                    .duplicateKey, at: span(key.range.start, key.range.end),
                    "duplicate key `\(text)`",
                    notes: [Note("first defined here", at: SourceSpan(file: source.path, range: first))],
                    help: "remove one of the two entries or rename it"))
                return
            }
            frame.seen[text] = key.range
        }
        frame.pairs.append(YAMLPair(key: key, value: node))
    }

    // MARK: - Conversions at the edge

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        source.location(line: Int(mark.line), column: Int(mark.column))
    }

    private func span(_ start: SourceLocation, _ end: SourceLocation) -> SourceSpan {
        SourceSpan(file: source.path, range: SourceRange(start: start, end: end))
    }

    private mutating func remember(anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) {
        if let name = optionalString(anchor) { anchors[name] = node }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int?) -> String {
        guard let pointer else { return "" }
        if let length {
            return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        return String(cString: pointer)
    }

    private func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func style(_ s: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let at = location(parser.problem_mark)
        var notes: [Note] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextAt = location(parser.context_mark)
            notes.append(Note(context, at: span(contextAt, contextAt)))
        }
        diagnostics.append(Diagnostic(.syntaxError, at: span(at, at), problem, notes: notes))
    }
}

extension YAMLNode {
    /// The number of nodes in this subtree, for the alias expansion budget.
    var size: Int {
        switch kind {
        case .scalar: return 1
        case .sequence(let items): return 1 + items.reduce(0) { $0 + $1.size }
        case .mapping(let pairs): return 1 + pairs.reduce(0) { $0 + $1.key.size + $1.value.size }
        }
    }
}
