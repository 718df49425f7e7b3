/// A unified diff (`diff -u`, three lines of context) between two versions of a file, as `sopc check
/// --diff` prints it: `--- a/PATH` and `+++ b/PATH` headers, so `git apply` and `patch -p1` take it.
public enum UnifiedDiff {
    /// The diff, or "" when the texts are equal.
    public static func render(path: String, old: String, new: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = lines(old), b = lines(new)
        let script = editScript(a.map { $0.hasNewline ? $0.text + "\n" : String($0.text) }, b.map { $0.hasNewline ? $0.text + "\n" : String($0.text) })
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        // Group changes whose context windows touch into one hunk.
        var i = 0
        while i < script.count {
            guard script[i].kind != .equal else { i += 1; continue }
            var start = i
            var back = 0
            while start > 0, back < context, script[start - 1].kind == .equal { start -= 1; back += 1 }
            var end = i
            while end < script.count {
                if script[end].kind != .equal { end += 1; continue }
                var run = end
                while run < script.count, script[run].kind == .equal { run += 1 }
                if run < script.count, run - end <= 2 * context { end = run; continue }
                end = min(run, end + context)
                break
            }
            let hunk = script[start..<end]
            let oldLines = hunk.filter { $0.kind != .insert }, newLines = hunk.filter { $0.kind != .delete }
            let oldStart = oldLines.first.map { $0.old + 1 } ?? (hunk.first?.old ?? 0)
            let newStart = newLines.first.map { $0.new + 1 } ?? (hunk.first?.new ?? 0)
            out += "@@ -\(range(oldStart, oldLines.count)) +\(range(newStart, newLines.count)) @@\n"
            for op in hunk {
                switch op.kind {
                case .equal: out += " " + line(a[op.old])
                case .delete: out += "-" + line(a[op.old])
                case .insert: out += "+" + line(b[op.new])
                }
            }
            i = end
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private struct Line {
        var text: Substring
        var hasNewline: Bool
    }

    private static func line(_ l: Line) -> String {
        l.hasNewline ? l.text + "\n" : l.text + "\n\\ No newline at end of file\n"
    }

    private static func lines(_ text: String) -> [Line] {
        var result: [Line] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if let nl = rest.firstIndex(of: "\n") {
                result.append(Line(text: rest[..<nl], hasNewline: true))
                rest = rest[rest.index(after: nl)...]
            } else {
                result.append(Line(text: rest, hasNewline: false))
                rest = ""
            }
        }
        return result
    }

    enum Kind { case equal, delete, insert }
    struct Op {
        var kind: Kind
        /// Indices into the old and new lines (for an insert `old` is where it goes, and vice versa).
        var old: Int
        var new: Int
    }

    /// A shortest edit script: common prefix and suffix, then a longest common subsequence of the rest
    /// (all of the rest replaced when it is too large to compare line by line).
    static func editScript(_ a: [String], _ b: [String]) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var ops = (0..<prefix).map { Op(kind: .equal, old: $0, new: $0) }
        let a0 = prefix, a1 = a.count - suffix, b0 = prefix, b1 = b.count - suffix
        let n = a1 - a0, m = b1 - b0
        if n * m > 4_000_000 || n == 0 || m == 0 {
            ops += (a0..<a1).map { Op(kind: .delete, old: $0, new: b0) }
            ops += (b0..<b1).map { Op(kind: .insert, old: a1, new: $0) }
        } else {
            // lcs[i][j]: the longest common subsequence of a[a0+i...] and b[b0+j...].
            var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i * (m + 1) + j] = a[a0 + i] == b[b0 + j]
                        ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                        : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n, j < m, a[a0 + i] == b[b0 + j] {
                    ops.append(Op(kind: .equal, old: a0 + i, new: b0 + j)); i += 1; j += 1
                } else if i < n, j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1] {
                    ops.append(Op(kind: .delete, old: a0 + i, new: b0 + j)); i += 1
                } else {
                    ops.append(Op(kind: .insert, old: a0 + i, new: b0 + j)); j += 1
                }
            }
        }
        ops += (0..<suffix).map { Op(kind: .equal, old: a1 + $0, new: b1 + $0) }
        return ops
    }
}
