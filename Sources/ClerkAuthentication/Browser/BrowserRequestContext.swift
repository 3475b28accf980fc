import ClerkSession

/// What Clerk's decision tree reads from one browser request (Clerk's `AuthenticateContext`): the app's
/// public URL, which cookie set is this instance's (suffixed or not), and the handshake state.
struct BrowserRequestContext: Sendable {
    let flows: ClerkBrowserFlows
    let request: ClerkRequest
    let cookies: ClerkCookieJar
    /// The app's public URL for this request. When the origin cannot be known (``originIsKnown`` false) it
    /// holds a placeholder origin: its query can be read, but no redirect is built from it.
    let url: ClerkURL?
    /// Whether ``url``'s origin comes from the configured rule.
    let originIsKnown: Bool
    let suffix: String
    let usesSuffixedCookies: Bool
    /// The session cookie (suffixed or not, as ``usesSuffixedCookies`` says), nil when absent or empty.
    let sessionToken: String?
    /// That cookie's claims, decoded once and **not verified** (nil when it does not decode): the tree's
    /// pre-signature rules read it instead of decoding the token again.
    let sessionSummary: UnverifiedClaimsSummary?
    /// `parseInt(__client_uat) || 0`.
    let clientUAT: Int
    /// `__refresh_<suffix>` only: the name Clerk writes.
    let refreshToken: String?
    let devBrowserToken: String?
    let handshakeToken: String?
    let handshakeNonce: String?
    let redirectCount: Int
    let now: Double

    init(flows: ClerkBrowserFlows, request: ClerkRequest, cookies: ClerkCookieJar, now: Double) {
        self.flows = flows
        self.request = request
        self.cookies = cookies
        self.now = now
        let suffix = flows.publishableKey.cookieSuffix
        self.suffix = suffix
        let origin = Self.appOrigin(flows.publicOrigin, request)
        self.originIsKnown = origin != nil
        self.url = ClerkURL(origin: origin ?? "http://origin.invalid", target: request.target ?? "/")

        func cookie(_ name: String) -> String? {
            guard let value = cookies.value(named: name), !value.isEmpty else { return nil }
            return value
        }
        let suffixedUAT = cookie("__client_uat_\(suffix)")
        let plainUAT = cookie("__client_uat")
        let suffixedSession = cookie("__session_\(suffix)")
        let plainSession = cookie("__session")
        // Each session cookie is decoded once, here; the choice and the tree's rules 10–12 share the result.
        let plainSummary = plainSession.flatMap(SessionTokenVerifier.unverifiedClaimsSummary(of:))
        let suffixedSummary = suffixedSession.flatMap(SessionTokenVerifier.unverifiedClaimsSummary(of:))
        let uses = Self.usesSuffixedCookies(
            suffixedUAT: suffixedUAT, plainUAT: plainUAT, suffixedSession: suffixedSession,
            suffixedSummary: suffixedSummary, plainSession: plainSession, plainSummary: plainSummary,
            originalFrontendAPI: flows.originalFrontendAPI, isProduction: flows.isProduction, now: now)
        self.usesSuffixedCookies = uses
        self.sessionToken = uses ? suffixedSession : plainSession
        self.sessionSummary = uses ? suffixedSummary : plainSummary
        self.clientUAT = Self.parseInt(uses ? suffixedUAT : plainUAT)
        self.refreshToken = cookie("__refresh_\(suffix)")

        let url = self.url
        let readsQuery = !flows.isProduction || flows.acceptsHandshakeQueryInProduction
        func query(_ name: String) -> String? {
            guard let value = url?.queryValue(name), !value.isEmpty else { return nil }
            return value
        }
        self.devBrowserToken =
            query("__clerk_db_jwt") ?? (uses ? cookie("__clerk_db_jwt_\(suffix)") : nil) ?? cookie("__clerk_db_jwt")
        self.handshakeToken = (readsQuery ? query("__clerk_handshake") : nil) ?? cookie("__clerk_handshake")
        self.handshakeNonce =
            (readsQuery ? query("__clerk_handshake_nonce") : nil) ?? cookie("__clerk_handshake_nonce")
        self.redirectCount = cookie("__clerk_redirect_count").flatMap { Int($0.trimmingSpaces()) } ?? 0
    }

    /// The app's origin by the configured rule, or nil.
    static func appOrigin(_ rule: ClerkBrowserFlows.PublicOrigin, _ request: ClerkRequest) -> String? {
        switch rule {
        case .fixed(let origin):
            return ClerkURL.normalizedOrigin(origin)
        case .hostHeader(let scheme):
            return request.header("Host").flatMap { ClerkURL.normalizedOrigin("\(scheme)://\($0)") }
        case .forwardedHeaders:
            func first(_ name: String) -> String? {
                guard let value = request.header(name)?.split(separator: ",").first?.trimmingSpaces(),
                    !value.isEmpty
                else { return nil }
                return value
            }
            guard let host = first("X-Forwarded-Host") ?? first("Host") else { return nil }
            return ClerkURL.normalizedOrigin("\(first("X-Forwarded-Proto") ?? "http")://\(host)")
        }
    }

