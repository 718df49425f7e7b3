/// A failure to read or write a file: exit status 2, never a diagnostic.
public struct IOError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// An error with `message` (lower-case, no trailing period).
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
