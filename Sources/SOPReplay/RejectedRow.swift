/// A row that could not be replayed.
public struct RejectedRow: Hashable, Sendable {
    public var line: Int
    /// The row's `id` when it was read before the problem; else `nil`.
    public var id: String?
    public var kind: RejectKind
    public var reason: String
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
    /// Invalid UTF-8 or a NUL byte, at its line and column; or a value compared with the SOP's names that
    /// holds U+0000 (`nulReason`).
    case encoding
    /// A record longer than `ReplayOptions.maxRecordBytes`, skipped to its end.
    case tooLong = "too-long"
    /// `--time-field` is given and the row has no time.
    case missingTime = "missing-time"
    /// The time is not an ISO 8601 date or date-time.
    case invalidTime = "invalid-time"
    /// The duration is not a number of seconds at least 0.
    case invalidDuration = "invalid-duration"
}

extension RejectKind {
    /// The reason of an `encoding` rejection for a value holding U+0000 (written `\u0000` in JSON), in
    /// native replay and the SQL export alike.
    package static func nulReason(field: String) -> String { "`\(field)` holds a NUL character (U+0000)" }
}

/// A rejected row's reason.
struct RowError: Error, Sendable {
    var kind: RejectKind
    var message: String
}
