import ClerkSession
import Logging
import Metrics
import Tracing

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
/// 4. With ``Configuration/fallsBackToLegacyVerify`` only, a token that cannot be judged locally because the
///    keys are unavailable (a key outage, `isKeyUnavailable`) is checked with Clerk's deprecated verify
///    endpoint, after every rule that needs no key (header, claims, issuer) has passed locally. A token
///    that fails locally for any other reason (an unknown `kid` included) is a plain 401 and never goes
///    to Clerk.
///
/// Calls to Clerk that requests cause are bounded by ``CallLimits``: single flight per session and
/// credential, a memory of refusals, a per-session budget and a global bound on calls in flight.
public struct ClerkRequestAuthenticator: Sendable {
    private typealias Code = SignedOutReason.Code

    /// Behaviour switches.
    public struct Configuration: Sendable {
        /// The instance's publishable key: enables suffixed cookies (`__session_<suffix>`).
        public var publishableKey: PublishableKey?
        /// Refresh expired cookie tokens through the Backend API (needs a backend). Default true.
        public var refreshesExpiredSessions: Bool
        /// Consult the deprecated `POST /v1/sessions/{id}/verify` when keys are unavailable. Default false.
        public var fallsBackToLegacyVerify: Bool
        /// Apply Clerk's `__client_uat` rule (a cookie token issued before the client's last auth change is stale). Default true.
        public var checksClientUAT: Bool
        /// Bounds on refresh calls (see ``CallLimits``).
        public var refreshLimits: CallLimits
        /// Bounds on legacy verify calls (see ``CallLimits``).
        public var legacyVerifyLimits: CallLimits
        /// The kinds of token accepted (Clerk's `acceptsToken`): session tokens only by default. Machine
        /// tokens are read from the `Authorization` header only, never from a cookie; a token of a kind
        /// not accepted is signed out with `token-type-mismatch`. See <doc:MachineTokens>.
        public var acceptedTokens: AcceptedTokenKinds
        /// Bounds on the Backend API calls that opaque machine tokens cause (see ``MachineTokenLimits``).
        public var machineTokenLimits: MachineTokenLimits
        /// Clerk's browser flows for cookie requests (handshake redirects, suffixed cookies, development
        /// instances, satellites): nil (the default) verifies and refreshes cookies but never redirects. See
        /// ``ClerkBrowserFlows``.
        public var browserFlows: ClerkBrowserFlows?

        public init(
            publishableKey: PublishableKey? = nil, refreshesExpiredSessions: Bool = true,
            fallsBackToLegacyVerify: Bool = false, checksClientUAT: Bool = true,
            refreshLimits: CallLimits = CallLimits(), legacyVerifyLimits: CallLimits = CallLimits(),
            acceptedTokens: AcceptedTokenKinds = .sessionToken, machineTokenLimits: MachineTokenLimits = .init(),
            browserFlows: ClerkBrowserFlows? = nil
        ) {
            self.browserFlows = browserFlows
            self.acceptedTokens = acceptedTokens
            self.machineTokenLimits = machineTokenLimits
            self.publishableKey = publishableKey
            self.refreshesExpiredSessions = refreshesExpiredSessions
            self.fallsBackToLegacyVerify = fallsBackToLegacyVerify
            self.checksClientUAT = checksClientUAT
            self.refreshLimits = refreshLimits
            self.legacyVerifyLimits = legacyVerifyLimits
        }
    }

