/// The one spelling of a list cut short, in every text output and message: `… 3 more not shown`.
///
/// A report lists the first entries of a long list (diagnostics of one file, disagreements, rejected
/// rows, baseline entries, failing cases) and says how many it left out, always in these words, so a
/// reader (or a script) never mistakes a cut list for a complete one.
package enum MoreNotShown {
    /// `… 3 more not shown`, or `… 3 more failures not shown` with `what`; `… at least 3 more …` when
    /// counting stopped at a work bound, so the number is a lower bound (`… more … not shown` when it
    /// stopped before counting any).
    package static func text(_ hidden: Int, _ what: String? = nil, atLeast: Bool = false) -> String {
        let noun = what.map { $0 + " " } ?? ""
        if atLeast && hidden == 0 { return "… more \(noun)not shown" }
        return "… \(atLeast ? "at least " : "")\(hidden) more \(noun)not shown"
    }

    /// `text` on its own line with `indent`, or nothing when nothing is hidden.
    package static func line(_ hidden: Int, _ what: String? = nil, indent: String = "  ") -> String {
        hidden > 0 ? indent + text(hidden, what) + "\n" : ""
    }
}
