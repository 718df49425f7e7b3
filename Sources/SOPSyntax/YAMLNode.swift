import SOPCore

/// A YAML node with the source range it came from: the generic syntax tree below the SOP structure.
public struct YAMLNode: Sendable {
    /// How a scalar was written; a quoted `"true"` is a string, a plain `true` may be a boolean.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public enum Kind: Sendable {
        case scalar(String, ScalarStyle)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var kind: Kind
    public var range: SourceRange

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The scalar's text, or nil for a collection.
    public var scalar: String? {
        if case .scalar(let s, _) = kind { return s }
        return nil
    }

    public var style: ScalarStyle? {
        if case .scalar(_, let style) = kind { return style }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// A plain `~`, `null` or empty scalar: YAML's null.
    public var isNull: Bool {
        if case .scalar(let s, .plain) = kind { return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" }
        return false
    }

    /// What a person would call this node's kind, for messages.
    public var kindDescription: String {
        switch kind {
        case .scalar: return isNull ? "an empty value" : "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// One `key: value` entry of a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// What an entry is left as once its nodes were freed: two empty scalars, which own no memory.
    static let freed: YAMLPair = {
        let origin = SourceLocation(line: 1, column: 1, offset: 0)
        let empty = YAMLNode(kind: .scalar("", .plain), range: SourceRange(start: origin, end: origin))
        return YAMLPair(key: empty, value: empty)
    }()
}

extension YAMLNode {
    /// Takes the value of this mapping's first entry keyed `key` out of the tree, leaving an empty scalar
    /// in its place, so the caller holds the value's only reference (nil when no entry has the key).
    mutating func takeValue(forKey key: String) -> YAMLNode? {
        guard case .mapping(var pairs) = kind, let i = pairs.firstIndex(where: { $0.key.scalar == key }) else { return nil }
        kind = .scalar("", .plain)
        let value = pairs[i].value
        pairs[i].value = YAMLNode(kind: .scalar("", .plain), range: value.range)
        kind = .mapping(pairs)
        return value
    }
}
