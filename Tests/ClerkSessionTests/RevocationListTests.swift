import ClerkTesting
import Testing

@testable import ClerkSession

/// Issue 14 (4): the revocation list the verifier consults on every verification, cold and cached.
@Suite("Revocation list")
struct RevocationListTests {
    static let now = 1_800_000_000.0
    static let issuer = TestIssuer(clock: .fixed(now))

    /// A clock tests move by hand.
    final class ManualClock: Sendable {
        private let value = Locked(RevocationListTests.now)
        var clock: ClerkClock { ClerkClock { self.value.withLock { $0 } } }
        func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
    }

    static func verifier(_ list: InMemoryRevocationList = InMemoryRevocationList(clock: .fixed(now)))
        -> SessionTokenVerifier
    {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: .fixed(now)), keySet: issuer.keySet, revocations: list
        )
    }

    static func code(_ verifier: SessionTokenVerifier, _ token: String) -> String {
        do {
            _ = try verifier.verify(token)
            return "verified"
        } catch { return error.code.rawValue }
    }

    @Test("a revoked session is refused from the revocation on, cached or not; other sessions are not")
    func sessions() async {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        let verifier = Self.verifier(list)
        let cached = Self.issuer.sessionToken(userID: "user_1", sessionID: "sess_revoked")
        let fresh = Self.issuer.sessionToken(userID: "user_1", sessionID: "sess_revoked", issuedAt: Self.now - 1)
        let other = Self.issuer.sessionToken(userID: "user_1", sessionID: "sess_other")
        #expect(Self.code(verifier, cached) == "verified")  // now in the verified-token cache
        #expect(Self.code(verifier, other) == "verified")
        await list.record([SessionRevocation(.session("sess_revoked"), at: Self.now)])
        #expect(Self.code(verifier, cached) == "session-revoked")  // a cache hit
        #expect(Self.code(verifier, fresh) == "session-revoked")  // cold
        #expect(Self.code(verifier, cached) == "session-revoked")  // and never cached since
        #expect(Self.code(verifier, other) == "verified")
        // The verifier's default list is its own, empty, and fed the same way.
        let plain = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], clock: .fixed(Self.now)), keySet: Self.issuer.keySet)
        #expect(Self.code(plain, cached) == "verified")
        await plain.revocations.record([SessionRevocation(.session("sess_revoked"), at: Self.now)])
        #expect(Self.code(plain, cached) == "session-revoked")
    }

    /// A list that is not the embedded one: the verifier reaches it through the protocol only.
    final class ForwardingList: SessionRevocationList {
        let inner = InMemoryRevocationList(clock: .fixed(RevocationListTests.now))
        var isEmpty: Bool { inner.isEmpty }
        func revocation(sessionID: ArraySlice<UInt8>?, userID: ArraySlice<UInt8>?, issuedAt: Double?)
            -> SessionRevocation?
        { inner.revocation(sessionID: sessionID, userID: userID, issuedAt: issuedAt) }
        func record(_ revocations: [SessionRevocation]) async { await inner.record(revocations) }
    }

    @Test("the embedded list's read of a verified session (hashes kept by the session) agrees with the protocol's")
    func verdictMatchesProtocolRead() async throws {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        // Enough entries that some filter bits collide with ids that are not listed.
        await list.record(
            (0..<3000).map { SessionRevocation(.session("sess_listed_\($0)"), at: Self.now) }
                + (0..<300).map { SessionRevocation(.user("user_listed_\($0)"), at: Self.now - 5) })
        let verifier = Self.verifier(list)
        // A verifier with nothing revoked, for the verified sessions themselves.
        let plain = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], clock: .fixed(Self.now)), keySet: Self.issuer.keySet)
        var revoked = 0
        for i in 0..<400 {
            // Listed and unlisted sessions and users, issued before and after the users' cutoff.
            let sessionID = i % 4 == 0 ? "sess_listed_\(i)" : "sess_free_\(i)"
            let userID = i % 3 == 0 ? "user_listed_\(i % 300)" : "user_free_\(i)"
            let issuedAt = i % 2 == 0 ? Self.now - 10 : Self.now - 1
            let token = Self.issuer.sessionToken(userID: userID, sessionID: sessionID, issuedAt: issuedAt)
            let storage = try plain.verify(token).storage
            let expected = list.revocation(
                sessionID: Array(sessionID.utf8)[...], userID: Array(userID.utf8)[...], issuedAt: issuedAt)
            for _ in 0..<2 {  // the first read computes the session's hashes, the second reads them
                switch list.verdict(of: storage) {
                case .notRevoked: #expect(expected == nil, "\(sessionID) \(userID)")
                case .revoked(let revocation): #expect(revocation == expected, "\(sessionID) \(userID)")
                }
            }
            // And the verifier, cold then from its cache, says the same.
            let outcome = expected == nil ? "verified" : "session-revoked"
            #expect(Self.code(verifier, token) == outcome)
            #expect(Self.code(verifier, token) == outcome)
            if expected != nil { revoked += 1 }
        }
        #expect(revoked > 100 && revoked < 300)  // both outcomes well represented
    }

    @Test("a cached session whose hashes were read is refused once revoked; a list of another kind is consulted too")
    func hashesReadBeforeTheRevocation() async {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        await list.record([SessionRevocation(.session("sess_someone_else"), at: Self.now)])
        let verifier = Self.verifier(list)
        let token = Self.issuer.sessionToken(userID: "user_late", sessionID: "sess_late")
        #expect(Self.code(verifier, token) == "verified")  // cold: the list is not empty, the hashes are computed
        #expect(Self.code(verifier, token) == "verified")  // a hit reads them
        await list.record([SessionRevocation(.session("sess_late"), at: Self.now)])
        #expect(Self.code(verifier, token) == "session-revoked")
        let userToken = Self.issuer.sessionToken(
            userID: "user_late_2", sessionID: "sess_late_2", issuedAt: Self.now - 3)
        #expect(Self.code(verifier, userToken) == "verified")
        await list.record([SessionRevocation(.user("user_late_2"), at: Self.now)])
        #expect(Self.code(verifier, userToken) == "session-revoked")

        let forwarding = ForwardingList()
        let other = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], clock: .fixed(Self.now)), keySet: Self.issuer.keySet,
            revocations: forwarding)
        let otherToken = Self.issuer.sessionToken(userID: "user_fwd", sessionID: "sess_fwd")
        #expect(Self.code(other, otherToken) == "verified")
        await forwarding.record([SessionRevocation(.session("sess_fwd"), at: Self.now)])
        #expect(Self.code(other, otherToken) == "session-revoked")  // a cache hit, through the protocol
    }

    @Test("a deleted user's tokens issued until the revocation are refused; later ones are not")
    func users() async {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        let verifier = Self.verifier(list)
        let before = Self.issuer.sessionToken(userID: "user_gone", sessionID: "sess_a", issuedAt: Self.now - 10)
        let atTheMoment = Self.issuer.sessionToken(userID: "user_gone", sessionID: "sess_b", issuedAt: Self.now - 5)
        let after = Self.issuer.sessionToken(userID: "user_gone", sessionID: "sess_c", issuedAt: Self.now - 4)
        let someoneElse = Self.issuer.sessionToken(userID: "user_kept", sessionID: "sess_d", issuedAt: Self.now - 10)
        await list.record([SessionRevocation(.user("user_gone"), at: Self.now - 5)])
        #expect(Self.code(verifier, before) == "session-revoked")
        #expect(Self.code(verifier, atTheMoment) == "session-revoked")
        #expect(Self.code(verifier, after) == "verified")
        #expect(Self.code(verifier, someoneElse) == "verified")
    }

    @Test("ids compare as bytes: a canonically equivalent id is another session")
    func byteIdentity() async {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        let verifier = Self.verifier(list)
        await list.record([SessionRevocation(.session("sess_K"), at: Self.now)])
        #expect(Self.code(verifier, Self.issuer.sessionToken(sessionID: "sess_\u{212A}")) == "verified")
        #expect(Self.code(verifier, Self.issuer.sessionToken(sessionID: "sess_K")) == "session-revoked")
        #expect(list.revocation(sessionID: Array("sess_K".utf8)[...], userID: nil, issuedAt: nil) != nil)
        #expect(list.revocation(sessionID: Array("sess_k".utf8)[...], userID: nil, issuedAt: nil) == nil)
    }

    @Test("replays change nothing, a user's cutoff only moves forward, nothing un-revokes")
    func monotonic() {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        let session = SessionRevocation(.session("sess_1"), at: Self.now)
        #expect(list.isEmpty)
        #expect(list.recordNow([session]) == [session])
        #expect(!list.isEmpty)
        #expect(list.recordNow([session]).isEmpty)
        #expect(list.recordNow([SessionRevocation(.session("sess_1"), at: Self.now - 100)]).isEmpty)
        let late = SessionRevocation(.user("user_1"), at: Self.now - 10)
        let early = SessionRevocation(.user("user_1"), at: Self.now - 20)
        #expect(list.recordNow([late]) == [late])
        #expect(list.recordNow([early]).isEmpty)
        #expect(list.entries.contains(late) && !list.entries.contains(early))
        let later = SessionRevocation(.user("user_1"), at: Self.now - 1)
        #expect(list.recordNow([later]) == [later])
        #expect(list.count == 2)
    }

    @Test("entries leave after the retention; the list never holds more than its capacity")
    func bounded() {
        let time = ManualClock()
        let list = InMemoryRevocationList(policy: .init(retention: .seconds(600), capacity: 100), clock: time.clock)
        list.recordNow([SessionRevocation(.session("sess_old"), at: Self.now)])
        time.advance(601)
        list.recordNow([SessionRevocation(.session("sess_new"), at: Self.now + 601)])
        #expect(list.count == 1)
        #expect(list.revocation(sessionID: Array("sess_old".utf8)[...], userID: nil, issuedAt: nil) == nil)
        // A flood: at most 100 kept, the newest ones.
        for i in 0..<1000 {
            list.recordNow([SessionRevocation(.session("sess_flood_\(i)"), at: Self.now + 601 + Double(i))])
        }
        #expect(list.count == 100)
        #expect(list.revocation(sessionID: Array("sess_flood_999".utf8)[...], userID: nil, issuedAt: nil) != nil)
        #expect(list.revocation(sessionID: Array("sess_flood_0".utf8)[...], userID: nil, issuedAt: nil) == nil)
    }

    @Test("verifications running while revocations are recorded see each revocation once it is recorded")
    func concurrentReadersAndWriter() async {
        let list = InMemoryRevocationList(clock: .fixed(Self.now))
        let verifier = Self.verifier(list)
        let tokens = (0..<50).map { Self.issuer.sessionToken(sessionID: "sess_c\($0)") }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<20 {
                        for token in tokens { _ = try? verifier.verify(token) }
                    }
                }
            }
            group.addTask {
                for i in 0..<50 { list.recordNow([SessionRevocation(.session("sess_c\(i)"), at: Self.now)]) }
            }
        }
        for token in tokens { #expect(Self.code(verifier, token) == "session-revoked") }
        #expect(list.count == 50)
    }
}
