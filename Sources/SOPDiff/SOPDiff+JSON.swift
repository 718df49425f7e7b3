import SOPCore

extension SOPDiff {
    /// The report as one JSON object: `sops [{sop, verdict, summary, transitions, structural, examples}]`,
    /// `added`, `removed`, and `samples` when samples were replayed.
    public func json(samples: DiffSamples? = nil) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func dbl(_ d: Double?) -> JSONValue { d.map { .double($0, fractionDigits: 6) } ?? .null }
        var fields: [(String, JSONValue)] = [("sops", .array(sops.map { s in
            .object([
                ("sop", .string(s.sop)),
                ("verdict", .string(s.verdict.rawValue)),
                ("same_structure", .bool(s.sameStructure)),
                ("summary", .string(Self.summary(s))),
                ("transitions", .array(s.transitions.map { t in
                    var o: [(String, JSONValue)] = [
                        ("region", .string(t.region.rawValue)), ("from", opt(t.from)), ("to", opt(t.to)), ("kind", .string(t.kind.rawValue)),
                        ("condition", opt(t.condition)),
                        ("common", .array(t.common.map(JSONValue.string))),
                        ("alternatives", .array(t.alternatives.map { .array($0.map(JSONValue.string)) })),
                        ("omitted", .int(t.omitted)),
                        ("witness", .object(t.witness.entries.map { ($0.input, Self.json($0.value)) })),
                        ("verified", .bool(t.verified)),
                        ("old_path", opt(t.oldPath)), ("new_path", opt(t.newPath)),
                        ("routes", .array(t.routes.map { .object([("old_path", opt($0.old)), ("new_path", opt($0.new)), ("condition", .string($0.condition)), ("within_class", .string($0.withinClass))]) })),
                        // null: whether other routes are taken was not decided within the work bound.
                        ("more_routes", t.moreRoutes || t.hiddenRoutesExact ? .bool(t.moreRoutes) : .null),
                    ]
                    if let samples, samples.sop == s.sop {
                        let f = samples.flip(from: t.from, to: t.to)
                        o.append(("samples", .object([("count", .int(f?.count ?? 0)), ("ids", .array((f?.ids ?? []).map(JSONValue.string)))])))
                    }
                    return .object(o)
                })),
                ("structural", .array(s.structural.map { .object([("kind", .string($0.kind)), ("message", .string($0.message))]) })),
                // Only for `unknown`, and only when known: where the versions first differ.
                ("first_differences", s.verdict != .unknown || s.differingNodes == 0 ? .null : .object([
                    ("nodes", .int(s.differingNodes)),
                    ("listed", .array(s.firstDifferences.map { d in
                        .object([("node", .string(d.node)), ("moves", d.moves.map { ms in .array(ms.map { m in
                            .object([("old", .string(m.old)), ("new", .string(m.new)), ("condition", .string(m.condition)), ("reached", Self.json(m.reach))]) }) } ?? .null)])
                    })),
                ])),
                ("examples", .object([("passed", .int(s.examples.passed)), ("failed", .int(s.examples.failed))])),
            ])
        })), ("added", .array(added.map(JSONValue.string))), ("removed", .array(removed.map(JSONValue.string)))]
        if let s = samples {
            fields.append(("samples", .object([
                ("sop", .string(s.sop)), ("samples", .int(s.samples)), ("evaluated", .int(s.evaluated)), ("rejected", .int(s.rejected)),
                ("old_volumes", .object(s.volumes.map { ($0.outcome, .int($0.before)) })),
                ("new_volumes", .object(s.volumes.map { ($0.outcome, .int($0.after)) })),
                ("flipped", .array(s.flips.map { .object([("from", .string($0.from)), ("to", .string($0.to)), ("count", .int($0.count)), ("ids", .array($0.ids.map(JSONValue.string)))]) })),
                ("labeled", .int(s.labeled)),
                ("fixed", .int(s.fixed)), ("introduced", .int(s.introduced)),
                ("fixed_ids", .array(s.fixedIDs.map(JSONValue.string))), ("introduced_ids", .array(s.introducedIDs.map(JSONValue.string))),
                ("agreement", .object([("before", dbl(s.agreementBefore)), ("after", dbl(s.agreementAfter))])),
                ("kappa", .object([("before", dbl(s.kappaBefore)), ("after", dbl(s.kappaAfter))])),
            ])))
        }
        return .object(fields)
    }

    /// What is known of the cases that reach a node where the versions first differ and make a move:
    /// null (not asked or not decided), false (none does), or the case found, where it ends and its paths.
    static func json(_ r: FirstDifference.Reach) -> JSONValue {
        switch r {
        case .notAsked, .undecided: return .null
        case .none: return .bool(false)
        case .reached(let witness, let from, let to, let kind, let oldPath, let newPath, _, _):
            return .object([("witness", .object(witness.entries.map { ($0.input, Self.json($0.value)) })),
                            ("from", from.map(JSONValue.string) ?? .null), ("to", to.map(JSONValue.string) ?? .null), ("kind", .string(kind.rawValue)),
                            ("old_path", .string(oldPath)), ("new_path", .string(newPath))])
        }
    }

    static func json(_ v: Value) -> JSONValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .set(let m): return .array(m.map(JSONValue.string))
        }
    }
}
