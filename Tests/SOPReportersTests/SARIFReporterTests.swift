import Foundation
import SOPCore
import SOPReporters
import Testing

/// The SARIF log has what GitHub code scanning requires, with repository-relative URIs and stable fingerprints.
@Suite struct SARIFReporterTests {
    static func log(_ report: CheckReport = Fixture.report, currentDirectory: String = "/home/ci/repo") throws -> [String: Any] {
        let text = SARIFReporter(currentDirectory: currentDirectory).render(report)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func results(_ log: [String: Any]) throws -> [[String: Any]] {
        let runs = try #require(log["runs"] as? [[String: Any]])
        return try #require(runs.first?["results"] as? [[String: Any]])
    }

    static func report(_ diagnostics: [Diagnostic]) -> CheckReport {
        CheckReport(diagnostics: diagnostics, fileCount: 1, toolVersion: "1.2.3")
    }

    static func diagnostic(file: String, line: Int = 4, message: String = "`x` is never taken", node: String? = "n") -> Diagnostic {
        let range = SourceRange(start: SourceLocation(line: line, column: 3, offset: 0), end: SourceLocation(line: line, column: 7, offset: 4))
        return Diagnostic(.deadBranch, at: SourceSpan(file: file, range: range), message, node: node)
    }

    /// The properties GitHub's SARIF upload documents as required, checked on every result and rule.
    @Test func fieldsGitHubRequires() throws {
        let log = try Self.log()
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sopc")
        #expect(driver["version"] as? String == "0.1.0")
        #expect(driver["informationUri"] == nil, "no documentation address is claimed unless one is configured")

        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == DiagnosticCode.all.map(\.id))
        for rule in rules {
            for key in ["shortDescription", "fullDescription"] {
                #expect(((rule[key] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(key) of \(rule["id"] ?? "")")
            }
            let help = try #require(rule["help"] as? [String: String])
            #expect(help["text"]?.isEmpty == false && help["markdown"]?.contains("```yaml") == true)
            #expect(rule["name"] as? String != nil)
            let level = (rule["defaultConfiguration"] as? [String: String])?["level"]
            #expect(level == "error" || level == "warning" || level == "note")
        }

        let results = try Self.results(log)
        #expect(results.count == Fixture.diagnostics.count)
        for (result, d) in zip(results, Fixture.diagnostics) {
            #expect(result["ruleId"] as? String == d.code.id)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == d.code.id)
            #expect(result["level"] as? String == d.severity.rawValue)
            let text = try #require((result["message"] as? [String: Any])?["text"] as? String)
            #expect(text.hasPrefix(d.message))
            let locations = try #require(result["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: String])
            #expect(artifact["uri"]?.isEmpty == false && artifact["uriBaseId"] == "%SRCROOT%")
            let region = try #require(physical["region"] as? [String: Int])
            #expect(region["startLine"] == d.range.start.line && region["startColumn"] == d.range.start.column)
            #expect(region["endLine"] == d.range.end.line && region["endColumn"] == d.range.end.column)
            let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
            #expect(fingerprints["primaryLocationLineHash"]?.wholeMatch(of: /[0-9a-f]{16}:[0-9]+/) != nil)
        }
    }

