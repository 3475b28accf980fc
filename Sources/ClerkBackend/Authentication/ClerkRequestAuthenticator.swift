@_spi(LegacyVerify) import ClerkSession
import Logging
import Metrics

/// Authenticates requests: the plain function for handlers, and the engine under the Vapor and
/// Hummingbird adapters.
///
/// 1. The token comes from `Authorization: Bearer` first, then the `__session` cookie (the suffixed
///    `__session_<suffix>` form first when the publishable key is known).
/// 2. It is verified locally (``SessionTokenVerifier/verifyAwaitingKeys(_:)``).
/// 3. A cookie token that is merely expired, on a `GET`, with a refresh cookie and a backend configured, is
///    refreshed through Clerk's refresh endpoint; the new token is verified locally and its cookies are
///    handed to the response. A 401 from Clerk, or any refresh failure, means signed out, never a 500.
///    Bearer (API) requests never refresh: the client refreshes itself.
/// 4. With ``Configuration/legacyVerifyEnabled`` only, a token that cannot be judged locally because no
///    usable key is available is checked with Clerk's deprecated verify endpoint. Bad tokens never go to Clerk.
public struct ClerkRequestAuthenticator: Sendable {
    /// Behaviour switches.
    public struct Configuration: Sendable {
        /// The instance's publishable key: enables suffixed cookies (`__session_<suffix>`).
        public var publishableKey: PublishableKey?
        /// Refresh expired cookie tokens through the Backend API (needs a backend). Default true.
        public var refreshEnabled: Bool
        /// Consult the deprecated `POST /v1/sessions/{id}/verify` when keys are unavailable. Default false.
        public var legacyVerifyEnabled: Bool
        /// Apply Clerk's `__client_uat` rule (a cookie token issued before the client's last auth change is stale). Default true.
        public var checksClientUAT: Bool

        public init(publishableKey: PublishableKey? = nil, refreshEnabled: Bool = true,
                    legacyVerifyEnabled: Bool = false, checksClientUAT: Bool = true) {
            self.publishableKey = publishableKey
            self.refreshEnabled = refreshEnabled
            self.legacyVerifyEnabled = legacyVerifyEnabled
            self.checksClientUAT = checksClientUAT
        }
    }

    public let verifier: SessionTokenVerifier
    public let backend: (any ClerkSessionBackend)?
    public let configuration: Configuration
    let logger: Logger
    private let cookieSuffix: String?

    /// An authenticator. `backend` (usually a ``ClerkBackendClient``) is needed for refresh and legacy verify.
    public init(verifier: SessionTokenVerifier, backend: (any ClerkSessionBackend)? = nil,
                configuration: Configuration = Configuration(), logger: Logger = Logger(label: "clerk.session.auth")) {
        self.verifier = verifier
        self.backend = backend
        self.configuration = configuration
        self.logger = logger
        self.cookieSuffix = configuration.publishableKey?.cookieSuffix
        if configuration.legacyVerifyEnabled {
            logger.warning("legacy verify is ON: when keys are unavailable, tokens are checked with Clerk's deprecated POST /v1/sessions/{id}/verify, which Clerk retires with 410; prefer fixing key access")
        }
    }

    /// Authenticates one request. Never throws: every failure is a typed outcome.
    public func authenticate(_ request: ClerkRequest) async -> AuthenticationResult {
        // Cookies are parsed only when there is no bearer token (API requests never pay for it).
        if let bearer = request.bearerToken {
            return await authenticate(bearerToken: bearer)
        }
        let cookies = request.cookies
        guard let token = sessionCookie(cookies) else {
            return .signedOut(SignedOutReason(code: "session-token-missing", message: "no bearer token and no __session cookie"))
        }
        if configuration.checksClientUAT, let stale = clientUATRule(token: token, cookies: cookies) {
            return .signedOut(stale)
        }
        return await authenticate(token: token, carrier: .cookie, request: request, cookies: cookies)
    }

