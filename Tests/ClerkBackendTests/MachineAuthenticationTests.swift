import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication

/// A Backend API stand-in for opaque machine tokens: known tokens answer, others 404; a gate holds calls.
final class ScriptedMachineBackend: ClerkMachineTokenBackend {
    struct State: Sendable {
        var known: [[UInt8]: MachineIdentity] = [:]
        var failure: ClerkAPIError?
        var calls = 0
        var held = false
        var release: [CheckedContinuation<Void, Never>] = []
    }

    let state = Locked(State())

    func add(_ token: String, _ identity: MachineIdentity) { state.withLock { $0.known[Array(token.utf8)] = identity } }
    func fail(with error: ClerkAPIError?) { state.withLock { $0.failure = error } }
    var calls: Int { state.withLock { $0.calls } }
    func hold() { state.withLock { $0.held = true } }
    func releaseAll() {
        let waiting = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.held = false
            defer { s.release = [] }
            return s.release
        }
        for continuation in waiting { continuation.resume() }
    }

    func verifyMachineToken(_ token: String, kind: ClerkTokenKind) async throws(ClerkAPIError) -> MachineIdentity {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { s -> Bool in
                s.calls += 1
                if s.held { s.release.append(continuation) }
                return !s.held
            }
            if resumeNow { continuation.resume() }
        }
        let (identity, failure) = state.withLock { ($0.known[Array(token.utf8)], $0.failure) }
        if let failure { throw failure }
        guard let identity else {
            throw ClerkAPIError(
                kind: .http, status: 404, errors: [.init(message: "not found", code: "resource_not_found")],
                message: "not found")
        }
        return identity
    }
}

/// A clock the machine-token tests move.
final class MachineClock: Sendable {
    let time = Locked(1_900_000_000.0)
    var clock: ClerkClock { ClerkClock { [time] in time.withLock { $0 } } }
    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
    var now: Double { time.withLock { $0 } }
}

/// Issue 15: machine tokens through the authenticator — accepted kinds, the Authorization header only,
/// opaque tokens through the Backend API within bounds (cache, single flight, rejection memory, format
/// check, rate limit, calls in flight), and the 401/503 split.
@Suite("Machine tokens in the authenticator")
struct MachineAuthenticationTests {
    static let apiKey = "ak_live_0123456789abcdefABCDEF"
    static let m2mToken = "mt_0123456789abcdef0123456789abcdef"
    static let oauthToken = "oat_0123456789abcdef0123456789abcdef"

    struct Stack {
        let clock: MachineClock
        let backend: ScriptedMachineBackend
        let issuer: TestIssuer
        let authenticator: ClerkRequestAuthenticator
    }

