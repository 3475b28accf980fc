import ClerkTesting
import Testing

@testable import ClerkSession

/// Issue 12 (4): the lock-free check of a cache hit reads the key generation and its deadline as one
/// consistent pair, never an old generation with a newer generation's deadline.
@Suite("Key generation window")
struct QuietWindowTests {
    @Test("a new generation published between the two reads makes the old one not quiet")
    func publishBetweenReads() {
        let window = QuietWindow()
        window.publish(generation: 1, until: 100)
        #expect(window.isQuiet(generation: 1, now: 50))
        #expect(!window.isQuiet(generation: 1, now: 150))
        // Generation 1's deadline has passed; generation 2 arrives with a later one while a reader that
        // already saw generation 1 is between its reads. Pairing 1 with 200 would serve a stale entry.
        let served = window.isQuiet(
            generation: 1, now: 150, betweenReads: { window.publish(generation: 2, until: 200) })
        #expect(!served)
        #expect(window.isQuiet(generation: 2, now: 150))
        #expect(!window.isQuiet(generation: 1, now: 150))
    }

    @Test("a republished deadline of the same generation is honoured")
    func sameGeneration() {
        let window = QuietWindow()
        window.publish(generation: 3, until: 100)
        #expect(window.isQuiet(generation: 3, now: 99, betweenReads: { window.publish(generation: 3, until: 120) }))
        #expect(!window.isQuiet(generation: 3, now: 130))
        #expect(!window.isQuiet(generation: 3, now: .nan))
    }

    @Test("hits racing key-set swaps never serve a token whose key left the set")
    func swapsDuringHits() async throws {
        let now: Double = 1_800_000_000
        let issuer = TestIssuer(clock: .fixed(now))
        let keyA = issuer.currentKey
        let withA = issuer.keySet
        _ = issuer.rotateKey(keyID: "ins_other")
        let withoutA = issuer.keySet
        let source = AlternatingSource(sets: [withA, withoutA])
        let store = SessionKeyStore(source: source, policy: .init(unknownKeyIDCooldown: .zero), clock: .fixed(now))
        await store.prewarm()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: .fixed(now)), keyStore: store)
        let token = issuer.token(
            header: issuer.sessionHeader(keyID: keyA.keyID), claims: issuer.sessionClaims(), signingKey: keyA.signingKey
        )
        var wrongHits = 0
        for _ in 0..<200 {
            _ = await store.refreshForUnknownKeyID()
            let holdsA = store.currentKeySet?.key(forKeyID: keyA.keyID) != nil
            let accepted = (try? verifier.verify(token)) != nil
            if accepted && !holdsA { wrongHits += 1 }
            if holdsA { #expect(accepted) }
        }
        #expect(wrongHits == 0)
        #expect(source.fetches >= 100)
    }
}

/// A source that serves its key sets in turn.
final class AlternatingSource: SessionKeySource, Sendable {
    let sets: [SessionKeySet]
    private let count = Locked(0)
    init(sets: [SessionKeySet]) { self.sets = sets }
    var fetches: Int { count.withLock { $0 } }
    func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        let n = count.withLock { value -> Int in
            value += 1
            return value
        }
        return sets[n % sets.count]
    }
    var isRefreshable: Bool { true }
    var description: String { "alternating test source" }
}
