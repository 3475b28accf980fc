import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend

/// Issue 12 (2): requests cannot make this server call Clerk at will. Refresh and legacy verify share
/// one call per session and credential, remember refusals, and stay within a per-session budget and a
/// global bound, each with its own signed-out reason.
@Suite("Calls to Clerk that requests cause")
struct ClerkCallBoundsTests {
    /// A fake Clerk with one session, and an authenticator wired to it.
    struct Stack {
        let server: FakeClerkServer
        let sessionID: String
        let refreshToken: String
        let authenticator: ClerkRequestAuthenticator

        static func start(
            legacy: Bool = false, keysFromBackend: Bool = false,
            refreshLimits: ClerkRequestAuthenticator.CallLimits = .init(),
            legacyLimits: ClerkRequestAuthenticator.CallLimits = .init(),
            observability: ClerkObservability = .global
        ) async throws -> Stack {
            let server = try await FakeClerkServer.start(issuer: sharedIssuer, legacyVerify: legacy)
            let (session, refreshToken) = server.createSession(userID: "user_bounds")
            var configuration = ClerkBackendClient.Configuration(
                secretKey: server.secretKey, baseURL: server.baseURL,
                allowsLegacyVerify: legacy)
            configuration.timeout = .seconds(10)
            configuration.retryPolicy = .init(maximumRetries: 0, sleep: { _ in })
            let client = ClerkBackendClient(configuration: configuration, observability: observability)
            let store =
                keysFromBackend
                ? SessionKeyStore(
                    source: BackendAPIKeySource(client: client, issuer: sharedIssuer.issuer),
                    observability: observability)
                : SessionKeyStore(keySet: sharedIssuer.keySet, observability: observability)
            let verifier = SessionTokenVerifier(configuration: .init(issuers: [sharedIssuer.issuer]), keyStore: store)
            let authenticator = ClerkRequestAuthenticator(
                verifier: verifier, backend: client,
                configuration: .init(
                    fallsBackToLegacyVerify: legacy, refreshLimits: refreshLimits, legacyVerifyLimits: legacyLimits))
            return Stack(
                server: server, sessionID: session.id, refreshToken: refreshToken, authenticator: authenticator)
        }

        var expiredToken: String {
            server.sessionToken(forSession: sessionID, issuedAt: sharedIssuer.clock.now() - 3600) ?? ""
        }

        func calls(endingWith suffix: String) -> Int { server.requests.filter { $0.path.hasSuffix(suffix) }.count }

        func browserGET(session token: String, refresh: String) -> ClerkRequest {
            ClerkRequest(
                method: "GET",
                headers: [
                    (name: "Host", value: "app.example.test"),
                    (name: "Cookie", value: "__session=\(token); __refresh=\(refresh)"),
                ])
        }
    }

    static func code(_ result: AuthenticationResult) -> String {
        switch result {
        case .signedIn: "signed-in"
        case .signedInMachine(let machine): "machine \(machine.kind)"
        case .signedOut(let reason): reason.code.rawValue
        case .keysUnavailable(let error): "unavailable \(error.code)"
        case .handshake(let handshake): "handshake \(handshake.reason)"
        }
    }

    @Test(
        "1 000 concurrent requests, one expired token, 1 000 junk refresh cookies: at most the per-session budget of calls"
    )
    func junkCookieFlood() async throws {
        let stack = try await Stack.start(refreshLimits: .init(callsPerSessionPerMinute: 6))
        let expired = stack.expiredToken
        let outcomes = await withTaskGroup(of: String.self) { group in
            for i in 0..<1000 {
                group.addTask {
                    Self.code(
                        await stack.authenticator.authenticate(stack.browserGET(session: expired, refresh: "junk_\(i)"))
                    )
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        let calls = stack.calls(endingWith: "/refresh")
        #expect(calls >= 1 && calls <= 6, "refresh calls: \(calls)")
        #expect(outcomes["signed-in"] == nil)
        #expect(outcomes.values.reduce(0, +) == 1000)
        #expect(
            (outcomes[SignedOutReason.Code.refreshRateLimited.rawValue] ?? 0)
                + (outcomes[SignedOutReason.Code.refreshOverloaded.rawValue] ?? 0) >= 1000 - 6)
        #expect(outcomes[SignedOutReason.Code.refreshRejected.rawValue] == calls)
        try await stack.server.shutdown()
    }

    @Test("concurrent requests of one browser share one refresh call and its result")
    func singleFlight() async throws {
        let gate = Gate()
        let expired = sharedIssuer.sessionToken(sessionID: "sess_flight", issuedAt: sharedIssuer.clock.now() - 3600)
        let backend = GatedRefreshBackend(gate: gate, answer: sharedIssuer.sessionToken(sessionID: "sess_flight"))
        let authenticator = ClerkRequestAuthenticator(
            verifier: SessionTokenVerifier(
                configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet),
            backend: backend)
        let request = ClerkRequest(
            method: "GET",
            headers: [
                (name: "Host", value: "app.example.test"),
                (name: "Cookie", value: "__session=\(expired); __refresh=owner_cookie"),
            ])
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<200 { group.addTask { Self.code(await authenticator.authenticate(request)) } }
            // Every request reaches the one call in flight before Clerk answers it.
            let deadline = ContinuousClock.now + .seconds(60)
            while authenticator.refreshLimiter.waiterCount < 200, ContinuousClock.now < deadline { await Task.yield() }
            #expect(authenticator.refreshLimiter.waiterCount == 200)
            gate.open()
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0 == "signed-in" }, "\(Set(outcomes))")
        #expect(backend.calls == 1)
    }

