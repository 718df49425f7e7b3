import SOPCompiler
import SOPCore
import SOPGraph

/// The one answer to `--sop ID` that names no SOP, for every subcommand that takes `--sop` (`replay`,
/// `run`, `test --samples`, `export`, `diff`): which ids exist, and the closest one when the id looks
/// like a typo.
public enum SOPLookup {
    /// At most this many ids are listed; the rest are counted ("N more not shown"), so a library of
    /// hundreds of SOPs does not bury the message.
    public static let maximumListed = 20

    /// `no SOP `ID` in PLACE; did you mean `X`? SOPs: `a`, `b`` — `available` in the order given.
    public static func unknown(_ name: String, available: [String], in place: String) -> String {
        var message = "no SOP `\(name)` in \(place)"
        if let suggestion = Spelling.suggestion(for: name, among: available) {
            message += "; did you mean `\(suggestion)`?"
        }
        guard !available.isEmpty else { return message + "; no SOP is declared there" }
        message += (message.hasSuffix("?") ? " SOPs: " : "; SOPs: ")
            + available.prefix(maximumListed).map { "`\($0)`" }.joined(separator: ", ")
        if available.count > maximumListed { message += " (\(MoreNotShown.text(available.count - maximumListed)))" }
        return message
    }

    /// The ids a compilation makes available to `--sop`: the SOPs declared in the files named first, then
    /// the ones they import, each once.
    public static func available(in compilation: Compilation) -> [String] {
        let named = compilation.rootFiles.compactMap(compilation.sop(inFile:)).map(\.name)
        let seen = Set(named)
        return named + compilation.program.sops.map(\.name).filter { !seen.contains($0) }
    }

    /// The SOP `--sop name` selects in `compilation`, or the message above.
    public static func find(_ name: String, in compilation: Compilation, paths: [String]) -> Result<SOP, ReplayTarget.Failure> {
        if let sop = compilation.program.sop(named: name) { return .success(sop) }
        return .failure(ReplayTarget.Failure(unknown(name, available: available(in: compilation), in: paths.joined(separator: ", "))))
    }
}
