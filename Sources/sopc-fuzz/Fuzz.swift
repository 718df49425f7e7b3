#if canImport(Glibc)
import Glibc
#endif
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPReplay
import SOPReporters
import SOPSyntax

/// libFuzzer targets over everything that reads user input: the YAML front end with every check and the
/// text report, the guard expression parser, and the two sample readers. One binary, the target chosen
/// by `SOPC_FUZZ_TARGET` (`yaml`, `expression`, `jsonl`, `csv`); `.ci/checks/fuzz.sh` builds it with
/// coverage (`-sanitize=fuzzer`) and runs each target from its seed corpus under `Fuzz/corpus/`.
///
/// Besides crashes, each target checks what must hold for any input: every diagnostic points inside
/// its file, a parsed expression prints as text that parses back to the same print, a replay accounts
/// for every row it read.
enum FuzzTarget: String {
    case yaml, expression, jsonl, csv

    static let selected: FuzzTarget = {
        guard let name = getenv("SOPC_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            let message = "set SOPC_FUZZ_TARGET to yaml, expression, jsonl or csv\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch FuzzTarget.selected {
    case .yaml: fuzzYAML(bytes)
    case .expression: fuzzExpression(bytes)
    case .jsonl: fuzzSamples(bytes, format: .jsonl)
    case .csv: fuzzSamples(bytes, format: .csv)
    }
    return 0
}

/// The loader that serves the fuzzer's bytes as the one SOP file (imports of it find nothing else).
struct FuzzLoader: SourceLoader {
    let bytes: [UInt8]
    func read(_ path: String) throws(InputError) -> [UInt8] {
        guard path == "fuzz.sop.yaml" else { throw .notFound(path) }
        return bytes
    }
    func identity(of path: String) -> String { Paths.normalize(path) }
}

func fuzzYAML(_ bytes: [UInt8]) {
    guard let compilation = try? Compiler.compile(files: ["fuzz.sop.yaml"], loader: FuzzLoader(bytes: bytes)) else { return }
    let run = CheckRun.check(compilation)
    for d in run.diagnostics where d.file == "fuzz.sop.yaml" {
        precondition(d.range.start.line >= 1 && d.range.start.column >= 1, "diagnostic before the file's start: \(d.code) \(d.range)")
        precondition(d.range.start.offset <= bytes.count && d.range.end.offset <= bytes.count, "diagnostic past the file's end: \(d.code) \(d.range)")
    }
    let report = CheckReport(diagnostics: run.diagnostics, fileCount: run.fileCount, sources: compilation.sources, toolVersion: "fuzz")
    _ = TextReporter(color: false).render(report)
}

func fuzzExpression(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard case .success(let expression) = ExpressionParser.parse(text) else { return }
    let printed = expression.description
    guard case .success(let again) = ExpressionParser.parse(printed) else {
        preconditionFailure("the print of a parsed expression does not parse: \(printed)")
    }
    precondition(again.description == printed, "print is not stable: \(printed) -> \(again.description)")
}

/// A SOP with an input of every type, compiled once, that the sample targets replay rows through.
let sampleGraph: ReplayGraph = {
    let source = """
        sop: fuzz
        title: Fuzz
        inputs:
          flag: bool
          kind: { type: enum, values: [a, b, c] }
          count: { type: int, range: [0, 100] }
          tags: { type: set, values: [x, y] }
          note: string
        outcomes:
          yes: { title: Yes }
          no: { title: No }
        start: n
        nodes:
          n:
            question: Which?
            match: first
            branches:
              - when: "flag and kind in ['a', 'b'] and count < 50"
                then: yes
              - when: "'x' in tags or note == 'ok'"
                then: yes
              - else: no
        """
    let compilation = Compiler.compile(source: source, path: "fuzz.sop.yaml")
    precondition(!compilation.hasErrors, "the fuzz SOP does not compile")
    return ReplayGraph(program: compilation.program, sop: compilation.program.sops[0].id)
}()

func fuzzSamples(_ bytes: [UInt8], format: SampleFormat) {
    var options = ReplayOptions()
    options.format = format
    options.jobs = 1
    // Small chunks and a small record limit, so framing across chunk ends and the too-long path run.
    options.chunkSize = 512
    options.maxRecordBytes = 1_024
    options.fields.time = "time"
    options.fields.duration = "duration"
    guard let source = try? ByteSource(bytes: bytes) else { return }
    guard let result = try? Replayer(graph: sampleGraph, options: options).replay(source) else { return }
    precondition(result.replayed >= 0 && result.rejected >= 0, "negative counts")
}

// MARK: - Entry point

/// libFuzzer's driver, run from the executable's own entry point (SwiftPM names it `sopc_fuzz_main`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("sopc_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
