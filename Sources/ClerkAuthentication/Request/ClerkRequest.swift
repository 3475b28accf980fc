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
        bearerTokenSlice(authorization: raw).map(String.init)
    }

    /// ``bearerToken(authorization:)`` where it lies in `raw`, not copied: the adapters' bearer path
    /// compares it with the tokens its thread has seen before copying it.
    @inline(__always)
    package static func bearerTokenSlice(authorization raw: String) -> Substring? {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            return bearerTokenBytewise(authorization: raw)
        }
        return bearerTokenByIndex(authorization: raw)
    }

    /// ``bearerTokenSlice(authorization:)`` over a bounds-checked view of the value's own UTF-8 storage:
    /// integer offsets, no `String.Index` arithmetic (every request with a bearer token takes this path).
    @available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *)
    package static func bearerTokenBytewise(authorization raw: String) -> Substring? {
        let bytes = raw.utf8.span
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end > 0 else { return nil }
        var space = 0
        while space < end, bytes[space] != 0x20 { space += 1 }
        let utf8 = raw.utf8
        if space == end {
            // A bare value is the token, except the scheme alone ("Bearer" with an empty credential).
            if isBearerScheme(bytes, count: end) { return nil }
            return raw[..<utf8.index(utf8.startIndex, offsetBy: end)]
        }
        guard isBearerScheme(bytes, count: space) else { return nil }
        var start = space + 1
        while start < end, bytes[start] == 0x20 { start += 1 }
        guard start < end else { return nil }
        // Both offsets sit next to an ASCII byte: they are scalar boundaries.
        return raw[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
    }

    /// Whether the first `count` bytes are "Bearer" in any ASCII case. `byte | 0x20` equals a lower-case
    /// letter only for that letter and its upper case, so no other byte passes.
    @available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *)
    private static func isBearerScheme(_ bytes: Span<UInt8>, count: Int) -> Bool {
        count == 6 && bytes[0] | 0x20 == 0x62 && bytes[1] | 0x20 == 0x65 && bytes[2] | 0x20 == 0x61
            && bytes[3] | 0x20 == 0x72 && bytes[4] | 0x20 == 0x65 && bytes[5] | 0x20 == 0x72
    }

    /// ``bearerTokenSlice(authorization:)`` by `String.Index`: the plain version, for platforms without
    /// `UTF8View.span`, and the reference the byte-wise version is tested against.
    package static func bearerTokenByIndex(authorization raw: String) -> Substring? {
        let utf8 = raw.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, case let last = utf8[utf8.index(before: end)], last == 0x20 || last == 0x09 {
            end = utf8.index(before: end)
        }
        guard end > utf8.startIndex else { return nil }
        guard let space = utf8[..<end].firstIndex(of: 0x20) else {
            // A bare value is the token, except the scheme alone ("Bearer" with an empty credential).
            return raw[..<end].caseInsensitiveEquals("Bearer") ? nil : raw[..<end]
        }
        guard raw[..<space].caseInsensitiveEquals("Bearer") else { return nil }
        var start = utf8.index(after: space)
        while start < end, utf8[start] == 0x20 { start = utf8.index(after: start) }
        return start < end ? raw[start..<end] : nil
    }

    /// `scheme://host` of the request, from `X-Forwarded-Proto`/`X-Forwarded-Host` or `Host`.
    public var origin: String? {
        let forwardedHost = header("X-Forwarded-Host")?.split(separator: ",").first.map { $0.trimmingSpaces() }
        guard let host = forwardedHost ?? header("Host") else { return nil }
        let proto = header("X-Forwarded-Proto")?.split(separator: ",").first.map { $0.trimmingSpaces() } ?? "http"
        return "\(proto)://\(host)"
    }
}
