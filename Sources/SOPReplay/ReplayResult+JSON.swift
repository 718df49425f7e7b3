import SOPCore
import SOPGraph

extension ReplayResult {
    /// A node's (SOP branch → label, count) pattern as JSON: `{sop_branch, label, count}` or `null`.
    func patternJSON(_ node: NodeID, _ p: (branch: Int, label: OutcomeID, count: Int)?) -> JSONValue {
        guard let p else { return .null }
        return .object([
            ("sop_branch", .string(graph.describe(node: node, branch: p.branch))),
            ("label", .string(graph.name(of: p.label))),
            ("count", .int(p.count)),
        ])
    }

    /// The report as JSON: `summary`, `confusion`, `outcomes`, `nodes`, `labelers`, `ai` (when rows carry
    /// one), `coverage`, the review (`root_causes`, `trends`, `productivity`, `multi_rater`, `gold`),
    /// `disagreements`, `rejected`.
    public func json(target: Double) -> JSONValue {
        func num(_ d: Double?) -> JSONValue { d.map { .double($0, fractionDigits: 6) } ?? .null }
        func outcome(_ o: OutcomeID) -> JSONValue { .string(graph.name(of: o)) }
        func node(_ n: NodeID) -> JSONValue { .string(graph.name(of: n)) }

        var members: [(String, JSONValue)] = []
        members.append(("sop", .string(graph.program.sops[graph.sop.index].name)))
        members.append(("summary", .object([
            ("samples", .int(samples)),
            ("replayed", .int(replayed)),
            ("rejected", .int(rejected)),
            ("agree", .int(agree)),
            ("disagree", .int(disagree)),
            ("agreement", num(agreement)),
            ("kappa", num(kappa)),
            ("label_unreachable", .int(labelUnreachable)),
            ("repeated_id_labeler_pairs", .int(repeatedPairs)),
            ("unattributed_labeler_rows", .int(unattributedRows)),
            ("rows_before_trend_periods", .int(rowsBeforeTrendPeriods)),
            ("ungrouped_item_rows", .int(ungroupedItemRows)),
            ("rejected_by_reason", .object(rejectedByKind.map { ($0.rawValue, .int($1)) })),
        ])))

        let listed = reportedOutcomes
        members.append(("confusion", .object([
            ("rows", .string("sop")),
            ("columns", .string("label")),
            ("outcomes", .array(listed.map(outcome))),
            ("matrix", .array(listed.map { s in .array(listed.map { l in .int(count(sop: s, label: l)) }) })),
        ])))

        members.append(("outcomes", .array(outcomeStats.map { s in
            .object([
                ("outcome", outcome(s.outcome)),
                ("support", .int(s.support)),
                ("predicted", .int(s.predicted)),
                ("true_positives", .int(s.truePositives)),
                ("precision", num(s.precision)),
                ("recall", num(s.recall)),
                ("f1", num(s.f1)),
            ])
        })))

        members.append(("nodes", .array(nodeStats.map { s in
            .object([
                ("node", node(s.node)),
                ("reached", .int(s.reached)),
                ("disagreements", .int(s.disagreements)),
                ("rate", num(s.rate)),
                ("sop_suspect", .int(s.sopSuspect)),
                ("label_error", .int(s.labelError)),
                ("unclear", .int(s.unclear)),
                ("pattern", patternJSON(s.node, s.pattern)),
            ])
        })))

        members.append(("labelers", .array(labelerStats(target: target).map { l in
            .object([
                ("labeler", .string(l.labeler)),
                ("samples", .int(l.samples)),
                ("agree", .int(l.agree)),
                ("agreement", num(l.agreement)),
                ("kappa", num(l.kappa)),
                ("below_target", .bool(l.belowTarget)),
            ])
        })))

        if let a = aiStats {
            members.append(("ai", .object([
                ("samples", .int(a.samples)),
                ("agrees_with_sop", .int(a.agreesWithSOP)),
                ("agrees_with_label", .int(a.agreesWithLabel)),
                ("sop_agreement", num(a.sopAgreement)),
                ("label_agreement", num(a.labelAgreement)),
                ("label_kappa", num(a.labelKappa)),
                ("three_way", .object([
                    ("all_agree", .int(a.allAgree)),
                    ("ai_wrong", .int(a.aiWrong)),
                    ("label_wrong", .int(a.labelWrong)),
                    ("sop_differs", .int(a.sopDiffers)),
                    ("all_differ", .int(a.allDiffer)),
                ])),
                ("nodes", .array(a.nodes.map { .object([("node", node($0.node)), ("divergences", .int($0.divergences))]) })),
                ("unreachable", .int(a.unreachable)),
            ])))
        }

        let branches = unexercisedBranches
        let outcomesLeft = unexercisedOutcomes
        members.append(("coverage", .object([
            ("branches", .int(branchTotal)),
            ("exercised_branches", .int(branchTotal - branches.count)),
            ("outcomes", .int(graph.reachableOutcomes.count)),
            ("exercised_outcomes", .int(graph.reachableOutcomes.count - outcomesLeft.count)),
            ("unexercised_branches", .array(branches.map { b in
                .object([("node", node(b.node)), ("branch", .string(graph.describe(node: b.node, branch: b.branch)))])
            })),
            ("unexercised_outcomes", .array(outcomesLeft.map(outcome))),
        ])))

        members += reviewJSON()

        members.append(("disagreements_listed", .int(disagreements.count)))
        members.append(("disagreements", .array(disagreements.map { d in
            var m: [(String, JSONValue)] = [
                ("id", .string(d.id)),
                ("line", .int(d.line)),
                ("label", outcome(d.label)),
                ("sop", outcome(d.sop)),
            ]
            m += d.divergence.jsonFields(graph)
            m.append(("path", .array(d.path.map(node))))
            if let p = d.specialistPath { m.append(("specialist_path", .array(p.map(node)))) }
            if let l = d.labeler { m.append(("labeler", .string(l))) }
            if let a = d.ai { m.append(("ai", outcome(a))) }
            if let v = review.rootCauses.verdict(line: d.line) {
                m.append(("cause", .string(v.cause.rawValue)))
                m.append(("evidence", evidenceJSON(v)))
            }
            return .object(m)
        })))

        members.append(("rejected_listed", .int(rejectedRows.count)))
        members.append(("rejected", .array(rejectedRows.map { r in
            .object([
                ("line", .int(r.line)),
                ("id", r.id.map(JSONValue.string) ?? .null),
                ("kind", .string(r.kind.rawValue)),
                ("reason", .string(r.reason)),
            ])
        })))
        return .object(members)
    }
}
