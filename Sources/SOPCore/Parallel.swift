import Dispatch

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
    /// Frees a large value on a background thread, so tearing down a big tree overlaps with the caller's
    /// next phase instead of delaying it. The value must not be used again (`consume` it).
    public static func discard<T: Sendable>(_ value: consuming T) {
        let owned = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
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
