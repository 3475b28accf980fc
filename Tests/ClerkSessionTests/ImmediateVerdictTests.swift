import ClerkTesting
import Testing

@testable import ClerkSession

/// `verifyWithoutWaiting(_:)` (the adapters' bearer path, no `async` call chain on a cache hit) against the
/// plain `verifyAwaitingKeys(_:)`: the same verdict for every token, never a wait it skipped that could
/// change the verdict, and a first failure handed on rather than verified again.
@Suite("Immediate verdict")
struct ImmediateVerdictTests {
    /// A key source whose keys the test replaces (a rotation), counting fetches.
    final class RotatingSource: SessionKeySource, Sendable {
        private let current: Locked<SessionKeySet>
        private let fetches = Locked(0)
        init(_ keySet: SessionKeySet) { current = Locked(keySet) }
        func publish(_ keySet: SessionKeySet) { current.withLock { $0 = keySet } }
        var fetchCount: Int { fetches.withLock { $0 } }
        func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
            fetches.withLock { $0 += 1 }
            return current.withLock { $0 }
        }
        var isRefreshable: Bool { true }
        var description: String { "rotating test source" }
    }

    /// The verdict as one comparable line: the user on success, the error's code on failure.
    static func line(_ body: () async throws(ClerkVerificationError) -> VerifiedSession) async -> String {
        do { return "verified \(try await body().userID)" } catch { return "failed \(error.code.rawValue)" }
    }

    static func line(_ verdict: SessionTokenVerifier.ImmediateVerdict) -> String {
        switch verdict {
        case .verified(let session): "verified \(session.userID)"
        case .refused(let error): "failed \(error.code.rawValue)"
        case .awaitsKeys(let first): "awaits \(first.map(\.code.rawValue) ?? "-")"
        }
    }

    @Test(
        "with the keys loaded: the awaiting call's verdict without waiting, or the first failure a refetch may change")
    func sameVerdictAsAwaiting() async {
        let issuer = TestIssuer()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
            keySet: issuer.keySet)
        let valid = issuer.sessionToken(userID: "user_immediate")
        var tampered = Array(valid.utf8)
        let flip = tampered.lastIndex(of: UInt8(ascii: "."))! + 20
        tampered[flip] = tampered[flip] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let cases: [(token: String, immediate: String)] = [
            (valid, "verified user_immediate"),
            (valid, "verified user_immediate"),  // the cache hit
            (issuer.sessionToken(issuedAt: issuer.clock.now() - 3600), "failed token-expired"),
            (
                issuer.token(
                    claims: issuer.sessionClaims().map { $0.name == "iss" ? ("iss", "https://evil.example.test") : $0 }),
                "failed token-invalid-issuer"
            ),
            ("not-a-token", "failed token-invalid"),
            (String(decoding: tampered, as: UTF8.self), "awaits token-invalid-signature"),
            (
                issuer.token(header: issuer.sessionHeader(keyID: "ins_unknown"), claims: issuer.sessionClaims()),
                "awaits jwk-kid-mismatch"
            ),
        ]
        for (token, expected) in cases {
            let verdict = verifier.verifyWithoutWaiting(token)
            #expect(Self.line(verdict) == expected)
            // Whatever it answered, finishing through the awaiting call gives the plain call's verdict.
            let plain = await Self.line { () async throws(ClerkVerificationError) in
                try await verifier.verifyAwaitingKeys(token)
            }
            let finished: String
            switch verdict {
            case .verified, .refused: finished = Self.line(verdict)
            case .awaitsKeys(let first):
                finished = await Self.line { () async throws(ClerkVerificationError) in
                    try await verifier.verifyAwaitingKeys(token, afterFailedAttempt: first)
                }
            }
            #expect(finished == plain, "\(expected)")
        }
    }

    @Test("a store with no keys yet is left to the awaiting call, which loads them")
    func noKeysYet() async {
        let issuer = TestIssuer()
        let source = RotatingSource(issuer.keySet)
        let store = SessionKeyStore(source: source)
        let verifier = SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer]), keyStore: store)
        let token = issuer.sessionToken()
        #expect(Self.line(verifier.verifyWithoutWaiting(token)) == "awaits -")
        #expect(source.fetchCount == 0, "nothing was fetched without waiting")
        let finished = await Self.line { () async throws(ClerkVerificationError) in
            try await verifier.verifyAwaitingKeys(token, afterFailedAttempt: nil)
        }
        #expect(finished == "verified user_2test")
        #expect(source.fetchCount == 1)
        #expect(Self.line(verifier.verifyWithoutWaiting(token)) == "verified user_2test")
    }

    @Test("an unknown kid after a rotation: the handed-on failure triggers the refetch, and the token then verifies")
    func rotation() async {
        let clock = ManualClock(1_800_000_000)
        let issuer = TestIssuer(clock: clock.clock)
        let source = RotatingSource(issuer.keySet)
        // No cooldown for unknown kids: the refetch is allowed at once (its rate limit has suites of its own).
        var policy = SessionKeyStore.Policy()
        policy.unknownKeyIDCooldown = .zero
        let store = SessionKeyStore(source: source, policy: policy, clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        await store.prewarm()
        issuer.rotateKey(keyID: "ins_rotated")
        source.publish(issuer.keySet)
        let token = issuer.sessionToken(userID: "user_rotated")
        let verdict = verifier.verifyWithoutWaiting(token)
        #expect(Self.line(verdict) == "awaits jwk-kid-mismatch")
        guard case .awaitsKeys(let first) = verdict else { return }
        let finished = await Self.line { () async throws(ClerkVerificationError) in
            try await verifier.verifyAwaitingKeys(token, afterFailedAttempt: first)
        }
        #expect(finished == "verified user_rotated")
        #expect(source.fetchCount == 2, "the first load and one refetch")
    }

    @Test("a handed-on failure is not verified again before a refetch: with none possible, it is the verdict")
    func firstFailureIsFinalWithoutRefetch() async {
        let issuer = TestIssuer()
        // A pinned key set: no refetch can happen. The token is valid, so a second attempt would verify it;
        // the handed-on failure must come back instead.
        let verifier = SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet)
        let token = issuer.sessionToken()
        let first = ClerkVerificationError(.keyIDMismatch, "the first attempt's failure")
        let finished = await Self.line { () async throws(ClerkVerificationError) in
            try await verifier.verifyAwaitingKeys(token, afterFailedAttempt: first)
        }
        #expect(finished == "failed jwk-kid-mismatch")
        let plain = await Self.line { () async throws(ClerkVerificationError) in
            try await verifier.verifyAwaitingKeys(token)
        }
        #expect(plain == "verified user_2test")
    }

    @Test("traced verifications are left to the awaiting call, whose span they belong to")
    func tracedIsLeftToAwaiting() {
        let issuer = TestIssuer()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet,
            observability: ClerkObservability(tracesVerifications: true))
        #expect(Self.line(verifier.verifyWithoutWaiting(issuer.sessionToken())) == "awaits -")
    }
}