    /// Authenticates a request by its bearer token alone: what ``authenticate(_:)`` does once it has
    /// found `Authorization: Bearer <token>` (which takes precedence over cookies, and is never refreshed).
    /// Adapters call it directly when the framework hands them that header, so API requests cost no
    /// header copy; use ``ClerkRequest/bearerToken(authorization:)`` to read the header value.
    public func authenticate(bearerToken token: String) async -> AuthenticationResult {
        await authenticate(token: token, carrier: .header, request: nil, cookies: [:])
    }

    /// Local verification, then the fallbacks: refresh (cookie tokens, with `request`) or legacy verify.
    private func authenticate(token: String, carrier: TokenCarrier, request: ClerkRequest?,
                              cookies: [String: String]) async -> AuthenticationResult {
        do {
            let session = try await verifier.verifyAwaitingKeys(token)
            return .signedIn(session, responseCookies: [])
        } catch {
            if error.isKeyUnavailable || error.code == .keyIDMismatch {
                if configuration.legacyVerifyEnabled, let legacy = await legacyVerify(token: token, carrier: carrier, cause: error) {
                    return legacy
                }
                if error.isKeyUnavailable { return .keysUnavailable(error) }
            }
            if error.code == .tokenExpired, carrier == .cookie, let request {
                return await refresh(expiredToken: token, request: request, cookies: cookies, cause: error)
            }
            return .signedOut(SignedOutReason(code: error.code.rawValue, message: error.message, tokenCarrier: carrier, verificationError: error))
        }
    }

    // MARK: Cookies

    private func sessionCookie(_ cookies: [String: String]) -> String? {
        if let suffix = cookieSuffix, let value = cookies["__session_\(suffix)"], !value.isEmpty { return value }
        if let value = cookies["__session"], !value.isEmpty { return value }
        return nil
    }

    private func refreshCookie(_ cookies: [String: String]) -> String? {
        if let suffix = cookieSuffix, let value = cookies["__refresh_\(suffix)"], !value.isEmpty { return value }
        if let value = cookies["__refresh"], !value.isEmpty { return value }
        return nil
    }

    /// `__client_uat` is the client's last authentication change (unix seconds; 0 = signed out). A cookie
    /// token issued before it belongs to a previous sign-in.
    private func clientUATRule(token: String, cookies: [String: String]) -> SignedOutReason? {
        let raw = cookieSuffix.flatMap { cookies["__client_uat_\($0)"] } ?? cookies["__client_uat"]
        guard let raw, let uat = Double(raw) else { return nil }
        if uat == 0 {
            return SignedOutReason(code: "client-uat-signed-out", message: "__client_uat is 0: the client signed out", tokenCarrier: .cookie)
        }
        if let iat = SessionTokenVerifier.unverifiedIssuedAt(of: token), iat < uat {
            return SignedOutReason(code: "session-token-iat-before-client-uat",
                                   message: "the session cookie was issued before the client's last sign-in change", tokenCarrier: .cookie)
        }
        return nil
    }

    // MARK: Refresh

