import CYAML
import Dispatch
import Synchronization

/// A libyaml event copied out of libyaml's buffers, so the tree can be built on another thread than the
/// one running the parser.
struct RawEvent: Sendable {
    enum Kind: Sendable {
        case streamEnd
        case documentStart
        case scalar(String, YAMLNode.ScalarStyle, anchor: String?)
        case alias(String)
        case mappingStart(anchor: String?)
        case sequenceStart(anchor: String?)
        case mappingEnd
        case sequenceEnd
        /// libyaml's error: its problem and context, with 0-based marks. A reader error (invalid UTF-8, a
        /// control character such as NUL) has no mark, only the byte `offset` where the input went wrong.
        case error(problem: String, line: Int, column: Int, offset: Int? = nil, context: String?, contextLine: Int, contextColumn: Int)
        case other
    }

    var kind: Kind
    /// libyaml's 0-based marks.
    var startLine: Int
    var startColumn: Int
    var endLine: Int
    var endColumn: Int

    /// Whether nothing follows this event.
    var endsStream: Bool {
        switch kind {
        case .streamEnd, .error: return true
        default: return false
        }
    }
}

/// Runs libyaml on a background thread and hands its events over in batches, so parsing and building the
/// tree overlap on two cores. Events arrive in order; the last batch ends with `streamEnd` or `error`.
///
/// The parser thread hands over libyaml's own events, untouched; the consumer copies their text into
/// Swift strings event by event (`copy`) and hands each batch back (`recycle`), and the parser thread frees
/// libyaml's buffers between two batches of its own. Each thread frees what it allocated, and the
/// consumer, which builds the tree, spends no time on libyaml's memory. The parser thread is the
/// longer of the two, so it does nothing but parse.
final class EventStream: Sendable {
    /// libyaml's events as it made them, owned by the batch until `take` copies and frees them; `last`
    /// ends the stream when the parser stopped on an error or was cancelled.
    struct Batch: @unchecked Sendable {
        var events: [yaml_event_t] = []
        var last: RawEvent?
    }

    private let batches = Mutex<[Batch]>([])
    /// Batches the consumer has copied, for the parser thread (or, after it stopped, `deinit`) to free.
    private let copied = Mutex<[Batch]>([])
    /// Set by the consumer when it has seen enough: the parser then stops at its next event, so a hostile
    /// file (libyaml is quadratic in the depth of nested flow collections) cannot keep it busy for minutes.
    private let cancelled = Atomic<Bool>(false)
    private let available = DispatchSemaphore(value: 0)
    /// Bounds how far the parser may run ahead of the consumer.
    private let capacity = DispatchSemaphore(value: 32)
    static let batchSize = 2048

    init(bytes: [UInt8]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            produce(bytes)
        }
    }

    /// Frees the events nobody read. The parser thread holds the stream until it returns, so it is done.
    deinit {
        batches.withLock { Self.free(&$0) }
        copied.withLock { Self.free(&$0) }
    }

    private static func free(_ batches: inout [Batch]) {
        for i in batches.indices { for j in batches[i].events.indices { yaml_event_delete(&batches[i].events[j]) } }
        batches = []
    }

    /// Asks the parser to stop; it ends the stream at its next event.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// The next batch, waiting for the parser if needed. The caller reads its events with `copy` and then
    /// hands the batch back with `recycle`.
    func next() -> Batch {
        available.wait()
        let batch = batches.withLock { $0.removeFirst() }
        capacity.signal()
        return batch
    }

    /// Takes back a batch whose events were all copied, to be freed.
    func recycle(_ batch: consuming Batch) {
        guard !batch.events.isEmpty else { return }
        copied.withLock { [batch] in $0.append(batch) }
    }

    private func send(_ batch: Batch) {
        capacity.wait()
        batches.withLock { $0.append(batch) }
        available.signal()
        var done = copied.withLock { spent in
            defer { spent = [] }
            return spent
        }
        Self.free(&done)
    }

    private func produce(_ bytes: [UInt8]) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            send(Batch(last: RawEvent(kind: .error(problem: "the YAML parser could not start (out of memory)", line: 0, column: 0, context: nil, contextLine: 0, contextColumn: 0), startLine: 0, startColumn: 0, endLine: 0, endColumn: 0)))
            return
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var batch = Batch()
            batch.events.reserveCapacity(Self.batchSize)
            var event = yaml_event_t()
            while true {
                if cancelled.load(ordering: .relaxed) {
                    batch.last = RawEvent(kind: .streamEnd, startLine: 0, startColumn: 0, endLine: 0, endColumn: 0)
                    send(batch)
                    return
                }
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
                    let context = parser.context.map { String(cString: $0) }
                    batch.last = RawEvent(
                        kind: .error(problem: problem, line: Int(parser.problem_mark.line), column: Int(parser.problem_mark.column),
                                     offset: parser.error == YAML_READER_ERROR ? Int(parser.problem_offset) : nil, context: context, contextLine: Int(parser.context_mark.line), contextColumn: Int(parser.context_mark.column)),
                        startLine: 0, startColumn: 0, endLine: 0, endColumn: 0)
                    send(batch)
                    return
                }
                let ends = event.type == YAML_STREAM_END_EVENT
                batch.events.append(event)
                if ends {
                    send(batch)
                    return
                }
                if batch.events.count == Self.batchSize {
                    send(batch)
                    batch = Batch()
                    batch.events.reserveCapacity(Self.batchSize)
                }
            }
        }
    }

    static func copy(_ event: yaml_event_t) -> RawEvent {
        let kind: RawEvent.Kind
        switch event.type {
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            kind = .scalar(text(s.value, Int(s.length)), style(s.style), anchor: optionalText(s.anchor))
        case YAML_ALIAS_EVENT: kind = .alias(optionalText(event.data.alias.anchor) ?? "")
        case YAML_MAPPING_START_EVENT: kind = .mappingStart(anchor: optionalText(event.data.mapping_start.anchor))
        case YAML_SEQUENCE_START_EVENT: kind = .sequenceStart(anchor: optionalText(event.data.sequence_start.anchor))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        default: kind = .other
        }
        return RawEvent(kind: kind, startLine: Int(event.start_mark.line), startColumn: Int(event.start_mark.column),
                        endLine: Int(event.end_mark.line), endColumn: Int(event.end_mark.column))
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func optionalText(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ s: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
