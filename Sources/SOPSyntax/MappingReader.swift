import SOPCore

/// Reads one YAML mapping against the keys the language allows there: reports unknown keys (with a
/// did-you-mean), and missing required keys at the mapping.
struct MappingReader {
    let pairs: [YAMLPair]
    let range: SourceRange
    let context: String
    /// Allowed keys not written, each with the index of the unknown key that misspells it.
    private var misspelled: [String: Int] = [:]

    /// Checks `node` is a mapping; reports `invalid-value` and returns nil when it is not.
    init?(_ node: YAMLNode, context: String, allowed: [String], required: [String] = [], _ diagnostics: inout DiagnosticList) {
        guard let pairs = node.mapping else {
            diagnostics.add(.invalidValue, node.range, "\(context) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        self.pairs = pairs
        self.range = node.range
        self.context = context
        let written = Set(pairs.compactMap(\.key.scalar))
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar else {
                diagnostics.add(.invalidValue, pair.key.range, "keys in \(context) must be plain names, found \(pair.key.kindDescription)")
                continue
            }
            if !allowed.contains(key) {
                diagnostics.addMisspelling(
                    .unknownKey, pair.key.range, "unknown key `\(key)` in \(context)", word: key, among: allowed,
                    otherwise: "allowed keys: " + allowed.map { "`\($0)`" }.joined(separator: ", "))
                // A misspelled key is read as the key it was meant to be (when that one is not written
                // too), so the typo is one finding: no `missing-key` for the key, no unused outcome
                // for the targets under it.
                if let meant = Spelling.suggestion(for: key, among: allowed), !written.contains(meant), misspelled[meant] == nil {
                    misspelled[meant] = index
                }
            }
        }
        for key in required where self[key] == nil {
            diagnostics.add(.missingKey, firstKeyRange ?? node.range, "\(context) is missing required key `\(key)`")
        }
    }

    /// Where to point when a key is missing: the mapping's first key, so the caret lands on a line with text.
    private var firstKeyRange: SourceRange? { pairs.first?.key.range }

    /// The pair for `key`: written so, or misspelled (reported as `unknown-key` already).
    subscript(key: String) -> YAMLPair? {
        pairs.first { $0.key.scalar == key } ?? misspelled[key].map { pairs[$0] }
    }
}

/// Diagnostics of one file, with the helpers the decoder and the compiler share.
public struct DiagnosticList: Sendable {
    public let file: String
    public private(set) var items: [Diagnostic] = []

    public init(file: String) {
        self.file = file
    }

    public mutating func add(_ code: DiagnosticCode, _ range: SourceRange, _ message: String, node: String? = nil, notes: [Note] = [], help: String? = nil, fixes: [FixIt] = []) {
        items.append(Diagnostic(code, at: SourceSpan(file: file, range: range), message, node: node, notes: notes, help: help, fixes: fixes))
    }

    /// Reports `word`, written at `range`, as not one of `candidates`: with a did-you-mean `help` and its
    /// rename fix when one candidate is close, else `otherwise` as the help.
    public mutating func addMisspelling(_ code: DiagnosticCode, _ range: SourceRange, _ message: String, word: String, among candidates: some Sequence<String>, node: String? = nil, otherwise: String? = nil, quote: Bool = false) {
        let correction = Spelling.correction(for: word, among: candidates, at: span(range), quote: quote)
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
