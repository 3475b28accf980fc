import ClerkTesting
import Testing

@_spi(Diagnostics) @testable import ClerkSession

/// Key store behaviour with a scripted in-process source and a hand-moved clock (no sleeps).
@Suite("Key store: single flight, cooldown, rotation, outages, issuers")
struct KeyStoreTests {
    let clock = TestClock()
    let issuer: TestIssuer
    let source: ScriptedKeySource
    let store: SessionKeyStore
    let verifier: SessionTokenVerifier

    init() {
        issuer = TestIssuer(keyID: "ins_main", clock: clock.clock)
        source = ScriptedKeySource(issuer: issuer)
        store = SessionKeyStore(source: source, policy: .init(), clock: clock.clock)
        verifier = SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer.issuer], clock: clock.clock,
                verifiedTokenCacheCapacity: 0),
            keyStore: store)
    }

    /// A token with any `kid` and a garbage signature: it fails at the key lookup, before any RSA.
    func unknownKIDToken(_ kid: String) -> String {
        let header = Base64URL.encode(Array(#"{"alg":"RS256","kid":"\#(kid)","typ":"JWT"}"#.utf8))
        return header + ".eyJzdWIiOiJ4In0." + String(repeating: "A", count: 342)
    }

    @Test("1000 concurrent verifications on a cold store cause exactly one JWKS fetch")
    func coldStartSingleFlight() async throws {
        let token = issuer.sessionToken()
        source.hold()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<1000 {
                group.addTask { (try? await verifier.verifyAwaitingKeys(token)) != nil }
            }
            // Every caller is waiting on the one fetch held in flight; let it finish.
            // Released even after a timeout, so a missing fetch fails the test instead of hanging it.
            await waitUntil("the one fetch to start") { source.fetches > 0 }
            source.release()
            var ok = 0
            for await result in group where result { ok += 1 }
            return ok
        }
        #expect(results == 1000)
        #expect(source.fetches == 1)
        #expect(store.fetchCount == 1)
    }

    @Test("An unknown-kid flood refetches at most once per cooldown")
    func unknownKIDFlood() async throws {
        await store.prewarm()
        #expect(source.fetches == 1)
        // Within the cooldown of the initial load: no refetch at all.
        var mismatches = 0
        for i in 0..<5_000 {
            let error = await #expect(throws: ClerkVerificationError.self) {
                try await verifier.verifyAwaitingKeys(unknownKIDToken("ins_rand_\(i)"))
            }
            if error?.code == .keyIDMismatch { mismatches += 1 }
        }
        #expect(mismatches == 5_000, "every unknown kid fails with jwk-kid-mismatch")
        #expect(source.fetches == 1)
        clock.advance(by: 31)
        let concurrentMismatches = await withTaskGroup(of: Bool.self) { group in
            for i in 5_000..<10_000 {
                group.addTask {
                    do {
                        _ = try await verifier.verifyAwaitingKeys(unknownKIDToken("ins_rand_\(i)"))
                        return false
                    } catch let error as ClerkVerificationError {
                        return error.code == .keyIDMismatch
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(concurrentMismatches == 5_000)
        #expect(source.fetches == 2)
        // Known kids are unaffected by the flood.
        #expect(try await verifier.verifyAwaitingKeys(issuer.sessionToken()).userID == "user_2test")
    }

    @Test("A kid longer than 256 characters is refused without a refetch")
    func longKIDNoRefetch() async throws {
        await store.prewarm()
        clock.advance(by: 31)
        let error = await #expect(throws: ClerkVerificationError.self, "accepted") {
            try await verifier.verifyAwaitingKeys(unknownKIDToken(String(repeating: "k", count: 300)))
        }
        #expect(error?.code == .tokenInvalidKeyID)
        #expect(source.fetches == 1)
    }

    @Test("Rotation to a new kid: one refetch, then the new tokens verify; the removed key's tokens fail")
    func rotationNewKID() async throws {
        await store.prewarm()
        let oldToken = issuer.sessionToken()
        issuer.rotateKey(keyID: "ins_next", keepPrevious: false)
        let newToken = issuer.sessionToken()
        clock.advance(by: 31)
        #expect(try await verifier.verifyAwaitingKeys(newToken).userID == "user_2test")
        #expect(source.fetches == 2)
        let error = await #expect(throws: ClerkVerificationError.self, "a token of a removed key verified") {
            try await verifier.verifyAwaitingKeys(oldToken)
        }
        #expect(error?.code == .keyIDMismatch)
    }

    @Test("Rotation keeping the same kid: a failed signature triggers one refetch, then verifies")
    func rotationSameKID() async throws {
        await store.prewarm()
        let oldToken = issuer.sessionToken()
        issuer.rotateKey()  // same kid, new key (Clerk's kid is the instance id)
        let newToken = issuer.sessionToken()
        clock.advance(by: 31)
        #expect(try await verifier.verifyAwaitingKeys(newToken).sessionID == "sess_2test")
        #expect(source.fetches == 2)
        let error = await #expect(throws: ClerkVerificationError.self, "a token of the replaced key verified") {
            try await verifier.verifyAwaitingKeys(oldToken)
        }
        #expect(error?.code == .tokenInvalidSignature)
        // The cooldown holds: the failed old token did not cause another fetch.
        #expect(source.fetches == 2)
    }

    @Test("Outage: cached keys serve until max-stale, then a key-outage code; recovery when the source heals")
    func outageThenRecovery() async throws {
        let policy = SessionKeyStore.Policy(
            timeToLive: .seconds(300), refreshAhead: .seconds(30), maximumStaleness: .seconds(3600))
        let store = SessionKeyStore(source: source, policy: policy, clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock, verifiedTokenCacheCapacity: 0),
            keyStore: store)
        await store.prewarm()
        source.set(.fail(ClerkVerificationError(.remoteKeysFailedToLoad, "HTTP 500"), retryAfter: nil))
        clock.advance(by: 400)  // past the TTL: refresh fails, stale keys serve
        await store.refresh()
        #expect(try verifier.verify(issuer.sessionToken()).userID == "user_2test")
        clock.advance(by: 3600)  // past TTL + max-stale
        await store.refresh()
        let error = #expect(throws: ClerkVerificationError.self, "verified with keys older than the staleness bound") {
            try verifier.verify(issuer.sessionToken())
        }
        #expect(error?.code == .remoteKeysFailedToLoad)
        #expect(error?.isKeyUnavailable == true)
        source.set(.serve)
        clock.advance(by: 400)  // beyond any back-off
        await store.refresh()
        #expect(try verifier.verify(issuer.sessionToken()).userID == "user_2test")
    }

    @Test("429 with Retry-After: no fetch before it elapses, cached keys keep working")
    func retryAfterHonoured() async throws {
        await store.prewarm()
        source.set(.fail(ClerkVerificationError(.remoteKeysFailedToLoad, "HTTP 429"), retryAfter: 120))
        clock.advance(by: 300)
        await store.refresh()
        let afterFailure = source.fetches
        clock.advance(by: 60)
        await store.refresh()
        _ = try verifier.verify(issuer.sessionToken())
        #expect(source.fetches == afterFailure)
        clock.advance(by: 61)
        source.set(.serve)
        await store.refresh()
        #expect(source.fetches == afterFailure + 1)
    }

    @Test("Cold start with the source down fails fast with a key-outage code and backs off")
    func coldStartDown() async throws {
        source.set(.fail(ClerkVerificationError(.remoteKeysFailedToLoad, "connection refused"), retryAfter: nil))
        for _ in 0..<50 {
            let error = await #expect(throws: ClerkVerificationError.self, "verified without keys") {
                try await verifier.verifyAwaitingKeys(issuer.sessionToken())
            }
            #expect(error?.code == .remoteKeysFailedToLoad)
        }
        #expect(source.fetches == 1)
    }

    @Test("Two issuers in one process: a token of one never verifies for the other, even with the same kid")
    func twoIssuers() async throws {
        let a = TestIssuer(frontendAPIHost: "a.clerk.test", keyID: "ins_same", clock: clock.clock)
        let b = TestIssuer(frontendAPIHost: "b.clerk.test", keyID: "ins_same", clock: clock.clock)
        let verifierA = SessionTokenVerifier(
            configuration: .init(issuers: [a.issuer], clock: clock.clock), keySet: a.keySet)
        let verifierB = SessionTokenVerifier(
            configuration: .init(issuers: [b.issuer], clock: clock.clock), keySet: b.keySet)
        #expect(try verifierA.verify(a.sessionToken()).issuer == a.issuer)
        #expect(throws: ClerkVerificationError.self) { try verifierB.verify(a.sessionToken()) }
        #expect(throws: ClerkVerificationError.self) { try verifierA.verify(b.sessionToken()) }
        // Even a verifier that accepts both issuers keeps keys scoped: B's key never vouches for A's iss.
        let both = SessionTokenVerifier(
            configuration: .init(issuers: [a.issuer, b.issuer], clock: clock.clock), keySet: b.keySet)
        let forged = b.token(claims: a.sessionClaims())  // A's claims, signed with B's key
        let error = #expect(throws: ClerkVerificationError.self, "a key of instance B vouched for instance A") {
            try both.verify(forged)
        }
        #expect(error?.code == .tokenInvalidIssuer)
    }
}
