import ClerkSession

extension FakeClerkServer {
    /// One request as the fake server saw it (in arrival order in ``FakeClerkServer/requests``).
    ///
    /// It holds the raw headers, including `Authorization`: keep it to assertions in tests.
    public struct RecordedRequest: Sendable {
        /// The method, e.g. `GET`.
        public let method: String
        /// The path without the query, e.g. `/v1/sessions/sess_1`.
        public let path: String
        /// The raw query string without `?` (empty when none).
        public let query: String
        /// The query items, percent-decoded, in order.
        public let queryItems: [(name: String, value: String)]
        /// The headers in order, as sent.
        public let headers: [(name: String, value: String)]
        /// The body bytes.
        public let body: [UInt8]

        /// The body as UTF-8 text.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveEquals(name) }?.value
        }

        /// The first value of query item `name`.
        public func queryValue(_ name: String) -> String? {
            queryItems.first { $0.name == name }?.value
        }
    }

    /// A canned answer for the next request(s) to a path, set with ``FakeClerkServer/injectFault(path:method:status:body:headers:delay:bodyDelay:count:)``.
    struct Fault: Sendable {
        var path: String
        var method: String?
        var status: Int
        var body: [UInt8]
        var headers: [(String, String)]
        var delay: Duration
        var bodyDelay: Duration
        var remaining: Int
    }
}

/// Percent-decoding of query strings (`+` as space).
enum FakeQuery {
    static func parse(_ query: String) -> [(name: String, value: String)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            return (name, value)
        }
    }

    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let h = hexValue(high), let l = hexValue(low)
            else {
                bytes.append(byte)
                continue
            }
            bytes.append(h << 4 | l)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
