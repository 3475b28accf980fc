/// A framework-free view of an incoming HTTP request: what authentication needs and nothing more.
public struct ClerkRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// Header fields in order; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The client's address, when the server knows it (sent to Clerk on refresh).
    public var remoteAddress: String?

    public init(method: String, headers: [(name: String, value: String)], remoteAddress: String? = nil) {
        self.method = method
        self.headers = headers
        self.remoteAddress = remoteAddress
    }

    /// The first value of a header.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of a header.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// The cookies of every `Cookie` header, in order, looked up by exact bytes (first occurrence wins).
    public var cookieJar: ClerkCookieJar { ClerkCookieJar(cookieHeaders: headerValues("Cookie")) }

    /// The value of the first cookie named exactly `name` (byte for byte).
    public func cookie(named name: String) -> String? { cookieJar.value(named: name) }

    /// Cookies from every `Cookie` header, first occurrence of a name wins.
    ///
    /// A dictionary compares its keys with Swift's Unicode-canonical equality; the authenticator never
    /// uses it. Prefer ``cookie(named:)`` or ``cookieJar``, which compare names by bytes.
    @available(*, deprecated, message: "compares cookie names by Unicode equivalence; use cookie(named:) or cookieJar")
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for pair in cookieJar.pairs where result[pair.name] == nil { result[pair.name] = pair.value }
        return result
    }

    /// The bearer token of the `Authorization` header: `Bearer <token>` (scheme case-insensitive), or a
    /// bare value without a scheme (as Clerk accepts). Other schemes yield nil.
    public var bearerToken: String? {
        header("Authorization").flatMap(Self.bearerToken(authorization:))
    }

    /// The bearer token of one `Authorization` header value, by the rules of ``bearerToken``: for
    /// adapters that read that one header straight from their framework's request.
    public static func bearerToken(authorization raw: String) -> String? {
        // One pass over the bytes, one copy of the token at the end.
        let utf8 = raw.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, case let last = utf8[utf8.index(before: end)], last == 0x20 || last == 0x09 {
            end = utf8.index(before: end)
        }
        guard end > utf8.startIndex else { return nil }
        guard let space = utf8[..<end].firstIndex(of: 0x20) else {
            // A bare value is the token, except the scheme alone ("Bearer" with an empty credential).
            return raw[..<end].caseInsensitiveEquals("Bearer") ? nil : String(raw[..<end])
        }
        guard raw[..<space].caseInsensitiveEquals("Bearer") else { return nil }
        var start = utf8.index(after: space)
        while start < end, utf8[start] == 0x20 { start = utf8.index(after: start) }
        return start < end ? String(raw[start..<end]) : nil
    }

    /// `scheme://host` of the request, from `X-Forwarded-Proto`/`X-Forwarded-Host` or `Host`.
    public var origin: String? {
        let forwardedHost = header("X-Forwarded-Host")?.split(separator: ",").first.map { String($0).trimmingTrailingSpaces().trimmingLeadingSpaces() }
        guard let host = forwardedHost ?? header("Host") else { return nil }
        let proto = header("X-Forwarded-Proto")?.split(separator: ",").first.map { String($0).trimmingTrailingSpaces().trimmingLeadingSpaces() } ?? "http"
        return "\(proto)://\(host)"
    }

    /// Whether the request is a browser page load (Sec-Fetch-Dest document/iframe, or Accept text/html).
    public var isDocumentRequest: Bool {
        if let dest = header("Sec-Fetch-Dest") {
            return dest.utf8.elementsEqual("document".utf8) || dest.utf8.elementsEqual("iframe".utf8)
        }
        return header("Accept")?.utf8.starts(with: "text/html".utf8) ?? false
    }
}

extension StringProtocol {
    func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == (b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    func trimmingTrailingSpaces() -> String {
        var s = String(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }

    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