    /// Bounds on the calls to Clerk that requests can cause (refresh, legacy verify).
    ///
    /// Concurrent requests with the same session and the same credential (refresh token, or token for
    /// legacy verify) always share one call. Beyond that:
    /// - ``callsPerSessionPerMinute`` (default 6): a browser refreshes about once a minute, a few tabs a
    ///   few times; more is a loop or an attack. *Trade-off*: whoever holds a session's expired token can
    ///   spend that session's budget with junk refresh cookies, and the owner's refresh then fails (signed
    ///   out with `refresh-rate-limited`) until the minute ends, when Clerk's frontend also refreshes.
    /// - ``maximumCallsInFlight`` (default 32, for all sessions): caps what a flood can ask of Clerk and of
    ///   this server's connection pool. *Trade-off*: in a legitimate burst beyond it, the surplus is
    ///   signed out (`refresh-overloaded`) rather than queued.
    /// - ``refusalMemory`` (default 60 s): a session and credential that Clerk refused are refused
    ///   again without a call for this long. Keyed by both, so a stranger's junk cookie never blocks the
    ///   owner's real one. *Trade-off*: none for real users (Clerk does not un-refuse a credential).
    /// - ``maximumTrackedSessions`` (default 10 000): the size of each table; expired entries go first.
    public struct CallLimits: Sendable, Hashable {
        /// Calls per session in any one-minute window. Default 6.
        public var callsPerSessionPerMinute: Int
        /// Calls in flight at once, all sessions together. Default 32.
        public var maximumCallsInFlight: Int
        /// How long a refusal by Clerk is remembered. Default 60 s.
        public var refusalMemory: Duration
        /// Entries per table (budgets, refusals). Default 10 000.
        public var maximumTrackedSessions: Int

        public init(
            callsPerSessionPerMinute: Int = 6, maximumCallsInFlight: Int = 32,
            refusalMemory: Duration = .seconds(60), maximumTrackedSessions: Int = 10_000
        ) {
            self.callsPerSessionPerMinute = callsPerSessionPerMinute
            self.maximumCallsInFlight = maximumCallsInFlight
            self.refusalMemory = refusalMemory
            self.maximumTrackedSessions = maximumTrackedSessions
        }

        /// Checks the bounds: counts at least 1, the memory not negative.
        ///
        /// - Throws: ``ClerkVerificationError`` with code `configuration-invalid`.
        public func validate() throws(ClerkVerificationError) {
            guard callsPerSessionPerMinute >= 1, maximumCallsInFlight >= 1, maximumTrackedSessions >= 1 else {
                throw ClerkVerificationError(
                    .configurationInvalid,
                    "call limits must be at least 1 (callsPerSessionPerMinute \(callsPerSessionPerMinute), maximumCallsInFlight \(maximumCallsInFlight), maximumTrackedSessions \(maximumTrackedSessions))"
                )
            }
            guard refusalMemory >= .zero else {
                throw ClerkVerificationError(
                    .configurationInvalid, "refusalMemory is \(refusalMemory); it must not be negative")
            }
        }
    }

    /// Everything an authenticator holds, in one immutable object: an adapter copies the authenticator for
    /// every request (out of its middleware, or out of the application's storage), and a copy then retains
    /// one reference instead of one per field.
    final class Storage: Sendable {
        let verifier: SessionTokenVerifier
        let backend: (any ClerkSessionBackend)?
        let configuration: Configuration
        let logger: Logger
        let cookieSuffix: String?
        let refreshLimiter: ClerkCallLimiter<SessionRefreshResult>
        let legacyLimiter: ClerkCallLimiter<Void>
        let handshakeLimiter: ClerkCallLimiter<[String]>
        let opaqueTokens: OpaqueTokenVerifier?
        let metrics: AuthenticationMetrics

        init(
            verifier: SessionTokenVerifier, backend: (any ClerkSessionBackend)?, configuration: Configuration,
            logger: Logger, refreshLimiter: ClerkCallLimiter<SessionRefreshResult>,
            legacyLimiter: ClerkCallLimiter<Void>, handshakeLimiter: ClerkCallLimiter<[String]>,
            opaqueTokens: OpaqueTokenVerifier?
        ) {
            self.verifier = verifier
            self.backend = backend
            self.configuration = configuration
            self.logger = logger
            self.cookieSuffix = configuration.publishableKey?.cookieSuffix
            self.refreshLimiter = refreshLimiter
            self.legacyLimiter = legacyLimiter
            self.handshakeLimiter = handshakeLimiter
            self.opaqueTokens = opaqueTokens
            self.metrics = AuthenticationMetrics(factory: verifier.observability.factory)
        }
    }

