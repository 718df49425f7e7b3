import Foundation
import Testing

/// Outputs that cannot destroy inputs: file identity, symbolic links, modes, checks before reading,
/// signals and standard output errors.
extension CLITests {
    /// A scratch folder with the shipped account-takeover tree and its samples copied in.
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: Self.repository)
        for (from, to) in [("trees/account-takeover.sop.yaml", "tree.sop.yaml"), ("trees/samples/account-takeover.jsonl", "s.jsonl")] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(from), to: dir.appendingPathComponent(to))
        }
        return dir
    }

    private func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    @Test("an output that names an input, or another output, is refused before anything is written")
    func outputsNeverReplaceInputs() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = contents(dir.appendingPathComponent("s.jsonl"))
        let tree = contents(dir.appendingPathComponent("tree.sop.yaml"))
        // The samples, the tree (spelled differently), and the same file for both outputs.
        for args in [["-o", "s.jsonl"], ["-o", "./sub/../tree.sop.yaml"], ["--disagreements", "s.jsonl"], ["-o", "r.txt", "--disagreements", "./r.txt"]] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
            let r = try sopc(["replay", "tree.sop.yaml", "s.jsonl"] + args, in: dir.path)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix("sopc: error:"), "\(args)")
            #expect(contents(dir.appendingPathComponent("s.jsonl")) == samples)
            #expect(contents(dir.appendingPathComponent("tree.sop.yaml")) == tree)
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.txt").path))
        }
        // `sopc check -o` onto a checked file, through a symbolic link.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.yaml").path, withDestinationPath: "tree.sop.yaml")
        let check = try sopc("check", "-o", "link.yaml", "tree.sop.yaml", in: dir.path)
        #expect(check.status == 2 && check.stderr.contains("is the input"))
        #expect(contents(dir.appendingPathComponent("tree.sop.yaml")) == tree)
    }

    @Test("a bad output path fails before the replay writes the disagreements file")
    func outputsAreCheckedFirst() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try sopc("replay", "tree.sop.yaml", "s.jsonl", "--disagreements", "d.csv", "-o", "missing/report.txt", in: dir.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no folder `missing`"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("d.csv").path))
    }

    @Test("-o writes through a symbolic link and keeps the file's mode; new files follow the umask")
    func linksAndModes() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.txt")
        try Data("old".utf8).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target.path)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("latest.txt").path, withDestinationPath: "report.txt")
        let r = try sopc("replay", "tree.sop.yaml", "s.jsonl", "-o", "latest.txt", in: dir.path)
        #expect(r.status == 0)
        let link = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("latest.txt").path)
        #expect(link[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(String(decoding: contents(target) ?? Data(), as: UTF8.self).hasPrefix("samples 407"))
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        // A new file: 0666 less the umask the process inherits.
        let mask = umask(0o022)
        umask(mask)
        #expect(try sopc("replay", "tree.sop.yaml", "s.jsonl", "-o", "new.txt", in: dir.path).status == 0)
        let newMode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("new.txt").path)[.posixPermissions] as? Int
        #expect(newMode == Int(0o666 & ~mask))
    }

    @Test("a write error on standard output is a message and exit 2, not a crash")
    func standardOutputErrors() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = ["explain"]
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 2)
        #expect(stderr == "sopc: cannot write standard output\n")
    }

    @Test("SIGTERM leaves no temporary file behind")
    func signalsRemoveTemporaryFiles() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = ["replay", "tree.sop.yaml", "-", "--disagreements", "d.csv"]
        process.currentDirectoryURL = dir
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Standard input stays open: the replay waits with its disagreements file started.
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(".tmp-") }
        }
        let deadline = Date().addingTimeInterval(60)
        while temporaries().isEmpty && Date() < deadline { usleep(20_000) }
        #expect(!temporaries().isEmpty)
        process.terminate()
        // Never hang the suite: a process that ignores SIGTERM is killed and the test fails.
        let stop = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stop { usleep(20_000) }
        let stopped = !process.isRunning
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(stopped)
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(temporaries().isEmpty)
    }

    @Test("numeric options out of range are usage errors")
    func numericOptionsAreBounded() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["--jobs", "9223372036854775807"], ["--jobs", "100000"], ["--max-disagreements", "9223372036854775807"], ["--max-rejected", "-1"]] {
            let r = try sopc(["replay", "tree.sop.yaml", "s.jsonl"] + args, in: dir.path)
            #expect(r.status == 2, "\(args)")
        }
    }
}
