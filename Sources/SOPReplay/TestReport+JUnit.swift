import SOPCore

extension TestReport {
    /// JUnit XML as GitHub, GitLab and Jenkins read it: one `<testsuite>` per SOP (or sample file), one
    /// `<testcase>` per example, a `<failure>` with the reason and the path taken.
    public var junit: String {
        var suites: [String] = []
        var bySuite: [String: [Case]] = [:]
        for c in cases {
            if bySuite[c.suite] == nil { suites.append(c.suite) }
            bySuite[c.suite, default: []].append(c)
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"sopc test\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        for suite in suites {
            let members = bySuite[suite] ?? []
            out += "  <testsuite name=\"\(Self.xml(suite))\" tests=\"\(members.count)\" failures=\"\(members.count { !$0.passed })\" errors=\"0\" skipped=\"0\">\n"
            for c in members {
                out += "    <testcase classname=\"\(Self.xml(c.suite))\" name=\"\(Self.xml(c.name))\" file=\"\(Self.xml(c.file))\" line=\"\(c.line)\""
                if c.passed {
                    out += ">\n      <system-out>\(Self.xml("path: " + c.path))</system-out>\n    </testcase>\n"
                } else {
                    let reason = c.failure ?? "failed"
                    out += ">\n      <failure message=\"\(Self.xml(reason))\" type=\"example-mismatch\">\(Self.xml("\(c.file):\(c.line): \(reason)\npath: \(c.path)"))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text escaped for XML content and attribute values; characters XML 1.0 cannot hold become U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                let v = scalar.value
                out.unicodeScalars.append(v < 0x20 || (0xFFFE...0xFFFF).contains(v) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}

extension TestReport {
    /// One JSON object: every case, the totals and the coverage.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("cases", .array(cases.map { c in
                .object([
                    ("sop", .string(c.suite)), ("name", .string(c.name)), ("file", .string(c.file)), ("line", .int(c.line)),
                    ("passed", .bool(c.passed)), ("failure", c.failure.map { .string($0) } ?? .null), ("path", .string(c.path)),
                ])
            })),
            ("summary", .object([("passed", .int(cases.count - failures)), ("failed", .int(failures))])),
        ]
        if measuresCoverage {
            members.append(("coverage", .object([
                ("branches", .int(branchesTotal)),
                ("taken", .int(branchesTaken)),
                ("ratio", .double(coverage, fractionDigits: 4)),
                ("unexercised", .array(gaps.map { g in
                    .object([("sop", .string(g.sop)), ("node", .string(g.node)), ("branch", .string(g.branch)), ("file", .string(g.file)), ("line", .int(g.line))])
                })),
                ("below_minimum", coverageBelowMinimum.map { .string($0) } ?? .null),
            ])))
        }
        return .object(members)
    }
}