    let storage: Storage

    /// The local verifier.
    public var verifier: SessionTokenVerifier { storage.verifier }
    /// The Backend API client for refresh and legacy verify, if any.
    public var backend: (any ClerkSessionBackend)? { storage.backend }
    /// The behaviour switches.
    public var configuration: Configuration { storage.configuration }
    var logger: Logger { storage.logger }
    var cookieSuffix: String? { storage.cookieSuffix }
    var refreshLimiter: ClerkCallLimiter<SessionRefreshResult> { storage.refreshLimiter }
    var legacyLimiter: ClerkCallLimiter<Void> { storage.legacyLimiter }
    /// Bounds the handshake nonce exchanges that requests cause (``ClerkBrowserFlows``): one call per nonce at
    /// a time, a nonce Clerk refused is not asked again for a while, the refresh limits' cap on calls in
    /// flight, and at most ``ClerkBrowserFlows/refusedNonceExchangesPerMinute`` refusals a minute for all
    /// nonces together. A nonce comes from the request, unverifiable before the call: these bounds are what
    /// stands between a stranger's junk cookies and the Backend API.
    var handshakeLimiter: ClerkCallLimiter<[String]> { storage.handshakeLimiter }
    /// Verifies opaque machine tokens, when some are accepted and a machine-token backend is there.
    var opaqueTokens: OpaqueTokenVerifier? { storage.opaqueTokens }
    var metrics: AuthenticationMetrics { storage.metrics }

    /// An authenticator. `backend` (usually a `ClerkBackendClient`) is needed for refresh and legacy verify;
    /// `machineBackend` for opaque machine tokens (by default `backend`, when it can verify them, as
    /// `ClerkBackendClient` can).
    ///
    /// Limits that ``CallLimits/validate()`` or ``MachineTokenLimits/validate()`` refuse are replaced by the
    /// defaults, with an error logged; validate them where you build the configuration to fail at start-up
    /// instead.
    public init(
        verifier: SessionTokenVerifier, backend: (any ClerkSessionBackend)? = nil,
        machineBackend: (any ClerkMachineTokenBackend)? = nil,
        configuration: Configuration = Configuration(), logger: Logger = Logger(label: "clerk.session.auth")
    ) {
        func checked(_ limits: CallLimits, _ name: String) -> CallLimits {
            do {
                try limits.validate()
                return limits
            } catch {
                logger.error("invalid \(name); using the defaults", metadata: ["reason": "\(error.message)"])
                return CallLimits()
            }
        }
        let clock = verifier.configuration.clock
        let opaqueTokens: OpaqueTokenVerifier?
        let opaqueKinds = configuration.acceptedTokens.intersection([.m2mToken, .apiKey, .oauthToken])
        if !opaqueKinds.isEmpty, let machineBackend = machineBackend ?? (backend as? any ClerkMachineTokenBackend) {
            var limits = configuration.machineTokenLimits
            do { try limits.validate() } catch {
                logger.error("invalid machineTokenLimits; using the defaults", metadata: ["reason": "\(error.message)"])
                limits = MachineTokenLimits()
            }
            opaqueTokens = OpaqueTokenVerifier(
                backend: machineBackend, limits: limits, clock: clock, metricsFactory: verifier.observability.factory)
        } else {
            opaqueTokens = nil
            if !opaqueKinds.isEmpty {
                logger.error(
                    "machine tokens are accepted but no Backend API client is configured: opaque ones (mt_, ak_, oat_) will answer 503; JWT ones verify locally"
                )
            }
        }
        self.storage = Storage(
            verifier: verifier, backend: backend, configuration: configuration, logger: logger,
            refreshLimiter: ClerkCallLimiter(
                limits: checked(configuration.refreshLimits, "refreshLimits"), clock: clock),
            legacyLimiter: ClerkCallLimiter(
                limits: checked(configuration.legacyVerifyLimits, "legacyVerifyLimits"), clock: clock),
            handshakeLimiter: ClerkCallLimiter(
                limits: checked(configuration.refreshLimits, "refreshLimits"),
                refusalsPerMinute: configuration.browserFlows.map { max($0.refusedNonceExchangesPerMinute, 1) },
                clock: clock),
            opaqueTokens: opaqueTokens)
        if let flows = configuration.browserFlows {
            do { try flows.validate() } catch {
                logger.error(
                    "invalid browserFlows: page loads will be signed out, not redirected, where the configuration is incomplete",
                    metadata: ["reason": "\(error.message)"])
            }
        }
        if configuration.fallsBackToLegacyVerify {
            logger.warning(
                "legacy verify is ON: when keys are unavailable, tokens are checked with Clerk's deprecated POST /v1/sessions/{id}/verify, which Clerk retires with 410; prefer fixing key access"
            )
        }
    }

