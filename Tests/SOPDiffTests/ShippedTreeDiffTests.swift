import Foundation
import SOPCompiler
import SOPCore
import SOPDiff
import SOPGraph
import Testing

/// `sopc diff` on the shipped trees: refactors come out equivalent; the worked example agrees with brute force.
@Suite struct ShippedTreeDiffTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func compile(_ path: String) throws -> Program {
        let c = try Compiler.compile(files: [root.appendingPathComponent(path).path])
        #expect(!c.hasErrors, "\(path)")
        return c.program
    }

    /// Every node renamed, the branches of every exclusive node and the cases of every switch reversed.
    static func refactored(_ p: Program) -> Program {
        var q = p
        for n in q.nodes.indices {
            q.nodes[n].name = "step_\(n)_" + q.nodes[n].name
            let exclusive = q.nodes[n].match == .exclusive || { if case .switch = q.nodes[n].form { return true }; return false }()
            guard exclusive else { continue }
            var own = q.nodes[n].branches.filter { !$0.isElse }
            own.reverse()
            q.nodes[n].branches = own + q.nodes[n].branches.filter(\.isElse)
        }
        return q
    }

    @Test func everyShippedTreeRefactoredIsEquivalent() throws {
        let trees = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("trees").path).filter { $0.hasSuffix(".sop.yaml") }.sorted()
        var compared = 0
        for name in trees {
            let old = try Self.compile("trees/\(name)")
            let diff = SOPDiff(old: old, new: Self.refactored(old))
            for s in diff.sops {
                #expect(s.verdict == .equivalent, "\(name): \(s.sop)")
                #expect(s.transitions.isEmpty)
                // Renamed nodes and reordered switch cases or disjoint exclusive branches: the same tree.
                #expect(s.sameStructure, "\(name): \(s.sop)")
                compared += 1
            }
            #expect(diff.added.isEmpty && diff.removed.isEmpty)
            #expect(!diff.hasChanges)
        }
        #expect(compared >= 7)
    }

    @Test func workedExampleAgreesWithBruteForce() throws {
        let old = try Self.compile("trees/account-takeover.sop.yaml")
        let new = try Self.compile("docs/examples/account-takeover-v2.sop.yaml")
        let diff = SOPDiff(old: old, new: new)
        let s = try #require(diff.sops.first)
        #expect(diff.sops.count == 1)
        // Every combination of values, with ints at the edges of every interval the guards cut.
        let sop = try #require(old.sop(named: "account-takeover")).id
        let newSOP = try #require(new.sop(named: "account-takeover")).id
        let names = old.visibleInputs(of: sop).map { old[$0].name }
        func values(_ t: InputType) -> [Value] {
            switch t {
            case .bool: return [.bool(false), .bool(true)]
            case .enumeration(let v): return v.map(Value.string)
            case .int: return [0, 7, 8, 14, 15, 30, 31, 365].map(Value.int)
            case .set(let m): return (0..<(1 << m.count)).map { bits in .set(m.indices.filter { bits & (1 << $0) != 0 }.map { m[$0] }) }
            case .string: return ["mailinator.com", "temp-mail.org", "outlook.com"].map(Value.string)
            }
        }
        let newInputs = new.visibleInputs(of: newSOP)
        let domains = newInputs.map { values(new[$0].type) }
        var expected: Set<String> = []
        var index = Array(repeating: 0, count: domains.count)
        var walked = 0
        while true {
            var nc = Case(inputCount: new.inputs.count)
            var oc = Case(inputCount: old.inputs.count)
            for (k, i) in newInputs.enumerated() {
                nc[i] = domains[k][index[k]]
                if let o = old.visibleInputs(of: sop).first(where: { old[$0].name == new[i].name }) { oc[o] = domains[k][index[k]] }
            }
            let to = new.walk(nc, from: newSOP).outcome.map { new[$0].name } ?? "-"
            let inOld = old.visibleInputs(of: sop).allSatisfy { i in oc[i].map { old[i].type.admits($0) } ?? false }
            if inOld {
                let from = old.walk(oc, from: sop).outcome.map { old[$0].name } ?? "-"
                if from != to { expected.insert("both \(from) \(to)") }
            } else {
                expected.insert("only-new - \(to)")
            }
            walked += 1
            var k = 0
            while k < index.count {
                index[k] += 1
                if index[k] < domains[k].count { break }
                index[k] = 0
                k += 1
            }
            if k == index.count { break }
        }
        #expect(walked > 100_000 && names.count == 7)
        let found = Set(s.transitions.map { "\($0.region.rawValue) \($0.from ?? "-") \($0.to ?? "-")" })
        #expect(found == expected)
        #expect(s.transitions.allSatisfy { $0.verified })
        #expect(s.structural.contains { $0.kind == "fall-through" && $0.message.contains("`disposable_contact`") })
        #expect(s.structural.contains { $0.kind == "value-added" && $0.message.contains("`passkey`") })
        #expect(s.verdict == .changed)
        #expect(SOPDiff.summary(s).hasPrefix("account-takeover: 6 transitions (5 more lenient, 1 changed)"))
        // The tightened threshold shows in the conditions, at its new edge.
        #expect(s.transitions.filter { $0.region == .both }.allSatisfy { $0.condition?.contains("15 <= days_since_change <= 30") ?? false })
    }

    @Test func markdownStaysUnderTheLimitAndSaysWhatWasCut() throws {
        let old = try Self.compile("trees/account-takeover.sop.yaml")
        let new = try Self.compile("docs/examples/account-takeover-v2.sop.yaml")
        let md = SOPDiff(old: old, new: new).markdown()
        #expect(md.hasPrefix("### SOP change impact\n\n| SOP | verdict | summary |"))
        #expect(md.contains("<details><summary><code>account-takeover</code>: changed</summary>"))
        #expect(md.count < SOPDiff.markdownLimit)
        // Many SOPs with changes: the details are cut, the table is whole.
        var diff = SOPDiff(old: old, new: new)
        let one = diff.sops[0]
        diff.sops = Array(repeating: one, count: 200)
        let cut = diff.markdown()
        #expect(cut.count < SOPDiff.markdownLimit)
        #expect(cut.contains("detail sections left out to stay under 60000 characters"))
        #expect(cut.components(separatedBy: "| `account-takeover` |").count == 201)
    }
}
