import ClerkSession

/// Parses `Retry-After`: delta seconds, or an HTTP date (IMF-fixdate, e.g. `Wed, 21 Oct 2015 07:28:00 GMT`).
package enum RetryAfter {
    /// Seconds to wait from `now` (Unix seconds), never negative; nil when the header is unusable.
    package static func seconds(_ header: String?, now: Double) -> Double? {
        guard let text = header?.trimmingSpaces(), !text.isEmpty else { return nil }
        if text.allSatisfy(\.isASCIIDigit) {
            guard text.count <= 9, let value = Double(text) else { return nil }
            return value
        }
        guard let date = httpDate(text) else { return nil }
        return max(0, date - now)
    }

    /// Unix seconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5].utf8.elementsEqual("GMT".utf8),
            let day = Int(parts[1]), let year = Int(parts[3]), (1...31).contains(day), (1970...9999).contains(year)
        else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(where: { $0.utf8.elementsEqual(parts[2].utf8) }) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
