import SOPCore

/// Maps positions inside a scalar's value back to the file, so a diagnostic about one token of an
/// expression points at that token.
///
/// Exact for plain and quoted scalars on one line (escapes and `''` included). For multi-line and
/// block scalars, positions fall back to the scalar's start. The mapping is worked out only when a
/// diagnostic asks for it: expressions without errors cost nothing here.
public struct ScalarPositions: Sendable {
    private let node: YAMLNode
    private let source: SourceText

    /// How the scalar is written (nil when the node is not a scalar).
    public var style: YAMLNode.ScalarStyle? {
        if case .scalar(_, let style) = node.kind { return style }
        return nil
    }

    public init(node: YAMLNode, source: SourceText) {
        self.node = node
        self.source = source
    }

    /// Source column offset (from the scalar's start) of each value scalar, plus one past the end.
    private func columns() -> [Int]? {
        guard case .scalar(let value, let style) = node.kind, node.range.start.line == node.range.end.line else {
            return nil
        }
        let raw = source.scalars(from: node.range.start, to: node.range.end)
        let count = value.unicodeScalars.count
        var map: [Int] = []
        map.reserveCapacity(count + 1)
        switch style {
        case .plain:
            map = Array(0...count)
        case .singleQuoted:
            var i = 1
            while map.count < count, i < raw.count {
                map.append(i)
                i += (raw[i] == "'" && i + 1 < raw.count && raw[i + 1] == "'") ? 2 : 1
            }
            map.append(i)
        case .doubleQuoted:
            var i = 1
            while map.count < count, i < raw.count {
                map.append(i)
                if raw[i] == "\\", i + 1 < raw.count {
                    switch raw[i + 1] {
                    case "x": i += 4
                    case "u": i += 6
                    case "U": i += 10
                    default: i += 2
                    }
                } else {
                    i += 1
                }
            }
            map.append(i)
        case .literal, .folded:
            return nil
        }
        return map.count == count + 1 ? map : nil
    }

    /// The file range of `range` (in value scalars).
    public func range(_ range: TextRange) -> SourceRange {
        let start = node.range.start
        guard let columns = columns() else { return SourceRange(start: start, end: start) }
        let lower = columns[min(max(range.lower, 0), columns.count - 1)]
        let upper = columns[min(max(range.upper, 0), columns.count - 1)]
        return SourceRange(start: source.advance(start, by: lower), end: source.advance(start, by: upper))
    }
}
