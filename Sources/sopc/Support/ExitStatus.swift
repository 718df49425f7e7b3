import ArgumentParser
import Foundation
import SOPCore

/// The exit statuses every subcommand shares: 0 clean, 1 findings (or a failed gate), 2 usage or I/O.
/// Messages quote user text, so they are printed through `TerminalText.escape`.
enum ExitStatus {
    static let findings: Int32 = 1
    static let usage: Int32 = 2

    /// Prints `sopc: error: MESSAGE` to standard error and returns the usage exit code to throw.
    static func usageError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("sopc: error: \(TerminalText.escape(message))\n".utf8))
        return ExitCode(usage)
    }

    /// Prints `sopc: error: MESSAGE` to standard error and returns the findings exit code to throw.
    static func findingsError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("sopc: error: \(TerminalText.escape(message))\n".utf8))
        return ExitCode(findings)
    }
}
