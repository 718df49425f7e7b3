import Foundation
import Testing

/// Compares rendered output with a committed file, or rewrites the file when `SOPC_RECORD=1`.
///
/// Files are found from this source file's path (`#filePath`), so the test target needs no resources.
enum Snapshot {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" }

    /// `Tests/SOPReportersTests/Golden/<name>`.
    static func goldenURL(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    }

    /// The package root: the nearest directory above this file holding `Package.swift`.
    static func packageRoot(filePath: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Expects `actual` to equal the file's content byte for byte (recording it instead in record mode).
    static func assertMatches(_ actual: String, file url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if isRecording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            Issue.record(
                "\(url.lastPathComponent) differs from the rendered output; review the change and re-record with SOPC_RECORD=1\n\(firstDifference(expected, actual))",
                sourceLocation: sourceLocation)
        }
    }

    private static func firstDifference(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end of file>"
            let al = i < a.count ? String(a[i]) : "<end of output>"
            if el != al { return "line \(i + 1):\n  expected: \(el)\n  actual:   \(al)" }
        }
        return ""
    }
}
