import Foundation
import SOPCore
@testable import SOPExport
import SOPGraph
import Testing

@Suite("Quiz")
struct QuizTests {
    @Test("GIFT quizzes match their golden files")
    func giftGolden() throws {
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let text = try ExportHarness.export("quiz", program, [sop], seed: 7)[0].contents
            try ExportHarness.assertGolden(text, program[sop].name + ".gift")
        }
    }

    @Test("scenarios cover every branch and outcome, and the stem alone decides the answer")
    func coverage() throws {
        let program = ExportHarness.shipped.program
        var boundaries = 0
        for sop in ExportHarness.shippedTrees {
            let quiz = Quiz(program: program, sop: sop, seed: 1)
            #expect(quiz.uncovered.isEmpty, "\(program[sop].name): no scenario for \(quiz.uncovered)")
            var taken: Set<Walk.Step> = []
            var outcomes: Set<OutcomeID> = []
            for q in quiz.questions {
                // A case built from the stem's facts only reaches the keyed outcome: the trainee has what they need.
                var c = Case(inputCount: program.inputs.count)
                for f in q.facts { c[f.input] = f.value }
                let walk = program.walk(c, from: sop)
                #expect(walk.outcome == q.answer, "\(program[sop].name) \(q.number): the stem does not decide the answer")
                #expect(program.pathText(walk, from: sop) == q.path)
                #expect(q.options.filter { $0 == q.answer }.count == 1)
                #expect(Set(q.options).count == q.options.count)
                #expect(q.options.count >= 2)
                taken.formUnion(walk.steps)
                outcomes.insert(q.answer)
                if q.kind == .boundary { boundaries += 1 }
            }
            for n in program[sop].nodes {
                for i in program[n].branches.indices {
                    #expect(taken.contains(Walk.Step(node: n, branch: i)), "\(program[sop].name).\(program[n].name) branch \(i) untested")
                }
            }
            for o in Quiz.outcomes(program, sop) {
                #expect(outcomes.contains(o), "\(program[sop].name): outcome \(program[o].name) never asked")
            }
        }
        #expect(boundaries > 0)
    }

    @Test("boundary pairs sit on both sides of each int threshold")
    func boundaries() throws {
        let c = ExportHarness.compile("""
            sop: ladder
            title: Ladder
            inputs:
              strikes: { type: int, range: [0, 100], question: How many strikes? }
            outcomes:
              ban: { title: Ban }
              warn: { title: Warn }
              none: { title: Nothing }
            start: top
            nodes:
              top:
                question: How many strikes?
                match: first
                branches:
                  - when: "strikes >= 50"
                    then: ban
                  - when: "strikes > 9"
                    then: warn
                  - else: none
            """)
        let sop = try #require(c.program.sop(named: "ladder")).id
        let quiz = Quiz(program: c.program, sop: sop, seed: 0)
        let pairs = quiz.questions.filter { $0.kind == .boundary }.map { ($0.boundary!.value, c.program[$0.answer].name) }
        #expect(pairs.map(\.0) == [49, 50, 9, 10])
        #expect(pairs.map(\.1) == ["warn", "ban", "none", "warn"])
    }

    @Test("the same seed gives the same bytes; another seed shuffles the options")
    func seeds() throws {
        let program = ExportHarness.shipped.program
        let sops = ExportHarness.shippedTrees
        for format in ["quiz", "quiz-json"] {
            let a = try ExportHarness.export(format, program, sops, seed: 3)
            #expect(try ExportHarness.export(format, program, sops, seed: 3) == a)
            #expect(try ExportHarness.export(format, program, sops, seed: 4) != a)
        }
    }

    @Test("GIFT is well formed: one right answer per question, every control character escaped")
    func giftSyntax() throws {
        let program = ExportHarness.shipped.program
        let c = ExportHarness.compile(ExportHarness.hostile)
        let evil = try #require(c.program.sop(named: "evil")).id
        let texts = [try ExportHarness.export("quiz", program, ExportHarness.shippedTrees)[0].contents,
                     try ExportHarness.export("quiz", c.program, [evil])[0].contents]
        for text in texts {
            var questions = 0
            for block in text.components(separatedBy: "\n\n") where block.contains("::") {
                let lines = block.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("//") && !$0.hasPrefix("$CATEGORY") }
                guard let head = lines.first else { continue }
                questions += 1
                // Unescaped control characters: only the title's two `::` pairs and the opening brace.
                let unescaped = Self.unescaped(head)
                #expect(unescaped == ["::", "::", "{"], "\(head)")
                #expect(lines.last == "}")
                let answers = lines.dropFirst().dropLast()
                #expect(answers.filter { $0.hasPrefix("  =") }.count == 1)
                #expect(answers.allSatisfy { $0.hasPrefix("  =") || $0.hasPrefix("  ~") })
                for a in answers {
                    // After the marker, one unescaped `#` starts the feedback; nothing else is unescaped.
                    #expect(Self.unescaped(String(a.dropFirst(3))) == ["#"], "\(a)")
                }
            }
            #expect(questions > 0)
        }
    }

    /// GIFT's control characters not preceded by a backslash, in order (`::` counted as one).
    static func unescaped(_ s: String) -> [String] {
        var result: [String] = []
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "\\" { i += 2; continue }
            if ch == ":" && i + 1 < chars.count && chars[i + 1] == ":" { result.append("::"); i += 2; continue }
            if "~=#{}:".contains(ch) { result.append(String(ch)) }
            i += 1
        }
        chars = []
        return result
    }
}
