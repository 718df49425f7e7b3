import Foundation
import SOPCore

/// Where a subcommand's report goes: standard output, or a file written atomically.
enum Output {
    /// Writes `text` to `path` through a temporary file and a rename (`AtomicFile`), so a reader never
    /// sees half a report, and a device such as `/dev/null` is written in place, never replaced; to
    /// standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            let file = try AtomicFile(path: path)
            try file.write(text)
            try file.commit()
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }
}

extension Output {
    /// Appends `text` to the file at `path` (created if missing), as GitHub's step summary expects.
    static func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forUpdatingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forUpdatingAtPath: path) : nil) else {
            throw ExitStatus.usageError("cannot write the step summary `\(path)`")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
    }
}

/// Whether to color terminal output.
enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    /// `auto` colors only a terminal, and never when `NO_COLOR` is set or `TERM` is `dumb`.
    func enabled(for fileDescriptor: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if env["TERM"] == "dumb" { return false }
            return isatty(fileDescriptor) == 1
        }
    }
}
