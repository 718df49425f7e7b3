import SOPCore

/// A position as LSP counts it: 0-based line, and a 0-based character offset in the negotiated unit.
public struct Position: Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public init?(_ json: JSONValue?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int, line >= 0, character >= 0 else { return nil }
        self.init(line: line, character: character)
    }

    public var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    public static func < (a: Position, b: Position) -> Bool { (a.line, a.character) < (b.line, b.character) }
}

/// A half-open range of positions.
public struct Range: Hashable, Sendable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    public init?(_ json: JSONValue?) {
        guard let start = Position(json?["start"]), let end = Position(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    public var json: JSONValue { .object([("start", start.json), ("end", end.json)]) }

    /// Whether `position` lies in the range, its end included (a cursor right after a word is on it).
    public func contains(_ position: Position) -> Bool { start <= position && position <= end }

    /// Whether the two ranges share a position (touching counts).
    public func overlaps(_ other: Range) -> Bool { start <= other.end && other.start <= end }
}

/// A range in a document.
public struct Location: Hashable, Sendable {
    public var uri: String
    public var range: Range

    public init(uri: String, range: Range) {
        self.uri = uri
        self.range = range
    }

    public var json: JSONValue { .object([("uri", .string(uri)), ("range", range.json)]) }
}

/// The unit `Position.character` counts. LSP's default is UTF-16 code units; a client may offer UTF-32
/// (Unicode scalars, which is what sopc's columns count) or UTF-8.
public enum PositionEncoding: String, Hashable, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The encoding to use given the client's `general.positionEncodings`: UTF-32 when offered (no
    /// conversion needed), else UTF-16, which every client supports.
    public static func negotiate(_ offered: [String]) -> PositionEncoding {
        offered.contains(PositionEncoding.utf32.rawValue) ? .utf32 : .utf16
    }

    /// How many units `scalar` takes in this encoding.
    public func width(of scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: return UTF8.width(scalar)
        case .utf16: return UTF16.width(scalar)
        case .utf32: return 1
        }
    }
}

/// LSP's `DiagnosticSeverity`.
public enum DiagnosticSeverity: Int, Sendable {
    case error = 1, warning = 2, information = 3, hint = 4
}

/// LSP's `SymbolKind` values the server uses.
public enum SymbolKind: Int, Sendable {
    case file = 1, module = 2, function = 12, variable = 13, constant = 14, enumMember = 22, event = 24
}

/// LSP's `CompletionItemKind` values the server uses.
public enum CompletionItemKind: Int, Sendable {
    case function = 3, field = 5, variable = 6, module = 9, property = 10, value = 12, keyword = 14, enumMember = 20, event = 23
}
