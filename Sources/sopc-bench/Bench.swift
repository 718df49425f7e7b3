import ArgumentParser

/// Benchmarks and data generators for sopc. Build in release mode: `swift build -c release`.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sopc-bench",
        abstract: "Generate large inputs and time sopc on them (release builds only; see docs/performance.md).",
        subcommands: [GenerateSOP.self, CheckBenchmark.self, GenerateLibrary.self, LibraryBenchmark.self, ScanYAML.self, GenerateSamples.self, GenerateReview.self, ReplayBenchmark.self, LSPBenchmark.self, LSPCancelBenchmark.self, DiffBenchmark.self, ExportBenchmark.self, NearbyBenchmark.self])
}
