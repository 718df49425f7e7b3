import SOPCore
import SOPGraph

extension ReplayResult {
    /// The review's JSON sections, in report order: `root_causes`, then `trends`, `productivity`,
    /// `multi_rater` and `gold` when they apply.
    func reviewJSON() -> [(String, JSONValue)] {
        func num(_ d: Double?) -> JSONValue { d.map { .double($0, fractionDigits: 6) } ?? .null }
        // Agreement coefficients keep 12 decimals, so they can be checked against other implementations.
        func coefficient(_ d: Double?) -> JSONValue { d.map { .double($0, fractionDigits: 12) } ?? .null }
        func outcome(_ o: OutcomeID) -> JSONValue { .string(graph.name(of: o)) }
        func node(_ n: NodeID?) -> JSONValue { n.map { .string(graph.name(of: $0)) } ?? .null }
        func change(_ c: QAReview.Change?) -> JSONValue {
            guard let c else { return .null }
            return .object([
                ("from", .string(c.from)), ("to", .string(c.to)), ("previous", num(c.previous)), ("latest", num(c.latest)),
                ("low", num(c.low)), ("high", num(c.high)), ("flagged", .bool(c.flagged)),
            ])
        }
        let r = review
        var members: [(String, JSONValue)] = []

        let rc = r.rootCauses
        members.append(("root_causes", .object([
            ("label_error", .int(rc.labelError)),
            ("sop_suspect", .int(rc.sopSuspect)),
            ("unclear", .int(rc.unclear)),
            ("by_gold", .int(rc.byGold)),
            ("by_consensus", .int(rc.byConsensus)),
            ("by_pattern", .int(rc.byPattern)),
            ("nodes", .array(rc.nodes.map { n in
                .object([
                    ("node", node(n.node)),
                    ("disagreements", .int(n.disagreements)),
                    ("sop_suspect", .int(n.sopSuspect)),
                    ("label_error", .int(n.labelError)),
                    ("unclear", .int(n.unclear)),
                    ("question", .string(graph.program.nodes[n.node.index].question)),
                    ("suspect_pattern", patternJSON(n.node, n.suspectPattern)),
                ])
            })),
            ("label_unreachable", .object([
                ("label_error", .int(rc.unreachable.labelError)), ("sop_suspect", .int(rc.unreachable.sopSuspect)), ("unclear", .int(rc.unreachable.unclear)),
            ])),
            ("labelers", .array(rc.labelers.map { l in
                .object([("labeler", .string(l.labeler)), ("label_error", .int(l.labelError)), ("sop_suspect", .int(l.sopSuspect)), ("unclear", .int(l.unclear))])
            })),
        ])))

        if let t = r.trends {
            func series(_ s: QAReview.Series, key: String) -> JSONValue {
                .object([
                    (key, .string(s.name)),
                    ("periods", .array(s.points.map { p in
                        .object([
                            ("period", .string(p.period)), ("samples", .int(p.samples)), ("agree", .int(p.agree)),
                            ("disagreements", .int(p.disagreements)), ("agreement", num(p.agreement)), ("kappa", num(p.kappa)),
                        ])
                    })),
                    ("change", change(s.change)),
                ])
            }
            members.append(("trends", .object([
                ("period", .string(t.period.rawValue)),
                ("periods", .array(t.periods.map(JSONValue.string))),
                ("overall", series(t.overall, key: "labeler")),
                ("labelers", .array(t.labelers.map { series($0, key: "labeler") })),
                ("nodes", .array(t.nodes.map { n in
                    .object([
                        ("node", node(n.node)),
                        ("periods", .array(n.points.map { p in
                            .object([("period", .string(p.period)), ("disagreements", .int(p.disagreements)), ("rate", num(p.rate))])
                        })),
                        ("change", change(n.change)),
                    ])
                })),
            ])))
        }

        if let p = r.productivity {
            func kpi(_ k: QAReview.LabelerKPI) -> JSONValue {
                .object([
                    ("labeler", .string(k.labeler)), ("labels", .int(k.labels)), ("timed", .int(k.timed)),
                    ("seconds", .double(k.seconds, fractionDigits: 3)), ("labels_per_hour", num(k.labelsPerHour)),
                    ("median_seconds", num(k.medianSeconds)), ("p90_seconds", num(k.p90Seconds)),
                    ("accuracy", num(k.accuracy)), ("gold_accuracy", num(k.goldAccuracy)),
                    ("below_accuracy_target", .bool(k.belowAccuracyTarget)), ("below_rate_target", .bool(k.belowRateTarget)),
                ])
            }
            members.append(("productivity", .object([
                ("accuracy_target", num(p.accuracyTarget)),
                ("rate_target", num(p.rateTarget)),
                ("team", kpi(p.team)),
                ("labelers", .array(p.labelers.map(kpi))),
            ])))
        }

        if let m = r.multiRater {
            func item(_ c: QAReview.ItemConsensus) -> JSONValue {
                .object([
                    ("id", .string(c.id)),
                    ("labels", .object(c.labels.map { (graph.name(of: $0.outcome), .int($0.count)) })),
                    ("majority", c.majority.map(outcome) ?? .null),
                    ("share", num(c.share)),
                    ("sop", outcome(c.sop)),
                ])
            }
            members.append(("multi_rater", .object([
                ("items", .int(m.items)),
                ("labels", .int(m.labels)),
                ("min_labels", .int(m.minLabels)),
                ("max_labels", .int(m.maxLabels)),
                ("fleiss_kappa", coefficient(m.fleissKappa)),
                ("krippendorff_alpha", coefficient(m.krippendorffAlpha)),
                ("with_majority", .int(m.withMajority)),
                ("unanimous", .int(m.unanimous)),
                ("no_majority", .int(m.noMajority)),
                ("majority_agrees_with_sop", .int(m.majorityAgreesWithSOP)),
                ("labelers", .array(m.labelers.map(JSONValue.string))),
                ("pairs", .array(m.pairs.map { p in
                    .object([("a", .string(p.a)), ("b", .string(p.b)), ("items", .int(p.items)), ("agree", .int(p.agree)), ("kappa", coefficient(p.kappa))])
                })),
                ("no_majority_items", .array(m.noMajorityItems.map(item))),
                ("lowest_consensus", .array(m.lowestConsensus.map(item))),
            ])))
        }

        if let g = r.gold {
            func accuracy(_ a: QAReview.Accuracy, key: String = "name") -> JSONValue {
                .object([(key, .string(a.name)), ("rows", .int(a.rows)), ("correct", .int(a.correct)), ("accuracy", num(a.accuracy))])
            }
            members.append(("gold", .object([
                ("entries", .int(g.entries)),
                ("matched_items", .int(g.matchedItems)),
                ("rows", .int(g.rows)),
                ("sop", accuracy(g.sop)),
                ("labels", accuracy(g.labels)),
                ("ai", g.ai.map { accuracy($0) } ?? .null),
                ("labelers", .array(g.labelers.map { accuracy($0, key: "labeler") })),
                ("defects", .int(g.defects)),
                ("defect_nodes", .array(g.defectNodes.map { .object([("node", node($0.node)), ("count", .int($0.count))]) })),
                ("defect_cases", .array(g.defectCases.map { d in
                    var m: [(String, JSONValue)] = [("id", .string(d.id)), ("line", .int(d.line)), ("sop", outcome(d.sop)), ("gold", outcome(d.gold))]
                    m += d.divergence.jsonFields(graph)
                    return .object(m)
                })),
            ])))
        }
        return members
    }

