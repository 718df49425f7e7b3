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

    /// Runs a command to completion; returns its wall time and standard output.
    static func process(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (seconds, String(decoding: data, as: UTF8.self))
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
