/// A cheap "stop now" signal for long analyses: the work polls `isCancelled` now and then (the solver
/// every few thousand steps, the check driver between checks) and gives up, marking its result as
/// cancelled, once it turns true. The language server cancels a semantic pass this way when the text
/// changes again; the command line never cancels.
public struct Cancellation: Sendable {
    private let poll: (@Sendable () -> Bool)?

    /// A signal that reads `isCancelled` from `poll` (called from any thread, so it must be cheap).
    public init(_ poll: @escaping @Sendable () -> Bool) {
        self.poll = poll
    }

    private init() {
        poll = nil
    }

    /// Never cancelled.
    public static let never = Cancellation()

    public var isCancelled: Bool { poll?() ?? false }
}
