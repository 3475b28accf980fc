import ClerkTesting
import Testing

@testable import ClerkSession

/// `sessionFromCacheSlots(_:)`, the adapters' copy-free cache hit on a token still inside its
/// `Authorization` value, against the full path: it serves only what the full path would serve as a hit,
/// and says nothing (nil) where the full path has something to say.
///
/// Every test here is synchronous, so it runs on one thread from start to end: the thread whose slots it
/// fills and then reads.
@Suite("Cache-slot hits without a copy")
struct CacheSlotHitTests {
    /// A verifier over `issuer`'s keys whose clock reads `now`.
    static func verifier(
        _ issuer: TestIssuer, now: Locked<Double>, accepting: Bool = false
    ) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty],
                clock: ClerkClock { now.withLock { $0 } }),
            keySet: issuer.keySet)
    }

    /// `token` inside a header value, as the adapters hold it.
    static func slice(of token: String) -> Substring {
        let value = "Bearer \(token)  "
        return value.dropFirst(7).dropLast(2)
    }

    /// Verifies `token` often enough for this thread's slots to hold it (a slot is taken on the second locked hit).
    static func warm(_ verifier: SessionTokenVerifier, _ token: String) throws {
        for _ in 0..<4 { _ = try verifier.verify(token) }
    }

    @Test("served only once this thread's slots hold the token, and then the full path's session")
    func servedAfterWarmUp() throws {
        let issuer = TestIssuer()
        let now = Locked(issuer.clock.now())
        let verifier = Self.verifier(issuer, now: now)
        let token = issuer.sessionToken(userID: "user_slot", sessionID: "sess_slot")
        let slice = Self.slice(of: token)
        #expect(verifier.sessionFromCacheSlots(slice) == nil, "never verified")
        _ = try verifier.verify(token)
        #expect(verifier.sessionFromCacheSlots(slice) == nil, "in the cache, not yet in this thread's slots")
        try Self.warm(verifier, token)
        let hitsBefore = ReplicaFixture.replicaHits
        let session = try #require(verifier.sessionFromCacheSlots(slice))
        #expect(ReplicaFixture.replicaHits == hitsBefore + 1)
        let full = try verifier.verify(token)
        #expect(session.userID == "user_slot")
        #expect(session.sessionID == "sess_slot")
        #expect(session.claimsJSON == full.claimsJSON)
    }

    @Test("never served for other bytes: one character changed, a Unicode twin, a prefix, a longer text")
    func onlyTheSameBytes() throws {
        let issuer = TestIssuer()
        let verifier = Self.verifier(issuer, now: Locked(issuer.clock.now()))
        let token = issuer.sessionToken(userID: "user_bytes")
        try Self.warm(verifier, token)
        #expect(verifier.sessionFromCacheSlots(Self.slice(of: token)) != nil)
        var changed = Array(token.utf8)
        changed[changed.count / 2] =
            changed[changed.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let middle = token.utf8.index(token.utf8.startIndex, offsetBy: token.utf8.count / 2)
        let variants: [String] = [
            String(decoding: changed, as: UTF8.self),
            // The same text with one letter swapped for a look-alike (U+212A KELVIN SIGN: `K` == it as a String).
            String(token[..<middle]) + "\u{212A}" + String(token[token.index(after: middle)...]),
            String(token.dropLast()),
            token + "A",
            " " + token,
        ]
        for variant in variants {
            #expect(verifier.sessionFromCacheSlots(Substring(variant)) == nil)
            #expect(verifier.sessionFromCacheSlots(Self.slice(of: variant)) == nil)
        }
    }

    @Test("nil when the full path would refuse the hit: expired, revoked, not a session, emptied cache")
    func nilWhereTheFullPathRefuses() throws {
        let issuer = TestIssuer()
        let start = issuer.clock.now()
        let now = Locked(start)
        let verifier = Self.verifier(issuer, now: now)
        let token = issuer.sessionToken(userID: "user_gone", sessionID: "sess_gone", lifetime: 60)
        let other = issuer.sessionToken(userID: "user_other", sessionID: "sess_other")
        let slice = Self.slice(of:)
        try Self.warm(verifier, token)
        try Self.warm(verifier, other)
        #expect(verifier.sessionFromCacheSlots(slice(token)) != nil)

        // Past `exp` (plus the allowed skew): nil, and the full path says expired.
        now.withLock { $0 = start + 3600 }
        #expect(verifier.sessionFromCacheSlots(slice(token)) == nil)
        let expired = #expect(throws: ClerkVerificationError.self) { try verifier.verify(token) }
        #expect(expired?.code == .tokenExpired)
        now.withLock { $0 = start }

        // Revoked: nil, and the full path says revoked.
        let list = try #require(verifier.revocations as? InMemoryRevocationList)
        _ = list.recordNow([SessionRevocation(.session("sess_other"), at: start)])
        #expect(verifier.sessionFromCacheSlots(slice(other)) == nil)
        let revoked = #expect(throws: ClerkVerificationError.self) { try verifier.verify(other) }
        #expect(revoked?.code == .sessionRevoked)

        // A machine JWT in this thread's slots is no session.
        let m2m = issuer.m2mToken(machineID: "mch_slot", extra: [("azp", .string(issuer.defaultAuthorizedParty))])
        for _ in 0..<4 { _ = try verifier.verify(m2m, accepting: [.sessionToken, .m2mToken]) }
        #expect(verifier.sessionFromCacheSlots(slice(m2m)) == nil)

        // The cache emptied: the slots' generation is stale.
        #expect(verifier.sessionFromCacheSlots(slice(token)) != nil)
        verifier.cache?.removeAll()
        #expect(verifier.sessionFromCacheSlots(slice(token)) == nil)
    }
}
