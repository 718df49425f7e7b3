import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// The compiled walk replay uses must take exactly the route `Program.walk` takes.
@Suite struct CompiledWalkTests {
    @Test func compiledWalkAgreesWithProgramWalkOnGeneratedCases() throws {
        let m = Moderation()
        let schema = SampleSchema(graph: m.graph, fields: FieldNames())
        var options = SampleGenerator.Options()
        options.noise = [m.checkAge: 0.5, m.start: 0.2]
        let generator = SampleGenerator(graph: m.graph, options: options)
        var row = SampleRow(schema: schema)
        var steps: [Walk.Step] = []
        var checked = 0
        for i in 0..<3000 {
            guard var s = generator.sample(i) else { continue }
            // Drop some inputs so missing-input endings are compared too.
            var rng = SplitMix64(seed: UInt64(i))
            for input in [m.region, m.age, m.changes] where rng.below(5) == 0 { s.sample[input] = nil }
            row.reset()
            for (k, v) in s.sample.values.enumerated() {
                guard let v else { continue }
                let slot = try #require(schema.names.firstIndex(of: m.graph.program.inputs[k].name))
                let e: RowError?
                switch v {
                case .bool(let b): e = schema.assignBool(b, slot: slot, row: &row)
                case .int(let n): e = schema.assignInt(n, slot: slot, row: &row)
                case .string(let t): e = Array(t.utf8).withUnsafeBufferPointer { schema.assignText($0, slot: slot, csv: false, row: &row) }
                case .set(let members):
                    let bytes = members.map { Array($0.utf8) }
                    e = withBuffers(bytes) { schema.assignSet($0, slot: slot, row: &row) }
                }
                #expect(e == nil)
            }
            let expected = m.graph.program.walk(s.sample, from: m.graph.sop)
            let end = schema.compiled.walk(row.encoded, steps: &steps)
            #expect(steps == expected.steps)
            switch (expected.end, end) {
            case (.outcome(let a), .outcome(let b)): #expect(a.index == b)
            case (.missingInput(let a, let inputs), .missingInput(let b)):
                #expect(a.index == b)
                #expect(schema.compiled.missing(at: b, row.encoded) == inputs)
            default: Issue.record("walks end differently: \(expected.end) vs \(end)")
            }
            if let o = expected.outcome, o != s.label {
                #expect(schema.compiled.divergence(steps, label: s.label.index, path: s.path) == m.graph.divergence(of: expected, label: s.label, specialistPath: s.path))
                #expect(schema.compiled.divergence(steps, label: s.label.index, path: nil) == m.graph.divergence(of: expected, label: s.label, specialistPath: nil))
            }
            checked += 1
        }
        #expect(checked == 3000)
    }

    func withBuffers(_ arrays: [[UInt8]], _ body: ([UnsafeBufferPointer<UInt8>]) -> RowError?) -> RowError? {
        var joined: [UInt8] = []
        var ranges: [Range<Int>] = []
        for a in arrays {
            ranges.append(joined.count..<joined.count + a.count)
            joined += a
        }
        return joined.withUnsafeBufferPointer { all in body(ranges.map { UnsafeBufferPointer(rebasing: all[$0]) }) }
    }

    @Test func stringInputsCompareByLiteral() throws {
        var b = TreeBuilder()
        let s = b.sop("strings")
        let who = b.input("reporter", .string, in: s)
        let yes = b.outcome("trusted", in: s)
        let no = b.outcome("other", in: s)
        let n = b.declare("who", in: s)
        b.branches(n, match: .first, [
            (.when(source: "reporter in ['police', 'court']"), .oneOf(who, [.string("police"), .string("court")]), .outcome(yes)),
            (.when(source: "reporter != 'anon'"), .compare(who, .notEqual, .string("anon")), .outcome(yes)),
            (.else, .true, .outcome(no)),
        ])
        let graph = ReplayGraph(program: b.program, sop: s)
        var options = ReplayOptions()
        options.jobs = 1
        let text = """
        {"id":"1","reporter":"court","label":"trusted"}
        {"id":"2","reporter":"anon","label":"trusted"}
        {"id":"3","reporter":"someone","label":"other"}
        {"id":"4","label":"other"}
        """
        let r = try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
        #expect(r.replayed == 3 && r.rejected == 1)
        #expect(r.disagreements.map(\.id) == ["2", "3"])
        #expect(r.disagreements.map(\.sop) == [no, yes])
    }
}
