import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// Whole rendered reports compared with reviewed files in `Data/`; run with `SOPC_RECORD=1` to rewrite
/// them after an intended change, then review the diff.
@Suite struct GoldenReportTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data")

    static let samples = """
    {"id":"1","verified":true,"region":"US","label":"allow","labeler":"ann","ai":"allow"}
    {"id":"2","verified":true,"region":"EU","label":"allow","labeler":"ann","ai":"escalate"}
    {"id":"3","verified":false,"age":12,"label":"ban","labeler":"ben"}
    {"id":"4","verified":false,"age":30,"changes":["2fa"],"label":"allow","labeler":"ben","path":["start","check_age","check_changes"]}
    {"id":"5","verified":false,"age":30,"changes":[],"label":"archive","labeler":"ann"}
    {"id":"6","verified":false,"age":30,"changes":["email"],"label":"ban","labeler":"ben","ai":"allow"}
    {"id":"7","verified":true,"region":"Mars","label":"allow"}
    {"id":"8","verified":false,"label":"ban"}

    """

    func check(_ rendered: String, against name: String) throws {
        let url = Self.data.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "\(name) differs; rerun with SOPC_RECORD=1 and review the diff")
    }

    @Test func textReport() throws {
        let r = try Moderation().replay(Self.samples)
        try check(r.text(target: 0.9), against: "moderation.expected.txt")
    }

    @Test func jsonReport() throws {
        let r = try Moderation().replay(Self.samples, jobs: 2, chunkSize: 64)
        try check(r.json(target: 0.9).rendered() + "\n", against: "moderation.expected.json")
    }
}
