import ClerkTesting
import Testing

@_spi(Diagnostics) @testable import ClerkSession

@Suite("Verified-token cache")
struct VerifiedTokenCacheTests {
    let clock = TestClock()
    let issuer: TestIssuer

    init() { issuer = TestIssuer(clock: clock.clock) }

    func verifier(capacity: Int = 10_000, keySet: SessionKeySet? = nil) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock, verifiedTokenCacheCapacity: capacity),
            keySet: keySet ?? issuer.keySet)
    }

    /// Whether the cache still holds the entry `first` came from (no later verification replaced it).
    static func holds(_ v: SessionTokenVerifier, _ token: String, _ first: VerifiedSession) -> Bool {
        v.cache?.lookupLocked(token)?.storageObject === first.storage
    }

    @Test("A hit returns the same session without verifying again")
    func hitReturnsSameSession() throws {
        let v = verifier()
        let token = issuer.sessionToken(userID: "user_cached")
        let first = try v.verify(token)
        let second = try v.verify(token)
        // A hit may come from this thread's copy of the entry (see TokenReplicaTests): the same claims, and
        // the cache still holds the entry the first verification made.
        #expect(first.claimsJSON == second.claimsJSON)
        #expect(Self.holds(v, token, first))
        #expect(second.userID == "user_cached")
        #expect(v.cache?.count == 1)
    }

    @Test("An expired entry is not served")
    func expiredEntryIsNotServed() throws {
        let v = verifier()
        let token = issuer.sessionToken(lifetime: 60)
        _ = try v.verify(token)
        clock.advance(by: 66)
        let error = #expect(throws: ClerkVerificationError.self, "served an expired cached token") {
            try v.verify(token)
        }
        #expect(error?.code == .tokenExpired)
    }

    @Test("A tampered copy of a cached token is not a hit")
    func tamperedCopyIsNotAHit() throws {
        let v = verifier()
        let token = issuer.sessionToken()
        _ = try v.verify(token)
        var tampered = token
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")
        #expect(throws: ClerkVerificationError.self) { try v.verify(tampered) }
        // A changed payload with the cached signature is not a hit either.
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let otherPayload = issuer.sessionToken(userID: "user_evil").split(separator: ".")[1]
        #expect(throws: ClerkVerificationError.self) { try v.verify("\(parts[0]).\(otherPayload).\(parts[2])") }
    }

    @Test("Keys hash the tail and compare everything: same tail, other payload, other entry")
    func keysCompareWholeTokens() throws {
        let token = issuer.sessionToken()
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let otherPayload = issuer.sessionToken(userID: "user_evil").split(separator: ".")[1]
        let forged = "\(parts[0]).\(otherPayload).\(parts[2])"
        #expect(TokenKey(token).hashValue == TokenKey(forged).hashValue || token.utf8.count != forged.utf8.count)
        #expect(TokenKey(token) != TokenKey(forged))
        #expect(TokenKey(token) == TokenKey(String(token)))
        let map = [TokenKey(token): 1, TokenKey(forged): 2]
        #expect(map[TokenKey(token)] == 1)
        #expect(map[TokenKey(forged)] == 2)
        // Short strings (shorter than the hashed tail) are keys too.
        #expect(TokenKey("a.b.c") != TokenKey("a.b.d"))
    }

    @Test("The bound holds under a flood of distinct tokens")
    func boundHolds() throws {
        let v = verifier(capacity: 64)
        for i in 0..<600 {
            _ = try v.verify(issuer.sessionToken(sessionID: "sess_\(i)"))
        }
        let count = try #require(v.cache?.count)
        #expect(count <= 64)
        #expect(count > 0)
    }

    @Test("The bound holds exactly for small capacities", arguments: [1, 3, 5, 16, 33])
    func smallCapacities(capacity: Int) throws {
        let v = verifier(capacity: capacity)
        for i in 0..<200 { _ = try v.verify(issuer.sessionToken(sessionID: "sess_small_\(i)")) }
        let cache = try #require(v.cache)
        #expect(cache.count <= capacity)
        #expect(cache.count > 0)
        #expect(cache.shardCount <= capacity)
    }

    @Test("Real tokens spread over every shard")
    func shardsAreSpread() throws {
        let cache = VerifiedTokenCache(capacity: 10_000)
        #expect(cache.shardCount == VerifiedTokenCache.maximumShardCount)
        var perShard = [Int](repeating: 0, count: cache.shardCount)
        for i in 0..<1_600 { perShard[cache.shardIndex(issuer.sessionToken(sessionID: "sess_spread_\(i)"))] += 1 }
        // 50 per shard on average. (Going by the last character alone, which carries 4 bits, left shards empty.)
        #expect(perShard.min()! >= 20, "per-shard counts: \(perShard)")
        #expect(perShard.max()! <= 90, "per-shard counts: \(perShard)")
    }

    @Test("An entry is dropped when its key leaves the key set")
    func entryDroppedWhenKeyLeaves() async throws {
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let v = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        await store.prewarm()
        let token = issuer.sessionToken()
        _ = try v.verify(token)
        issuer.rotateKey(keyID: "ins_other")
        clock.advance(by: 31)
        await store.refresh()
        let error = #expect(throws: ClerkVerificationError.self, "a cached token outlived its key") {
            try v.verify(token)
        }
        #expect(error?.code == .keyIDMismatch)
    }

    @Test("A hit obeys the store: a due refresh starts, stale keys give the outage code, healed keys serve again")
    func hitsFollowTheKeyStore() async throws {
        let source = ScriptedKeySource(issuer: issuer)
        let policy = SessionKeyStore.Policy(
            timeToLive: .seconds(300), refreshAhead: .seconds(30), maximumStaleness: .seconds(600))
        let store = SessionKeyStore(source: source, policy: policy, clock: clock.clock)
        let v = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        #expect(!store.hasLoadedKeys)
        #expect(!store.isQuiet(generation: 0, now: clock.now))
        await store.prewarm()
        #expect(store.hasLoadedKeys)
        let token = issuer.sessionToken(lifetime: 3600)
        let first = try v.verify(token)
        #expect(store.fetchCount == 1)
        #expect(store.isQuiet(generation: 1, now: clock.now))

        // Inside the refresh-ahead window a hit still answers from the cache, and starts the refresh.
        source.hold()
        clock.advance(by: 280)
        #expect(!store.isQuiet(generation: 1, now: clock.now))
        #expect(try v.verify(token).claimsJSON == first.claimsJSON)
        #expect(Self.holds(v, token, first))
        #expect(store.fetchCount == 2)
        // While that fetch is in flight, hits need nothing from the store again.
        #expect(store.isQuiet(generation: 1, now: clock.now))
        source.release()
        try #require(
            await waitUntil("the released refetch to publish generation 2") {
                store.isQuiet(generation: 2, now: clock.now)
            })
        #expect(store.fetchCount == 2)

        // The refetch kept the key: the entry moves to the new generation and hits stay lock-free.
        #expect(v.cache?.lookup(token)?.generation == 1)
        #expect(try v.verify(token).claimsJSON == first.claimsJSON)
        #expect(Self.holds(v, token, first))
        #expect(v.cache?.lookup(token)?.generation == 2)
        #expect(!store.isQuiet(generation: 1, now: clock.now))

        // Past TTL + max-stale with the source down, a cached token is refused with the outage code.
        source.set(.fail(ClerkVerificationError(.remoteKeysFailedToLoad, "HTTP 500"), retryAfter: nil))
        clock.advance(by: 1000)
        await store.refresh()
        #expect(!store.isQuiet(generation: 2, now: clock.now))
        let error = #expect(
            throws: ClerkVerificationError.self, "a cached token was served with keys past the staleness bound"
        ) {
            try v.verify(token)
        }
        #expect(error?.code == .remoteKeysFailedToLoad)

        // Healed: the same token verifies again.
        source.set(.serve)
        clock.advance(by: 400)
        await store.refresh()
        #expect(try v.verify(token).userID == "user_2test")
    }

    @Test("Concurrent hits and key swaps: every hit is a verified session, a removed key's entries fail")
    func concurrentHitsAndSwaps() async throws {
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let v = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        await store.prewarm()
        let token = issuer.sessionToken(lifetime: 3600)
        _ = try v.verify(token)
        // Readers hammer the hit path while the store refetches the same keys 200 times.
        let hits = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var ok = 0
                    for _ in 0..<2_000 where (try? v.verify(token))?.userID == "user_2test" { ok += 1 }
                    return ok
                }
            }
            group.addTask {
                for _ in 0..<200 { await store.refresh() }
                return 0
            }
            return await group.reduce(0, +)
        }
        #expect(hits == 4_000)
        #expect(store.fetchCount >= 201)
        // Now the key goes: the cached entry must not outlive it.
        issuer.rotateKey(keyID: "ins_gone")
        await store.refresh()
        #expect(throws: ClerkVerificationError.self) { try v.verify(token) }
    }

    @Test("Capacity 0 turns the cache off")
    func cacheOff() throws {
        let v = verifier(capacity: 0)
        let token = issuer.sessionToken()
        let a = try v.verify(token)
        let b = try v.verify(token)
        #expect(v.cache == nil)
        #expect(a.storage !== b.storage)
    }
}