    @Test("a refused refresh cookie is refused again without a call, and never blocks the owner's real one")
    func refusalMemory() async throws {
        let stack = try await Stack.start()
        let expired = stack.expiredToken
        let first = await stack.authenticator.authenticate(stack.browserGET(session: expired, refresh: "stranger_junk"))
        #expect(Self.code(first) == SignedOutReason.Code.refreshRejected.rawValue)
        #expect(stack.calls(endingWith: "/refresh") == 1)
        let again = await stack.authenticator.authenticate(stack.browserGET(session: expired, refresh: "stranger_junk"))
        #expect(Self.code(again) == SignedOutReason.Code.refreshRejectedRecently.rawValue)
        #expect(stack.calls(endingWith: "/refresh") == 1)
        let owner = await stack.authenticator.authenticate(
            stack.browserGET(session: expired, refresh: stack.refreshToken))
        #expect(Self.code(owner) == "signed-in")
        #expect(stack.calls(endingWith: "/refresh") == 2)
        try await stack.server.shutdown()
    }

    @Test("the per-session budget bites with its own reason, and refills after a minute")
    func perSessionBudget() async throws {
        let clock = ManualClock(now: sharedIssuer.clock.now())
        let limiter = ClerkCallLimiter<Int>(limits: .init(callsPerSessionPerMinute: 2), clock: clock.clerkClock)
        var outcomes: [String] = []
        for i in 0..<3 {
            outcomes.append(Self.describe(await limiter.run(session: "sess_1", credential: "r\(i)") { .success(i) }))
        }
        #expect(outcomes == ["answered 0", "answered 1", "budget"])
        // Another session has its own budget.
        #expect(Self.describe(await limiter.run(session: "sess_2", credential: "r") { .success(7) }) == "answered 7")
        clock.advance(60)
        #expect(Self.describe(await limiter.run(session: "sess_1", credential: "r9") { .success(9) }) == "answered 9")
        #expect(limiter.callCount == 4)
    }

    @Test("the global bound on calls in flight bites with its own reason")
    func overload() async throws {
        let limiter = ClerkCallLimiter<Int>(limits: .init(maximumCallsInFlight: 1), clock: .system)
        let gate = Gate()
        async let held = limiter.run(session: "sess_a", credential: "r") {
            await gate.wait()
            return .success(1)
        }
        await gate.waitUntilWaiting()
        let refused = await limiter.run(session: "sess_b", credential: "r") { .success(2) }
        #expect(Self.describe(refused) == "overloaded")
        // The same session and credential joins the call in flight instead of being refused.
        async let joined = limiter.run(session: "sess_a", credential: "r") { .success(3) }
        gate.open()
        let first = Self.describe(await held)
        let second = Self.describe(await joined)
        #expect(first == "answered 1")
        #expect(second == "answered 1" || second == "answered 3")
        #expect(limiter.callCount <= 2)
    }

