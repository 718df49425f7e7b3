import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct MetricsTests {
    @Test func kappaMatchesHandComputedValues() throws {
        // po = 35/50, pe = (25*30 + 25*20) / 50^2 = 0.5, kappa = 0.4
        let two = try #require(Metrics.kappa([20, 5, 10, 15], size: 2))
        #expect(abs(two - 0.4) < 1e-12)
        // po = 0.74, pe = (15*15 + 15*15 + 20*20) / 2500 = 0.34, kappa = 0.4 / 0.66
        let three = try #require(Metrics.kappa([10, 2, 3, 1, 12, 2, 4, 1, 15], size: 3))
        #expect(abs(three - 0.4 / 0.66) < 1e-12)
        #expect(Metrics.kappa([0, 0, 0, 0], size: 2) == nil)
        // Both raters always say the same single class: perfect agreement.
        #expect(Metrics.kappa([7, 0, 0, 0], size: 2) == 1)
        // One rater constant, the other not: pe = po, kappa 0.
        #expect(Metrics.kappa([20, 5, 0, 0], size: 2) == 0)
    }

    /// 20 allow/allow and 5 allow/ban from alice; 10 ban/allow and 15 ban/ban from bob (sop/label).
    static func fixture() -> String {
        var lines: [String] = []
        var n = 0
        func add(_ sopAllow: Bool, _ label: String, _ labeler: String, _ count: Int) {
            for _ in 0..<count {
                n += 1
                let inputs = sopAllow ? "\"verified\":true,\"region\":\"US\"" : "\"verified\":false,\"age\":10"
                lines.append("{\"id\":\"\(n)\",\(inputs),\"label\":\"\(label)\",\"labeler\":\"\(labeler)\"}")
            }
        }
        add(true, "allow", "alice", 20)
        add(true, "ban", "alice", 5)
        add(false, "allow", "bob", 10)
        add(false, "ban", "bob", 15)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func replayComputesAgreementConfusionAndPerOutcomeScores() throws {
        let m = Moderation()
        let r = try m.replay(Self.fixture())
        #expect(r.samples == 50 && r.replayed == 50 && r.rejected == 0)
        #expect(r.agree == 35 && r.disagree == 15)
        #expect(r.agreement == 0.7)
        #expect(abs(try #require(r.kappa) - 0.4) < 1e-12)
        #expect(r.count(sop: m.allow, label: m.allow) == 20)
        #expect(r.count(sop: m.allow, label: m.ban) == 5)
        #expect(r.count(sop: m.ban, label: m.allow) == 10)
        #expect(r.count(sop: m.ban, label: m.ban) == 15)

        let stats = Dictionary(uniqueKeysWithValues: r.outcomeStats.map { ($0.outcome, $0) })
        let allow = try #require(stats[m.allow])
        #expect(allow.support == 30 && allow.predicted == 25 && allow.truePositives == 20)
        #expect(allow.precision == 0.8)
        let recall = try #require(allow.recall)
        let f1 = try #require(allow.f1)
        let expectedF1: Double = 2 * 0.8 * (2.0 / 3) / (0.8 + 2.0 / 3)
        #expect(abs(recall - 20.0 / 30) < 1e-12)
        #expect(abs(f1 - expectedF1) < 1e-12)
        let ban = try #require(stats[m.ban])
        #expect(ban.precision == 0.6 && ban.recall == 0.75)
        let banF1 = try #require(ban.f1)
        let expectedBanF1: Double = 2 * 0.6 * 0.75 / 1.35
        #expect(abs(banF1 - expectedBanF1) < 1e-12)
        // Reachable but never predicted nor labeled: no precision or recall.
        let review = try #require(stats[m.review])
        #expect(review.support == 0 && review.precision == nil && review.recall == nil)
        // Declared but unreachable and never named: not listed.
        #expect(stats[m.archive] == nil)
    }

    @Test func labelersGetTheirOwnAgreementKappaAndTargetFlag() throws {
        let r = try Moderation().replay(Self.fixture())
        let labelers = r.labelerStats(target: 0.75)
        #expect(labelers.map(\.labeler) == ["alice", "bob"])
        #expect(labelers[0].samples == 25 && labelers[0].agreement == 0.8 && !labelers[0].belowTarget)
        #expect(labelers[1].samples == 25 && labelers[1].agreement == 0.6 && labelers[1].belowTarget)
        // alice: the SOP always says allow, so kappa is 0 (pe = po = 0.8).
        #expect(abs(try #require(labelers[0].kappa)) < 1e-12)
    }

    @Test func nodeStatsCountReachedAndDisagreementsWithTheCommonPattern() throws {
        let m = Moderation()
        let r = try m.replay(Self.fixture())
        let nodes = r.nodeStats
        // 25 rows reach check_region (5 disagree there: allow vs ban is not reachable from check_region,
        // so the rule moves up to start), 25 reach check_age.
        let byNode = Dictionary(uniqueKeysWithValues: nodes.map { ($0.node, $0) })
        #expect(byNode[m.start]?.reached == 50)
        #expect(byNode[m.checkRegion]?.reached == 25)
        #expect(byNode[m.checkAge]?.reached == 25)
        // SOP ban (check_age, age < 18) labeled allow: reachable through check_age's else.
        #expect(byNode[m.checkAge]?.disagreements == 10)
        // SOP allow via check_region labeled ban: only start's false branch leads to ban.
        #expect(byNode[m.start]?.disagreements == 5)
        #expect(nodes.first?.node == m.checkAge)
        let pattern = try #require(byNode[m.checkAge]?.pattern)
        #expect(pattern.label == m.allow && pattern.count == 10 && m.graph.describe(node: m.checkAge, branch: pattern.branch) == "age < 18")
        #expect(byNode[m.checkAge]?.rate == 0.4)
    }

    @Test func aiTableSortsRowsIntoTheFiveCases() throws {
        let m = Moderation()
        let text = [
            // sop allow
            #"{"id":"1","verified":true,"region":"US","label":"allow","ai":"allow"}"#,  // all agree
            #"{"id":"2","verified":true,"region":"US","label":"allow","ai":"ban"}"#,    // ai wrong
            #"{"id":"3","verified":true,"region":"US","label":"ban","ai":"allow"}"#,    // label wrong
            #"{"id":"4","verified":true,"region":"US","label":"ban","ai":"ban"}"#,      // sop differs
            #"{"id":"5","verified":true,"region":"US","label":"ban","ai":"escalate"}"#, // all differ
            #"{"id":"6","verified":true,"region":"US","label":"allow"}"#,               // no ai
        ].joined(separator: "\n")
        let r = try m.replay(text)
        let ai = try #require(r.aiStats)
        #expect(ai.samples == 5)
        #expect((ai.allAgree, ai.aiWrong, ai.labelWrong, ai.sopDiffers, ai.allDiffer) == (1, 1, 1, 1, 1))
        #expect(ai.agreesWithSOP == 2 && ai.agreesWithLabel == 2)
        // ai ban leaves at start (twice), ai escalate at check_region (once).
        #expect(ai.nodes.map(\.node) == [m.start, m.checkRegion])
        #expect(ai.nodes.map(\.divergences) == [2, 1])
    }

    @Test func coverageListsUntakenBranchesAndUnproducedOutcomes() throws {
        let m = Moderation()
        let r = try m.replay(#"{"verified":true,"region":"US","label":"allow"}"#)
        #expect(r.branchTotal == 8)
        let untaken = r.unexercisedBranches.map { "\(m.graph.name(of: $0.node)):\(m.graph.describe(node: $0.node, branch: $0.branch))" }
        #expect(untaken == [
            "start:verified == false", "check_region:region == 'EU'", "check_age:age < 18", "check_age:else",
            "check_changes:'2fa' in changes", "check_changes:else",
        ])
        #expect(r.unexercisedOutcomes == [m.review, m.ban, m.escalate])
    }
}