    /// A verdict's evidence as JSON.
    func evidenceJSON(_ v: QAReview.Verdict) -> JSONValue {
        switch v.evidence {
        case .gold(let o): return .object([("kind", .string("gold")), ("outcome", .string(graph.name(of: o)))])
        case .consensus(let o, let agreeing, let others):
            return .object([("kind", .string("consensus")), ("outcome", .string(graph.name(of: o))), ("agreeing", .int(agreeing)), ("others", .int(others))])
        case .pattern(let n, let share): return .object([("kind", .string("pattern")), ("labelers", .int(n)), ("share", .double(share, fractionDigits: 6))])
        case .none: return .object([("kind", .string("none"))])
        }
    }

    /// A verdict's evidence in words, for the text and HTML reports.
    public func evidenceText(_ v: QAReview.Verdict) -> String {
        switch v.evidence {
        case .gold(let o): return "gold is `\(graph.name(of: o))`"
        case .consensus(let o, let agreeing, let others): return "\(agreeing) of \(others) other label(s) chose `\(graph.name(of: o))`"
        case .pattern(let n, let share): return "\(n) labelers made the same choice here, on \(ReplayResult.percent(share)) of the rows through this branch"
        case .none: return "no gold, no deciding other labels, no shared pattern"
        }
    }
}
