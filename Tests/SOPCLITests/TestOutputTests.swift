import Foundation
import Testing

/// `sopc test -o` is checked like every output (`OutputPaths`): it cannot replace a SOP, an import or a
/// sample file, and nothing is written when it is refused.
extension CLITests {
    @Test("sopc test -o refuses to replace an input")
    func testOutputCannotReplaceInputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-test-o-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = URL(fileURLWithPath: Self.repository)
        for name in ["violent-threat.sop.yaml", "common.sop.yaml", "self-harm.sop.yaml"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent("trees/" + name), to: dir.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: root.appendingPathComponent("trees/samples/account-takeover.jsonl"), to: dir.appendingPathComponent("s.jsonl"))
        let before = try ["violent-threat.sop.yaml", "common.sop.yaml", "s.jsonl"].map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        // The SOP named, one it imports, and a sample file.
        for (target, extra) in [("./violent-threat.sop.yaml", [String]()), ("common.sop.yaml", []), ("s.jsonl", ["--samples", "s.jsonl"])] {
            let r = try sopc(["test", "violent-threat.sop.yaml", "-o", target] + extra, in: dir.path)
            #expect(r.status == 2, "\(target): \(r.stderr)")
            #expect(r.stderr.hasPrefix("sopc: error:"), "\(target)")
        }
        let after = try ["violent-threat.sop.yaml", "common.sop.yaml", "s.jsonl"].map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        #expect(before == after)
        let ok = try sopc(["test", "violent-threat.sop.yaml", "-o", "report.txt"], in: dir.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("report.txt"), encoding: .utf8).contains("examples:"))
    }
}
