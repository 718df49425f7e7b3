/// A position in a source file.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars from the start of the line (the unit
/// libyaml's marks use), so a caret lines up under the character a person sees. `offset` is the 0-based
/// UTF-8 byte offset into the file. libyaml's 0-based marks are converted once, in `SOPSyntax`.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Stored as 32-bit values: every syntax node and diagnostic carries two of these, and halving them
    // keeps the trees of a large SOP small. Files beyond 2 GiB are clamped, not wrapped.
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedOffset: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Self.clamp(newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Self.clamp(newValue) }
    }

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Self.clamp(newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = Self.clamp(line)
        storedColumn = Self.clamp(column)
        storedOffset = Self.clamp(offset)
    }

    private static func clamp(_ value: Int) -> Int32 {
        Int32(clamping: value)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span `[start, end)` in one source file.
public struct SourceRange: Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at `location`.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// The file's first character: where whole-file diagnostics point.
    public static let fileStart = SourceRange(at: SourceLocation(line: 1, column: 1, offset: 0))
}

/// Where a diagnostic or note points: a file (as the user named it) and a range in it.
public struct SourceSpan: Hashable, Sendable {
    public var file: String
    public var range: SourceRange

    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
    }
}