    @Test("refusal memory keys on session and credential, by bytes")
    func refusalKeys() async throws {
        let limiter = ClerkCallLimiter<Int>(limits: .init(), clock: .system)
        let no = ClerkAPIError(kind: .http, status: 401, message: "refused")
        _ = await limiter.run(session: "sess_1", credential: "Kelvin") { .failure(no) }
        #expect(Self.describe(await limiter.run(session: "sess_1", credential: "Kelvin") { .success(1) }) == "refused")
        // U+212A KELVIN SIGN is canonically equivalent to "K" but another credential.
        #expect(
            Self.describe(await limiter.run(session: "sess_1", credential: "\u{212A}elvin") { .success(2) })
                == "answered 2")
        #expect(
            Self.describe(await limiter.run(session: "sess_2", credential: "Kelvin") { .success(3) }) == "answered 3")
        // 429 and 5xx are not refusals: they are asked again.
        let later = ClerkAPIError(kind: .http, status: 429, message: "later")
        _ = await limiter.run(session: "sess_3", credential: "r") { .failure(later) }
        #expect(Self.describe(await limiter.run(session: "sess_3", credential: "r") { .success(4) }) == "answered 4")
    }

    @Test("a refusal budget: after that many of Clerk's refusals in a minute, no call for any credential")
    func refusalBudget() async throws {
        let clock = ManualClock(now: sharedIssuer.clock.now())
        let limiter = ClerkCallLimiter<Int>(limits: .init(), refusalsPerMinute: 3, clock: clock.clerkClock)
        let no = ClerkAPIError(kind: .http, status: 404, message: "no such nonce")
        let later = ClerkAPIError(kind: .http, status: 429, message: "later")
        var outcomes: [String] = []
        // Answers and a 429 spend nothing; three distinct refused credentials spend the budget.
        outcomes.append(Self.describe(await limiter.run(session: "nonce:ok", credential: "ok") { .success(1) }))
        outcomes.append(Self.describe(await limiter.run(session: "nonce:l", credential: "l") { .failure(later) }))
        for i in 0..<3 {
            outcomes.append(
                Self.describe(await limiter.run(session: "nonce:junk\(i)", credential: "junk\(i)") { .failure(no) }))
        }
        outcomes.append(Self.describe(await limiter.run(session: "nonce:real", credential: "real") { .success(2) }))
        #expect(outcomes == ["answered 1", "failed 429", "failed 404", "failed 404", "failed 404", "refusal budget"])
        #expect(limiter.callCount == 5)
        clock.advance(59)
        #expect(
            Self.describe(await limiter.run(session: "nonce:real", credential: "real") { .success(2) })
                == "refusal budget")
        clock.advance(1)
        #expect(
            Self.describe(await limiter.run(session: "nonce:real", credential: "real") { .success(2) }) == "answered 2")
        #expect(limiter.callCount == 6)
        // The new window counts its own refusals: three more spend it again, within this minute.
        for i in 3..<6 {
            _ = await limiter.run(session: "nonce:junk\(i)", credential: "junk\(i)") { .failure(no) }
        }
        #expect(
            Self.describe(await limiter.run(session: "nonce:next", credential: "next") { .success(3) })
                == "refusal budget")
        #expect(limiter.callCount == 9)
        // Without a refusal budget (refresh, legacy verify), refusals of distinct credentials never stop calls.
        let unbounded = ClerkCallLimiter<Int>(limits: .init(), clock: clock.clerkClock)
        for i in 0..<50 { _ = await unbounded.run(session: "sess_\(i)", credential: "junk") { .failure(no) } }
        #expect(unbounded.callCount == 50)
    }

    @Test("budget and refusal tables stay within maximumTrackedSessions under a flood of sessions")
    func tablesAreBounded() async {
        let limiter = ClerkCallLimiter<Int>(limits: .init(maximumTrackedSessions: 100), clock: .system)
        let no = ClerkAPIError(kind: .http, status: 401, message: "refused")
        for i in 0..<1_000 {
            _ = await limiter.run(session: "sess_\(i)", credential: "junk_\(i)") { .failure(no) }
            let sizes = limiter.tableSizes
            #expect(sizes.budgets <= 100 && sizes.refusals <= 100, "after \(i + 1) sessions: \(sizes)")
        }
        #expect(limiter.callCount == 1_000)
        // The latest refusal is still remembered after the sweeps.
        #expect(
            Self.describe(await limiter.run(session: "sess_999", credential: "junk_999") { .success(1) }) == "refused")
    }

    @Test("1 000 forged unknown-kid tokens with legacy verify on: zero verify calls, 1 000 × 401")
    func forgedUnknownKeyIDFlood() async throws {
        let stack = try await Stack.start(legacy: true)
        let stranger = TestSigningKey()
        let tokens = (0..<1000).map { i in
            sharedIssuer.token(
                header: sharedIssuer.sessionHeader(keyID: "ins_forged_\(i % 10)"),
                claims: sharedIssuer.sessionClaims(sessionID: stack.sessionID), signingKey: stranger)
        }
        let outcomes = await withTaskGroup(of: String.self) { group in
            for token in tokens {
                group.addTask { Self.code(await stack.authenticator.authenticate(bearerToken: token)) }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes == [ClerkVerificationError.Code.keyIDMismatch.rawValue: 1000])
        #expect(stack.calls(endingWith: "/verify") == 0)
        try await stack.server.shutdown()
    }

    @Test("during a key outage, legacy verify asks Clerk only for tokens that pass every keyless rule")
    func legacyOnlyForKeyOutage() async throws {
        let stack = try await Stack.start(legacy: true, keysFromBackend: true)
        stack.server.injectFault(path: "/v1/jwks", status: 503, body: "{\"errors\":[]}", count: 100_000)
        // Ten minutes: a loaded CI machine has taken over a minute to reach the last step of this test.
        let good = stack.server.sessionToken(forSession: stack.sessionID, lifetime: 600) ?? ""
        let wrongIssuer = TestIssuer(
            frontendAPIHost: "other.example.test", signingKey: sharedIssuer.currentKey.signingKey
        )
        .sessionToken(sessionID: stack.sessionID)
        let expired = stack.expiredToken
        let badAlgorithm = sharedIssuer.token(
            header: [("alg", "HS256"), ("kid", .string(sharedIssuer.currentKey.keyID)), ("typ", "JWT")],
            claims: sharedIssuer.sessionClaims(sessionID: stack.sessionID))
        let template = sharedIssuer.token(
            header: [("alg", "RS256"), ("cat", "cl_B7d4PD222AAA"), ("kid", .string(sharedIssuer.currentKey.keyID))],
            claims: sharedIssuer.sessionClaims(sessionID: stack.sessionID))
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: wrongIssuer)) == "token-invalid-issuer")
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: expired)) == "token-expired")
        #expect(
            Self.code(await stack.authenticator.authenticate(bearerToken: badAlgorithm)) == "token-invalid-algorithm")
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: template)) == "token-type-mismatch")
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: "a.b")) == "token-invalid")
        #expect(stack.calls(endingWith: "/verify") == 0)
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: good)) == "signed-in")
        #expect(stack.calls(endingWith: "/verify") == 1)
        // A structurally sound token Clerk refuses: one call, then remembered.
        let forged = sharedIssuer.token(
            claims: sharedIssuer.sessionClaims(sessionID: stack.sessionID), signingKey: TestSigningKey())
        #expect(
            Self.code(await stack.authenticator.authenticate(bearerToken: forged))
                == SignedOutReason.Code.legacyVerifyRejected.rawValue)
        #expect(
            Self.code(await stack.authenticator.authenticate(bearerToken: forged))
                == SignedOutReason.Code.legacyVerifyRejectedRecently.rawValue)
        #expect(stack.calls(endingWith: "/verify") == 2)
        try await stack.server.shutdown()
    }

    static func describe(_ outcome: ClerkCallLimiter<Int>.Outcome) -> String {
        switch outcome {
        case .answered(.success(let value)): "answered \(value)"
        case .answered(.failure(let error)): "failed \(error.status ?? 0)"
        case .refusedRecently: "refused"
        case .sessionBudgetSpent: "budget"
        case .overloaded: "overloaded"
        case .refusalBudgetSpent: "refusal budget"
        }
    }
}