    static func stack(
        accepting kinds: AcceptedTokenKinds, limits: MachineTokenLimits = .init(), backend: Bool = true
    ) -> Stack {
        let clock = MachineClock()
        let issuer = TestIssuer(clock: clock.clock, signingKey: sharedIssuer.currentKey.signingKey)
        let scripted = ScriptedMachineBackend()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keySet: issuer.keySet)
        let authenticator = ClerkRequestAuthenticator(
            verifier: verifier, machineBackend: backend ? scripted : nil,
            configuration: .init(acceptedTokens: kinds, machineTokenLimits: limits))
        return Stack(clock: clock, backend: scripted, issuer: issuer, authenticator: authenticator)
    }

    static func identity(_ kind: ClerkTokenKind, subject: String, expires: Double?, scopes: [String] = [])
        -> MachineIdentity
    {
        MachineIdentity(
            kind: kind, id: "\(kind)_id", subject: subject, scopes: scopes, expiresAtSeconds: expires)
    }

    static func bearer(_ token: String) -> ClerkRequest {
        ClerkRequest(method: "GET", headers: [(name: "Authorization", value: "Bearer \(token)")])
    }

    static func reason(_ result: AuthenticationResult) -> String? {
        if case .signedOut(let reason) = result { return reason.code.rawValue }
        return nil
    }

    static func unavailableCode(_ result: AuthenticationResult) -> String? {
        if case .keysUnavailable(let error) = result { return error.code.rawValue }
        return nil
    }

    // MARK: Kinds and carriers

    @Test("an API key is verified through the backend and signs in as a machine")
    func apiKeySignsIn() async {
        let s = Self.stack(accepting: .apiKey)
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "user_1", expires: nil, scopes: ["read"]))
        let result = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(result.machine?.kind == .apiKey)
        #expect(result.machine?.userID == "user_1")
        #expect(result.identity?.subject == "user_1")
        #expect(result.session == nil)
        #expect(s.backend.calls == 1)
    }

    @Test("an opaque token of a kind not accepted is token-type-mismatch, with no call")
    func opaqueMismatch() async {
        let s = Self.stack(accepting: [.sessionToken, .oauthToken])
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "user_1", expires: nil))
        let result = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(Self.reason(result) == "token-type-mismatch")
        #expect(s.backend.calls == 0)
    }

    @Test("the default authenticator (sessions only) refuses an API key as token-type-mismatch")
    func defaultRefusesMachine() async {
        let s = Self.stack(accepting: .sessionToken)
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(Self.m2mToken))) == "token-type-mismatch")
        let m2mJWT = s.issuer.m2mToken()
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(m2mJWT))) == "token-type-mismatch")
        #expect(s.backend.calls == 0)
    }

    @Test("a machine token in the __session cookie is never read as one")
    func cookieIgnored() async {
        let s = Self.stack(accepting: .m2mToken)
        s.backend.add(Self.m2mToken, Self.identity(.m2mToken, subject: "mch_1", expires: nil))
        let request = ClerkRequest(method: "GET", headers: [(name: "Cookie", value: "__session=\(Self.m2mToken)")])
        #expect(Self.reason(await s.authenticator.authenticate(request)) == "machine-token-missing")
        #expect(s.backend.calls == 0)
    }

    @Test("with sessions and machines accepted, a cookie session still works and a cookie machine JWT is refused")
    func mixedCookie() async {
        let s = Self.stack(accepting: .any)
        let session = s.issuer.sessionToken()
        let ok = await s.authenticator.authenticate(
            ClerkRequest(method: "GET", headers: [(name: "Cookie", value: "__session=\(session)")]))
        #expect(ok.session != nil)
        let machineJWT = s.issuer.m2mToken()
        let refused = await s.authenticator.authenticate(
            ClerkRequest(method: "GET", headers: [(name: "Cookie", value: "__session=\(machineJWT)")]))
        #expect(Self.reason(refused) == "token-type-mismatch")
    }

    @Test("an M2M JWT in the header verifies locally, with no call")
    func m2mJWTLocal() async {
        let s = Self.stack(accepting: .m2mToken)
        let result = await s.authenticator.authenticate(Self.bearer(s.issuer.m2mToken(machineID: "mch_local")))
        #expect(result.machine?.machineID == "mch_local")
        #expect(result.machine?.isVerifiedLocally == true)
        #expect(s.backend.calls == 0)
    }

    @Test("an OAuth JWT and a session token both pass under any, each as its kind")
    func anyKinds() async {
        let s = Self.stack(accepting: .any)
        let oauth = await s.authenticator.authenticate(Self.bearer(s.issuer.oauthAccessToken(userID: "user_o")))
        #expect(oauth.machine?.kind == .oauthToken)
        #expect(oauth.machine?.userID == "user_o")
        let session = await s.authenticator.authenticate(Self.bearer(s.issuer.sessionToken(userID: "user_s")))
        #expect(session.session?.userID == "user_s")
    }

    @Test("a JWT-template token stays refused under any")
    func templateRefusedUnderAny() async {
        let s = Self.stack(accepting: .any)
        var header = s.issuer.sessionHeader()
        header[1] = ("cat", .string(SessionTokenVerifier.templateCategory))
        let token = s.issuer.token(header: header, claims: s.issuer.sessionClaims())
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(token))) == "token-type-mismatch")
    }

    @Test("machine kinds only and no Authorization header: machine-token-missing")
    func missingHeader() async {
        let s = Self.stack(accepting: .machine)
        #expect(
            Self.reason(await s.authenticator.authenticate(ClerkRequest(method: "GET", headers: [])))
                == "machine-token-missing")
    }

    @Test("no machine backend: an opaque token answers 503, never signed in")
    func noBackend() async {
        let s = Self.stack(accepting: .apiKey, backend: false)
        let result = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(Self.unavailableCode(result) == "machine-token-verify-unavailable")
        #expect(AuthenticationResponse(result).action.rejectStatus == 503)
    }

    // MARK: Clerk's answers

    @Test("Clerk's 404 is machine-token-rejected (401), remembered without another call")
    func rejectionRemembered() async {
        let s = Self.stack(accepting: .apiKey)
        let first = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(Self.reason(first) == "machine-token-rejected")
        let again = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(Self.reason(again) == "machine-token-rejected")
        #expect(s.backend.calls == 1)
        s.clock.advance(31)
        _ = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
        #expect(s.backend.calls == 2)
    }

    @Test("a revoked or expired answer (tokenRejected) is machine-token-rejected")
    func tokenRejectedKind() async {
        let s = Self.stack(accepting: .m2mToken)
        s.backend.fail(with: ClerkAPIError(kind: .tokenRejected, message: "the M2M token is revoked"))
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(Self.m2mToken))) == "machine-token-rejected")
    }

    @Test("an identity Clerk returns already expired is refused")
    func expiredIdentityRefused() async {
        let s = Self.stack(accepting: .oauthToken)
        s.backend.add(Self.oauthToken, Self.identity(.oauthToken, subject: "user_1", expires: s.clock.now - 1))
        #expect(
            Self.reason(await s.authenticator.authenticate(Self.bearer(Self.oauthToken))) == "machine-token-rejected")
    }

    @Test("Clerk failing (5xx, 429, transport, 401 on the secret) is 503 and not remembered")
    func unavailableNotRemembered() async {
        let s = Self.stack(accepting: .apiKey)
        for failure in [
            ClerkAPIError(kind: .http, status: 503, message: "down"),
            ClerkAPIError(kind: .http, status: 429, message: "slow down"),
            ClerkAPIError(kind: .transport, message: "refused"),
            ClerkAPIError(kind: .http, status: 401, message: "bad secret"),
        ] {
            s.backend.fail(with: failure)
            let result = await s.authenticator.authenticate(Self.bearer(Self.apiKey))
            #expect(Self.unavailableCode(result) == "machine-token-verify-unavailable")
            #expect(AuthenticationResponse(result).action.rejectStatus == 503)
        }
        #expect(s.backend.calls == 4)
    }

    @Test("text that cannot be an opaque token is refused before any call")
    func formatCheck() async {
        let s = Self.stack(accepting: .machine)
        for token in ["ak_short", "ak_" + String(repeating: "a", count: 600), "ak_abcdefgh!ijkl", "mt_abcdefgh ijkl"] {
            let result = await s.authenticator.authenticate(bearerToken: token)
            #expect(Self.reason(result) == "machine-token-rejected", "\(token.prefix(12))")
        }
        #expect(s.backend.calls == 0)
    }

    // MARK: Cache and bounds

    @Test("a verified token is served from the cache until the cache lifetime, then asked again")
    func cacheLifetime() async {
        let s = Self.stack(accepting: .apiKey, limits: .init(maximumCacheLifetime: .seconds(60)))
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "org_1", expires: nil))
        for _ in 0..<5 { #expect(await s.authenticator.authenticate(Self.bearer(Self.apiKey)).machine != nil) }
        #expect(s.backend.calls == 1)
        s.clock.advance(61)
        #expect(await s.authenticator.authenticate(Self.bearer(Self.apiKey)).machine?.organizationID == "org_1")
        #expect(s.backend.calls == 2)
    }

    @Test("a cached token is never served past its own expiry")
    func cacheNeverPastExpiry() async {
        let s = Self.stack(accepting: .m2mToken)
        s.backend.add(Self.m2mToken, Self.identity(.m2mToken, subject: "mch_1", expires: s.clock.now + 10))
        #expect(await s.authenticator.authenticate(Self.bearer(Self.m2mToken)).machine != nil)
        s.clock.advance(11)
        s.backend.fail(with: ClerkAPIError(kind: .tokenRejected, message: "expired"))
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(Self.m2mToken))) == "machine-token-rejected")
        #expect(s.backend.calls == 2)
    }

    @Test("the cache is keyed by SHA-256: a token differing in one byte is another entry")
    func cacheByteExact() async {
        let s = Self.stack(accepting: .apiKey)
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "user_1", expires: nil))
        #expect(await s.authenticator.authenticate(Self.bearer(Self.apiKey)).machine != nil)
        let other = String(Self.apiKey.dropLast()) + "G"
        #expect(Self.reason(await s.authenticator.authenticate(Self.bearer(other))) == "machine-token-rejected")
        #expect(s.backend.calls == 2)
    }

    @Test("concurrent requests with one token share one call")
    func singleFlight() async {
        let s = Self.stack(accepting: .apiKey)
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "user_1", expires: nil))
        s.backend.hold()
        let opaque = s.authenticator.opaqueTokens!
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { await s.authenticator.authenticate(bearerToken: Self.apiKey).machine != nil }
            }
            while opaque.waiterCount < 20 { await Task.yield() }
            s.backend.releaseAll()
            var signedIn = 0
            for await ok in group where ok { signedIn += 1 }
            #expect(signedIn == 20)
        }
        #expect(s.backend.calls == 1)
    }

    @Test("a flood of random API keys costs Clerk at most the rate limit, while a verified key keeps being served")
    func floodBounded() async {
        let s = Self.stack(accepting: .apiKey, limits: .init(callsPerSecond: 5, maximumCallsInFlight: 16))
        s.backend.add(Self.apiKey, Self.identity(.apiKey, subject: "user_good", expires: nil))
        #expect(await s.authenticator.authenticate(Self.bearer(Self.apiKey)).machine != nil)
        var unavailable = 0
        var rejected = 0
        for second in 0..<3 {
            for i in 0..<500 {
                let junk = "ak_flood_\(second)_\(i)_\(UInt64.random(in: 1...UInt64.max))"
                let result = await s.authenticator.authenticate(bearerToken: junk)
                if Self.unavailableCode(result) == "machine-token-verify-unavailable" { unavailable += 1 }
                if Self.reason(result) == "machine-token-rejected" { rejected += 1 }
                if i % 50 == 0 {
                    #expect(await s.authenticator.authenticate(bearerToken: Self.apiKey).machine?.userID == "user_good")
                }
            }
            s.clock.advance(1)
        }
        // 5 calls in the first second (one spent on the good key), 5 in each of the next two.
        #expect(s.backend.calls == 15)
        #expect(rejected == 14)
        #expect(unavailable == 1500 - 14)
        #expect(await s.authenticator.authenticate(bearerToken: Self.apiKey).machine != nil)
        #expect(s.backend.calls == 15)
    }

    @Test("calls in flight are bounded: past the bound a new token answers 503 with no call")
    func inFlightBound() async {
        let s = Self.stack(accepting: .apiKey, limits: .init(callsPerSecond: 1000, maximumCallsInFlight: 2))
        s.backend.hold()
        let opaque = s.authenticator.opaqueTokens!
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<2 {
                group.addTask { _ = await s.authenticator.authenticate(bearerToken: "ak_inflight_token_\(i)") }
            }
            while opaque.waiterCount < 2 { await Task.yield() }
            let third = await s.authenticator.authenticate(bearerToken: "ak_inflight_token_third")
            #expect(Self.unavailableCode(third) == "machine-token-verify-unavailable")
            s.backend.releaseAll()
        }
        #expect(s.backend.calls == 2)
    }

    // MARK: Guards

    @Test("the token guard: 401 without an accepted identity, 403 without a scope, continue with both")
    func guardDecisions() {
        let machine = Self.identity(.apiKey, subject: "user_1", expires: nil, scopes: ["read", "write"])
        #expect(AuthenticationResponse.requiring(nil, kinds: .apiKey).action.rejectStatus == 401)
        #expect(AuthenticationResponse.requiring(.machine(machine), kinds: .m2mToken).action.rejectStatus == 401)
        #expect(
            AuthenticationResponse.requiring(.machine(machine), kinds: .apiKey, scopes: ["admin"]).action.rejectStatus
                == 403)
        #expect(
            AuthenticationResponse.requiring(.machine(machine), kinds: .apiKey, scopes: ["read", "write"]).action
                .rejectStatus == nil)
    }
}

extension AuthenticationResponse.Action {
    /// The status of a rejection, nil when the request continues.
    var rejectStatus: Int? {
        if case .reject(let status, _) = self { status } else { nil }
    }
}
