import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// Routes (`sopc why`, the handbook's "how a case gets here") against brute force: every path through the
/// graph, kept when the solver finds a case for the conjunction of its effective guards.
@Suite("Routes")
struct RouteTests {
    /// Every graph path from the start to `destination` over the SOP's own nodes, as (node, branch) steps.
    static func allPaths(_ program: Program, _ sop: SOPID, to destination: RouteDestination) -> [[Walk.Step]] {
        var result: [[Walk.Step]] = []
        func visit(_ n: NodeID, _ path: [Walk.Step]) {
            for (i, b) in program[n].branches.enumerated() {
                let step = Walk.Step(node: n, branch: i)
                switch b.target {
                case .node(let m)? where program[m].sop == sop:
                    if destination == .node(m) { result.append(path + [step]) }
                    visit(m, path + [step])
                case .outcome(let o)? where destination == .outcome(o):
                    result.append(path + [step])
                case .call(let s)? where destination == .call(s):
                    result.append(path + [step])
                default:
                    break
                }
            }
        }
        if let start = program[sop].start { visit(start, []) }
        return result
    }

    static func feasible(_ program: Program, _ sop: SOPID, _ path: [Walk.Step]) -> Bool {
        let g = Guard.and(path.map { program.effectiveGuards(of: program[$0.node])[$0.branch] })
        if case .satisfiable = Solver(program: program).solve(g, in: sop) { return true }
        return false
    }

    @Test("routes cover exactly the possible paths of every shipped tree")
    func againstBruteForce() throws {
        let program = ExportHarness.shipped.program
        var checked = 0
        for sop in ExportHarness.shippedTrees {
            let finder = RouteFinder(program: program, sop: sop)
            var destinations: [RouteDestination] = program[sop].nodes.map { .node($0) }
            for n in program[sop].nodes {
                for b in program[n].branches {
                    if case .outcome(let o)? = b.target { destinations.append(.outcome(o)) }
                    if case .call(let s)? = b.target { destinations.append(.call(s)) }
                }
            }
            for d in Set(destinations).sorted(by: { "\($0)" < "\($1)" }) {
                let routes = finder.routes(to: d, limit: 10_000)
                #expect(routes.complete)
                let expanded = Set(routes.routes.flatMap { route in
                    route.steps.reduce([[Walk.Step]]([[]])) { acc, step in
                        acc.flatMap { prefix in step.branches.map { prefix + [Walk.Step(node: step.node, branch: $0)] } }
                    }
                })
                let possible = Self.allPaths(program, sop, to: d).filter { Self.feasible(program, sop, $0) }
                if case .node(let n) = d, n == program[sop].start {
                    #expect(routes.routes == [Route(steps: [])])
                    continue
                }
                // Every possible path is one of the routes' choices, and every route is itself possible.
                #expect(Set(possible).isSubset(of: expanded), "\(program[sop].name) \(d)")
                for route in routes.routes {
                    let g = Guard.and(route.steps.map { step in .or(step.branches.map { program.effectiveGuards(of: program[step.node])[$0] }) })
                    if case .satisfiable = Solver(program: program).solve(g, in: sop) {} else {
                        Issue.record("impossible route in \(program[sop].name) to \(d)")
                    }
                }
                // No route is listed twice, and an impossible-only destination has none.
                #expect(Set(routes.routes).count == routes.routes.count)
                #expect(possible.isEmpty == routes.routes.isEmpty)
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("every example's walk is one of the routes to where it ends")
    func examplesFollowRoutes() throws {
        let program = ExportHarness.shipped.program
        for sop in ExportHarness.shippedTrees {
            let finder = RouteFinder(program: program, sop: sop)
            for e in program[sop].examples {
                var c = Case(inputCount: program.inputs.count)
                for (k, v) in e.given { c[k] = v }
                let walk = program.walk(c, from: sop)
                let own = Array(walk.steps.prefix { program[$0.node].sop == sop })
                guard let last = own.last, let target = program[last.node].branches[last.branch].target else { continue }
                let d: RouteDestination
                switch target {
                case .outcome(let o): d = .outcome(o)
                case .call(let s): d = .call(s)
                case .node(let n): d = .node(n)
                }
                let routes = finder.routes(to: d, limit: 10_000).routes
                let matches = routes.contains { r in
                    r.steps.count == own.count && zip(r.steps, own).allSatisfy { $0.node == $1.node && $0.branches.contains($1.branch) }
                }
                #expect(matches, "\(program[sop].name): \(e.name)")
            }
        }
    }
}
