/// A ratio option (`--coverage-min`, `--min-agreement`, ...): one unit everywhere, a fraction from 0 to 1,
/// also accepted as a percentage (`95%`). It is printed back the way the user wrote it.
public struct Ratio: Hashable, Sendable, CustomStringConvertible {
    /// The fraction, 0 to 1.
    public let value: Double
    /// As written: `0.95` or `95%`.
    public let written: String

    /// Parses `0.95` or `95%`; nil for anything else, or a value outside 0...1 (100%).
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        let percent = trimmed.hasSuffix("%")
        guard let number = Double(percent ? String(trimmed.dropLast()) : trimmed), number.isFinite else { return nil }
        let value = percent ? number / 100 : number
        guard (0...1).contains(value) else { return nil }
        self.value = value
        self.written = trimmed
    }

    /// Why `text` is not a ratio, for a usage error.
    public static func problem(_ text: String, option: String) -> String {
        let trimmed = text.trimmingSpaces
        if let n = Double(trimmed), n > 1, n <= 100 {
            return "\(option) `\(trimmed)` is not a ratio: ratios are fractions from 0 to 1; write `\(Self.format(n / 100))` or `\(trimmed)%`"
        }
        return "\(option) `\(trimmed)` is not a ratio: write a fraction from 0 to 1 (`0.9`) or a percentage (`90%`)"
    }

    private static func format(_ x: Double) -> String {
        var s = String(x)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    public var description: String { written }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed().map(Character.init))
    }
}
