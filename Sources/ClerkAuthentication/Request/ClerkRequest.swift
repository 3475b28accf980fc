import ClerkSession

/// A framework-free view of an incoming HTTP request: what authentication needs and nothing more.
public struct ClerkRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// Header fields in order; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The client's address, when the server knows it (sent to Clerk on refresh).
    public var remoteAddress: String?
    /// The request target: path and query as received (`/dashboard?tab=1`). The browser flows need it to
    /// build the handshake's `redirect_url` and to read Clerk's query parameters; nil when unknown.
    public var target: String?

    /// A request; `target` is the path and query (`/page?x=1`), needed by ``ClerkBrowserFlows``.
    public init(
        method: String, headers: [(name: String, value: String)], remoteAddress: String? = nil,
        target: String? = nil
    ) {
        self.method = method
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.target = target
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
        let forwardedHost = header("X-Forwarded-Host")?.split(separator: ",").first.map { $0.trimmingSpaces() }
        guard let host = forwardedHost ?? header("Host") else { return nil }
        let proto = header("X-Forwarded-Proto")?.split(separator: ",").first.map { $0.trimmingSpaces() } ?? "http"
        return "\(proto)://\(host)"
    }
}
