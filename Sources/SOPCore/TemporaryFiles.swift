import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files in flight, removed when the process is interrupted (SIGINT, SIGTERM, SIGHUP) so an
/// interrupted run leaves no `.tmp-*` file behind.
///
/// The signal handler may only call async-signal-safe functions, so paths are kept as C strings in a
/// fixed table it can walk without locks or allocation.
public enum TemporaryFiles {
    static let capacity = 256
    nonisolated(unsafe) static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let t = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        t.initialize(repeating: nil, count: capacity)
        return t
    }()
    static let lock = Mutex<Void>(())

    /// Records `path` for removal on a signal; returns its slot (nil when the table is full).
    static func register(_ path: String) -> Int? {
        lock.withLock { _ in
            for i in 0..<capacity where table[i] == nil {
                table[i] = strdup(path)
                return i
            }
            return nil
        }
    }

    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { _ in
            let p = table[slot]
            table[slot] = nil
            free(p)
        }
    }

    /// Installs the handlers; the signal's default action follows, so the exit status still says which
    /// signal ended the process.
    public static func removeOnSignals() {
        _ = table
        // A parent may start sopc with these signals blocked (some process launchers do): unblock them,
        // before any worker thread exists, so they reach the handler.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in
                for i in 0..<TemporaryFiles.capacity {
                    if let p = TemporaryFiles.table[i] { unlink(p) }
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}