    private func refresh(expiredToken: String, request: ClerkRequest, cookies: [String: String],
                         cause: ClerkVerificationError) async -> AuthenticationResult {
        func signedOut(_ why: String, _ message: String) -> AuthenticationResult {
            Counter(label: "clerk_session_refreshes_total", dimensions: [("result", why)]).increment()
            return .signedOut(SignedOutReason(code: "refresh-\(why)", message: message, tokenCarrier: .cookie, verificationError: cause))
        }
        guard configuration.refreshEnabled else {
            return .signedOut(SignedOutReason(code: cause.code.rawValue, message: cause.message, tokenCarrier: .cookie, verificationError: cause))
        }
        guard request.method.caseInsensitiveEquals("GET") else { return signedOut("non-eligible-non-get", "the token expired; only GET requests are refreshed") }
        guard let refreshToken = refreshCookie(cookies) else { return signedOut("non-eligible-no-refresh-cookie", "the token expired and there is no refresh cookie") }
        guard let backend else { return signedOut("missing-api-client", "the token expired and no secret key is configured for refresh") }
        guard let sessionID = SessionTokenVerifier.unverifiedSessionID(of: expiredToken), !sessionID.isEmpty else {
            return signedOut("expired-session-token-missing-sid-claim", "the expired token has no sid")
        }
        guard let origin = request.origin else { return signedOut("missing-request-origin", "the request has no Host to derive its origin") }
        var headers: [String: [String]] = [:]
        for header in request.headers where !header.name.caseInsensitiveEquals("Authorization") {
            headers[header.name.lowercased(), default: []].append(header.value)
        }
        let body = RefreshSessionRequest(expiredToken: expiredToken, refreshToken: refreshToken, requestOrigin: origin,
                                         requestOriginatingIP: request.remoteAddress, requestHeaders: headers, format: .cookie)
        let result: SessionRefreshResult
        do {
            result = try await backend.refreshSession(id: sessionID, body)
        } catch {
            if error.status == 401 {
                let clerkCode = error.errors.first?.code ?? "unauthorized"
                return signedOut("rejected", "Clerk refused the refresh (\(clerkCode)): the user must sign in again")
            }
            logger.warning("session refresh failed", metadata: ["code": "\(error.code)", "kind": "\(error.kind)"])
            return signedOut("fetch-error", "the refresh call failed (\(error.code)); signed out for this request")
        }
        let newToken: String
        var responseCookies: [String] = []
        switch result {
        case .token(let jwt):
            newToken = jwt
        case .cookies(let directives):
            responseCookies = directives
            guard let found = Self.sessionValue(in: directives, suffix: cookieSuffix) else {
                return signedOut("unexpected-bapi-error", "the refresh answer carried no __session cookie")
            }
            newToken = found
        }
        do {
            let session = try await verifier.verifyAwaitingKeys(newToken)
            Counter(label: "clerk_session_refreshes_total", dimensions: [("result", "success")]).increment()
            return .signedIn(session, responseCookies: responseCookies)
        } catch {
            return signedOut("invalid-session-token", "the refreshed token did not verify: \(error.code)")
        }
    }

    /// The `__session` value in a list of `Set-Cookie` directives (suffixed name first).
    static func sessionValue(in directives: [String], suffix: String?) -> String? {
        var plain: String?
        for directive in directives {
            let pair = directive.split(separator: ";", maxSplits: 1).first ?? ""
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<eq].trimmingLeadingSpaces()
            let value = String(pair[pair.index(after: eq)...])
            if let suffix, name == "__session_\(suffix)", !value.isEmpty { return value }
            if name == "__session", !value.isEmpty, plain == nil { plain = value }
        }
        return plain
    }

    // MARK: Legacy verify (opt-in)

    private func legacyVerify(token: String, carrier: TokenCarrier, cause: ClerkVerificationError) async -> AuthenticationResult? {
        guard let backend, let sessionID = SessionTokenVerifier.unverifiedSessionID(of: token), !sessionID.isEmpty else { return nil }
        do {
            try await backend.legacyVerifySession(id: sessionID, token: token)
        } catch {
            if error.kind == .endpointGone {
                logger.error("Clerk's legacy verify endpoint answered 410 Gone; it can no longer stand in for local keys")
                return .keysUnavailable(ClerkVerificationError(cause.code, "\(cause.message); the legacy verify fallback is retired by Clerk (410)"))
            }
            if error.status == 401 || error.status == 404 || error.status == 400 {
                return .signedOut(SignedOutReason(code: "legacy-verify-rejected", message: "Clerk's verify endpoint refused the token", tokenCarrier: carrier))
            }
            return .keysUnavailable(ClerkVerificationError(cause.code, "\(cause.message); legacy verify also failed (\(error.code))"))
        }
        do {
            return .signedIn(try verifier.sessionFromClerkConfirmedToken(token), responseCookies: [])
        } catch {
            return .signedOut(SignedOutReason(code: error.code.rawValue, message: error.message, tokenCarrier: carrier, verificationError: error))
        }
    }
}
