import SOPCore

/// SARIF 2.1.0, the format GitHub code scanning and other static-analysis dashboards ingest.
///
/// Every code of the catalog is a rule, so a rule's index never depends on which findings a run produced.
/// Locations are repository-relative URIs under `%SRCROOT%`; columns count Unicode code points, as
/// `SourceLocation` does. Each result carries a fingerprint that ignores line numbers, so a finding keeps
/// its identity when lines above it move.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    /// The directory absolute paths are made relative to; `nil` reads the process's working directory.
    public var currentDirectory: String?
    /// Where the tool's documentation lives, recorded as `tool.driver.informationUri` when set.
    public var informationURI: String?

    /// Creates a SARIF reporter; `currentDirectory` is the repository root paths are made relative to.
    public init(currentDirectory: String? = nil, informationURI: String? = nil) {
        self.currentDirectory = currentDirectory
        self.informationURI = informationURI
    }

    /// The SARIF log, pretty-printed, followed by a newline.
    public func render(_ report: CheckReport) -> String {
        let directory = currentDirectory ?? RepositoryPath.processDirectory()
        var rules = DiagnosticCode.all
        for d in report.diagnostics where !rules.contains(d.code) { rules.append(d.code) }

        var occurrences: [String: Int] = [:]
        let results: [JSONValue] = report.diagnostics.map { d in
            let path = RepositoryPath(d.file, currentDirectory: directory)
            let hash = Self.fingerprint(d, uri: path.uri)
            occurrences[hash, default: 0] += 1
            return result(
                d, path: path, ruleIndex: rules.firstIndex(of: d.code) ?? 0,
                fingerprint: "\(hash):\(occurrences[hash] ?? 1)", directory: directory)
        }

        let log: JSONValue = .object([
            ("$schema", .string("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([
                        ("driver", .object(
                            [("name", .string("sopc")), ("version", .string(report.toolVersion))]
                                + (informationURI.map { [("informationUri", JSONValue.string($0))] } ?? [])
                                + [("rules", .array(rules.map(Self.rule)))])),
                    ])),
                    ("columnKind", .string("unicodeCodePoints")),
                    ("results", .array(results)),
                ] + (report.coverage.isPartial ? [("properties", JSONValue.object([("analysis", JSONReporter.json(report.coverage))]))] : [])),
            ])),
        ])
        return log.rendered(indent: 2) + "\n"
    }

    // MARK: - Rules

    static func rule(_ code: DiagnosticCode) -> JSONValue {
        .object([
            ("id", .string(code.id)),
            ("name", .string(ruleName(code.id))),
            ("shortDescription", .object([("text", .string(code.summary))])),
            ("fullDescription", .object([("text", .string(code.explanation))])),
            ("help", .object([
                ("text", .string(ExplainRenderer.text(code))),
                ("markdown", .string(ExplainRenderer.markdownBody(code))),
            ])),
            ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
        ])
    }

    /// `dead-branch` -> `DeadBranch`: SARIF's `name` is an identifier-like label.
    static func ruleName(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    // MARK: - Results

    private func result(_ d: Diagnostic, path: RepositoryPath, ruleIndex: Int, fingerprint: String, directory: String) -> JSONValue {
        var lines = [d.message]
        lines += d.notes.filter { $0.span == nil }.map { "note: " + $0.message }
        if let help = d.help { lines.append("help: " + help) }
        if let witness = d.witness { lines.append("witness: " + witness.description) }

        var members: [(String, JSONValue)] = [
            ("ruleId", .string(d.code.id)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(d.severity.rawValue)),
            ("message", .object([("text", .string(lines.joined(separator: "\n")))])),
            ("locations", .array([.object([("physicalLocation", Self.physicalLocation(path, d.range))])])),
        ]
        let related = d.notes.compactMap { note in note.span.map { (note.message, $0) } }
        if !related.isEmpty {
            members.append(("relatedLocations", .array(related.enumerated().map { index, pair in
                .object([
                    ("id", .int(index)),
                    ("physicalLocation", Self.physicalLocation(RepositoryPath(pair.1.file, currentDirectory: directory), pair.1.range)),
                    ("message", .object([("text", .string(pair.0))])),
                ])
            })))
        }
        if let witness = d.witness, !witness.pathText.isEmpty {
            members.append(("codeFlows", .array([codeFlow(witness, finding: d, path: path, directory: directory)])))
        }
        members.append(("partialFingerprints", .object([("primaryLocationLineHash", .string(fingerprint))])))
        if d.isAllowed {
            // Code scanning shows a result with an in-source suppression as suppressed, not open.
            members.append(("suppressions", .array([.object([("kind", .string("inSource")), ("justification", .string("accepted with `allow: [\(d.code.id)]`"))])])))
        }
        if !d.fixes.isEmpty {
            members.append(("fixes", .array(d.fixes.map { Self.fix($0, directory: directory) })))
        }
        var properties: [(String, JSONValue)] = []
        if let node = d.node { properties.append(("node", .string(node))) }
        if let witness = d.witness { properties.append(("witness", witness.json)) }
        if !properties.isEmpty { members.append(("properties", .object(properties))) }
        return .object(members)
    }

    /// A SARIF `fix`: one `artifactChange` per file, its edits as `replacements`; the applicability is a
    /// property, since SARIF has no such field.
    static func fix(_ fix: FixIt, directory: String) -> JSONValue {
        var files: [String] = []
        for e in fix.edits where !files.contains(e.span.file) { files.append(e.span.file) }
        return .object([
            ("description", .object([("text", .string(fix.title))])),
            ("artifactChanges", .array(files.map { file in
                .object([
                    ("artifactLocation", artifactLocation(RepositoryPath(file, currentDirectory: directory))),
                    ("replacements", .array(fix.edits.filter { $0.span.file == file }.map { edit in
                        .object([
                            ("deletedRegion", .object([
                                ("startLine", .int(max(1, edit.span.range.start.line))),
                                ("startColumn", .int(max(1, edit.span.range.start.column))),
                                ("endLine", .int(max(1, edit.span.range.end.line))),
                                ("endColumn", .int(max(1, edit.span.range.end.column))),
                            ])),
                            ("insertedContent", .object([("text", .string(edit.text))])),
                        ])
                    })),
                ])
            })),
            ("properties", .object([("applicability", .string(fix.applicability.rawValue))])),
        ])
    }

    /// The witness's path as one thread flow: a location per decision (the branch taken, flagged where
    /// `sopc run` would take an earlier matching branch), then the finding itself.
    private func codeFlow(_ witness: Witness, finding d: Diagnostic, path: RepositoryPath, directory: String) -> JSONValue {
        var locations: [JSONValue] = witness.path.enumerated().map { index, step in
            var text = "\(step.node): takes `\(step.label)`"
            if let first = step.firstMatch { text += " (not the first match: `\(first)` holds too and comes first)" }
            var location: [(String, JSONValue)] = []
            if let span = step.span {
                location.append(("physicalLocation", Self.physicalLocation(RepositoryPath(span.file, currentDirectory: directory), span.range)))
            }
            location.append(("message", .object([("text", .string(text))])))
            return .object([("location", .object(location)), ("executionOrder", .int(index + 1))])
        }
        locations.append(.object([
            ("location", .object([
                ("physicalLocation", Self.physicalLocation(path, d.range)),
                ("message", .object([("text", .string(d.message))])),
            ])),
            ("executionOrder", .int(witness.path.count + 1)),
        ]))
        return .object([
            ("message", .object([("text", .string("witness " + witness.description + " takes " + witness.pathText))])),
            ("threadFlows", .array([.object([("locations", .array(locations))])])),
        ])
    }

    /// A location with a region SARIF accepts: lines and columns at least 1 and the end not before the start.
    static func artifactLocation(_ path: RepositoryPath) -> JSONValue {
        var artifact: [(String, JSONValue)] = [("uri", .string(path.uri))]
        if path.isRelative { artifact.append(("uriBaseId", .string("%SRCROOT%"))) }
        return .object(artifact)
    }

    static func physicalLocation(_ path: RepositoryPath, _ range: SourceRange) -> JSONValue {
        let startLine = max(1, range.start.line), startColumn = max(1, range.start.column)
        let endLine = max(startLine, range.end.line)
        let endColumn = endLine == startLine ? max(startColumn, range.end.column) : max(1, range.end.column)
        return .object([
            ("artifactLocation", artifactLocation(path)),
            ("region", .object([
                ("startLine", .int(startLine)),
                ("startColumn", .int(startColumn)),
                ("endLine", .int(endLine)),
                ("endColumn", .int(endColumn)),
            ])),
        ])
    }

    /// FNV-1a over code, file, message and node: stable across runs and across edits that only move lines.
    static func fingerprint(_ d: Diagnostic, uri: String) -> String {
        var hash = FNV1a()
        hash.combine(d.code.id)
        hash.combine(uri)
        hash.combine(d.message)
        hash.combine(d.node ?? "")
        return hash.hex
    }
}
