import SOPCompiler
import SOPCore
@testable import SOPDiff
import SOPGraph
import SOPSolver
import Testing

/// A class of changed cases lists its first routes (`ChangeImpact.routeLimit`) and counts the rest, so
/// the report says how many it hides.
@Suite struct DiffRouteCountTests {
    /// `k` independent two-way choices in a row, ending in `last`: 2^k routes.
    static func choices(_ k: Int, last: String) -> String {
        var out = "sop: c\ntitle: C\ninputs:\n" + (0..<k).map { "  f\($0): bool\n" }.joined()
        out += "outcomes:\n  done: { title: Done }\n  stop: { title: Stop }\nstart: d0\nnodes:\n"
        for i in 0..<k {
            let next = i + 1 < k ? "d\(i + 1)" : last
            out += "  d\(i):\n    question: \"D\(i)?\"\n    branches:\n      - when: \"f\(i)\"\n        then: a\(i)\n      - else: b\(i)\n"
            for side in ["a", "b"] { out += "  \(side)\(i):\n    question: \"\(side.uppercased())\(i)?\"\n    branches:\n      - else: \(next)\n" }
        }
        return out
    }

    @Test func hiddenRoutesAreCounted() throws {
        func compile(_ s: String) -> Program { Compiler.compile(source: s, path: "t.sop.yaml").program }
        for (k, listed) in [(3, 8), (5, 8)] {
            let s = try #require(SOPDiff(old: compile(Self.choices(k, last: "done")), new: compile(Self.choices(k, last: "stop"))).sops.first)
            let t = try #require(s.transitions.first { $0.from == "done" && $0.to == "stop" })
            let total = 1 << k
            #expect(t.routes.count == min(total, listed))
            #expect(t.moreRoutes == (total > listed) && t.hiddenRoutes == max(0, total - listed) && t.hiddenRoutesExact)
            // The text of a class listed by route ends with the count.
            var byRoute = t
            byRoute.condition = nil
            let lines = SOPDiff.details(byRoute)
            #expect(lines.contains("  … \(total - listed) more routes not shown") == (total > listed), "\(lines)")
        }
        #expect(ChangeImpact.routeLimit == 8)
    }
}
