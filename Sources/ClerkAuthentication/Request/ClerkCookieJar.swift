import ClerkSession

/// The cookies of a request, in order, looked up by exact bytes.
///
/// Cookie names are untrusted text: they are compared byte for byte, never with Swift's
/// Unicode-canonical `String ==` or as `Dictionary` keys. The first cookie of a name wins.
public struct ClerkCookieJar: Sendable {
    /// Every `name=value` pair, in header order (values without surrounding quotes).
    public let pairs: [(name: String, value: String)]

    /// An empty jar.
    public init() { self.pairs = [] }

    /// The cookies of `Cookie` header values, in order.
    public init(cookieHeaders: [String]) {
        var pairs: [(name: String, value: String)] = []
        for header in cookieHeaders {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingLeadingSpaces()
                guard let eq = trimmed.firstIndex(of: "=") else { continue }
                let name = trimmed[..<eq].trimmingTrailingSpaces()
                var value = trimmed[trimmed.index(after: eq)...].trimmingTrailingSpaces()
                if value.utf8.count >= 2, value.utf8.first == 0x22, value.utf8.last == 0x22 {
                    value = String(value.dropFirst().dropLast())
                }
                pairs.append((name, value))
            }
        }
        self.pairs = pairs
    }

    /// The value of the first cookie whose name has exactly the bytes of `name`.
    public func value(named name: String) -> String? {
        for pair in pairs where pair.name.utf8.elementsEqual(name.utf8) { return pair.value }
        return nil
    }
}