    /// Authenticates one request. Never throws: every failure is a typed outcome.
    public func authenticate(_ request: ClerkRequest) async -> AuthenticationResult {
        // Cookies are parsed only when there is no bearer token (API requests never pay for it).
        if let bearer = request.bearerToken {
            return await authenticate(bearerToken: bearer)
        }
        guard configuration.acceptedTokens.contains(.sessionToken) else {
            // Machine tokens come in the Authorization header only; a cookie is never read for them.
            return .signedOut(
                SignedOutReason(
                    code: .machineTokenMissing,
                    message: "no token in the Authorization header (accepted: \(configuration.acceptedTokens))"))
        }
        if let flows = configuration.browserFlows { return await authenticateBrowser(request, flows: flows) }
        let cookies = request.cookieJar
        guard let token = sessionCookie(cookies) else {
            return .signedOut(
                SignedOutReason(code: .sessionTokenMissing, message: "no bearer token and no __session cookie"))
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
        if let kind = ClerkTokenKind.opaqueKind(of: token) { return await authenticate(opaqueToken: token, kind: kind) }
        return await authenticate(token: token, carrier: .header, request: nil, cookies: ClerkCookieJar())
    }

    /// An opaque machine token: refused by kind, else verified through Clerk within the limits.
    private func authenticate(opaqueToken token: String, kind: ClerkTokenKind) async -> AuthenticationResult {
        let kinds = configuration.acceptedTokens
        guard kinds.accepts(kind) else {
            let error = SessionTokenVerifier.mismatch(kind, kinds)
            return .signedOut(
                SignedOutReason(
                    code: Code(error.code), message: error.message, tokenCarrier: .header, verificationError: error))
        }
        guard let opaqueTokens else {
            return .keysUnavailable(
                ClerkVerificationError(
                    .machineTokenVerifyUnavailable,
                    "no Backend API client is configured to verify opaque machine tokens (\(kind.rawValue))"))
        }
        switch await opaqueTokens.verify(token, kind: kind) {
        case .success(let identity):
            return .signedInMachine(identity)
        case .failure(let error):
            if error.isUnavailable { return .keysUnavailable(error) }
            return .signedOut(
                SignedOutReason(
                    code: Code(error.code), message: error.message, tokenCarrier: .header, verificationError: error))
        }
    }

    /// Authenticates a request as an adapter sees it: `authorization` is the first `Authorization` value the
    /// framework hands over; when it carries a bearer token, that is enough (bearer tokens take precedence
    /// and never refresh, so API requests cost no header copy). Otherwise `request` builds the full
    /// ``ClerkRequest`` for the cookie path.
    public func authenticate(authorization: String?, otherwise request: () -> ClerkRequest) async
        -> AuthenticationResult
    {
        switch authenticateWithoutWaiting(authorization: authorization) {
        case .decided(let result): return result
        case .awaits(let pending): return await authenticate(pending, otherwise: request)
        }
    }

    /// Local verification, then the fallbacks: refresh (cookie tokens, with `request`) or legacy verify.
    private func authenticate(
        token: String, carrier: TokenCarrier, request: ClerkRequest?,
        cookies: ClerkCookieJar
    ) async -> AuthenticationResult {
        if carrier == .header, configuration.acceptedTokens != .sessionToken {
            do {
                switch try await verifier.verifyAwaitingKeys(token, accepting: configuration.acceptedTokens) {
                case .session(let session): return .signedIn(session, responseCookies: [])
                case .machine(let identity): return .signedInMachine(identity)
                }
            } catch {
                return await outcome(of: error, token: token, carrier: carrier, request: request, cookies: cookies)
            }
        }
        // A session token: its verdict needs no wait unless the keys may change it, so a cache hit costs no
        // chain of async calls; what is left goes to the awaiting path with the first attempt's failure.
        return await authenticate(
            token: token, after: verifier.verifyWithoutWaiting(token), carrier: carrier, request: request,
            cookies: cookies)
    }

    /// A session token after its first, synchronous attempt (`verdict`).
    func authenticate(
        token: String, after verdict: SessionTokenVerifier.ImmediateVerdict, carrier: TokenCarrier,
        request: ClerkRequest?, cookies: ClerkCookieJar
    ) async -> AuthenticationResult {
        switch verdict {
        case .verified(let session):
            return .signedIn(session, responseCookies: [])
        case .refused(let error):
            return await outcome(of: error, token: token, carrier: carrier, request: request, cookies: cookies)
        case .awaitsKeys(let firstFailure):
            do {
                let session = try await verifier.verifyAwaitingKeys(token, afterFailedAttempt: firstFailure)
                return .signedIn(session, responseCookies: [])
            } catch {
                return await outcome(of: error, token: token, carrier: carrier, request: request, cookies: cookies)
            }
        }
    }

    /// What a local verification's failure means: a key outage is 503 (or, opted in, legacy verify), an
    /// expired cookie token is refreshed, anything else is signed out.
    private func outcome(
        of error: ClerkVerificationError, token: String, carrier: TokenCarrier, request: ClerkRequest?,
        cookies: ClerkCookieJar
    ) async -> AuthenticationResult {
        if error.isKeyUnavailable {
            // Only a key outage may consult Clerk's deprecated endpoint; every other failure is the
            // token's own and stays local.
            if configuration.fallsBackToLegacyVerify, configuration.acceptedTokens.contains(.sessionToken) {
                return await legacyVerify(token: token, carrier: carrier, cause: error)
            }
            return .keysUnavailable(error)
        }
        if error.code == .tokenExpired, carrier == .cookie, let request {
            return await refresh(
                expiredToken: token, request: request, refreshToken: refreshCookie(cookies), cause: error)
        }
        return Self.signedOut(error, carrier: carrier)
    }

    /// A local verification's failure as the request's result: signed out, with the reason.
    static func signedOut(_ error: ClerkVerificationError, carrier: TokenCarrier) -> AuthenticationResult {
        .signedOut(
            SignedOutReason(
                code: Code(error.code), message: error.message, tokenCarrier: carrier, verificationError: error))
    }

    // MARK: Cookies

    private func sessionCookie(_ cookies: ClerkCookieJar) -> String? {
        if let suffix = cookieSuffix, let value = cookies.value(named: "__session_\(suffix)"), !value.isEmpty {
            return value
        }
        if let value = cookies.value(named: "__session"), !value.isEmpty { return value }
        return nil
    }

    private func refreshCookie(_ cookies: ClerkCookieJar) -> String? {
        if let suffix = cookieSuffix, let value = cookies.value(named: "__refresh_\(suffix)"), !value.isEmpty {
            return value
        }
        if let value = cookies.value(named: "__refresh"), !value.isEmpty { return value }
        return nil
    }

    /// `__client_uat` is the client's last authentication change (unix seconds; 0 = signed out). A cookie
    /// token issued before it belongs to a previous sign-in.
    private func clientUATRule(token: String, cookies: ClerkCookieJar) -> SignedOutReason? {
        let raw =
            cookieSuffix.flatMap { cookies.value(named: "__client_uat_\($0)") } ?? cookies.value(named: "__client_uat")
        guard let raw, let uat = Double(raw), uat.isFinite else { return nil }
        if uat == 0 {
            return SignedOutReason(
                code: .clientUATSignedOut, message: "__client_uat is 0: the client signed out", tokenCarrier: .cookie)
        }
        if let iat = SessionTokenVerifier.unverifiedIssuedAt(of: token), iat < uat {
            return SignedOutReason(
                code: .issuedBeforeClientUAT,
                message: "the session cookie was issued before the client's last sign-in change", tokenCarrier: .cookie)
        }
        return nil
    }

    // MARK: Refresh

    /// The refresh of an expired cookie token. `refreshToken` is the refresh cookie as the caller read it
    /// (the browser flows read only `__refresh_<suffix>`); `suffixedCookies` is passed to Clerk when known.
    func refresh(
        expiredToken: String, request: ClerkRequest, refreshToken: String?, suffixedCookies: Bool? = nil,
        requestOrigin: String? = nil, cause: ClerkVerificationError
    ) async -> AuthenticationResult {
        func signedOut(_ code: SignedOutReason.Code, _ message: String) -> AuthenticationResult {
            refreshSignedOut(code, message, cause: cause)
        }
        guard configuration.refreshesExpiredSessions else {
            return .signedOut(
                SignedOutReason(
                    code: Code(cause.code), message: cause.message, tokenCarrier: .cookie, verificationError: cause))
        }
        guard request.method.caseInsensitiveEquals("GET") else {
            return signedOut(.refreshNotGET, "the token expired; only GET requests are refreshed")
        }
        guard let refreshToken else {
            return signedOut(.refreshNoCookie, "the token expired and there is no refresh cookie")
        }
        guard let backend else {
            return signedOut(.refreshNoBackend, "the token expired and no secret key is configured for refresh")
        }
        // The token's signature was verified (it failed on `exp` alone), so its `sid` is Clerk's.
        guard let sessionID = SessionTokenVerifier.unverifiedSessionID(of: expiredToken), !sessionID.isEmpty else {
            return signedOut(.refreshNoSessionID, "the expired token has no sid")
        }
        guard let origin = requestOrigin ?? request.origin else {
            return signedOut(.refreshNoOrigin, "the request has no Host to derive its origin")
        }
        // Keyed by lower-cased ASCII token names only: a name with any other byte is not an HTTP header name,
        // and Unicode-folded names (`lowercased()`) could merge distinct byte strings.
        var headers: [String: [String]] = [:]
        for header in request.headers where !header.name.caseInsensitiveEquals("Authorization") {
            guard let name = header.name.lowercasedHTTPToken() else { continue }
            headers[name, default: []].append(header.value)
        }
        let body = RefreshSessionRequest(
            expiredToken: expiredToken, refreshToken: refreshToken, requestOrigin: origin,
            requestOriginatingIP: request.remoteAddress, requestHeaders: headers, format: .cookie,
            suffixedCookies: suffixedCookies)
        return await traced("clerk.session.refresh") {
            await self.callRefresh(
                backend, sessionID: sessionID, refreshToken: refreshToken, body: body, cause: cause)
        }
    }

    /// A failed refresh, counted.
    private func refreshSignedOut(
        _ code: SignedOutReason.Code, _ message: String, cause: ClerkVerificationError
    ) -> AuthenticationResult {
        metrics.refresh(code)
        return .signedOut(
            SignedOutReason(code: code, message: message, tokenCarrier: .cookie, verificationError: cause))
    }

    /// The bounded refresh call and the check of the token it brings.
    private func callRefresh(
        _ backend: any ClerkSessionBackend, sessionID: String, refreshToken: String, body: RefreshSessionRequest,
        cause: ClerkVerificationError
    ) async -> AuthenticationResult {
        func signedOut(_ code: SignedOutReason.Code, _ message: String) -> AuthenticationResult {
            refreshSignedOut(code, message, cause: cause)
        }
        let outcome = await refreshLimiter.run(session: sessionID, credential: refreshToken) {
            do throws(ClerkAPIError) { return .success(try await backend.refreshSession(id: sessionID, body)) } catch {
                return .failure(error)
            }
        }
        let result: SessionRefreshResult
        switch outcome {
        case .answered(.success(let answer)):
            result = answer
        case .answered(.failure(let error)):
            if ClerkCallLimiter<SessionRefreshResult>.isRefusal(error) {
                let clerkCode = error.errors.first?.code ?? "unauthorized"
                return signedOut(
                    .refreshRejected, "Clerk refused the refresh (\(clerkCode)): the user must sign in again")
            }
            logger.warning("session refresh failed", metadata: ["code": "\(error.code)", "kind": "\(error.kind)"])
            return signedOut(.refreshFailed, "the refresh call failed (\(error.code)); signed out for this request")
        case .refusedRecently:
            return signedOut(
                .refreshRejectedRecently,
                "Clerk refused this session's refresh with this refresh cookie a moment ago; not asking again")
        case .sessionBudgetSpent:
            return signedOut(
                .refreshRateLimited,
                "this session reached \(refreshLimiter.limits.callsPerSessionPerMinute) refresh calls this minute")
        case .overloaded, .refusalBudgetSpent:  // (the refresh limiter has no refusal budget)
            return signedOut(
                .refreshOverloaded,
                "\(refreshLimiter.limits.maximumCallsInFlight) refresh calls are already in flight")
        }
        let newToken: String
        var responseCookies: [String] = []
        switch result {
        case .token(let jwt):
            newToken = jwt
        case .cookies(let directives):
            responseCookies = directives
            guard let found = Self.sessionValue(in: directives, suffix: cookieSuffix) else {
                return signedOut(.refreshUnexpectedAnswer, "the refresh answer carried no __session cookie")
            }
            newToken = found
        }
        do {
            let session = try await verifier.verifyAwaitingKeys(newToken)
            metrics.refresh(nil)
            return .signedIn(session, responseCookies: responseCookies)
        } catch {
            return signedOut(.refreshInvalidToken, "the refreshed token did not verify: \(error.code)")
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
            if let suffix, name.utf8.elementsEqual("__session_\(suffix)".utf8), !value.isEmpty { return value }
            if name.utf8.elementsEqual("__session".utf8), !value.isEmpty, plain == nil { plain = value }
        }
        return plain
    }

    // MARK: Legacy verify (opt-in)

    /// The legacy fallback, for a key outage only: every rule that needs no key first (a token that fails
    /// one is a plain 401 and Clerk never sees it), then one bounded call, then the session.
    func legacyVerify(token: String, carrier: TokenCarrier, cause: ClerkVerificationError) async
        -> AuthenticationResult
    {
        let preflight: VerifiedSession
        do {
            preflight = try verifier.sessionFromClerkConfirmedToken(token)
        } catch {
            return .signedOut(
                SignedOutReason(
                    code: Code(error.code), message: error.message, tokenCarrier: carrier, verificationError: error))
        }
        let sessionID = preflight.sessionID
        guard !sessionID.isEmpty else {
            return .signedOut(
                SignedOutReason(
                    code: Code(.tokenMissingClaim),
                    message: "the token has no sid; Clerk's verify endpoint needs one", tokenCarrier: carrier))
        }
        guard let backend else { return .keysUnavailable(cause) }
        return await traced("clerk.session.legacy_verify") {
            await self.callLegacyVerify(
                backend, preflight: preflight, token: token, carrier: carrier, cause: cause)
        }
    }

    /// The bounded call to the deprecated verify endpoint, and what its answer means.
    private func callLegacyVerify(
        _ backend: any ClerkSessionBackend, preflight: VerifiedSession, token: String, carrier: TokenCarrier,
        cause: ClerkVerificationError
    ) async -> AuthenticationResult {
        let sessionID = preflight.sessionID
        let outcome = await legacyLimiter.run(session: sessionID, credential: token) {
            do throws(ClerkAPIError) {
                try await backend.legacyVerifySession(id: sessionID, token: token)
                return .success(())
            } catch { return .failure(error) }
        }
        switch outcome {
        case .answered(.success):
            metrics.legacy("confirmed")
            return .signedIn(preflight, responseCookies: [])
        case .answered(.failure(let error)):
            if error.kind == .endpointGone {
                metrics.legacy("gone")
                logger.error(
                    "Clerk's legacy verify endpoint answered 410 Gone; it can no longer stand in for local keys")
                return .keysUnavailable(
                    ClerkVerificationError(
                        cause.code, "\(cause.message); the legacy verify fallback is retired by Clerk (410)"))
            }
            if ClerkCallLimiter<Void>.isRefusal(error) {
                metrics.legacy("rejected")
                return .signedOut(
                    SignedOutReason(
                        code: .legacyVerifyRejected, message: "Clerk's verify endpoint refused the token",
                        tokenCarrier: carrier))
            }
            metrics.legacy("failed")
            return .keysUnavailable(
                ClerkVerificationError(cause.code, "\(cause.message); legacy verify also failed (\(error.code))"))
        case .refusedRecently:
            metrics.legacy("rejected-recently")
            return .signedOut(
                SignedOutReason(
                    code: .legacyVerifyRejectedRecently,
                    message: "Clerk's verify endpoint refused this token a moment ago; not asking again",
                    tokenCarrier: carrier))
        case .sessionBudgetSpent:
            metrics.legacy("rate-limited")
            return .keysUnavailable(
                ClerkVerificationError(
                    cause.code,
                    "\(cause.message); this session reached \(legacyLimiter.limits.callsPerSessionPerMinute) legacy verify calls this minute"
                ))
        case .overloaded, .refusalBudgetSpent:  // (the legacy limiter has no refusal budget)
            metrics.legacy("overloaded")
            return .keysUnavailable(
                ClerkVerificationError(
                    cause.code,
                    "\(cause.message); \(legacyLimiter.limits.maximumCallsInFlight) legacy verify calls are already in flight"
                ))
        }
    }

    // MARK: Spans

    /// Runs `body` inside an internal span named `name` (the current span while it runs, so the client span of
    /// the Backend API call nests in it), and records what it came to: `success`, or the signed-out reason or
    /// key error code.
    private func traced(_ name: String, _ body: () async -> AuthenticationResult) async -> AuthenticationResult {
        let span = verifier.observability.activeTracer.startSpan(name, ofKind: .internal)
        defer { span.end() }
        let result = await ServiceContext.$current.withValue(span.context) { await body() }
        let failure: String?
        switch result {
        case .signedIn, .signedInMachine: failure = nil
        case .signedOut(let reason): failure = reason.code.rawValue
        case .keysUnavailable(let error): failure = error.code.rawValue
        case .handshake(let handshake): failure = handshake.session == nil ? handshake.reason.rawValue : nil
        }
        span.attributes[ClerkSpanAttribute.outcome] = failure ?? "success"
        if let failure {
            span.attributes[ClerkSpanAttribute.errorType] = failure
            span.setStatus(SpanStatus(code: .error))
        }
        return result
    }
}
