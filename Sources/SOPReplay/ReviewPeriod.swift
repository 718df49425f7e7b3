/// The length of a trend period.
public enum ReviewPeriod: String, CaseIterable, Sendable {
    case day, week, month

    /// The period holding `day` (days since 1970-01-01), as a sortable number.
    public func key(ofDay day: Int) -> Int {
        switch self {
        case .day:
            return day
        case .week:
            let w = ISODate.isoWeek(ofDay: day)
            return w.year * 100 + w.week
        case .month:
            let d = ISODate.civil(fromDays: day)
            return d.year * 100 + d.month
        }
    }

    /// The period's name: `2026-01-05`, `2026-W02` (ISO week), `2026-01`.
    public func name(ofKey key: Int) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        func year(_ y: Int) -> String { y >= 0 && y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y) }
        switch self {
        case .day:
            let d = ISODate.civil(fromDays: key)
            return "\(year(d.year))-\(two(d.month))-\(two(d.day))"
        case .week:
            return "\(year(key / 100))-W\(two(key % 100))"
        case .month:
            return "\(year(key / 100))-\(two(key % 100))"
        }
    }
}

/// ISO 8601 dates and date-times, reduced to the UTC day they fall on.
public enum ISODate {
    /// The UTC day (days since 1970-01-01) of an ISO 8601 date (`2026-01-05`) or date-time
    /// (`2026-01-05T09:30`, seconds and fractions optional, `T` or one space, then `Z`, `±HH:MM`, `±HHMM`
    /// or `±HH`). A date-time without an offset is taken as UTC. `nil` when the text is not one of these
    /// or names an impossible date or time.
    public static func utcDay(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        if b.count == 20, let day = utcDayOfFixedForm(b) { return day }
        return utcDayOfAnyForm(b)
    }

    /// `utcDay` by the general parser, for every form.
    static func utcDayOfAnyForm(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let date = days(year: year, month: month, day: day)
        if i == n { return date }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 0x20 else { return nil }
        i += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour <= 24, minute <= 59 else { return nil }
        var second = 0
        if expect(0x3A) {
            guard let s = digits(2), s <= 60 else { return nil }
            second = s
            if i < n && (b[i] == 0x2E || b[i] == 0x2C) {
                i += 1
                let start = i
                while i < n && b[i] >= 48 && b[i] <= 57 { i += 1 }
                guard i > start else { return nil }
            }
        }
        if hour == 24 && (minute != 0 || second != 0) { return nil }
        var offset = 0
        if i < n {
            let sign = b[i]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                i += 1
            } else if sign == 0x2B || sign == 0x2D {
                i += 1
                guard let oh = digits(2), oh <= 23 else { return nil }
                var om = 0
                if i < n {
                    _ = expect(0x3A)
                    guard let m = digits(2), m <= 59 else { return nil }
                    om = m
                }
                offset = (oh * 60 + om) * (sign == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        // Minutes since the local midnight, moved to UTC; the day shifts when that leaves 0..<1440.
        let minutes = hour * 60 + minute - offset
        return date + Int((Double(minutes) / 1440).rounded(.down))
    }

    /// The form nearly every export writes, `2026-01-05T09:30:00Z` (RFC 3339 in UTC), read at fixed
    /// positions with no per-character bookkeeping: the general parser above costs several times more per
    /// row, and a trend over a million rows parses a million times. `nil` hands anything else (another
    /// form, an impossible date, hour 24) to the general parser, which gives the same day for this form.
    @inline(__always)
    static func utcDayOfFixedForm(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == UInt8(ascii: "T"), b[13] == 0x3A, b[16] == 0x3A,
              b[19] == UInt8(ascii: "Z") else { return nil }
        @inline(__always) func two(_ k: Int) -> Int? {
            let x = b[k] &- 48, y = b[k + 1] &- 48
            return x <= 9 && y <= 9 ? Int(x) * 10 + Int(y) : nil
        }
        guard let c = two(0), let yy = two(2), let month = two(5), let day = two(8), let hour = two(11),
              let minute = two(14), let second = two(17) else { return nil }
        let year = c * 100 + yy
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
              second <= 60 else { return nil }
        return days(year: year, month: month, day: day)
    }

    /// `utcDay` of a string.
    public static func utcDay(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { utcDay($0) }
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (H. Hinnant's `civil_from_days`).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The ISO 8601 week-numbering year and week of a day: weeks start on Monday, and week 1 is the one
    /// holding the year's first Thursday.
    public static func isoWeek(ofDay day: Int) -> (year: Int, week: Int) {
        // 1970-01-01 was a Thursday; weekday 1 = Monday ... 7 = Sunday.
        let weekday = ((day + 3) % 7 + 7) % 7 + 1
        let thursday = day - weekday + 4
        let year = civil(fromDays: thursday).year
        let dayOfYear = thursday - days(year: year, month: 1, day: 1)
        return (year, dayOfYear / 7 + 1)
    }
}