/// A backend whose refresh answers `answer` once the gate opens, counting calls.
final class GatedRefreshBackend: ClerkSessionBackend, Sendable {
    let gate: Gate
    let answer: String
    private let count = Locked(0)
    var calls: Int { count.withLock { $0 } }
    init(gate: Gate, answer: String) {
        self.gate = gate
        self.answer = answer
    }

    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    {
        count.withLock { $0 += 1 }
        await gate.wait()
        return .token(answer)
    }

    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        throw ClerkAPIError(kind: .endpointGone, status: 410, message: "retired")
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds: Locked<Double>
    init(now: Double) { seconds = Locked(now) }
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
    var clerkClock: ClerkClock { ClerkClock { [self] in seconds.withLock { $0 } } }
}

/// Holds a call in flight until the test opens it; `waitUntilWaiting` returns once a caller waits.
final class Gate: Sendable {
    private struct State {
        var opened = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var arrived: [CheckedContinuation<Void, Never>] = []
        var waiting = 0
    }
    private let state = Locked(State())

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, arrived) = state.withLock { s -> (Bool, [CheckedContinuation<Void, Never>]) in
                s.waiting += 1
                let arrived = s.arrived
                s.arrived = []
                if s.opened { return (true, arrived) }
                s.waiters.append(continuation)
                return (false, arrived)
            }
            for waiter in arrived { waiter.resume() }
            if resumeNow { continuation.resume() }
        }
    }

    func waitUntilWaiting() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.waiting > 0 { return true }
                s.arrived.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.opened = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