    @Test func witnessNodeAndNotes() throws {
        let results = try Self.results(try Self.log())
        let ambiguous = try #require(results.first { $0["ruleId"] as? String == "ambiguous-branches" })
        let text = try #require((ambiguous["message"] as? [String: Any])?["text"] as? String)
        #expect(text.hasSuffix("\nwitness: user_verified=true, region=\"EU\""))
        #expect(text.contains("\nnote: with `match: exclusive`"))
        let properties = try #require(ambiguous["properties"] as? [String: Any])
        #expect(properties["node"] as? String == "verified")
        let witness = try #require(properties["witness"] as? [String: Any])
        #expect(witness["user_verified"] as? Bool == true && witness["region"] as? String == "EU")
        let related = try #require(ambiguous["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect((related[0]["message"] as? [String: String])?["text"] == "branch 2 also applies")
        let region = (related[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        #expect(region?["startLine"] == 22)

        let unused = try #require(results.first { $0["ruleId"] as? String == "unused-outcome" })
        #expect(unused["properties"] == nil && unused["relatedLocations"] == nil)
    }

    @Test func urisAreRepositoryRelativeAndEncoded() throws {
        func uri(_ file: String, _ directory: String = "/home/ci/repo") throws -> [String: String] {
            let result = try #require(try Self.results(try Self.log(Self.report([Self.diagnostic(file: file)]), currentDirectory: directory)).first)
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            return try #require(location?["artifactLocation"] as? [String: String])
        }
        #expect(try uri("trees/a.sop.yaml") == ["uri": "trees/a.sop.yaml", "uriBaseId": "%SRCROOT%"])
        #expect(try uri("./trees/./a.sop.yaml")["uri"] == "trees/a.sop.yaml")
        #expect(try uri("/home/ci/repo/trees/a.sop.yaml") == ["uri": "trees/a.sop.yaml", "uriBaseId": "%SRCROOT%"])
        #expect(try uri("/home/ci/repo/trees/a.sop.yaml", "/home/ci/repo/")["uri"] == "trees/a.sop.yaml")
        #expect(try uri("/home/ci/repository/a.sop.yaml") == ["uri": "file:///home/ci/repository/a.sop.yaml"])
        #expect(try uri("trees/my tree#1 (ü).sop.yaml")["uri"] == "trees/my%20tree%231%20%28%C3%BC%29.sop.yaml")
        #expect(try uri("../shared/x.sop.yaml")["uri"] == "../shared/x.sop.yaml")
        #expect(try uri("trees\\win.sop.yaml")["uri"] == "trees/win.sop.yaml")
    }

    @Test func fingerprintsIgnoreLinesButNotContent() throws {
        func fingerprint(_ d: Diagnostic) throws -> String {
            let result = try #require(try Self.results(try Self.log(Self.report([d]))).first)
            return try #require((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
        }
        let base = try fingerprint(Self.diagnostic(file: "a.sop.yaml"))
        #expect(try fingerprint(Self.diagnostic(file: "a.sop.yaml", line: 40)) == base)
        #expect(try fingerprint(Self.diagnostic(file: "./a.sop.yaml")) == base)
        #expect(try fingerprint(Self.diagnostic(file: "b.sop.yaml")) != base)
        #expect(try fingerprint(Self.diagnostic(file: "a.sop.yaml", message: "`y` is never taken")) != base)
        #expect(try fingerprint(Self.diagnostic(file: "a.sop.yaml", node: "m")) != base)
        #expect(try fingerprint(Self.diagnostic(file: "a.sop.yaml", node: nil)) != base)
        // Pinned to FNV-1a 64 over "dead-branch\0a.sop.yaml\0`x` is never taken\0n\0", computed independently:
        // the hash must not change between runs, machines or releases, or every alert would reopen.
        #expect(base == "f31f278febf4f983:1")

        // Identical findings are told apart by their occurrence number, in output order.
        let twice = try Self.results(try Self.log(Self.report([Self.diagnostic(file: "a.sop.yaml", line: 1), Self.diagnostic(file: "a.sop.yaml", line: 9)])))
        let prints = twice.compactMap { ($0["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] }
        #expect(prints == [base, base.replacing(/:1$/, with: ":2")])
    }

    @Test func regionsAreAlwaysValid() throws {
        let bogus = SourceRange(start: SourceLocation(line: 0, column: 0, offset: 0), end: SourceLocation(line: 0, column: 0, offset: 0))
        let backwards = SourceRange(start: SourceLocation(line: 5, column: 9, offset: 0), end: SourceLocation(line: 5, column: 2, offset: 0))
        let report = Self.report([
            Diagnostic(.syntaxError, at: SourceSpan(file: "a", range: bogus), "x"),
            Diagnostic(.syntaxError, at: SourceSpan(file: "a", range: backwards), "y"),
        ])
        let regions = try Self.results(try Self.log(report)).map {
            (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        }
        #expect(regions == [
            ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1],
            ["startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 9],
        ])
    }
}
