import Foundation
import Testing

/// One command line across subcommands: `--format` values listed in help and checked at parse time,
/// `--color` everywhere text is printed, one message for an unknown `--sop`, `--max-*` in every format.
@Suite("command line consistency")
struct CommandLineConsistencyTests {
    let cli = CLITests()
    static let repo = CLITests.repository
    static let tree = "trees/account-takeover.sop.yaml"
    static let samples = "trees/samples/account-takeover.jsonl"

    /// Each subcommand with `--format`, the values it lists, and arguments that reach the format check.
    static let formats: [(command: [String], values: [String])] = [
        (["check", "trees/"], ["text", "json", "sarif", "github"]),
        (["test", "trees/"], ["text", "json", "junit"]),
        (["replay", tree, samples], ["html", "json", "text"]),
        (["export", "trees/"], ["dot", "html", "markdown", "mermaid", "quiz", "quiz-json", "sql"]),
        (["diff", "trees/", "trees/"], ["text", "json", "markdown"]),
        (["run", tree], ["text", "json", "jsonl", "csv"]),
        (["why", tree, "tier"], ["text", "json"]),
        (["explain"], ["text", "markdown"]),
    ]

    @Test(arguments: formats.indices)
    func formatValuesAreListedAndCheckedWhenParsed(_ index: Int) throws {
        let (command, values) = Self.formats[index]
        let help = try cli.sopc([command[0], "--help"], in: Self.repo)
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("(values: " + values.joined(separator: ", ")), "\(command[0]) --help: \(help.stdout)")
        let bad = try cli.sopc(command + ["--format", "nope"], in: Self.repo)
        #expect(bad.status == 2, "\(command[0])")
        #expect(bad.stderr.contains("The value 'nope' is invalid for '--format <format>'"), "\(command[0]): \(bad.stderr)")
        for value in values { #expect(bad.stderr.contains(value)) }
        // A near miss names the closest value.
        let typo = String(values[1].dropLast()) + "x"
        let near = try cli.sopc(command + ["--format", typo], in: Self.repo)
        #expect(near.stderr.contains("Did you mean `\(values[1])`?"), "\(command[0]) --format \(typo): \(near.stderr)")
    }

