// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sopc",
    products: [
        .executable(name: "sopc", targets: ["sopc"]),
        .library(name: "SOPKit", targets: ["SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPSolver", "SOPChecks", "SOPReplay", "SOPReporters", "SOPDriver", "SOPExport", "SOPDiff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, found through pkg-config.
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CGraphviz", path: "Sources/CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Source positions, diagnostics, case values: the vocabulary every phase shares.
        .target(name: "SOPCore"),
        // libyaml events -> YAML tree with ranges -> SOP syntax tree; the guard expression parser.
        .target(name: "SOPSyntax", dependencies: ["CYAML", "SOPCore"]),
        // The checked graph: resolved, typed SOPs, and walking a case through them.
        .target(name: "SOPGraph", dependencies: ["SOPCore"]),
        // Lowering: imports, name resolution, type checking; syntax tree -> checked graph.
        .target(name: "SOPCompiler", dependencies: ["SOPCore", "SOPSyntax", "SOPGraph"]),
        // The decision procedure for guards: satisfiability with witnesses.
        .target(name: "SOPSolver", dependencies: ["SOPCore", "SOPGraph"]),
        // Analyses over the checked graph, one per file, and their registry.
        .target(name: "SOPChecks", dependencies: ["SOPCore", "SOPGraph", "SOPSolver"]),
        // Replaying labeled samples through the checked graph, and QA metrics.
        .target(name: "SOPReplay", dependencies: ["CZlib", "SOPCore", "SOPGraph"]),
        // Diagnostic renderers: text, JSON, SARIF, GitHub workflow commands.
        .target(name: "SOPReporters", dependencies: ["SOPCore"]),
        // Exporters: the checked graph turned into handbooks, diagrams, quizzes and SQL, one per file behind a registry.
        .target(name: "SOPExport", dependencies: ["CGraphviz", "SOPCore", "SOPGraph", "SOPSolver", "SOPReplay"]),
        // Change impact between two versions of SOPs: transitions from the solver, structure, samples.
        .target(name: "SOPDiff", dependencies: ["SOPCore", "SOPGraph", "SOPSolver", "SOPReplay"]),
        // The pipeline `sopc check` runs: files -> compilation -> checks -> one sorted list of findings.
        .target(name: "SOPDriver", dependencies: ["SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPChecks"]),
        // JSON-RPC with Content-Length framing, and the Language Server Protocol types the server uses.
        .target(name: "LanguageServerProtocol", dependencies: ["SOPCore"]),
        // `sopc lsp`: diagnostics, navigation, hover, completion and quick fixes for editors.
        .target(name: "SOPLanguageServer", dependencies: ["LanguageServerProtocol", "SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPSolver", "SOPChecks", "SOPReplay", "SOPDriver"]),

        .executableTarget(
            name: "sopc",
            dependencies: [
                "SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPSolver", "SOPChecks", "SOPReplay", "SOPReporters", "SOPDriver", "SOPExport", "SOPDiff",
                "LanguageServerProtocol", "SOPLanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets over every reader of user input (see docs/limits.md); `.ci/checks/fuzz.sh`
        // builds them with coverage and runs them from the seed corpus in `Fuzz/corpus/`.
        .executableTarget(
            name: "sopc-fuzz",
            dependencies: ["SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPDriver", "SOPReplay", "SOPReporters"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]
        ),
        // Benchmarks and data generators (run in release mode; see docs/performance.md).
        .executableTarget(
            name: "sopc-bench",
            dependencies: [
                "CYAML", "SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPChecks", "SOPReplay", "SOPReporters", "SOPDriver", "LanguageServerProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "SOPSyntaxTests", dependencies: ["SOPCore", "SOPSyntax"]),
        .testTarget(name: "SOPCompilerTests", dependencies: ["SOPCore", "SOPSyntax", "SOPGraph", "SOPCompiler", "SOPChecks", "SOPReporters", "SOPDriver"], exclude: ["Fixtures"]),
        .testTarget(name: "SOPDiffTests", dependencies: ["SOPCore", "SOPGraph", "SOPSolver", "SOPCompiler", "SOPDiff"]),
        .testTarget(name: "SOPSolverTests", dependencies: ["SOPCore", "SOPSyntax", "SOPGraph", "SOPSolver", "SOPChecks", "SOPCompiler", "SOPDriver"]),
        .testTarget(name: "SOPReplayTests", dependencies: ["SOPCore", "SOPGraph", "SOPCompiler", "SOPSolver", "SOPReplay"], resources: [.copy("Data")]),
        .testTarget(name: "SOPCLITests", dependencies: ["sopc"], exclude: ["Trees"]),
        .testTarget(name: "LanguageServerProtocolTests", dependencies: ["LanguageServerProtocol", "SOPCore"]),
        .testTarget(name: "SOPLanguageServerTests", dependencies: ["sopc", "LanguageServerProtocol", "SOPCore"], exclude: ["Trees"]),
        .testTarget(name: "SOPExportTests", dependencies: ["SOPCore", "SOPGraph", "SOPCompiler", "SOPSolver", "SOPReplay", "SOPExport"], exclude: ["Golden"]),
        .testTarget(name: "SOPReportersTests", dependencies: ["SOPCore", "SOPReporters"], exclude: ["Golden"]),
    ]
)
