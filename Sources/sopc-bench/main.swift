import Foundation

// Benchmarks and data generators; each family of subcommands lives in its own file.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data("usage:\n\(ReplayBench.usage)\n".utf8))
    exit(2)
}
if let status = ReplayBench.run(command, Array(arguments.dropFirst())) {
    exit(status)
}
FileHandle.standardError.write(Data("sopc-bench: error: unknown command `\(command)`\nusage:\n\(ReplayBench.usage)\n".utf8))
exit(2)
