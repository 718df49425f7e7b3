import ArgumentParser
import Foundation
import SOPCore

/// The `sopc` command: a thin front end over the SOPKit libraries.
@main
struct SOPC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sopc",
        abstract: "A compiler for SOP decision trees: check them, replay labeled samples, explain findings.",
        version: SOPCVersion.current,
        subcommands: [Check.self, Config.self, Diff.self, Explain.self, Export.self, LSP.self, Replay.self, Run.self, Test.self, Why.self])

    /// Parses and runs, mapping argument errors to exit status 2 (usage), as documented.
    static func main() {
        // The process ends right after its report: skip freeing syntax trees.
        Parallel.keepDiscardedValuesUntilExit()
        // A closed standard output is a write error to report (`Output.standardOutput`), not a silent
        // SIGPIPE; an interrupted run removes its temporary files.
        signal(SIGPIPE, SIG_IGN)
        TemporaryFiles.removeOnSignals()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((TerminalText.escape(ArgumentHints.withSuggestion(fullMessage(for: error)), keepingLayout: true) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
