import SOPCore

/// Reads a YAML file into a `YAMLNode` tree through libyaml's event parser, keeping every node's range.
///
/// libyaml accepts duplicate keys (YAML allows them); the reader reports the second occurrence as
/// `duplicate-key` and keeps the first. Aliases are expanded, within a budget, so anchors work as in any
/// YAML tool without letting a "billion laughs" file exhaust memory.
public struct YAMLReader {
    /// The most nodes alias expansion may produce before the file is rejected.
    public static let expansionBudget = 1_000_000
    /// The most scalar text, in UTF-8 bytes, alias expansion may produce. One long scalar aliased many
    /// times is one node per use but costs its length each time it is read (a guard is parsed once per
    /// use); 1 MiB is ten times the largest real SOP file.
    public static let expansionTextBudget = 1 << 20
    /// The deepest nesting accepted. A SOP needs about six levels; a limit keeps a hostile file from
    /// exhausting the stack when its tree is torn down.
    public static let maximumDepth = 100

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
    var expandedText = 0

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
        /// Keys seen so far, for `duplicate-key`; a dictionary only once the mapping grows large.
        var seen: [String: SourceRange] = [:]
    }

    mutating func run() -> YAMLNode? {
        var events = EventCursor(stream: EventStream(bytes: source.bytes))
        let root = build(&events)
        // The parser thread must reach the end of the stream before it can finish; when the tree was
        // abandoned early, it is told to stop instead of parsing the rest.
        if !events.finished { events.stream.cancel() }
        events.drain()
        return root
    }

    /// Reads a stream's batches one event at a time, copying each out of libyaml's buffers only when it
    /// is read.
    private struct EventCursor {
        let stream: EventStream
        var batch = EventStream.Batch()
        var index = 0
        var finished = false

        init(stream: EventStream) {
            self.stream = stream
        }

        /// The next event; the stream's last event is `streamEnd` or `error`.
        mutating func next() -> RawEvent {
            while true {
                if index < batch.events.count {
                    let event = EventStream.copy(batch.events[index])
                    index += 1
                    if event.endsStream { finished = true }
                    return event
                }
                if let last = batch.last {
                    batch.last = nil
                    finished = true
                    return last
                }
                stream.recycle(batch)
                batch = stream.next()
                index = 0
            }
        }

        /// Reads what is left and hands the last batch back.
        mutating func drain() {
            while !finished { _ = next() }
            stream.recycle(batch)
            batch = EventStream.Batch()
        }
    }

    private mutating func build(_ events: inout EventCursor) -> YAMLNode? {
        var stack: [Frame] = []
        var root: YAMLNode?
        var documents = 0
        while true {
            let event = events.next()
            let start = location(line: event.startLine, column: event.startColumn)
            let end = location(line: event.endLine, column: event.endColumn)
            var finished: YAMLNode?
            switch event.kind {
            case .streamEnd:
                return root
            case .error(let problem, let line, let column, let offset, let context, let contextLine, let contextColumn):
                let at = offset.map { source.location(atOffset: $0) } ?? location(line: line, column: column)
                var notes: [Note] = []
                var contextAt: SourceLocation?
                if let context {
                    let c = location(line: contextLine, column: contextColumn)
                    notes.append(Note(context, at: span(c, c)))
                    contextAt = c
                }
                let help = YAMLSlips.help(problem: problem, at: at, context: contextAt, source: source)
                diagnostics.append(Diagnostic(.syntaxError, at: span(at, at), problem, notes: notes, help: help))
                return nil
            case .documentStart:
                documents += 1
                if documents == 2 {
                    diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "a SOP file holds one YAML document; this second one is ignored", help: "split the documents into separate `*.sop.yaml` files"))
                }
            case .scalar(let value, let style, let anchor):
                let node = YAMLNode(kind: .scalar(value, style), range: SourceRange(start: start, end: end))
                if let anchor { anchors[anchor] = node }
                finished = node
            case .alias(let name):
                if let target = anchors[name] {
                    let size = target.size
                    expanded += size.nodes
                    expandedText += size.textBytes
                    if expanded > YAMLReader.expansionBudget {
                        diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "aliases expand to more than \(YAMLReader.expansionBudget) nodes", help: "write the repeated part out, or use fewer nested aliases"))
                        return nil
                    }
                    if expandedText > YAMLReader.expansionTextBudget {
                        diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "aliases expand to more than \(YAMLReader.expansionTextBudget) bytes of text", help: "write the repeated part out, or use fewer or shorter aliased values"))
                        return nil
                    }
                    finished = YAMLNode(kind: target.kind, range: SourceRange(start: start, end: end))
                } else {
                    diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "unknown alias `*\(name)`"))
                    finished = YAMLNode(kind: .scalar("", .plain), range: SourceRange(start: start, end: end))
                }
            case .mappingStart(let anchor), .sequenceStart(let anchor):
                guard stack.count < YAMLReader.maximumDepth else {
                    diagnostics.append(Diagnostic(.syntaxError, at: span(start, end), "collections are nested more than \(YAMLReader.maximumDepth) levels deep", help: "a SOP needs only a few levels of nesting; check for unbalanced brackets"))
                    return nil
                }
                let isMapping: Bool
                if case .mappingStart = event.kind { isMapping = true } else { isMapping = false }
                stack.append(Frame(isMapping: isMapping, start: start, anchor: anchor))
            case .mappingEnd, .sequenceEnd:
                if let frame = stack.popLast() {
                    let kind: YAMLNode.Kind = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
                    let node = YAMLNode(kind: kind, range: SourceRange(start: frame.start, end: end))
                    if let anchor = frame.anchor { anchors[anchor] = node }
                    finished = node
                }
            case .other:
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
            if let first = firstOccurrence(of: text, in: frame) {
                diagnostics.append(Diagnostic(
                    .duplicateKey, at: span(key.range.start, key.range.end),
                    "duplicate key `\(text)`",
                    notes: [Note("first defined here", at: SourceSpan(file: source.path, range: first))],
                    help: "remove one of the two entries or rename it"))
                return
            }
            if frame.pairs.count >= Self.smallMapping {
                if frame.seen.isEmpty {
                    for pair in frame.pairs { if let k = pair.key.scalar { frame.seen[k] = pair.key.range } }
                }
                frame.seen[text] = key.range
            }
        }
        frame.pairs.append(YAMLPair(key: key, value: node))
    }

    /// Up to this many pairs, finding a repeated key by scanning beats hashing every key.
    private static let smallMapping = 12

    private func firstOccurrence(of key: String, in frame: Frame) -> SourceRange? {
        if frame.pairs.count > Self.smallMapping { return frame.seen[key] }
        for pair in frame.pairs {
            if case .scalar(let k, _) = pair.key.kind, k == key { return pair.key.range }
        }
        return nil
    }

    // MARK: - Conversions at the edge

    /// The last location converted: marks arrive in file order, so most conversions continue from it
    /// instead of walking the line from its start.
    private var cursor = SourceLocation(line: 1, column: 1, offset: 0)

    /// The 0-based line of the last conversion in an ASCII file, and its bounds.
    private var asciiLine = -1
    private var asciiBounds: (start: Int, end: Int)?

    /// libyaml's 0-based line and column (in characters) as a `SourceLocation`.
    private mutating func location(line: Int, column: Int) -> SourceLocation {
        // In an ASCII file the offset follows from the line's bounds, kept for the next mark on the line.
        if source.isASCII {
            if line != asciiLine {
                asciiLine = line
                asciiBounds = source.lineBounds(line)
            }
            if let bounds = asciiBounds {
                return SourceText.asciiLocation(line: line, column: column, bounds: bounds)
            }
        }
        let line = line + 1, column = column + 1
        if line == cursor.line, column >= cursor.column {
            cursor = source.advance(cursor, by: column - cursor.column)
        } else {
            cursor = source.location(line: line - 1, column: column - 1)
        }
        return cursor
    }

    private func span(_ start: SourceLocation, _ end: SourceLocation) -> SourceSpan {
        SourceSpan(file: source.path, range: SourceRange(start: start, end: end))
    }
}

extension YAMLNode {
    /// The number of nodes in this subtree and the bytes of its scalars' text, for the alias budgets.
    var size: (nodes: Int, textBytes: Int) {
        switch kind {
        case .scalar(let text, _):
            return (1, text.utf8.count)
        case .sequence(let items):
            return items.reduce((1, 0)) { total, item in
                let s = item.size
                return (total.0 + s.nodes, total.1 + s.textBytes)
            }
        case .mapping(let pairs):
            return pairs.reduce((1, 0)) { total, pair in
                let k = pair.key.size, v = pair.value.size
                return (total.0 + k.nodes + v.nodes, total.1 + k.textBytes + v.textBytes)
            }
        }
    }
}
