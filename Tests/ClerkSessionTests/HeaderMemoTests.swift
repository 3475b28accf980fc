import ClerkTesting
import Testing

@testable import ClerkSession

/// The header memo (`HeaderMemo`): a first-seen token whose header is byte for byte the one a key
/// generation has already checked skips the header's decoding and rules, and gets the same verdict as the
/// full path in every case.
@Suite("Header memo")
struct HeaderMemoTests {
    let clock = TestClock()
    let issuer: TestIssuer

    init() { issuer = TestIssuer(keyID: "ins_memo", clock: clock.clock) }

    /// A verifier over a refreshable store, without the verified-token cache (every call is cold).
    func stack() async -> (SessionTokenVerifier, SessionKeyStore, ScriptedKeySource) {
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: clock.clock, verifiedTokenCacheCapacity: 0),
            keyStore: store)
        await store.prewarm()
        return (verifier, store, source)
    }

    static func memo(_ store: SessionKeyStore) -> HeaderMemo? {
        guard case .ready(let snapshot) = store.lookup() else { return nil }
        return snapshot.header
    }

    static func headerSegment(_ token: String) -> [UInt8] {
        Array(token.utf8.prefix { $0 != UInt8(ascii: ".") })
    }

    @Test("the first verified token's header is kept; later tokens with it verify through the memo")
    func keptAndUsed() async throws {
        let (verifier, store, _) = await stack()
        #expect(Self.memo(store) == nil)
        let first = issuer.sessionToken(userID: "user_1", sessionID: "sess_1")
        #expect(try verifier.verify(first).userID == "user_1")
        let memo = try #require(Self.memo(store))
        #expect(memo.segment == Self.headerSegment(first))
        #expect(memo.key === store.currentKeySet?.key(forKeyID: "ins_memo"))
        #expect(memo.declared == .session)
        // Another session, same header: verified, claims its own.
        let second = issuer.sessionToken(userID: "user_2", sessionID: "sess_2")
        #expect(Self.headerSegment(second) == memo.segment)
        let verified = try verifier.verify(second)
        #expect(verified.userID == "user_2")
        #expect(verified.sessionID == "sess_2")
        #expect(Self.memo(store) === memo)  // set once
    }

    @Test("cold verifications on several tasks at once: all verify, and the memo is set once, to their header")
    func concurrentColdVerifications() async throws {
        let (verifier, store, _) = await stack()
        let tokens = (0..<64).map { issuer.sessionToken(userID: "user_\($0)", sessionID: "sess_\($0)") }
        let verified = await withTaskGroup(of: Int.self) { group in
            for part in 0..<4 {
                group.addTask {
                    var count = 0
                    for (i, token) in tokens.enumerated() where i % 4 == part {
                        if (try? verifier.verify(token))?.userID == "user_\(i)" { count += 1 }
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(verified == tokens.count)
        #expect(Self.memo(store)?.segment == Self.headerSegment(tokens[0]))
    }

    @Test("a forged token (good header, bad signature) does not set the memo, and is refused")
    func forgedTokenSetsNothing() async throws {
        let (verifier, store, _) = await stack()
        let forged = issuer.token(claims: issuer.sessionClaims(), signingKey: TestSigningKey())
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(forged) }
        #expect(error?.code == .tokenInvalidSignature)
        #expect(Self.memo(store) == nil)
        // Once a genuine token has set it, a forged token with the same header is still refused.
        _ = try verifier.verify(issuer.sessionToken())
        #expect(Self.memo(store) != nil)
        let again = #expect(throws: ClerkVerificationError.self) { try verifier.verify(forged) }
        #expect(again?.code == .tokenInvalidSignature)
    }

    @Test("the accepted kinds are checked again on a memo hit: an M2M header is refused where only sessions are")
    func kindsCheckedOnHit() async throws {
        let (verifier, store, _) = await stack()
        let m2mHeader: [(name: String, value: ClaimValue)] = [
            ("alg", "RS256"), ("cat", .string(SessionTokenVerifier.m2mCategory)), ("kid", "ins_memo"), ("typ", "JWT"),
        ]
        let m2m = issuer.token(header: m2mHeader, claims: issuer.m2mClaims())
        let accepted = try verifier.verify(m2m, accepting: [.sessionToken, .m2mToken])
        guard case .machine = accepted else {
            Issue.record("an M2M JWT verified as \(accepted)")
            return
        }
        #expect(Self.memo(store)?.segment == Self.headerSegment(m2m))
        let another = issuer.token(header: m2mHeader, claims: issuer.m2mClaims(machineID: "mch_other"))
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(another) }
        #expect(error?.code == .tokenTypeMismatch)
    }

    @Test("a header one byte away from the memo takes the full path (an unknown kid is refused)")
    func otherHeaderTakesFullPath() async throws {
        let (verifier, store, _) = await stack()
        _ = try verifier.verify(issuer.sessionToken())
        let memo = try #require(Self.memo(store))
        let unknownKid = issuer.token(header: issuer.sessionHeader(keyID: "ins_memp"), claims: issuer.sessionClaims())
        #expect(Self.headerSegment(unknownKid) != memo.segment)
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(unknownKid) }
        #expect(error?.code == .keyIDMismatch)
        let noneAlg: [(name: String, value: ClaimValue)] = [
            ("alg", "none"), ("cat", .string(SessionTokenVerifier.sessionCategory)), ("kid", "ins_memo"),
            ("typ", "JWT"),
        ]
        let algError = #expect(throws: ClerkVerificationError.self) {
            try verifier.verify(issuer.token(header: noneAlg, claims: issuer.sessionClaims()))
        }
        #expect(algError?.code == .tokenInvalidAlgorithm)
        #expect(Self.memo(store) === memo)
    }

    @Test("a new key generation starts without a memo: a rotated-out key is not reached through an old header")
    func newGenerationStartsEmpty() async throws {
        let (verifier, store, _) = await stack()
        let before = issuer.sessionToken()
        _ = try verifier.verify(before)
        #expect(Self.memo(store) != nil)
        issuer.rotateKey(keyID: "ins_next", keepPrevious: false)
        clock.advance(by: 31)
        await store.refresh()
        #expect(Self.memo(store) == nil)
        let error = #expect(throws: ClerkVerificationError.self, "a token of a removed key verified") {
            try verifier.verify(before)
        }
        #expect(error?.code == .keyIDMismatch)
        // The new key's tokens set the new generation's memo.
        let after = issuer.sessionToken()
        _ = try verifier.verify(after)
        #expect(Self.memo(store)?.segment == Self.headerSegment(after))
    }

    @Test("the same key id with a new key: the old memo's key is not used")
    func sameKidNewKey() async throws {
        let (verifier, store, _) = await stack()
        let before = issuer.sessionToken()
        _ = try verifier.verify(before)
        issuer.rotateKey()  // same kid, new key
        clock.advance(by: 31)
        await store.refresh()
        // Same header bytes (same kid), new generation: the old token fails on the new key's signature.
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(before) }
        #expect(error?.code == .tokenInvalidSignature)
        let after = issuer.sessionToken()
        #expect(Self.headerSegment(after) == Self.headerSegment(before))
        #expect(try verifier.verify(after).userID == "user_2test")
    }
}
