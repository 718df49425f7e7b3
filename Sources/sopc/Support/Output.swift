import ArgumentParser
import Foundation
import SOPCore

/// Where a subcommand's report goes: standard output, or a file written atomically. Every subcommand
/// writes through here, and checks its outputs here before it reads any input.
enum Output {
    /// Writes `text` to `path` through a temporary file and a rename (`AtomicFile`: symbolic links
    /// written through, the old mode kept, a device such as `/dev/null` written in place, never replaced);
    /// to standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else { return try standardOutput(text) }
        do {
            let file = try AtomicFile(path: path)
            try file.write(text)
            try file.commit()
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }

    /// Writes to standard output. A failed write (a closed pipe, a full disk) ends the run with
    /// `sopc: cannot write standard output` and exit status 2.
    static func standardOutput(_ text: String) throws {
        var t = text
        let ok = t.withUTF8 { b -> Bool in
            guard let base = b.baseAddress else { return true }
            var done = 0
            while done < b.count {
                let n = Foundation.write(STDOUT_FILENO, base + done, b.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
        guard ok else {
            FileHandle.standardError.write(Data("sopc: cannot write standard output\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Checks every output path before any input is read (`OutputPaths.check`): an output that is an
    /// input or another output, a folder, or in a missing folder is a usage error, and nothing is written.
    static func check(_ outputs: [(option: String, path: String?)], inputs: [String]) throws {
        do {
            try OutputPaths.check(outputs: outputs, inputs: inputs)
        } catch {
            throw ExitStatus.usageError(error.message)
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