    /// `--color` is one option group: the same values on every subcommand that prints text.
    @Test(arguments: ["check", "test", "replay", "diff", "run", "why", "explain"])
    func colorIsOfferedWithTheSameValues(_ command: String) throws {
        let help = try cli.sopc([command, "--help"], in: Self.repo)
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("--color <color> Color text output"), "\(command)")
        #expect(flat.contains("(values: auto, always, never)"), "\(command)")
        let bad = try cli.sopc([command, "--color", "sometimes"], in: Self.repo)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Please provide one of 'auto', 'always' or 'never'"))
    }

    @Test func colorAlwaysColorsAndNeverDoesNot() throws {
        let escape = "\u{1B}["
        let runs: [[String]] = [
            ["check", "Tests/SOPCLITests/Trees/warning.sop.yaml"],
            ["test", Self.tree],
            ["replay", Self.tree, Self.samples],
            ["diff", Self.tree, Self.tree],
            ["run", Self.tree, "--given", "recovery_email_domain=temp-mail.org", "--given", "verification_passed=none"],
            ["why", Self.tree, "tier"],
            ["explain", "dead-branch"],
            ["explain"],
        ]
        for args in runs {
            let colored = try cli.sopc(args + ["--color", "always"], in: Self.repo)
            #expect(colored.stdout.contains(escape), "\(args) --color always")
            let plain = try cli.sopc(args + ["--color", "never"], in: Self.repo)
            #expect(!plain.stdout.contains(escape), "\(args) --color never")
            #expect(!plain.stdout.isEmpty)
            // Colors change nothing but the escapes.
            let stripped = colored.stdout.replacing(/\u{1B}\[[0-9;]*m/, with: "")
            #expect(stripped == plain.stdout, "\(args)")
        }
        // Piped (not a terminal), `auto` does not color.
        #expect(!(try cli.sopc(["test", Self.tree], in: Self.repo)).stdout.contains(escape))
        // A file never gets colors.
        let dir = try scratchFolder("sopc-color", [:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.sopc(["test", Self.repo + "/" + Self.tree, "--color", "always", "-o", dir + "/out.txt"], in: dir).status == 0)
        #expect(!(try String(contentsOfFile: dir + "/out.txt", encoding: .utf8)).contains(escape))
    }

    @Test func theConfigurationSetsTheColor() throws {
        let dir = try scratchFolder("sopc-color-config", ["a.sop.yaml": try String(contentsOfFile: Self.repo + "/Tests/SOPCLITests/Trees/warning.sop.yaml", encoding: .utf8),
                                                          ".sopc.yaml": "check: {color: always}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.sopc(["check", "a.sop.yaml"], in: dir).stdout.contains("\u{1B}["))
        #expect(!(try cli.sopc(["check", "--color", "never", "a.sop.yaml"], in: dir)).stdout.contains("\u{1B}["))
        try Data("check: {color: alway}\n".utf8).write(to: URL(fileURLWithPath: dir + "/.sopc.yaml"))
        let bad = try cli.sopc(["check", "a.sop.yaml"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("`color: alway` in the `check:` section"), "\(bad.stderr)")
        #expect(bad.stderr.contains("did you mean `always`?"))
    }

    /// Every subcommand that takes `--sop` answers an unknown id with the same message: the ids that
    /// exist and, for a near miss, the closest.
    @Test func anUnknownSOPListsTheIdsEverywhere() throws {
        let trees = ["trees/account-takeover.sop.yaml", "trees/violent-threat.sop.yaml"]
        let runs: [[String]] = [
            ["replay", "--sop", "acount-takeover", Self.tree, Self.samples],
            ["run", "--sop", "acount-takeover", Self.tree, "--given", "x=1"],
            ["test", "--sop", "acount-takeover", "--samples", Self.samples] + trees,
            ["export", "--format", "dot", "--sop", "acount-takeover"] + trees,
            ["diff", Self.tree, Self.tree, "--samples", Self.samples, "--sop", "acount-takeover"],
        ]
        for args in runs {
            let r = try cli.sopc(args, in: Self.repo)
            #expect(r.status == 2, "\(args[0])")
            #expect(r.stderr.range(of: #"sopc: error: no SOP `acount-takeover` in [^;]+; did you mean `account-takeover`\? SOPs: `account-takeover`"#, options: .regularExpression) != nil, "\(args[0]): \(r.stderr)")
        }
        // Far from every id: no guess, the list alone.
        let far = try cli.sopc(["export", "--format", "dot", "--sop", "zzz"] + trees, in: Self.repo)
        #expect(far.stderr.contains("no SOP `zzz` in \(trees.joined(separator: ", ")); SOPs: `account-takeover`, `violent-threat`"), "\(far.stderr)")
    }

    /// `--max-disagreements` and `--max-rejected` cut the lists in text, JSON and HTML alike, and say how
    /// many were left out.
    @Test func replayListLimitsHoldInEveryFormat() throws {
        let args = ["replay", "--max-disagreements", "2", "--max-rejected", "1", Self.tree, Self.samples]
        let text = try cli.sopc(args + ["--format", "text"], in: Self.repo).stdout
        #expect(text.contains("disagreements (first 2 of 45 by id)"))
        #expect(text.contains("rejected (first 1 of 7)"))
        #expect(text.components(separatedBy: "\n    path: ").count - 1 == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli.sopc(args + ["--format", "json"], in: Self.repo).stdout.utf8)) as? [String: Any])
        #expect((json["disagreements"] as? [Any])?.count == 2)
        #expect((json["rejected"] as? [Any])?.count == 1)
        #expect(json["disagreements_listed"] as? Int == 2)
        let html = try cli.sopc(args + ["--format", "html"], in: Self.repo).stdout
        #expect(html.contains("Disagreements (first 2 of 45 by id)"))
        #expect(html.contains("Rejected rows (first 1 of 7)"))
        // Above the ten a terminal shows by default too: the option is what is listed.
        let more = ["replay", "--max-disagreements", "30", Self.tree, Self.samples]
        let long = try cli.sopc(more, in: Self.repo).stdout
        #expect(long.contains("disagreements (first 30 of 45 by id)"))
        #expect(long.components(separatedBy: "\n    path: ").count - 1 == 30)
        #expect(long.contains("… 15 more disagreements not shown"))
        #expect(try cli.sopc(more + ["--format", "html"], in: Self.repo).stdout.contains("Disagreements (first 30 of 45 by id)"))
    }
}
