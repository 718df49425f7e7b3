import Foundation
import Testing

/// Replay's ratio options share one unit and one parser, `--max-rejected-rate` gates on rejected rows, and
/// the `replay:` section of `.sopc.yaml` supplies defaults the command line overrides.
@Suite("replay options")
struct ReplayOptionsTests {
    let cli = CLITests()
    let tree = CLITests.repository + "/trees/account-takeover.sop.yaml"
    let samples = CLITests.repository + "/trees/samples/account-takeover.jsonl"

    @Test func ratiosAreFractionsOrPercentagesAndPrintedAsWritten() throws {
        let wrongUnit = try cli.sopc("replay", "--min-agreement", "90", tree, samples, in: CLITests.repository)
        #expect(wrongUnit.status == 2)
        #expect(wrongUnit.stderr.contains("--min-agreement `90` is not a ratio: ratios are fractions from 0 to 1; write `0.9` or `90%`"))
        #expect(try cli.sopc("replay", "--min-agreement", "1.5", tree, samples, in: CLITests.repository).status == 2)
        #expect(try cli.sopc("replay", "--target", "95", tree, samples, in: CLITests.repository).status == 2)
        let percent = try cli.sopc("replay", "--min-agreement", "99%", tree, samples, in: CLITests.repository)
        #expect(percent.status == 1)
        #expect(percent.stderr.range(of: #"agreement [0-9.]+% is below --min-agreement 99%"#, options: .regularExpression) != nil, "\(percent.stderr)")
        let fraction = try cli.sopc("replay", "--min-agreement", "0.99", tree, samples, in: CLITests.repository)
        #expect(fraction.stderr.range(of: #"agreement 0\.[0-9]+ is below --min-agreement 0\.99"#, options: .regularExpression) != nil, "\(fraction.stderr)")
        #expect(try cli.sopc("replay", "--min-agreement", "50%", tree, samples, in: CLITests.repository).status == 0)
    }

    @Test func tooManyRejectedRowsFailTheRun() throws {
        // 7 of the 407 shipped rows are rejected: 1.72%.
        let over = try cli.sopc("replay", "--max-rejected-rate", "1%", tree, samples, in: CLITests.repository)
        #expect(over.status == 1)
        #expect(over.stderr.contains("7 of 407 rows rejected (1.72%), above --max-rejected-rate 1%"))
        #expect(try cli.sopc("replay", "--max-rejected-rate", "0.02", tree, samples, in: CLITests.repository).status == 0)
        #expect(try cli.sopc("replay", "--format", "json", "--max-rejected-rate", "0.01", tree, samples, in: CLITests.repository).status == 1)
        #expect(try cli.sopc("replay", "--max-rejected-rate", "2", tree, samples, in: CLITests.repository).status == 2)
    }

    @Test func defaultsComeFromTheConfigurationAndTheCommandLineWins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-replay-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("replay:\n  min-agreement: 99%\n  format: json\n  max-rejected-rate: 0.01\n".utf8).write(to: URL(fileURLWithPath: dir + "/.sopc.yaml"))
        let configured = try cli.sopc("replay", tree, samples, in: dir)
        #expect(configured.status == 1)
        #expect(configured.stdout.hasPrefix("{"))
        #expect(configured.stderr.contains("below --min-agreement 99%"))
        #expect(configured.stderr.contains("above --max-rejected-rate 0.01"))
        let overridden = try cli.sopc("replay", "--min-agreement", "0.5", "--max-rejected-rate", "5%", "--format", "text", tree, samples, in: dir)
        #expect(overridden.status == 0)
        #expect(overridden.stdout.hasPrefix("samples 407"))
        #expect(try cli.sopc("replay", "--no-config", tree, samples, in: dir).status == 0)
        try Data("replay:\n  label-field: verdict\n".utf8).write(to: URL(fileURLWithPath: dir + "/.sopc.yaml"))
        let renamed = try cli.sopc("replay", tree, samples, in: dir)
        #expect(renamed.stdout.contains("replayed 0"), "every row lacks the configured `verdict` field")
    }

    @Test func anUnknownFormatSuggestsTheClosestOne() throws {
        let r = try cli.sopc("replay", "--format", "jsno", tree, samples, in: CLITests.repository)
        #expect(r.status == 2)
        #expect(r.stderr.contains("The value 'jsno' is invalid for '--format <format>'. Please provide one of 'html', 'json' or 'text'. Did you mean `json`?"))
    }
}