    /// JavaScript's `parseInt(text) || 0`: leading spaces, an optional sign, the leading digits; 0 when none.
    static func parseInt(_ text: String?) -> Int {
        guard let text else { return 0 }
        var bytes = Substring(text).utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var value = 0
        var digits = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { break }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(byte - 0x30))
            if o1 || o2 { return 0 }
            value = plus
            digits += 1
        }
        guard digits > 0 else { return 0 }
        return negative ? -value : value
    }

    // MARK: Clerk's usesSuffixedCookies(), in its order

    static func usesSuffixedCookies(
        suffixedUAT: String?, plainUAT: String?, suffixedSession: String?, plainSession: String?,
        originalFrontendAPI: String, isProduction: Bool, now: Double
    ) -> Bool {
        usesSuffixedCookies(
            suffixedUAT: suffixedUAT, plainUAT: plainUAT, suffixedSession: suffixedSession,
            suffixedSummary: suffixedSession.flatMap(SessionTokenVerifier.unverifiedClaimsSummary(of:)),
            plainSession: plainSession,
            plainSummary: plainSession.flatMap(SessionTokenVerifier.unverifiedClaimsSummary(of:)),
            originalFrontendAPI: originalFrontendAPI, isProduction: isProduction, now: now)
    }

    /// The rules on cookies already decoded (`…Summary`: the unverified claims of each session cookie).
    static func usesSuffixedCookies(
        suffixedUAT: String?, plainUAT: String?, suffixedSession: String?,
        suffixedSummary: UnverifiedClaimsSummary?, plainSession: String?, plainSummary: UnverifiedClaimsSummary?,
        originalFrontendAPI: String, isProduction: Bool, now: Double
    ) -> Bool {
        let plainClaims = plainSummary
        if let plainSession, !plainSession.isEmpty {
            // 1. A plain session cookie without an issuer: unsuffixed (a malformed token signs out).
            guard let issuer = plainClaims?.issuer, !issuer.isEmpty else { return false }
            // 2. A plain session cookie of another instance: suffixed.
            if !belongs(issuer: issuer, to: originalFrontendAPI) { return true }
        }
        // 3.
        if suffixedUAT == nil, suffixedSession == nil { return false }
        // 4.
        let plainIAT = plainClaims?.issuedAt ?? 0
        let suffixedClaims = suffixedSummary
        let suffixedIAT = suffixedClaims?.issuedAt ?? 0
        let isZero = { (value: String?) in value.map { $0.utf8.elementsEqual("0".utf8) } ?? false }
        // 5. Both client_uat set and the plain session newer: ClerkJS was downgraded.
        if !isZero(suffixedUAT), !isZero(plainUAT), plainIAT > suffixedIAT { return false }
        // 6.
        if isZero(suffixedUAT), !isZero(plainUAT) { return false }
        // 7.
        if !isProduction, !isZero(suffixedUAT), isZero(plainUAT) {
            let expiry = suffixedClaims?.expiresAt ?? 0
            if expiry <= now.rounded(.down) { return false }
        }
        // 8. Suffixed cookies disabled on the Frontend API: no suffixed client_uat.
        if suffixedUAT == nil, suffixedSession != nil { return false }
        return true
    }

    /// Whether `issuer`, with every `http://`/`https://` removed (any case), is exactly `frontendAPI`.
    static func belongs(issuer: String, to frontendAPI: String) -> Bool {
        var bytes = Array(issuer.utf8)
        for prefix in ["https://", "http://"] {
            let p = Array(prefix.utf8)
            var i = 0
            var out: [UInt8] = []
            while i < bytes.count {
                if i + p.count <= bytes.count,
                    bytes[i..<(i + p.count)].lowercasedASCIIBytes.elementsEqual(p)
                {
                    i += p.count
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            bytes = out
        }
        return bytes.elementsEqual(frontendAPI.utf8)
    }

    // MARK: Request classification

    var method: String { request.method }
    var isGET: Bool { request.method.utf8.elementsEqual("GET".utf8) }
    var secFetchDest: String? { request.header("Sec-Fetch-Dest") }
    var isDocumentDestination: Bool { secFetchDest?.utf8.elementsEqual("document".utf8) ?? false }

    /// Clerk's `isRequestEligibleForHandshake`: a `GET` whose destination is `document` or `iframe`, or,
    /// without `Sec-Fetch-Dest`, whose `Accept` starts with `text/html`.
    var isEligibleForHandshake: Bool {
        guard isGET else { return false }
        if let dest = secFetchDest {
            return dest.utf8.elementsEqual("document".utf8) || dest.utf8.elementsEqual("iframe".utf8)
        }
        return request.header("Accept")?.utf8.starts(with: "text/html".utf8) ?? false
    }
}

extension Collection<UInt8> {
    var lowercasedASCIIBytes: [UInt8] { map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
}
