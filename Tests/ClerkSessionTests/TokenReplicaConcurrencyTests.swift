import ClerkTesting
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import ClerkSession

@Suite("Verified-token cache: readers on many threads never get an entry the cache no longer holds")
struct TokenReplicaConcurrencyTests {
    typealias F = ReplicaFixture

    /// Runs `body(i)` on `count` threads of their own at once and returns when all are done.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchSemaphore(value: 0)
        for i in 0..<count {
            Thread {
                body(i)
                done.signal()
            }.start()
        }
        for _ in 0..<count { done.wait() }
    }

    /// One writer takes the hot token's entry out of the cache in every way (removal, eviction for
    /// capacity, replacement, emptying), then publishes that every version up to it is gone; readers on
    /// other threads look the token up without pause and check each entry they get against what was
    /// published before the lookup began. A slot that survived its entry shows up as an old version.
    @Test("Writers removing, evicting and replacing while readers hit the same token")
    func writersAndReaders() throws {
        let cache = VerifiedTokenCache(capacity: 1)  // one shard, one entry: every other insert evicts
        let hot = F.token(0, salt: "hot")
        // Bounded: the readers spin on their own threads until the writer is done, and every spinning thread
        // takes a core from the rest of the test run (a 2-core machine's event loops included).
        let versions = 400
        let goneUpTo = Atomic<Int>(0)
        let finished = Atomic<Bool>(false)
        let stale = Atomic<Int>(0)
        let served = Atomic<Int>(0)
        let replicaHits = Atomic<Int>(0)
        let readers = 2
        cache.insert(hot, F.session(1), now: 0)
        Self.onThreads(readers + 1) { thread in
            if thread == 0 {
                for version in 1...versions {
                    // The entry of `version` is in the cache; let the readers copy it.
                    for _ in 0..<50 { _ = cache.lookupLocked(hot) }
                    switch version % 4 {
                    case 0: cache.remove(hot)
                    case 1: cache.insert(F.token(version, salt: "filler"), F.session(-version), now: 0)
                    case 2: cache.insert(hot, F.session(version + 1), now: 0)  // replaced
                    default: cache.removeAll()
                    }
                    goneUpTo.store(version, ordering: .releasing)
                    if version % 4 != 2 { cache.insert(hot, F.session(version + 1), now: 0) }
                }
                finished.store(true, ordering: .releasing)
                return
            }
            let hitsBefore = F.replicaHits
            while !finished.load(ordering: .acquiring) {
                let floor = goneUpTo.load(ordering: .acquiring)
                guard let entry = cache.lookup(hot) else { continue }
                served.add(1, ordering: .relaxed)
                // Versions are tags: an entry tagged `v` is gone once `goneUpTo` >= v.
                if entry.generation <= floor { stale.add(1, ordering: .relaxed) }
                if entry.identity.session?.storage.issuedAt != Double(entry.generation) {
                    stale.add(1, ordering: .relaxed)
                }
            }
            replicaHits.add(F.replicaHits - hitsBefore, ordering: .relaxed)
        }
        #expect(stale.load(ordering: .relaxed) == 0, "readers got entries the cache no longer held")
        #expect(served.load(ordering: .relaxed) > 0)
        #expect(replicaHits.load(ordering: .relaxed) > 0, "no reader was served from its slots")
    }
}

@Suite("Session verifier: hits served from a thread's slots are judged like any hit")
struct TokenReplicaVerifierTests {
    let clock = TestClock()
    let issuer: TestIssuer

    init() { issuer = TestIssuer(clock: clock.clock) }

    func verifier(capacity: Int = 10_000, revocations: InMemoryRevocationList? = nil) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock, verifiedTokenCacheCapacity: capacity),
            keySet: issuer.keySet, revocations: revocations)
    }

    /// The code `body` fails with, or nil.
    static func failure(_ body: () throws(ClerkVerificationError) -> Void) -> ClerkVerificationError.Code? {
        do {
            try body()
            return nil
        } catch { return error.code }
    }

    /// Verifies `token` until this thread's slots serve it.
    func warm(_ v: SessionTokenVerifier, _ token: String) throws {
        let before = ReplicaFixture.replicaHits
        for _ in 0..<4 { _ = try v.verify(token) }
        #expect(ReplicaFixture.replicaHits > before, "the slots never served the token")
    }

    @Test("An expired token is refused on a slot hit")
    func expiry() throws {
        let v = verifier()
        let token = issuer.sessionToken(lifetime: 60)
        try warm(v, token)
        clock.advance(by: 66)
        let error = #expect(throws: ClerkVerificationError.self) { try v.verify(token) }
        #expect(error?.code == .tokenExpired)
    }

    @Test("A revoked session is refused on a slot hit")
    func revocation() throws {
        let list = InMemoryRevocationList(clock: clock.clock)
        let v = verifier(revocations: list)
        let token = issuer.sessionToken(userID: "user_r", sessionID: "sess_r")
        try warm(v, token)
        _ = list.recordNow([SessionRevocation(.session("sess_r"), at: clock.now)])
        let error = #expect(throws: ClerkVerificationError.self) { try v.verify(token) }
        #expect(error?.code == .sessionRevoked)
    }

    @Test("A kind the endpoint does not accept is refused on a slot hit")
    func kinds() throws {
        let v = verifier()
        let token = issuer.sessionToken()
        try warm(v, token)
        let error = #expect(throws: ClerkVerificationError.self) { try v.verify(token, accepting: .m2mToken) }
        #expect(error?.code == .tokenTypeMismatch)
        let m2m = issuer.m2mToken()
        for _ in 0..<4 { _ = try v.verify(m2m, accepting: .m2mToken) }
        #expect(throws: ClerkVerificationError.self) { try v.verify(m2m) }
    }

    @Test("A token evicted for capacity is verified again, not served from the slot")
    func evictedTokenIsVerifiedAgain() throws {
        let v = verifier(capacity: 1)
        let a = issuer.sessionToken(sessionID: "sess_a")
        try warm(v, a)
        _ = try v.verify(issuer.sessionToken(sessionID: "sess_b"))  // evicts a
        let cache = try #require(v.cache)
        #expect(cache.lookupLocked(a) == nil)
        let hits = ReplicaFixture.replicaHits
        #expect(cache.lookup(a) == nil)
        #expect(try v.verify(a).sessionID == "sess_a")
        #expect(ReplicaFixture.replicaHits == hits)
    }

    @Test("A token whose key left the key set is refused, with the slot warm on the same thread")
    func keyLeavesTheKeySet() async throws {
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let v = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        await store.prewarm()
        let token = issuer.sessionToken()
        let thread = PinnedThread()
        defer { thread.finish() }
        let servedBySlot = await thread.run { () -> Bool in
            let before = ReplicaFixture.replicaHits
            for _ in 0..<4 { _ = try? v.verify(token) }
            return ReplicaFixture.replicaHits > before
        }
        #expect(servedBySlot)
        issuer.rotateKey(keyID: "ins_other")
        clock.advance(by: 31)
        await store.refresh()
        let code = await thread.run { Self.failure { () throws(ClerkVerificationError) in _ = try v.verify(token) } }
        #expect(code == .keyIDMismatch, "a token outlived its key through a slot")
    }
}
