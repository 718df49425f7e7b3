import SOPCore

/// Reads one YAML mapping against the keys the language allows there: reports unknown keys (with a
/// did-you-mean), and missing required keys at the mapping.
struct MappingReader {
    let pairs: [YAMLPair]
    let range: SourceRange
    /// The keys the language allows here.
    private let allowed: [String]
    /// Per allowed key: the index of its first pair as written, or else of the first unknown key that
    /// misspells it; -1 when neither is there. Lookups read this instead of comparing every key.
    private var slots: [Int]

    /// Checks `node` is a mapping; reports `invalid-value` and returns nil when it is not.
    /// `context` names the mapping in diagnostics; it is only spelled out when there is one.
    init?(_ node: YAMLNode, context: @autoclosure () -> String, allowed: [String], required: [String] = [], _ diagnostics: inout DiagnosticList) {
        guard let pairs = node.mapping else {
            diagnostics.add(.invalidValue, node.range, "\(context()) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        self.pairs = pairs
        self.range = node.range
        self.allowed = allowed
        // The keys as written; a misspelled key fills its slot afterwards, only where nothing is written.
        var written = [Int](repeating: -1, count: allowed.count)
        var misspelled: [(slot: Int, index: Int)] = []
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar else {
                diagnostics.add(.invalidValue, pair.key.range, "keys in \(context()) must be plain names, found \(pair.key.kindDescription)")
                continue
            }
            if let slot = allowed.firstIndex(of: key) {
                if written[slot] < 0 { written[slot] = index }
            } else {
                diagnostics.addMisspelling(
                    .unknownKey, pair.key.range, "unknown key `\(key)` in \(context())", word: key, among: allowed,
                    otherwise: "allowed keys: " + allowed.map { "`\($0)`" }.joined(separator: ", "))
                // A misspelled key is read as the key it was meant to be (when that one is not written
                // too), so the typo is one finding: no `missing-key` for the key, no unused outcome
                // for the targets under it.
                if let meant = Spelling.suggestion(for: key, among: allowed), let slot = allowed.firstIndex(of: meant),
                   !misspelled.contains(where: { $0.slot == slot }) {
                    misspelled.append((slot, index))
                }
            }
        }
        for (slot, index) in misspelled where written[slot] < 0 { written[slot] = index }
        slots = written
        for key in required where self[key] == nil {
            diagnostics.add(.missingKey, firstKeyRange ?? node.range, "\(context()) is missing required key `\(key)`")
        }
    }

    /// Where to point when a key is missing: the mapping's first key, so the caret lands on a line with text.
    private var firstKeyRange: SourceRange? { pairs.first?.key.range }

    /// The pair for `key`: written so, or misspelled (reported as `unknown-key` already).
    subscript(key: String) -> YAMLPair? {
        guard let slot = allowed.firstIndex(of: key) else { return pairs.first { $0.key.scalar == key } }
        return slots[slot] >= 0 ? pairs[slots[slot]] : nil
    }

    /// Whether `key` is written (or misspelled) here, without copying its pair.
    func has(_ key: String) -> Bool {
        guard let slot = allowed.firstIndex(of: key) else { return pairs.contains { $0.key.scalar == key } }
        return slots[slot] >= 0
    }
}

/// Diagnostics of one file, with the helpers the decoder and the compiler share.
public struct DiagnosticList: Sendable {
    public let file: String
    public private(set) var items: [Diagnostic] = []
    /// Did-you-mean lookups made so far: past `Diagnostic.maxShownPerFile` a report would not show the
    /// finding anyway, so a file with a million unknown keys costs no lookups past the bound.
    private var lookups = 0

    public init(file: String) {
        self.file = file
    }

    public mutating func add(_ code: DiagnosticCode, _ range: SourceRange, _ message: String, node: String? = nil, notes: [Note] = [], help: String? = nil, fixes: [FixIt] = []) {
        items.append(Diagnostic(code, at: SourceSpan(file: file, range: range), message, node: node, notes: notes, help: help, fixes: fixes))
    }

    /// Reports `word`, written at `range`, as not one of `candidates`: with a did-you-mean `help` and its
    /// rename fix when one candidate is close, else `otherwise` as the help.
    public mutating func addMisspelling(_ code: DiagnosticCode, _ range: SourceRange, _ message: String, word: String, among candidates: some Sequence<String>, node: String? = nil, otherwise: String? = nil, quote: Bool = false) {
        lookups += 1
        let correction = lookups <= Diagnostic.maxShownPerFile ? Spelling.correction(for: word, among: candidates, at: span(range), quote: quote) : nil
        add(code, range, message, node: node, help: correction?.help ?? otherwise, fixes: correction?.fixes ?? [])
    }

    public mutating func append(contentsOf others: [Diagnostic]) {
        items += others
    }

    public func span(_ range: SourceRange) -> SourceSpan {
        SourceSpan(file: file, range: range)
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
