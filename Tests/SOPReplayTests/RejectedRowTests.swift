import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct RejectedRowTests {
    let m = Moderation()

    @Test func everyJSONReasonIsReportedWithLineIdAndKind() throws {
        let lines = [
            #"{"id":"a","verified":true,"region":"US","label":"allow"}"#,
            #"{"id":"b","verified":true,"region":"US","label":"alow"}"#,
            #"{"id":"c","verified":true,"region":"XX","label":"allow"}"#,
            #"{"id":"d","verified":false,"age":200,"label":"ban"}"#,
            #"{"id":"e","verified":"yes","label":"ban"}"#,
            #"{"id":"f","verified":true,"#,
            #"{"id":"g","verified":false,"label":"ban"}"#,
            #"{"id":"h","verified":true,"region":"US"}"#,
            #"{"id":"i","verified":true,"verified":false,"region":"US","label":"allow"}"#,
            #"{"id":"j","verified":true,"region":"US","label":"allow","path":["start","nowhere"]}"#,
            #"{"id":"k","verified":true,"region":"US","label":"allow","ai":"nope"}"#,
            #"{"id":"l","verified":false,"age":30,"changes":["2fa"],"label":"review","extra":{"x":[1,2]}}"#,
            "not json",
            "",
            "[1,2]",
            #"{"id":"m","verified":false,"age":12.5,"label":"ban"}"#,
            #"{"id":"n","verified":false,"age":30,"changes":["2fa","sms"],"label":"review"}"#,
            #"{"id":"o","verified":true,"region":"US","label":"allow"} trailing"#,
            #"{"verified":false,"age":"17","label":null}"#,
        ]
        let r = try m.replay(lines.joined(separator: "\n"))
        #expect(r.samples == 18)
        #expect(r.replayed == 2)
        #expect(r.samples == r.replayed + r.rejected)
        let got = r.rejectedRows.map { "\($0.line) \($0.id ?? "-") \($0.kind.rawValue)" }
        #expect(got == [
            "2 b unknown-outcome",
            "3 c invalid-value",
            "4 d invalid-value",
            "5 e missing-input",
            "6 f malformed",
            "7 g missing-input",
            "8 h missing-label",
            "9 i duplicate-field",
            "10 j unknown-node",
            "11 k unknown-outcome",
            "13 13 malformed",
            "15 15 malformed",
            "16 m invalid-value",
            "17 n invalid-value",
            "18 o malformed",
            "19 19 missing-label",
        ])
        let reasons = Dictionary(uniqueKeysWithValues: r.rejectedRows.map { ($0.id ?? "", $0.reason) })
        #expect(reasons["b"] == "unknown outcome `alow` in `label`; did you mean `allow`?")
        #expect(reasons["c"] == "`region` must be one of `EU`, `US`, `APAC`, found `XX`")
        #expect(reasons["d"] == "`age` is outside its range 0...150, found `200`")
        #expect(reasons["g"] == "missing `age`, needed at node `check_age`")
        // `"yes"` is a bool written as text, read as in CSV: the row gets as far as the missing region.
        #expect(reasons["e"] == "missing `region`, needed at node `check_region`")
        #expect(reasons["i"] == "field `verified` appears twice")
        #expect(reasons["j"]?.hasPrefix("unknown node `nowhere` in `path`") == true)
        #expect(reasons["k"]?.hasPrefix("unknown outcome `nope` in `ai`") == true)
        let byKind = Dictionary(uniqueKeysWithValues: r.rejectedByKind.map { ($0.0, $0.1) })
        #expect(byKind[.invalidValue] == 4 && byKind[.malformed] == 4 && byKind[.unknownOutcome] == 2)
    }

    @Test func inputsThePathDoesNotNeedMayBeMissing() throws {
        // region, age and changes are unset; the walk reads only verified and region.
        let r = try m.replay(#"{"verified":true,"region":"EU","label":"escalate"}"#)
        #expect(r.replayed == 1 && r.agree == 1)
        // A needed input given as null is missing.
        let n = try m.replay(#"{"verified":true,"region":null,"label":"escalate"}"#)
        #expect(n.rejected == 1 && n.rejectedRows.first?.kind == .missingInput)
    }

    @Test func csvReasonsIncludeColumnCountAndLooseBooleans() throws {
        let text = """
        id,verified,region,age,changes,label
        a,true,US,,,allow
        b,yes,US,,,allow
        c,1,EU,,,escalate
        d,maybe,US,,,allow
        e,true,US,allow
        f,false,,30,2fa|email,review
        g,false,,30,2fa|sms,review
        "h,false,,30,,allow
        """
        let r = try m.replay(text, format: .csv)
        #expect(r.samples == 8 && r.replayed == 4 && r.rejected == 4)
        #expect(r.agree == 4)
        #expect(r.rejectedRows.map { "\($0.line) \($0.id ?? "-") \($0.kind.rawValue)" } == ["5 d invalid-value", "6 e column-count", "8 g invalid-value", "9 9 malformed"])
        #expect(r.rejectedRows[1].reason == "expected 6 cells as in the header, found 4")
    }

    @Test func reportListsAreCappedButCountsAreNot() throws {
        let bad = (1...50).map { #"{"id":"\#($0)","verified":true,"region":"US","label":"nope"}"# }
        let disagree = (1...50).map { #"{"id":"x\#($0)","verified":true,"region":"US","label":"ban"}"# }
        let r = try m.replay((bad + disagree).joined(separator: "\n"), maxDisagreements: 7, maxRejected: 5)
        #expect(r.rejected == 50 && r.rejectedRows.count == 5)
        #expect(r.rejectedRows.map(\.line) == [1, 2, 3, 4, 5])
        #expect(r.disagree == 50 && r.disagreements.count == 7)
        // By id: x1, x10, x11, ... (not numeric), the smallest seven.
        #expect(r.disagreements.map(\.id) == ["x1", "x10", "x11", "x12", "x13", "x14", "x15"])
    }
}

extension RejectedRowTests {
    @Test("a runaway value is rejected quickly and quoted only in part")
    func runawayValues() throws {
        let huge = String(repeating: "x", count: 2_000_000)
        let r = try m.replay(#"{"id":"big","verified":true,"region":"US","label":"\#(huge)"}"# + "\n" + #"{"id":"ok","verified":true,"region":"US","label":"allow"}"#)
        #expect(r.samples == 2 && r.replayed == 1 && r.rejected == 1)
        let reason = try #require(r.rejectedRows.first?.reason)
        #expect(reason.count < 120)
        #expect(reason.hasPrefix("unknown outcome `xxxx") && reason.contains("…"))
    }
}
