import Foundation
import Testing

/// `sopc test --format json|junit`, coverage with `file:line` scoped to the files named, and ratio units.
@Suite("sopc test reports")
struct TestCommandTests {
    static let tree = """
        sop: tx
        title: T
        version: "1"
        owner: qa
        policy: p
        import: [lib.sop.yaml]
        inputs:
          score:
            type: int
            range: [0, 10]
        outcomes:
          low: {title: Low}
          high: {title: High}
        start: ask
        nodes:
          ask:
            question: Score?
            branches:
              - when: "score > 5"
                then: high
              - else: low
        examples:
          - name: six is high
            given: {score: 6}
            expect: high
          - name: "two is <high> & wrong"
            given: {score: 2}
            expect: high

        """
    static let library = """
        sop: lib
        title: Library
        version: "1"
        owner: qa
        policy: p
        inputs:
          flag:
            type: bool
        outcomes:
          yes: {title: Yes}
          no: {title: No}
        start: q
        nodes:
          q:
            question: Flag?
            branches:
              - when: "flag"
                then: "yes"
              - else: "no"

        """

    func scratch() throws -> String {
        try scratchFolder("sopc-test", ["t.sop.yaml": Self.tree, "lib.sop.yaml": Self.library])
    }

    @Test func junitHasOneCasePerExampleWithThePathTaken() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLITests().sopc("test", "--format", "junit", "t.sop.yaml", in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sopc test\" tests=\"2\" failures=\"1\" errors=\"0\">\n"))
        #expect(r.stdout.contains("<testcase classname=\"tx\" name=\"two is &lt;high&gt; &amp; wrong\" file=\"t.sop.yaml\" line=\"26\">"))
        #expect(r.stdout.contains("<failure message=\"expected `high`, got `low`\" type=\"example-mismatch\">t.sop.yaml:26: expected `high`, got `low`&#10;path: ask &gt; low</failure>"))
        #expect(r.stdout.contains("<system-out>path: ask &gt; high</system-out>"))
    }

    @Test func coverageListsFileAndLineForTheFilesNamedOnly() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let own = try CLITests().sopc("test", "--coverage", "--format", "json", "t.sop.yaml", in: dir)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(own.stdout.utf8)) as? [String: Any])
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect(coverage["branches"] as? Int == 2)
        #expect((coverage["unexercised"] as? [Any])?.isEmpty == true)
        let all = try CLITests().sopc("test", "--coverage", "--coverage-imports", "t.sop.yaml", in: dir)
        #expect(all.stdout.contains("coverage: 2 of 4 branches (50%)\n"))
        #expect(all.stdout.contains("  unexercised lib.sop.yaml:17: lib q: flag\n"))
        #expect(all.stdout.contains("  unexercised lib.sop.yaml:19: lib q: else\n"))
    }

    @Test func ratiosAreFractionsOrPercentagesAndPrintedAsWritten() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let percent = try CLITests().sopc("test", "--coverage-imports", "--coverage-min", "75%", "lib.sop.yaml", "t.sop.yaml", in: dir)
        #expect(percent.stdout.contains("coverage is below --coverage-min 75%\n"))
        let fraction = try CLITests().sopc("test", "--coverage-imports", "--coverage-min", "0.75", "t.sop.yaml", in: dir)
        #expect(fraction.stdout.contains("coverage is below --coverage-min 0.75\n"))
        let wrong = try CLITests().sopc("test", "--coverage-min", "90", "t.sop.yaml", in: dir)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--coverage-min `90` is not a ratio: ratios are fractions from 0 to 1; write `0.9` or `90%`"))
        #expect(try CLITests().sopc("test", "--coverage-min", "150%", "t.sop.yaml", in: dir).status == 2)
        #expect(try CLITests().sopc("test", "--format", "xml", "t.sop.yaml", in: dir).status == 2)
    }
}
