import ArgumentParser
import SOPCore
import SOPReporters

extension SOPC {
    /// `sopc explain CODE`: what a diagnostic means, with a bad and a fixed example.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Explain a diagnostic code, with an example and its fix.")

        @Argument(help: "A diagnostic code, e.g. `unreachable-node`. Omit it to list every code.")
        var code: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown
        }

        @Option(help: "Output format: text, or markdown (the page `docs/diagnostics.md` is made of).")
        var format: Format = .text

        @OptionGroup var colorOptions: ColorOptions

        func run() throws {
            let style = try colorOptions.style(output: nil)
            guard let code else {
                if format == .markdown { return try Output.standardOutput(ExplainRenderer.catalogMarkdown()) }
                let width = DiagnosticCode.all.map(\.id.count).max() ?? 0
                var out = ""
                for c in DiagnosticCode.all {
                    let padded = c.id + String(repeating: " ", count: width - c.id.count)
                    out += style.bold(padded) + "  " + style.severity(c.defaultSeverity, c.defaultSeverity.rawValue.padding(7)) + "  \(c.summary)\n"
                }
                return try Output.standardOutput(out)
            }
            guard let found = DiagnosticCode.named(code) else {
                let suggestion = Spelling.suggestion(for: code, among: DiagnosticCode.all.map(\.id))
                throw ExitStatus.usageError("unknown diagnostic code `\(code)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; run `sopc explain` to list them"))
            }
            switch format {
            case .markdown: try Output.standardOutput(ExplainRenderer.markdown(found))
            case .text: try Output.standardOutput(Self.colored(ExplainRenderer.text(found), style))
            }
        }

        /// The explanation with its title and section labels (`Example:`, `Fixed:`) in bold.
        static func colored(_ text: String, _ style: TerminalStyle) -> String {
            guard style.enabled else { return text }
            var first = true
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                defer { first = false }
                return first || (line.hasSuffix(":") && line.first.map { $0 != " " } == true) ? style.bold(String(line)) : String(line)
            }.joined(separator: "\n")
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
