/// A failure to read or write a file: exit code 2 territory.
public struct ReplayIOError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// An error with `message` (lower-case, no trailing period).
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
