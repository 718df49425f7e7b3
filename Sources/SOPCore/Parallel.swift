import Dispatch
import Synchronization

/// Splitting independent work across the machine's cores without giving up determinism: results come
/// back in input order, whatever order the workers finish in.
public enum Parallel {
    /// The number of workers to use: the active processor count, at least one.
    public static var defaultWorkers: Int {
        max(1, System.activeProcessorCount)
    }

    /// Calls `body` on consecutive slices of `0..<count` and returns the results in slice order. Work
    /// smaller than `minimumPerWorker` items per worker runs on the calling thread.
    public static func mapChunks<T: Sendable>(count: Int, workers: Int = defaultWorkers, minimumPerWorker: Int = 256, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunks = max(1, min(workers, count / max(1, minimumPerWorker)))
        if chunks == 1 { return [body(0..<count)] }
        let size = (count + chunks - 1) / chunks
        let ranges = (0..<chunks).map { i in (i * size)..<min(count, (i + 1) * size) }
        var results = [T?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { i in
                slots[i] = body(ranges[i])
            }
        }
        return results.map { $0! }
    }
}

extension Parallel {
    /// Calls `body` on every index of `0..<count`, handing indices to workers one at a time (so uneven
    /// items balance), and returns the results in index order.
    public static func map<T: Sendable>(count: Int, workers: Int = defaultWorkers, _ body: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, min(workers, count))
        if threads == 1 { return (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each index is taken by exactly one worker, which writes only its slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= count { break }
                    slots[i] = body(i)
                }
            }
        }
        return results.map { $0! }
    }
}

extension Parallel {
    /// A value computed on another thread while the caller goes on with other work; `value` waits for it.
    /// With `inline`, it is computed at once on the calling thread (a run with one worker). Either way the
    /// value is the same: only when it is computed differs.
    public final class Background<T: Sendable>: @unchecked Sendable {
        // Written once by the computing thread before `done` is signalled, read only after waiting on it.
        private var result: T?
        private let done = DispatchSemaphore(value: 0)

        public init(inline: Bool = false, _ body: @escaping @Sendable () -> T) {
            if inline {
                result = body()
                done.signal()
                return
            }
            DispatchQueue.global().async {
                self.result = body()
                self.done.signal()
            }
        }

        /// The value, once computed.
        public var value: T {
            done.wait()
            defer { done.signal() }
            return result!
        }
    }
}

extension Parallel {
    /// Whether `discard` keeps values alive until the process exits instead of freeing them. A command
    /// line tool that exits right after its report sets this, as compilers do (clang's `-disable-free`):
    /// tearing down a large syntax tree object by object costs time and nobody waits for the memory.
    public static func keepDiscardedValuesUntilExit() {
        graveyard.withLock { $0.keep = true }
    }

    /// Undoes `keepDiscardedValuesUntilExit()` for a process that runs on (the language server): what was
    /// kept is let go and later values are freed as they are discarded.
    public static func freeDiscardedValues() {
        let kept = graveyard.withLock { state -> [any Sendable] in
            state.keep = false
            defer { state.values = [] }
            return state.values
        }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(kept) {} }
    }

    /// Lets go of a large value without making the caller pay for freeing it: kept until exit when
    /// `keepDiscardedValuesUntilExit()` was called, otherwise freed on a background thread.
    public static func discard<T: Sendable>(_ value: consuming T) {
        let owned = value
        let kept = graveyard.withLock { state -> Bool in
            guard state.keep else { return false }
            state.values.append(owned)
            return true
        }
        if !kept {
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
        }
    }

    private static let graveyard = Mutex(Graveyard())

    private struct Graveyard: Sendable {
        var keep = false
        var values: [any Sendable] = []
    }
}

/// Processor facts, without Foundation.
enum System {
    static var activeProcessorCount: Int {
        #if os(Linux)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if os(Linux)
import Glibc
#endif
