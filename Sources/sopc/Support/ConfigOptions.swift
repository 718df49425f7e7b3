import ArgumentParser
import Foundation
import SOPCore
import SOPDriver
import SOPReporters

/// `--config FILE` / `--no-config`, shared by every subcommand that reads the project configuration.
struct ConfigOptions: ParsableArguments {
    @Option(help: "The project configuration to use (default: the nearest `.sopc.yaml` in this directory or above).")
    var config: String?

    @Flag(help: "Ignore any project configuration.")
    var noConfig = false

    /// The configuration in effect; an unreadable or invalid one is a usage error (exit 2), each
    /// problem printed at its place.
    func load() throws -> ProjectConfig {
        if config != nil && noConfig { throw ExitStatus.usageError("--config and --no-config cannot be used together") }
        do {
            return try ProjectConfig.load(explicit: config, disabled: noConfig)
        } catch {
            if !error.diagnostics.isEmpty {
                let report = CheckReport(diagnostics: error.diagnostics, fileCount: 1, sources: sources(error.diagnostics), toolVersion: SOPCVersion.current)
                FileHandle.standardError.write(Data(TextReporter(color: false).render(report).utf8))
            }
            throw ExitStatus.usageError(error.message)
        }
    }

    private func sources(_ diagnostics: [Diagnostic]) -> [String: String] {
        var result: [String: String] = [:]
        for d in diagnostics where result[d.file] == nil {
            result[d.file] = FileManager.default.contents(atPath: d.file).map { String(decoding: $0, as: UTF8.self) }
        }
        return result
    }
}

extension ProjectConfig {
    /// The paths to check when none are named: the project root, when a configuration names one.
    func paths(_ named: [String]) throws -> [String] {
        if !named.isEmpty { return named }
        guard path != nil else { throw ExitStatus.usageError("name SOP files or folders (or add a `.sopc.yaml` to check its project)") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if directory == cwd { return ["."] }
        // An ancestor of the working directory: `..`, `../..`.
        if cwd.hasPrefix(directory == "/" ? "/" : directory + "/") {
            let depth = cwd.dropFirst(directory.count).split(separator: "/").count
            return [Array(repeating: "..", count: depth).joined(separator: "/")]
        }
        return [directory]
    }
}
