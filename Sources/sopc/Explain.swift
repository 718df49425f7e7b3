import ArgumentParser
import SOPCore
import SOPReporters

extension SOPC {
    /// `sopc explain CODE`: what a diagnostic means, with a bad and a fixed example.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Explain a diagnostic code, with an example and its fix.")

        @Argument(help: "A diagnostic code, e.g. `unreachable-node`. Omit it to list every code.")
        var code: String?

        func run() throws {
            guard let code else {
                let width = DiagnosticCode.all.map(\.id.count).max() ?? 0
                var out = ""
                for c in DiagnosticCode.all {
                    let padded = c.id + String(repeating: " ", count: width - c.id.count)
                    out += "\(padded)  \(c.defaultSeverity.rawValue.padding(7))  \(c.summary)\n"
                }
                return try Output.standardOutput(out)
            }
            guard let found = DiagnosticCode.named(code) else {
                let suggestion = Spelling.suggestion(for: code, among: DiagnosticCode.all.map(\.id))
                throw ExitStatus.usageError("unknown diagnostic code `\(code)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; run `sopc explain` to list them"))
            }
            try Output.standardOutput(ExplainRenderer.text(found))
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
