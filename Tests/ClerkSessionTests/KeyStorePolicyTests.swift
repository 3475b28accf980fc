import ClerkTesting
import Testing

@_spi(Diagnostics) @testable import ClerkSession

/// The key store's documented numbers (README "Keys and caches"): the policy defaults, and the back-off
/// schedule after failed fetches (1 s doubling to 300 s, jitter, `Retry-After`), read through the store's
/// own gate with a hand-moved clock and a scripted source that fails (no sleeps).
@Suite("Key store: policy defaults and back-off schedule")
struct KeyStorePolicyTests {
    /// One RSA key for every store of this suite: generating one per store (two dozen) hogged the test
    /// pool's threads long enough for other suites' 60 s tokens to expire while they waited.
    static let signingKey = TestSigningKey()

    static let outage = ClerkVerificationError(.remoteKeysFailedToLoad, "HTTP 503")

    @Test("Policy defaults: TTL 300 s, refresh 30 s ahead, 24 h staleness, 30 s unknown-kid cooldown, back-off 1…300 s")
    func policyDefaults() {
        let defaults = SessionKeyStore.Policy()
        #expect(defaults.timeToLive == .seconds(300))
        #expect(defaults.refreshAhead == .seconds(30))
        #expect(defaults.maximumStaleness == .seconds(86_400))
        #expect(defaults.unknownKeyIDCooldown == .seconds(30))
        #expect(defaults.initialBackoff == .seconds(1))
        #expect(defaults.maximumBackoff == .seconds(300))
        // A store built without a policy gets these.
        let store = SessionKeyStore(
            source: ScriptedKeySource(issuer: TestIssuer(clock: .fixed(1_800_000_000), signingKey: Self.signingKey)))
        #expect(store.policy.timeToLive == .seconds(300))
        #expect(store.policy.maximumStaleness == .seconds(86_400))
        #expect(store.policy.unknownKeyIDCooldown == .seconds(30))
        // The verifier's documented defaults: 5 s skew, 8 KiB tokens, 10 000 cached tokens.
        let configuration = SessionTokenVerifier.Configuration(issuers: ["https://clerk.example.test"])
        #expect(configuration.clockSkew == .seconds(5))
        #expect(configuration.maximumTokenBytes == 8 * 1024)
        #expect(configuration.verifiedTokenCacheCapacity == 10_000)
    }

    @Test("Default store: refreshes from 270 s, serves stale keys for 24 h past the TTL, then reports an outage")
    func defaultTimings() async throws {
        let clock = TestClock()
        let issuer = TestIssuer(keyID: "ins_main", clock: clock.clock, signingKey: Self.signingKey)
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer.issuer], clock: clock.clock,
                verifiedTokenCacheCapacity: 0),
            keyStore: store)
        await store.prewarm()
        #expect(source.fetches == 1)
        clock.advance(by: 269)
        _ = try verifier.verify(issuer.sessionToken())
        #expect(store.fetchCount == 1, "no refresh before TTL − refresh-ahead (270 s)")
        // From here on every fetch fails; the verification that notices the due refresh starts one.
        source.set(.fail(Self.outage, retryAfter: nil))
        clock.advance(by: 1)
        _ = try verifier.verify(issuer.sessionToken())
        #expect(store.fetchCount == 2, "a refresh starts at 270 s")
        await store.refresh()  // joins the fetch in flight (or is gated by its back-off)
        clock.advance(by: 30 + 86_400 - 1)  // 1 s before TTL + staleness
        _ = try verifier.verify(issuer.sessionToken())
        clock.advance(by: 2)
        let error = #expect(throws: ClerkVerificationError.self, "keys older than 300 s + 24 h still served") {
            try verifier.verify(issuer.sessionToken())
        }
        #expect(error?.code == .remoteKeysFailedToLoad)
    }

    /// A cold store over a source that always fails, with the store's default policy.
    func failingStore(_ clock: TestClock, retryAfter: Double? = nil) -> (ScriptedKeySource, SessionKeyStore) {
        let source = ScriptedKeySource(
            issuer: TestIssuer(keyID: "ins_main", clock: clock.clock, signingKey: Self.signingKey))
        source.set(.fail(Self.outage, retryAfter: retryAfter))
        return (source, SessionKeyStore(source: source, clock: clock.clock))
    }

    @Test("Back-off: 1 s doubling to 300 s, each delay jittered within [½, 1] of its step, enforced by the gate")
    func backoffSchedule() async {
        let clock = TestClock()
        let (source, store) = failingStore(clock)
        let steps: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
        var delays: [Double] = []
        for (index, step) in steps.enumerated() {
            await store.refresh()
            #expect(source.fetches == index + 1)
            let delay = store.secondsUntilNextRefresh()
            delays.append(delay)
            #expect(delay >= step / 2 && delay <= step, "failure \(index + 1): delay \(delay) s, step \(step) s")
            // The gate: nothing before the delay, a fetch once it has passed.
            clock.advance(by: delay * 0.999)
            await store.refresh()
            #expect(source.fetches == index + 1, "failure \(index + 1): fetched before the back-off elapsed")
            clock.advance(by: delay * 0.001 + 1e-3)
        }
        #expect(delays.count == steps.count)
        // Recovery resets the schedule: the next failure waits about 1 s again.
        source.set(.serve)
        await store.refresh()
        #expect(store.currentKeySet != nil)
        source.set(.fail(Self.outage, retryAfter: nil))
        clock.advance(by: 300)
        await store.refresh()
        let afterRecovery = store.secondsUntilNextRefresh()
        #expect(afterRecovery >= 0.5 && afterRecovery <= 1, "after recovery: \(afterRecovery) s")
    }

    @Test("Back-off jitter: first delays of independent stores differ")
    func backoffJitter() async {
        var firstDelays: Set<Double> = []
        for _ in 0..<20 {
            let clock = TestClock()
            let (_, store) = failingStore(clock)
            await store.refresh()
            firstDelays.insert(store.secondsUntilNextRefresh())
        }
        #expect(firstDelays.allSatisfy { $0 >= 0.5 && $0 <= 1 })
        // Without jitter all 20 would be 1 s; with it, equal draws from [0.5, 1] are vanishingly unlikely.
        #expect(firstDelays.count > 10, "\(firstDelays.sorted())")
    }

    @Test("Retry-After: waited out exactly when longer than the back-off, even beyond its 300 s cap")
    func retryAfterSchedule() async {
        for retryAfter in [120.0, 900.0] {
            let clock = TestClock()
            let (source, store) = failingStore(clock, retryAfter: retryAfter)
            await store.refresh()
            #expect(store.secondsUntilNextRefresh() == retryAfter)
            clock.advance(by: retryAfter - 0.5)
            await store.refresh()
            #expect(source.fetches == 1, "fetched before Retry-After \(retryAfter) s elapsed")
            clock.advance(by: 0.5)
            await store.refresh()
            #expect(source.fetches == 2)
        }
        // A Retry-After shorter than the jittered back-off does not shorten it.
        let clock = TestClock()
        let (_, store) = failingStore(clock, retryAfter: 0.25)
        await store.refresh()
        let first = store.secondsUntilNextRefresh()
        #expect(first >= 0.5 && first <= 1, "a 0.25 s Retry-After after one failure: \(first) s")
    }
}
