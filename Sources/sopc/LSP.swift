import ArgumentParser
import Foundation
import LanguageServerProtocol
import SOPCore
import SOPLanguageServer

extension SOPC {
    /// `sopc lsp`: the language server, speaking LSP over standard input and output.
    struct LSP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Run the language server (LSP over standard input and output) for editors.",
            discussion: "Diagnostics as you type, go to definition, references, rename, hover, completion, quick fixes, symbols and code lenses for `*.sop.yaml` files. See docs/editor.md. Exit status: 0 after `shutdown` and `exit`, 1 otherwise.")

        @Option(help: "Milliseconds a change waits for the next keystroke before it is checked.")
        var debounce = 40

        @Flag(name: .customLong("no-cancel-stale"), help: .hidden)
        var noCancelStale = false

        func run() throws {
            guard debounce >= 0 else { throw ExitStatus.usageError("--debounce must be 0 or more") }
            // A long-running process: values are freed as they are discarded, so memory stays flat.
            Parallel.freeDiscardedValues()
            signal(SIGPIPE, SIG_IGN)
            var reader = MessageReader(fileDescriptor: STDIN_FILENO)
            let server = LanguageServer(writer: MessageWriter(fileDescriptor: STDOUT_FILENO), options: .init(debounceMilliseconds: debounce, cancelsStaleWork: !noCancelStale))
            throw ExitCode(server.serve(&reader))
        }
    }
}
