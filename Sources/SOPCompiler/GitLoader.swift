import Foundation

/// Reads files as they are in a git revision (`git show REV:./path`), so a SOP and everything it imports
/// compile exactly as they were committed: what `sopc diff --git REV` compares against.
public struct GitLoader: SourceLoader {
    public let revision: String

    public init(revision: String) {
        self.revision = revision
    }

    public func read(_ path: String) throws(InputError) -> [UInt8] {
        let (status, out, err) = Self.git(["show", "\(revision):./\(Paths.normalize(path))"])
        guard status == 0 else {
            if err.contains("does not exist") || err.contains("exists on disk, but not in") { throw .notFound("\(revision):\(path)") }
            throw .unreadable("\(revision):\(path)", reason: Self.firstLine(err))
        }
        return out
    }

    public func identity(of path: String) -> String { Paths.normalize(path) }

    /// The `*.sop.yaml` files under `paths` in the revision (a file path is kept if it exists there),
    /// sorted; paths absent from the revision are skipped.
    public func expand(_ paths: [String]) throws(InputError) -> [String] {
        var result: [String] = []
        for path in paths {
            let (status, out, err) = Self.git(["ls-tree", "-r", "--name-only", revision, "--", Paths.normalize(path)])
            guard status == 0 else { throw .unreadable("\(revision):\(path)", reason: Self.firstLine(err)) }
            let names = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
            result += names.filter { $0.hasSuffix(".sop.yaml") || $0 == Paths.normalize(path) }
        }
        return Array(Set(result)).sorted()
    }

    private static func firstLine(_ s: String) -> String {
        String(s.split(separator: "\n").first ?? "git failed")
    }

    /// Runs git in the current folder; (status, standard output, standard error).
    static func git(_ arguments: [String]) -> (Int32, [UInt8], String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (127, [], "cannot run git: \(error.localizedDescription)") }
        // Read both pipes to the end before waiting, so a large file cannot block git on a full pipe.
        let errData = HandOff()
        let thread = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        thread.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let e = errData.wait()
        return (process.terminationStatus, [UInt8](data), String(decoding: e, as: UTF8.self))
    }
}

/// A value handed from a reader thread, waited for.
private final class HandOff: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Data?
    func set(_ d: Data) {
        condition.lock()
        value = d
        condition.signal()
        condition.unlock()
    }
    func wait() -> Data {
        condition.lock()
        while value == nil { condition.wait() }
        let v = value ?? Data()
        condition.unlock()
        return v
    }
}
