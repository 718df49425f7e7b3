import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// Mangled SOP files must give diagnostics with real locations, never a crash or a hang.
@Suite("Robustness")
struct RobustnessTests {
    @Test("2,000 random mutations of the fixtures compile without crashing, every location inside the file")
    func mutations() throws {
        let seeds = try FixtureHarness.cases().flatMap(\.files).map { try String(contentsOfFile: FixtureHarness.root + "/" + $0, encoding: .utf8) }
        var rng = SplitMix64(seed: 7)
        for round in 0..<2000 {
            var lines = seeds[rng.below(seeds.count)].components(separatedBy: "\n")
            for _ in 0...rng.below(3) {
                let i = rng.below(lines.count)
                switch rng.below(6) {
                case 0: lines.remove(at: i)
                case 1: lines.insert(lines[rng.below(lines.count)], at: i)
                case 2: lines[i] = String(lines[i].shuffledPrefix(&rng))
                case 3: lines[i] += ["'", "\"", ":", "[", "{", " #", "&a", "*a", "\t", "é"][rng.below(10)]
                case 4: lines[i] = String(repeating: " ", count: rng.below(6)) + lines[i].trimmingCharacters(in: .whitespaces)
                default: lines[i] = lines[i].replacingOccurrences(of: ["and", "==", "true", "then", "cases"][rng.below(5)], with: ["or", "<", "1", "when", "on"][rng.below(5)])
                }
                if lines.isEmpty { lines = [""] }
            }
            let text = lines.joined(separator: "\n")
            let run = CheckRun.check(Compiler.compile(source: text, path: "m\(round).sop.yaml"))
            let lineCount = text.components(separatedBy: "\n").count
            for d in run.diagnostics {
                #expect(d.range.start.line >= 1 && d.range.start.line <= lineCount + 1, "\(d.code) at \(d.range.start) in:\n\(text)")
                #expect(d.range.start.column >= 1)
                #expect(d.range.start.offset <= text.utf8.count)
                #expect(!d.message.isEmpty)
            }
        }
    }
}

extension String {
    /// The line with a few characters moved around.
    fileprivate func shuffledPrefix(_ rng: inout SplitMix64) -> String {
        var chars = Array(self)
        guard chars.count > 2 else { return self }
        for _ in 0..<3 { chars.swapAt(rng.below(chars.count), rng.below(chars.count)) }
        return String(chars)
    }
}
