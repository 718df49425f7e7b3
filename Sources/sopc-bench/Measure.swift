import Foundation

/// Timing and memory helpers shared by the benchmarks.
enum Measure {
    /// Runs `body` `runs` times and returns each run's wall time in seconds.
    static func times(runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
        var result: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            result.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return result
    }

    /// Runs a command to completion with `posix_spawn` (Foundation's `Process` adds tens of milliseconds
    /// of its own, which would blur a comparison of short commands); returns its wall time and what it
    /// printed, captured through a temporary file.
    static func process(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, stdout: String) {
        let run = try timedProcess(executable, arguments)
        return (run.seconds, run.stdout)
    }

    /// The same, with the CPU time (user and system) the command used, from `wait4`'s resource usage, and
    /// its exit status.
    static func timedProcess(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, cpu: Double, status: Int32, stdout: String) {
        let outPath = NSTemporaryDirectory() + "sopc-bench-out-\(getpid())"
        defer { unlink(outPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw CocoaError(.executableNotLoadable)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return (seconds, secs(usage.ru_utime) + secs(usage.ru_stime), (status >> 8) & 0xFF, output)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The process's peak resident set size in MiB (VmHWM), or nil where /proc is unavailable.
    static func peakMemoryMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Double(digits).map { $0 / 1024 }
        }
        return nil
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.1f ms", seconds * 1000)
    }
}
