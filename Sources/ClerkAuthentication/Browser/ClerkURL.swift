import ClerkSession

/// An absolute URL as the browser flows need it: an origin (`scheme://host[:port]`), a path and the raw
/// query items, in order. Built only from configuration and the request target, never parsed from a
/// header unless the configuration says to trust it.
///
/// Query names compare as bytes; values are kept percent-encoded as they came and decoded on read.
struct ClerkURL: Sendable {
    /// `scheme://host[:port]`, lower-cased scheme and host.
    var origin: String
    /// The path, starting with `/`.
    var path: String
    /// Raw `name=value` items (percent-encoded), in order.
    var query: [(name: String, value: String)]
    /// The fragment after `#`, if any (kept as it came).
    var fragment: String?

    /// `origin` must be `http(s)://host[:port]` without path; `target` is the request target (`/path?query`).
    init?(origin: String, target: String) {
        guard let origin = Self.normalizedOrigin(origin) else { return nil }
        self.origin = origin
        var rest = Substring(target.isEmpty ? "/" : target)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let mark = rest.firstIndex(of: "?") {
            path = String(rest[..<mark])
            query = Self.parseQuery(rest[rest.index(after: mark)...])
        } else {
            path = String(rest)
            query = []
        }
        if !path.hasPrefix("/") { path = "/" + path }
    }

    /// Parses an absolute `http(s)` URL (`https://host[:port]/path?query#fragment`).
    init?(absolute text: String) {
        guard let (_, afterScheme) = Self.splitScheme(text) else { return nil }
        let end = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        self.init(origin: String(text[..<end]), target: String(afterScheme[end...]))
    }

    /// The text before and after the first `://`, or nil.
    static func splitScheme(_ text: String) -> (scheme: Substring, rest: Substring)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3 else { return nil }
        for i in 0...(bytes.count - 3)
        where bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/") {
            let utf8 = text.utf8
            let colon = utf8.index(utf8.startIndex, offsetBy: i)
            let rest = utf8.index(colon, offsetBy: 3)
            return (text[..<colon], text[rest...])
        }
        return nil
    }

    /// `scheme://host[:port]` with a lower-cased scheme and host, or nil when not `http`/`https` or when what
    /// follows `://` is not an authority (see ``isAuthority(_:)``).
    static func normalizedOrigin(_ text: String) -> String? {
        guard let (rawScheme, rest) = splitScheme(text) else { return nil }
        let scheme = rawScheme.lowercasedASCII
        guard scheme.utf8.elementsEqual("http".utf8) || scheme.utf8.elementsEqual("https".utf8) else { return nil }
        var host = rest
        while host.utf8.last == UInt8(ascii: "/") { host = host.dropLast() }
        guard isAuthority(host) else { return nil }
        return scheme + "://" + host.lowercasedASCII
    }

    /// Whether `text` is `host[:port]`: a host name of letters, digits, `.`, `-` and `_`, or an IPv6 literal in
    /// brackets (hex digits, `:` and `.`), then an optional port of 1 to 5 digits. No user info, no empty host
    /// or port, no byte a host name does not have (spaces, controls, `/`, `@`, `\`, non-ASCII).
    static func isAuthority(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        let colon = UInt8(ascii: ":")
        var portStart: Int?
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1,
                bytes[1..<close].allSatisfy(isIPv6Byte)
            else { return false }
            if close + 1 < bytes.count {
                guard bytes[close + 1] == colon else { return false }
                portStart = close + 2
            }
        } else {
            let hostEnd = bytes.firstIndex(of: colon) ?? bytes.count
            guard hostEnd > 0, bytes[..<hostEnd].allSatisfy(isNameByte) else { return false }
            if hostEnd < bytes.count { portStart = hostEnd + 1 }
        }
        guard let portStart else { return true }
        let port = bytes[portStart...]
        return (1...5).contains(port.count) && port.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The host (and port) part of ``origin``.
    var host: String {
        guard let (_, rest) = Self.splitScheme(origin) else { return origin }
        return String(rest)
    }

    /// Letters, digits, `.`, `-` and `_`: the bytes of a host name.
    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// Hex digits, `:` and `.` (an IPv4 tail): the bytes of an IPv6 literal between its brackets.
    static func isIPv6Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x46, 0x61...0x66, UInt8(ascii: ":"), UInt8(ascii: "."): true
        default: false
        }
    }

    static func parseQuery(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { item in
            if let eq = item.firstIndex(of: "=") {
                return (String(item[..<eq]), String(item[item.index(after: eq)...]))
            }
            return (String(item), "")
        }
    }

    /// The decoded value of the first query item named exactly `name`, or nil.
    func queryValue(_ name: String) -> String? {
        for item in query where Self.decode(item.name).utf8.elementsEqual(name.utf8) {
            return Self.decode(item.value)
        }
        return nil
    }

    /// Whether a query item is named `name`.
    func hasQuery(_ name: String) -> Bool { queryValue(name) != nil }

    /// This URL without the query items named in `names`.
    func removingQuery(_ names: [String]) -> ClerkURL {
        var copy = self
        copy.query.removeAll { item in
            let decoded = Self.decode(item.name)
            return names.contains { decoded.utf8.elementsEqual($0.utf8) }
        }
        return copy
    }

    /// This URL with `name=value` appended (the value percent-encoded).
    func appendingQuery(_ name: String, _ value: String) -> ClerkURL {
        var copy = self
        copy.query.append((Self.encode(name), Self.encode(value)))
        return copy
    }

    /// This URL with `name` set to `value`: the first item of that name replaced, the others removed, or
    /// appended when absent.
    func settingQuery(_ name: String, _ value: String) -> ClerkURL {
        var copy = self
        var replaced = false
        copy.query = copy.query.compactMap { item in
            guard Self.decode(item.name).utf8.elementsEqual(name.utf8) else { return item }
            if replaced { return nil }
            replaced = true
            return (item.name, Self.encode(value))
        }
        if !replaced { copy.query.append((Self.encode(name), Self.encode(value))) }
        return copy
    }

    /// The whole URL text.
    var href: String {
        var text = origin + path
        if !query.isEmpty { text += "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&") }
        if let fragment { text += "#" + fragment }
        return text
    }

    /// The path, query and fragment: the URL relative to its origin.
    var relative: String {
        var copy = self
        copy.origin = ""
        return copy.href
    }

    // MARK: Percent-encoding

    /// Percent-encodes everything but RFC 3986's unreserved characters (as `encodeURIComponent` does, and
    /// also `!'()*`).
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes and `+` (as a space, the form encoding); a malformed escape stays as it is.
    static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) || bytes.contains(UInt8(ascii: "+")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hexValue(bytes[i + 1]),
                let low = hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

extension StringProtocol {
    /// ASCII letters lower-cased, every other byte kept (no Unicode case folding).
    var lowercasedASCII: String {
        String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
